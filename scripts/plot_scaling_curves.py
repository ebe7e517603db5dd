#!/usr/bin/python3
"""Learning curves of several `ebn learn --neurons N` runs side by side (docs/behavioral.md, "Larger N").

usage: scripts/plot_scaling_curves.py OUT.png DIR [DIR ...]

Left: distance to the optimal weights after every pass (summary.json distance_after_pass, pass 0 =
the initial weights). Right: decoding error E (R.B^T) of the validation runs. One line per folder,
labelled with its N and its learning step. Runs with Debian's /usr/bin/python3 (matplotlib, Agg).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    out, folders = sys.argv[1], sys.argv[2:]
    fig, (ax_d, ax_e) = plt.subplots(1, 2, figsize=(9, 3.4))
    for folder in folders:
        path = os.path.join(folder, "summary.json")
        if not os.path.isfile(path):
            sys.stderr.write("plot_scaling_curves.py: error: %s: missing\n" % path)
            sys.exit(2)
        with open(path) as f:
            s = json.load(f)
        with open(os.path.join(folder, "resolved_config.json")) as f:
            cfg = json.load(f)
        label = "N = %d (g = %.3g)" % (s["neurons"], cfg["learning"]["step"])
        after = [s["final"]["distance_to_optimal_initial"]] + list(s["distance_after_pass"])
        ax_d.plot(range(len(after)), after, label=label)
        ax_e.plot([p["pass"] for p in s["passes"]], [p["decoding_error"] for p in s["passes"]], "o-", label=label)
    ax_d.axhline(0.3, color="grey", lw=0.8, ls="--")
    ax_d.set_xlabel("pass")
    ax_d.set_ylabel("distance to optimal weights")
    ax_d.set_ylim(0, 1.05)
    ax_e.set_xlabel("validation before pass")
    ax_e.set_ylabel("decoding error E (validation)")
    for ax in (ax_d, ax_e):
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=90)


if __name__ == "__main__":
    main()
