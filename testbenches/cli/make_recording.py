#!/usr/bin/env python3
"""Writes a small, physically plausible recording of the learning circuit (Spectre CSV export,
five files) into DIR, optionally with ONE defect, for the bad-input tests (no shared data needed).

    make_recording.py DIR [DEFECT]

The valid recording: 0.2 s, 40 pulses (5 ms period, 1 ms wide, 0/1.2 V), I_mem around 8 nA,
decisions INC x10, SL x10, DEC x10, SL x10 with the counter moving one LSB per INC/DEC pulse.
Each DEFECT breaks exactly one property checked by recording/plausibility.h (or the format).
"""
import os
import sys

PERIOD, WIDTH, FIRST, PULSES, HIGH = 5e-3, 1e-3, 2e-3, 40, 1.2
T_END = FIRST + PERIOD * PULSES


def decision(k):
    return ["inc", "sl", "dec", "sl"][min(k // 10, 3)]


def signals():
    t_in, v_in = [0.0], [0.0]
    for k in range(PULSES):
        on = FIRST + PERIOD * k
        t_in += [on - 5e-6, on + 5e-6, on + WIDTH - 5e-6, on + WIDTH + 5e-6]
        v_in += [0.0, HIGH, HIGH, 0.0]
    t_in.append(T_END)
    v_in.append(0.0)
    # I_mem, INC, SL, counter on a common 50 us grid (a different grid than INPUT's, as in Spectre).
    n = int(round(T_END / 50e-6))
    t = [i * 50e-6 for i in range(n + 1)]
    t[-1] = T_END
    i_mem, inc, sl, cnt = [], [], [], []
    for x in t:
        k = int((x - FIRST) // PERIOD) if x >= FIRST else -1
        phase = (x - FIRST - k * PERIOD) if k >= 0 else 0.0
        c = 0
        for j in range(max(k + 1, 0)):
            done = FIRST + PERIOD * j + WIDTH <= x
            if done and decision(j) == "inc":
                c += 1
            if done and decision(j) == "dec":
                c -= 1
        d = decision(k) if k >= 0 else "sl"
        i_mem.append(8e-9 + 1.5e-9 * (phase / PERIOD) + 0.05e-9 * c)
        inc.append(HIGH if d == "inc" else 0.0)
        sl.append(HIGH if d == "sl" else 0.0)
        cnt.append(float(c))
    return {"INPUT": (t_in, v_in), "I_mem": (t, i_mem), "INC": (t, inc), "SL": (t, sl), "BitValue": (t, cnt)}


def scale(sig, name, factor):
    t, v = sig[name]
    sig[name] = (t, [x * factor for x in v])


def scale_time(sig, factor):
    for name in sig:
        t, v = sig[name]
        sig[name] = ([x * factor for x in t], v)


def cut(sig, name, lo, hi):
    t, v = sig[name]
    keep = [i for i, x in enumerate(t) if lo <= x <= hi]
    sig[name] = ([t[i] for i in keep], [v[i] for i in keep])


def constant(sig, name, value):
    t, v = sig[name]
    sig[name] = (t, [value] * len(v))


def few_pulses(sig, count):
    t, v = [0.0], [0.0]
    for k in range(count):
        on = FIRST + PERIOD * k
        t += [on - 5e-6, on + 5e-6, on + WIDTH - 5e-6, on + WIDTH + 5e-6]
        v += [0.0, HIGH, HIGH, 0.0]
    sig["INPUT"] = (t + [T_END], v + [0.0])


DEFECTS = {
    "time_ms": lambda s: scale_time(s, 1e3),
    "time_ns": lambda s: scale_time(s, 1e9),
    "time_ks": lambda s: scale_time(s, 1e-3),
    "inc_ends_early": lambda s: cut(s, "INC", 0.0, 0.6 * T_END),
    "counter_starts_late": lambda s: cut(s, "BitValue", 0.3 * T_END, T_END),
    "imem_nA": lambda s: scale(s, "I_mem", 1e9),
    "imem_x1000": lambda s: scale(s, "I_mem", 1e3),
    "imem_div1000": lambda s: scale(s, "I_mem", 1e-3),
    "imem_negated": lambda s: scale(s, "I_mem", -1.0),
    "imem_constant": lambda s: constant(s, "I_mem", 8e-9),
    "input_mV": lambda s: scale(s, "INPUT", 1e3),
    "input_kV": lambda s: scale(s, "INPUT", 1e-3),
    "input_negated": lambda s: scale(s, "INPUT", -1.0),
    "inc_negated": lambda s: scale(s, "INC", -1.0),
    "inc_constant": lambda s: constant(s, "INC", 0.0),
    "sl_constant": lambda s: constant(s, "SL", HIGH),
    "sl_mV": lambda s: scale(s, "SL", 1e3),
    "counter_x1000": lambda s: scale(s, "BitValue", 1e3),
    "counter_div1000": lambda s: scale(s, "BitValue", 1e-3),
    "counter_half": lambda s: scale(s, "BitValue", 0.5),
    "few_pulses": lambda s: few_pulses(s, 5),
}
# Format defects (text level) are applied after writing.
TEXT_DEFECTS = ("nan_value", "truncated", "non_monotonic", "manifest_duplicate_key")


def write(dirname, sig):
    os.makedirs(dirname, exist_ok=True)
    headers = {"INPUT": "/vin", "I_mem": "/M2/D", "INC": "/L/inc", "SL": "/L/sl", "BitValue": "BitValue"}
    for name, (t, v) in sig.items():
        with open(os.path.join(dirname, "R_%s.csv" % name), "w") as f:
            f.write("%s X,%s Y\n" % (headers[name], headers[name]))
            for a, b in zip(t, v):
                f.write("%.12g,%.12g\n" % (a, b))


def main():
    dirname = sys.argv[1]
    defect = sys.argv[2] if len(sys.argv) > 2 else ""
    if defect and defect not in DEFECTS and defect not in TEXT_DEFECTS:
        sys.exit("unknown defect " + defect)
    sig = signals()
    if defect in DEFECTS:
        DEFECTS[defect](sig)
    write(dirname, sig)
    path = lambda n: os.path.join(dirname, "R_%s.csv" % n)
    if defect == "nan_value":
        lines = open(path("SL")).read().splitlines(True)
        lines[5] = lines[5].split(",")[0] + ",nan\n"
        open(path("SL"), "w").write("".join(lines))
    elif defect == "truncated":
        text = open(path("I_mem")).read()
        open(path("I_mem"), "w").write(text[: len(text) - 7])
    elif defect == "non_monotonic":
        lines = open(path("INC")).read().splitlines(True)
        lines[10], lines[11] = lines[11], lines[10]
        open(path("INC"), "w").write("".join(lines))
    elif defect == "manifest_duplicate_key":
        with open(os.path.join(dirname, "manifest.json"), "w") as f:
            f.write('{"format": "ebn-recording/1", "signals": {"input": {"file": "R_INPUT.csv"}, '
                    '"i_mem": {"file": "R_I_mem.csv"}, "inc": {"file": "R_INC.csv"}, "sl": {"file": "R_SL.csv"}, '
                    '"counter": {"file": "R_BitValue.csv"}, "input": {"file": "R_INC.csv"}}}\n')


if __name__ == "__main__":
    main()
