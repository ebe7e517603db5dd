#!/usr/bin/python3
"""Peer benchmark: the Figure-1 learning passes of `ebn learn` written in Brian2 (cpp_standalone).

The same network and rule as levels 1/2 of ebn-codesign (docs/behavioral.md), in Brian2's terms:
  dV/dt = (V_rest - V + I + tau_m*(F0*c0(t) + F1*c1(t)) + xi)/tau_m,  dI/dt = -I/tau_f  (Euler, dt = 0.1 ms)
  spike of k (V > T): V_k = V_reset,k; diagonal rule s = 3*V_reset,k + T_k moves V_reset/V_rest by 0.1
  synapse k -> n (n != k), on a spike of k: I_n += W_nk, then the Figure-1 discrete rule
  s = 2*V_n + tau_m*W_nk: s < -g/2 -> W_nk += g, s > g/2 -> W_nk -= g.
Differences by construction (not by intent): Brian2 resets every neuron above threshold in a step
(ebn fires only the earliest crossing and steps back, Rockpool's scheme) and draws its own random
numbers, so spike trains differ; the work per step and per spike is the same.
Initialisation as the experiment: NumPy RandomState(seed) (a discarded 2xN draw, F, Omega0 scaled by
sqrt(20/N) as `ebn learn --neurons N`), fresh smoothed input per pass; input amplitude 5000*N/20 as
the default network.neuron_scaling rule "rate" of `ebn learn --neurons N`, with the learning and
diagonal steps x sqrt(20/N) (--neuron-scaling weights: 5000 and 2 / 0.1 for every N, the rule
before issue 12).

Prints one JSON line: neurons, passes, run_s (the standalone binary's run, compile excluded; with
--repeat R the compiled binary is run R times, the same simulation each time, and run_s is the
median, run_s_all every run), learning_realtime_factor = passes * 1 s / run_s, spikes. A benchmark,
not a test.
Usage: /usr/bin/python3 bench/peers/brian2_ebn.py --neurons N --passes P [--repeat R] [--build-dir D]
"""
import argparse
import json
import os
import tempfile

import numpy as np


def input_drive(rng, passes, samples, amplitude, sigma_ms):
    """c = A*x for every pass, x = z (zeroed first 10 ms) * normalised Gaussian kernel, 'same'."""
    u = np.linspace(1, 1000, samples)
    kernel = np.exp(-(u - 500.0) ** 2 / (2 * sigma_ms**2))
    kernel /= kernel.sum()
    size = 2 * samples
    kspec = np.fft.rfft(kernel, size)
    out = np.empty((passes * samples, 2))
    offset = (samples - 1) // 2
    for p in range(passes):
        for d in range(2):
            z = rng.randn(samples)
            z[: samples // 100] = 0.0
            full = np.fft.irfft(np.fft.rfft(z, size) * kspec, size)
            out[p * samples : (p + 1) * samples, d] = amplitude * full[offset : offset + samples]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--neurons", type=int, default=20)
    ap.add_argument("--passes", type=int, default=51)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--build-dir", default=None)
    ap.add_argument("--repeat", type=int, default=1, help="runs of the compiled binary (median reported)")
    ap.add_argument("--neuron-scaling", choices=["rate", "weights"], default="rate")
    a = ap.parse_args()

    import brian2 as b2

    build_dir = a.build_dir or tempfile.mkdtemp(prefix="brian2_ebn_")
    b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one core, as the ebn learning loop
    b2.defaultclock.dt = 0.1 * b2.ms

    n = a.neurons
    tau_m_s, tau_f_s, lam = 0.05, 1e-3, 100.0
    mu, nu, kappa = 1e-4, 1e-3, 0.05
    # network.neuron_scaling "rate" (behavioral/neuron_scaling.h): steps x sqrt(20/N), A x N/20.
    root = np.sqrt(20.0 / n) if a.neuron_scaling == "rate" else 1.0
    step, diagonal_step = 2.0 * root, 0.1 * root
    half = step / 2.0
    rng = np.random.RandomState(a.seed)
    rng.randn(2, n)  # discarded, as [S]
    f = rng.randn(2, n)
    f /= np.linalg.norm(f, axis=0)
    omega0 = 30.0 * np.sqrt(20.0 / n) * rng.randn(n, n)
    w0 = -step * np.round(omega0 / step)
    np.fill_diagonal(w0, 0.0)
    thresholds = (nu * lam + mu * lam**2 + np.abs(f).sum(axis=0) ** 2) / 2.0
    samples = 10000
    amplitude = 5000.0 * n / 20.0 if a.neuron_scaling == "rate" else 5000.0
    c = input_drive(rng, a.passes, samples, amplitude, 30.0)
    drive0 = b2.TimedArray(c[:, 0], dt=0.1 * b2.ms)
    drive1 = b2.TimedArray(c[:, 1], dt=0.1 * b2.ms)

    eqs = """
    dv/dt = (v_rest - v + I + taum_val*(f0*drive0(t) + f1*drive1(t)) + noise_in)/tau_m : 1
    dI/dt = -I/tau_f : 1
    noise_in : 1
    f0 : 1 (constant)
    f1 : 1 (constant)
    thr : 1 (constant)
    v_rest : 1
    v_reset : 1
    """
    ns = {"tau_m": tau_m_s * b2.second, "tau_f": tau_f_s * b2.second, "taum_val": tau_m_s, "drive0": drive0,
          "drive1": drive1, "half": half, "step": step, "dstep": diagonal_step, "kappa": kappa, "noise_sigma": 0.01 * np.sqrt(2.0)}
    group = b2.NeuronGroup(n, eqs, threshold="v > thr",
                           reset="""v = v_reset
                           dd = dstep*int(3*v_reset + thr < -half) - dstep*int(3*v_reset + thr > half)
                           v_reset += dd
                           v_rest += dd""",
                           method="euler", namespace=ns)
    group.f0, group.f1, group.thr = f[0], f[1], thresholds
    group.v_rest = 0.0
    group.v_reset = 0.0
    group.v = 0.0
    group.run_regularly("noise_in = noise_sigma*randn()", when="start")
    syn = b2.Synapses(group, group, "w : 1",
                      on_pre="""I_post += w
                      w += step*int(2*v_post + kappa*w < -half) - step*int(2*v_post + kappa*w > half)""",
                      namespace=ns)
    post, pre = np.nonzero(~np.eye(n, dtype=bool))
    syn.connect(i=pre, j=post)
    syn.w = w0[post, pre]  # W[n][k]: synapse from k (pre) onto n (post)
    spikes = b2.SpikeMonitor(group, record=False)
    b2.run(a.passes * 1.0 * b2.second)
    b2.device.build(directory=build_dir, compile=True, run=True, debug=False)
    runs = [float(b2.device._last_run_time)]
    for _ in range(a.repeat - 1):  # the same compiled simulation again (its initial state is in the binary)
        b2.device.run(directory=build_dir, with_output=False, run_args=[])
        runs.append(float(b2.device._last_run_time))
    run_s = float(np.median(runs))
    print(json.dumps({"peer": "brian2 " + b2.__version__ + " cpp_standalone", "neurons": n, "passes": a.passes,
                      "run_s": run_s, "run_s_all": runs, "learning_realtime_factor": a.passes / run_s,
                      "spikes": int(spikes.num_spikes), "build_dir": os.path.abspath(build_dir)}))


if __name__ == "__main__":
    main()
