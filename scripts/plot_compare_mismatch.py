#!/usr/bin/python3
"""Plot of `ebn compare-mismatch DIR`: scripts/plot_compare_mismatch.py DIR -> DIR/compare_mismatch.png.

Decoding error and distance to the mismatched chip's optimum versus mismatch sigma, for
(a) the optimum computed off-chip and programmed without learning and (b) on-chip learning;
dots are single seeds, lines the medians.
"""
import csv
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main(folder: Path) -> int:
    rows = list(csv.DictReader((folder / "compare.csv").open()))
    sigmas = sorted({float(r["sigma"]) for r in rows})
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    panels = [("error", "decoding error E"), ("distance", "distance to the chip's optimum")]
    for ax, (key, label) in zip(axes, panels):
        for col, name, colour in [(f"{key}_programmed_optimum", "(a) programmed optimum", "tab:red"),
                                  (f"{key}_learned", "(b) learned on chip", "tab:blue")]:
            xs = [float(r["sigma"]) for r in rows]
            ys = [float(r[col]) for r in rows]
            ax.scatter(xs, ys, s=12, color=colour, alpha=0.5)
            med = [np.median([float(r[col]) for r in rows if float(r["sigma"]) == s]) for s in sigmas]
            ax.plot(sigmas, med, "o-", color=colour, label=name)
        ax.set_xlabel("mismatch sigma (relative DAC gain spread)")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend()
    fig.suptitle("On-chip learning vs programmed optimum on mismatched chips")
    fig.tight_layout()
    out = folder / "compare_mismatch.png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
