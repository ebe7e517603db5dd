#!/usr/bin/python3
"""Plots for `ebn dendritic ...` results (issue 6).

  plot_dendritic.py run DIR     receptive_fields.png, loss_curve.png from one run folder
                                (summary.json, feedforward.csv, written by ebn dendritic bars|fmnist)
  plot_dendritic.py sweep DIR   from DIR/results.csv of `ebn dendritic sweep`: loss_vs_p.png,
                                loss_vs_bits.png, loss_vs_dt.png (each when that axis was swept);
                                median over seeds with a 95 % bootstrap CI of the median.
  plot_dendritic.py check PNG.. exit 1 if a PNG is missing or blank (used by the ctest)
"""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

RULE_STYLE = {"analytic": ("DB (analytic)", "tab:blue"), "somatic": ("SB", "tab:orange"),
              "decay": ("DB (local, decay)", "tab:green"), "simultaneous": ("DB (local, simultaneous)", "tab:red"),
              "slow": ("DB (local, slow)", "tab:purple"), "slow_pruning": ("DB (local, slow + pruning)", "tab:brown")}


def plot_run(folder):
    with open(os.path.join(folder, "summary.json")) as f:
        summary = json.load(f)
    weights = np.loadtxt(os.path.join(folder, "feedforward.csv"), delimiter=",", ndmin=2)
    side = int(summary["image_side"])
    order = "F" if summary.get("pixel_order") == "column-major" else "C"
    n = weights.shape[0]
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.6 * rows + 0.5), squeeze=False)
    vmax = max(np.abs(weights).max(), 1e-12)
    assignment = summary.get("bar_assignment")
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(weights[k].reshape(side, side, order=order), cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        title = f"neuron {k}"
        if assignment is not None and assignment[k] >= 0:
            title += f" (bar {assignment[k]})"
        ax.set_title(title, fontsize=7)
    label = RULE_STYLE.get(summary["rule"], (summary["rule"], None))[0]
    extra = f", bars found {summary['bars_found']}/{summary.get('n_bars', '?')}" if "bars_found" in summary else ""
    fig.suptitle(f"{summary['experiment']}: {label}, test loss {summary['test_loss']:.5f}{extra}", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "receptive_fields.png"), dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.6))
    train = np.array(summary.get("train_loss_curve", []), dtype=float).reshape(-1, 2)
    test = np.array(summary["loss_curve"], dtype=float).reshape(-1, 2)
    if len(train):
        ax.plot(train[:, 0], train[:, 1], color="0.6", lw=1, label="training steps (window mean)")
    ax.plot(test[:, 0], test[:, 1], "o-", color=RULE_STYLE.get(summary["rule"], (0, "k"))[1], label="test decoder loss")
    ax.set_yscale("log")
    ax.set_xlabel("training patterns")
    ax.set_ylabel("decoder loss")
    ax.set_title(f"{label}" + (f", p = {summary['p']}" if "p" in summary else ""), fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "loss_curve.png"), dpi=110)
    plt.close(fig)
    return [os.path.join(folder, n) for n in ("receptive_fields.png", "loss_curve.png")]


def median_ci(values, rng, resamples=10000):
    values = np.asarray(values, dtype=float)
    med = float(np.median(values))
    if len(values) < 2:
        return med, med, med
    boot = np.median(rng.choice(values, size=(resamples, len(values)), replace=True), axis=1)
    return med, float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))


def plot_sweep(folder):
    with open(os.path.join(folder, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"{folder}/results.csv: no finished jobs")
    rng = np.random.default_rng(0)
    axes_spec = [("dendritic.bars.p", "bar correlation p", "loss_vs_p.png", False),
                 ("dendritic.hardware.weight_bits", "weight bits B (0 = float)", "loss_vs_bits.png", False),
                 ("dendritic.network.dt_ms", "time step dt (ms)", "loss_vs_dt.png", True)]
    written = []
    for key, xlabel, name, logx in axes_spec:
        if key not in rows[0] or len({r[key] for r in rows}) < 2:
            continue
        groups = {}
        for r in rows:
            rule = r.get("dendritic.rule", "?")
            groups.setdefault(rule, {}).setdefault(float(r[key]), []).append(float(r["test_loss"]))
        fig, ax = plt.subplots(figsize=(6, 3.8))
        for rule, by_x in sorted(groups.items()):
            label, color = RULE_STYLE.get(rule, (rule, None))
            xs = sorted(x for x in by_x if not (key.endswith("weight_bits") and x == 0))
            stats = [median_ci(by_x[x], rng) for x in xs]
            if xs:
                med = np.array([s[0] for s in stats])
                lo = np.array([s[1] for s in stats])
                hi = np.array([s[2] for s in stats])
                ax.errorbar(xs, med, yerr=[med - lo, hi - med], fmt="o-", color=color, capsize=3,
                            label=f"{label} (median, 95% CI, n={len(by_x[xs[0]])})")
            if key.endswith("weight_bits") and 0.0 in by_x:
                ref = float(np.median(by_x[0.0]))
                ax.axhline(ref, color=color, ls="--", lw=1, label=f"{label} float")
                ax.axhspan(ref, 1.1 * ref, color=color, alpha=0.08)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("test decoder loss")
        if logx:
            ax.set_xscale("log")
        ax.set_yscale("log")
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = os.path.join(folder, name)
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def check_pngs(paths):
    import matplotlib.image as mpimg
    ok = True
    for p in paths:
        if not os.path.exists(p):
            print(f"missing: {p}")
            ok = False
            continue
        img = mpimg.imread(p)
        if img.size == 0 or float(np.std(img[..., :3])) < 1e-3:
            print(f"blank: {p}")
            ok = False
        else:
            print(f"ok: {p} ({img.shape[1]}x{img.shape[0]})")
    return ok


def main(argv):
    if len(argv) < 3 or argv[1] not in ("run", "sweep", "check"):
        print(__doc__)
        return 2
    if argv[1] == "check":
        return 0 if check_pngs(argv[2:]) else 1
    try:
        written = plot_run(argv[2]) if argv[1] == "run" else plot_sweep(argv[2])
    except (OSError, KeyError, ValueError) as e:
        print(f"plot_dendritic.py: error: {e}", file=sys.stderr)
        return 2
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
