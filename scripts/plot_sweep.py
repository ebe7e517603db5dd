#!/usr/bin/python3
"""Heat maps of a merged sweep: scripts/plot_sweep.py SWEEP_DIR.

Reads SWEEP_DIR/merged.csv and grid.json (written by `ebn sweep-merge`) and writes one PNG per
metric: the median over seeds (and any further axes) on the first two non-seed axes, e.g. final
distance to optimal over weight bits x mismatch sigma. One non-seed axis gives a line plot.
With an area axis (merged.json "area", apps/sweep_area.h) also area_vs_learning.png: per weight
width and update style the learning outcome over the synthesized controller's area, reliable
designs filled, the cheapest reliable one marked.
"""
import csv
import json
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

METRICS = {
    "final.distance_to_optimal": "final distance to optimal",
    "final.decoding_error_learned": "decoding error (learned)",
    "final.rate_hz_learned": "rate of the learned network (Hz)",
}


def main(folder: Path) -> int:
    grid = json.loads((folder / "grid.json").read_text())
    rows = list(csv.DictReader((folder / "merged.csv").open()))
    axes = [a["key"] for a in grid["axes"] if "seed" not in a["key"]]
    if not axes:
        print("plot_sweep: only seed axes, nothing to map", file=sys.stderr)
        return 0
    values = {a: sorted({float(r[a]) for r in rows}) for a in axes}
    for metric, label in METRICS.items():
        if metric not in rows[0]:
            continue
        if len(axes) == 1:
            x = values[axes[0]]
            med = [np.median([float(r[metric]) for r in rows if float(r[axes[0]]) == v]) for v in x]
            fig, ax = plt.subplots(figsize=(5, 3.5))
            ax.plot(x, med, "o-")
            ax.set_xlabel(axes[0])
            ax.set_ylabel(label + " (median)")
        else:
            xa, ya = axes[0], axes[1]
            grid_vals = np.full((len(values[ya]), len(values[xa])), np.nan)
            for i, yv in enumerate(values[ya]):
                for j, xv in enumerate(values[xa]):
                    sel = [float(r[metric]) for r in rows if float(r[xa]) == xv and float(r[ya]) == yv]
                    if sel:
                        grid_vals[i, j] = np.median(sel)
            fig, ax = plt.subplots(figsize=(1.0 + 0.9 * len(values[xa]), 1.2 + 0.7 * len(values[ya])))
            im = ax.imshow(grid_vals, origin="lower", aspect="auto", cmap="viridis_r")
            ax.set_xticks(range(len(values[xa])), [f"{v:g}" for v in values[xa]])
            ax.set_yticks(range(len(values[ya])), [f"{v:g}" for v in values[ya]])
            ax.set_xlabel(xa)
            ax.set_ylabel(ya)
            for i in range(grid_vals.shape[0]):
                for j in range(grid_vals.shape[1]):
                    if np.isfinite(grid_vals[i, j]):
                        mid = np.nanmin(grid_vals) + 0.5 * (np.nanmax(grid_vals) - np.nanmin(grid_vals))
                        ax.text(j, i, f"{grid_vals[i, j]:.3g}", ha="center", va="center", fontsize=7,
                                color="k" if grid_vals[i, j] < mid else "w")
            fig.colorbar(im, ax=ax, label=label + " (median)")
        ax.set_title(label)
        fig.tight_layout()
        out = folder / ("heatmap_" + metric.split(".")[-1] + ".png")
        fig.savefig(out, dpi=110)
        plt.close(fig)
        print(f"wrote {out}")
    plot_area(folder)
    return 0


def plot_area(folder: Path) -> None:
    merged_path = folder / "merged.json"
    if not merged_path.exists():
        return
    merged = json.loads(merged_path.read_text())
    area = merged.get("area")
    if not area:
        return
    metric = area["metric"]
    limit = merged.get("reliable", {}).get("max")
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    markers = {"parallel": "o", "serial": "s"}
    for style in sorted({d["style"] for d in area["designs"]}):
        ds = [d for d in area["designs"] if d["style"] == style and d["median_" + metric] is not None]
        if not ds:
            continue
        x = [d["area"] for d in ds]
        y = [d["median_" + metric] for d in ds]
        ax.plot(x, y, "-", color="0.7", zorder=1)
        for d, xi, yi in zip(ds, x, y):
            ax.scatter([xi], [yi], marker=markers.get(style, "^"), s=45, zorder=2,
                       facecolors="C0" if d["reliable"] else "none", edgecolors="C0")
            ax.annotate(f"B={d['bits']}", (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=7)
        ax.scatter([], [], marker=markers.get(style, "^"), facecolors="none", edgecolors="C0", label=style)
    best = area.get("cheapest_reliable")
    if best and best.get("median_" + metric) is not None:
        ax.scatter([best["area"]], [best["median_" + metric]], marker="*", s=260, color="C3", zorder=3,
                   label=f"cheapest reliable: B={best['bits']} {best['style']}")
    if limit is not None:
        ax.axhline(limit, color="C3", lw=0.8, ls="--", label=f"reliable: every run <= {limit:g}")
    ax.set_xlabel(f"controller area ({area['area_unit']}, NMax = {area['neurons']}, yosys)")
    ax.set_ylabel(METRICS.get(metric, metric) + " (median)")
    ax.set_title("learning outcome vs. area (filled: learns reliably)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    out = folder / "area_vs_learning.png"
    fig.savefig(out, dpi=110)
    plt.close(fig)
    print(f"wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
