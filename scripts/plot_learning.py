#!/usr/bin/python3
"""Plot an `ebn learn` result folder (Figure-1 style, spec ebn-learning-rule.md §8).

usage: scripts/plot_learning.py DIR [--check]

Writes DIR/figure1.png (columns: initial, optimal, learned network; rows: reconstruction vs
target in 0.5-0.8 s, spike raster, weight matrix W/100 with its own colour scale, as the paper's
panels) and DIR/learning_curve.png (distance to the optimal weights after every pass and at the
validation points; decoding error at the validation points). --check re-reads both PNGs and exits
1 if one of them is blank (constant image).
Runs with Debian's /usr/bin/python3 (numpy, matplotlib; Agg backend, no display needed).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

NETWORKS = ("initial", "optimal", "learned")


def fail(message):
    sys.stderr.write("plot_learning.py: error: %s\n" % message)
    sys.exit(2)


def load_csv(path, **kwargs):
    if not os.path.isfile(path):
        fail("%s: missing (not an `ebn learn` result folder?)" % path)
    return np.loadtxt(path, delimiter=",", ndmin=2, **kwargs)


def figure1(folder, summary):
    recon = np.genfromtxt(os.path.join(folder, "reconstruction.csv"), delimiter=",", names=True)
    names = recon.dtype.names
    dims = sum(1 for n in names if n.startswith("target_"))
    t = recon["t_s"]
    window = (t >= 0.5) & (t <= 0.8)
    fig, axes = plt.subplots(3, 3, figsize=(12, 9), gridspec_kw={"height_ratios": [1, 1, 1.3]})
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    final = summary["final"]
    for col, net in enumerate(NETWORKS):
        ax = axes[0, col]
        for d in range(dims):
            ax.plot(t[window], recon["target_%d" % d][window], color=colours[d], lw=1.0, alpha=0.5,
                    label="x%d" % d if col == 0 else None)
            ax.plot(t[window], recon["recon_%s_%d" % (net, d)][window], color=colours[d], lw=1.0, ls="--",
                    label="x̂%d" % d if col == 0 else None)
        ax.set_title("%s  E = %.3f, %.1f Hz" % (net, final["decoding_error_" + net], final["rate_hz_" + net]))
        ax.set_xlabel("t (s)")
        if col == 0:
            ax.set_ylabel("x, x̂")
            ax.legend(fontsize=7, ncol=2)
        spikes = load_csv(os.path.join(folder, "spikes_%s.csv" % net), skiprows=1)
        ax = axes[1, col]
        if spikes.size:
            ax.plot(spikes[:, 0], spikes[:, 1], "|", color="k", ms=4)
        ax.set_xlim(0, t[-1])
        ax.set_ylim(-0.5, summary["neurons"] - 0.5)
        ax.set_xlabel("t (s)")
        ax.set_title("%d spikes" % (spikes.shape[0] if spikes.size else 0))
        if col == 0:
            ax.set_ylabel("neuron")
        w = load_csv(os.path.join(folder, "weights_%s.csv" % net))
        scale, unit = chip_current_scale(folder)
        w = w * scale
        ax = axes[2, col]
        limit = max(np.abs(w).max(), 1e-12)  # each panel auto-scaled, as in the paper
        image = ax.imshow(w, cmap="RdBu", vmin=-limit, vmax=limit, interpolation="nearest")
        ax.set_title("%s (%s)" % (unit, net))
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    fig.suptitle("EBN learning: rule %s, backend %s, seed %s; dist %.3f -> %.3f, corr %.3f"
                 % (summary["rule"], summary["backend"], summary["seed"], final["distance_to_optimal_initial"],
                    final["distance_to_optimal"], final["weight_correlation"]))
    fig.tight_layout()
    path = os.path.join(folder, "figure1.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def chip_current_scale(folder):
    """Chip runs: weights as effective DAC currents (nA, mismatch included: the CSVs hold
    counter x step x gain); float runs: W/100 as in the paper's figure."""
    params = os.path.join(folder, "chip_params.json")
    config = os.path.join(folder, "resolved_config.json")
    if os.path.isfile(params) and os.path.isfile(config):
        with open(params) as f:
            gain = json.load(f)["dac_c1p_A"]
        with open(config) as f:
            step = json.load(f)["learning"]["step"]
        return gain / step * 1e9, "DAC current, nA"
    return 0.01, "W/100"


def learning_curve(folder, summary):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    after = summary.get("distance_after_pass", [])
    ax1.plot(np.arange(1, len(after) + 1), after, "-", color="C0", lw=1, label="after each pass")
    points = summary["passes"]
    ax1.plot([p["pass"] for p in points], [p["distance_to_optimal"] for p in points], "o", color="C1",
             label="validation points")
    ax1.set_xlabel("pass")
    ax1.set_ylabel("distance to optimal weights")
    ax1.set_ylim(bottom=0)
    ax1.legend()
    ax2.plot([p["pass"] for p in points], [p["decoding_error"] for p in points], "o-", label="E (R·Bᵀ, as reference)")
    ax2.plot([p["pass"] for p in points], [p["decoding_error_least_squares"] for p in points], "s--",
             label="E (R·B, least squares)")
    ax2.set_xlabel("pass (validation before it)")
    ax2.set_ylabel("decoding error (mean over validation signals)")
    ax2.set_ylim(bottom=0)
    ax2.legend()
    fig.tight_layout()
    path = os.path.join(folder, "learning_curve.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        fail("usage: plot_learning.py DIR [--check]")
    folder = args[0]
    summary_path = os.path.join(folder, "summary.json")
    if not os.path.isfile(summary_path):
        fail("%s: missing (not an `ebn learn` result folder?)" % summary_path)
    with open(summary_path) as f:
        summary = json.load(f)
    paths = [figure1(folder, summary), learning_curve(folder, summary)]
    for p in paths:
        print(p)
    if "--check" in argv:
        for p in paths:
            image = plt.imread(p)
            if image.std() == 0:
                sys.stderr.write("plot_learning.py: %s is blank\n" % p)
                return 1
            print("%s: %dx%d, pixel std %.3f" % (p, image.shape[1], image.shape[0], image.std()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
