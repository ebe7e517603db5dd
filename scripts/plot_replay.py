#!/usr/bin/python3
"""plot_replay.py OUTDIR [--png FILE] [--zoom T0_MS T1_MS]

The designer's picture of a replay (like reference/sim1_plot.png), from the files that
`ebn replay --out OUTDIR` writes (waveforms.csv, spikes.csv, params.json):
  top:    recorded vs model I_mem (replay with the recorded counter, closed loop from t = 0),
          the decision window I_lower / I_upper, counter value recorded and closed loop (right
          axis), background shading of the recorded decision (green INC, yellow SL, red DEC);
  middle: the closed loop's own decisions as shading, its I_mem and counter;
  bottom: zoom panel (default: the 45 ms around the first stop-learning decision).
Writes OUTDIR/replay.png unless --png is given.
"""
import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

COLOURS = {1: "#2ca02c", 0: "#d4c200", -1: "#d62728"}  # INC, SL, DEC


def read_waveforms(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"plot_replay.py: error: {path}: no data rows")
    cols = {}
    for key in rows[0]:
        vals = [r[key] for r in rows]
        cols[key] = np.array([float(v) if v != "" else np.nan for v in vals])
    return cols


def shade(ax, t_ms, flags, alpha=0.13):
    """Background spans of constant decision state."""
    start = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            ax.axvspan(t_ms[start], t_ms[min(i, len(flags) - 1)], color=COLOURS[int(flags[start])], alpha=alpha, lw=0)
            start = i


def model_flags(t_ms, spikes_path):
    """Closed-loop decision state over time from spikes.csv (held from one latch to the next)."""
    flags = np.zeros_like(t_ms)
    if not os.path.exists(spikes_path):
        return flags
    with open(spikes_path, newline="") as f:
        rows = list(csv.DictReader(f))
    code = {"I": 1, "S": 0, "D": -1}
    for r in rows:
        flags[t_ms >= float(r["t_on_s"]) * 1e3] = code[r["decision_closed_loop"]]
    return flags


def panel(ax, w, t_ms, sel, flags, show_closed=True, title=None):
    shade(ax, t_ms[sel], flags[sel])
    ax.plot(t_ms[sel], w["i_lower_A"][sel] * 1e9, "--", color="#2ca02c", lw=1, label=r"$I_\mathrm{lower}$")
    ax.plot(t_ms[sel], w["i_upper_A"][sel] * 1e9, "--", color="#9467bd", lw=1, label=r"$I_\mathrm{upper}$")
    ax.plot(t_ms[sel], w["i_mem_recorded_A"][sel] * 1e9, color="#1f77b4", lw=1.4, label=r"$I_\mathrm{mem}$ recorded")
    ax.plot(t_ms[sel], w["i_mem_replay_A"][sel] * 1e9, color="black", lw=0.9, ls=":", label="model, recorded counter")
    if show_closed:
        ax.plot(t_ms[sel], w["i_mem_closed_loop_A"][sel] * 1e9, color="#ff7f0e", lw=1.0, label="model, closed loop")
    ax.set_ylabel(r"$I_\mathrm{mem}$ [nA]")
    ax2 = ax.twinx()
    ax2.step(t_ms[sel], w["counter_recorded"][sel], where="post", color="red", lw=1.2, label="counter recorded")
    if show_closed:
        ax2.step(t_ms[sel], w["counter_closed_loop"][sel], where="post", color="#8c564b", lw=1.0, ls="--",
                 label="counter closed loop")
    ax2.set_ylabel("counter value [LSB]", color="red")
    if title:
        ax.set_title(title, fontsize=10)
    return ax2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--png")
    ap.add_argument("--zoom", nargs=2, type=float, metavar=("T0_MS", "T1_MS"))
    a = ap.parse_args()
    wpath = os.path.join(a.outdir, "waveforms.csv")
    if not os.path.exists(wpath):
        sys.exit(f"plot_replay.py: error: {wpath}: not found (run `ebn replay --out {a.outdir}` first)")
    w = read_waveforms(wpath)
    t_ms = w["t_s"] * 1e3
    flags = w["flag_recorded"]
    report = {}
    rpath = os.path.join(a.outdir, "report.json")
    if os.path.exists(rpath):
        with open(rpath) as f:
            report = json.load(f)

    if a.zoom:
        z0, z1 = a.zoom
    else:
        # Default zoom: 90 ms around the first upward crossing of I_lower by the recorded I_mem
        # after the replay start (the learning returns towards the window there).
        i_rec, lower = w["i_mem_recorded_A"], w["i_lower_A"]
        start = np.argmax(~np.isnan(w["i_mem_replay_A"])) if np.any(~np.isnan(w["i_mem_replay_A"])) else 0
        up = np.where((i_rec[start:-1] < lower[start:-1]) & (i_rec[start + 1:] >= lower[start + 1:]))[0]
        centre = t_ms[start + up[0]] if len(up) else 0.5 * (t_ms[0] + t_ms[-1])
        z0, z1 = max(t_ms[0], centre - 45.0), min(t_ms[-1], centre + 45.0)
    zsel = (t_ms >= z0) & (t_ms <= z1)

    fig, axes = plt.subplots(3, 1, figsize=(13, 11), gridspec_kw={"height_ratios": [3, 2, 2]})
    all_sel = np.ones_like(t_ms, dtype=bool)
    ax2 = panel(axes[0], w, t_ms, all_sel, flags, title="recorded decisions (shading), recorded vs model")
    zlo = np.nanmin(w["i_mem_recorded_A"][zsel]) * 1e9
    zhi = np.nanmax(w["i_mem_recorded_A"][zsel]) * 1e9
    axes[0].add_patch(plt.Rectangle((z0, zlo - 0.2), z1 - z0, zhi - zlo + 0.4, fill=False, ec="grey", lw=1))
    h1, l1 = axes[0].get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    axes[0].legend(h1 + h2, l1 + l2, loc="lower right", fontsize=8, ncol=2)
    panel(axes[1], w, t_ms, all_sel, model_flags(t_ms, os.path.join(a.outdir, "spikes.csv")),
          title="closed loop: the model's own decisions (shading), I_mem and counter")
    panel(axes[2], w, t_ms, zsel, flags, title=f"zoom {z0:.1f}-{z1:.1f} ms (recorded decisions)")
    axes[2].set_xlabel("time [ms]")
    if report:
        ol, cl = report.get("open_loop", {}), report.get("closed_loop", {})
        fig.suptitle(
            f"open loop {ol.get('matched')}/{ol.get('total')} decisions; replay I_mem RMSE "
            f"{report.get('replay_imem_rmse_nA', float('nan')):.4f} nA; closed loop {cl.get('matched')}/{cl.get('total')}, "
            f"final counter {cl.get('final_counter_model')} (recorded {cl.get('final_counter_recorded')}), "
            f"RMSE {cl.get('imem_rmse_nA', float('nan')):.3f} nA",
            fontsize=10)
    fig.tight_layout()
    out = a.png or os.path.join(a.outdir, "replay.png")
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
