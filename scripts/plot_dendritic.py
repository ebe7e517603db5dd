#!/usr/bin/python3
"""Plots for `ebn dendritic ...` results (issue 6).

  plot_dendritic.py run DIR     receptive_fields.png, loss_curve.png from one run folder
                                (summary.json, feedforward.csv, written by ebn dendritic bars|fmnist)
  plot_dendritic.py sweep DIR   from DIR/results.csv of `ebn dendritic sweep`: loss_vs_p.png,
                                loss_vs_bits.png, loss_vs_dt.png (each when that axis was swept);
                                median over seeds with a 95 % bootstrap CI of the median.
  plot_dendritic.py check PNG.. exit 1 if a PNG is missing or blank (used by the ctest)
  plot_dendritic.py curves PNG DIR...  test-loss curves of several run folders in one plot (full-
                                setting runs: loss_curve of each summary.json, log loss axis)
  plot_dendritic.py fig5a PNG DIR...  Fig 5A panels from the scenes jobs of several sweep folders
                                (dt and sigma_f^2 read from each job's summary); prints SB/DB at
                                the smallest and largest dt of each panel

Scenes and speech (issue 13), in the paper's layout:
  run DIR of `ebn dendritic speech`: also reconstruction.png (input and D z cochleograms of the
      snapshot, one channel per row) and raster.png (spikes of the snapshot).
  sweep DIR with a rate axis (dendritic.network.rate_per_ms): fig4d_loss_vs_neurons.png (minimum
      test loss over training vs n_z, Fig 4D) and s10_correlation_vs_neurons.png (S10);
      with dt and sigma2_final axes: fig5a_loss_vs_dt.png (mean of the 9 passes before the last
      vs dt, log axis, one panel per sigma_f^2, Fig 5A);
      with a one_spike_per_step axis: fig5e_loss.png (test loss per rule with/without the constraint).
"""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.ticker  # noqa: E402
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
    if weights.shape[1] == 2 * side * side:  # scenes / speech [p; -p] inputs: on minus off part
        weights = weights[:, :side * side] - weights[:, side * side:]
    if weights.shape[1] != side * side:  # speech: no image; all weights as one map
        return plot_weight_map(folder, summary, weights)
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

    title = label + (f", p = {summary['p']}" if "p" in summary else "")
    written = [os.path.join(folder, "receptive_fields.png")] + plot_loss_curve(folder, summary, title)
    if os.path.exists(os.path.join(folder, "snapshot_input.csv")):
        written += plot_speech_snapshot(folder, summary, label)
    return written


def plot_weight_map(folder, summary, weights):
    label = RULE_STYLE.get(summary["rule"], (summary["rule"], None))[0]
    fig, ax = plt.subplots(figsize=(6, 4))
    vmax = max(np.abs(weights).max(), 1e-12)
    im = ax.imshow(weights, aspect="auto", cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    fig.colorbar(im, ax=ax)
    ax.set_xlabel("input")
    ax.set_ylabel("neuron")
    ax.set_title(f"{summary['experiment']}: {label}, feedforward weights F", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "receptive_fields.png"), dpi=100)
    plt.close(fig)
    written = [os.path.join(folder, "receptive_fields.png")] + plot_loss_curve(folder, summary, label)
    if os.path.exists(os.path.join(folder, "snapshot_input.csv")):
        written += plot_speech_snapshot(folder, summary, label)
    return written


def plot_loss_curve(folder, summary, title):
    fig, ax = plt.subplots(figsize=(6, 3.6))
    train = np.array(summary.get("train_loss_curve", []), dtype=float).reshape(-1, 2)
    test = np.array(summary["loss_curve"], dtype=float).reshape(-1, 2)
    if len(train):
        ax.plot(train[:, 0], train[:, 1], color="0.6", lw=1, label="training steps (window mean)")
    ax.plot(test[:, 0], test[:, 1], "o-", color=RULE_STYLE.get(summary["rule"], (0, "k"))[1], label="test decoder loss")
    ax.set_yscale("log")
    ax.set_xlabel("training patterns")
    ax.set_ylabel("decoder loss")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "loss_curve.png"), dpi=110)
    plt.close(fig)
    return [os.path.join(folder, "loss_curve.png")]


def plot_speech_snapshot(folder, summary, label):
    x = np.loadtxt(os.path.join(folder, "snapshot_input.csv"), delimiter=",", ndmin=2)
    r = np.loadtxt(os.path.join(folder, "snapshot_reconstruction.csv"), delimiter=",", ndmin=2)
    if summary.get("variant") == "fig5e":  # [y; -y] ReLU: show y and its reconstruction
        c = x.shape[0] // 2
        x, r = x[:c] - x[c:], r[:c] - r[c:]
    fig, axes = plt.subplots(2, 1, figsize=(7, 4.2), sharex=True)
    vmax = max(np.abs(x).max(), 1e-12)
    for ax, m, title in ((axes[0], x, "input"), (axes[1], r, "reconstruction D z")):
        ax.imshow(m, aspect="auto", origin="lower", cmap="RdBu_r" if m.min() < 0 else "viridis",
                  vmin=-vmax if m.min() < 0 else 0, vmax=vmax)
        ax.set_ylabel("channel")
        ax.set_title(title, fontsize=8)
    axes[1].set_xlabel("sample (5 ms)")
    con = "with" if summary.get("one_spike_per_step") else "without"
    fig.suptitle(f"speech {summary.get('variant')}: {label}, {con} one spike per step, test loss {summary['test_loss']:.4f}",
                 fontsize=9)
    fig.tight_layout()
    rec = os.path.join(folder, "reconstruction.png")
    fig.savefig(rec, dpi=100)
    plt.close(fig)
    with open(os.path.join(folder, "raster.csv")) as f:
        spikes = np.array([[float(a), float(b)] for a, b in csv.reader(list(f)[1:])]).reshape(-1, 2)
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(spikes[:, 0], spikes[:, 1], "|", color="k", ms=3)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.set_title(f"spike raster: {label}, {con} one spike per step", fontsize=9)
    fig.tight_layout()
    ras = os.path.join(folder, "raster.png")
    fig.savefig(ras, dpi=100)
    plt.close(fig)
    return [rec, ras]


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
    return written + plot_paper_layouts(folder, rows, rng)


def grouped(rows, key, metric, extra=None):
    out = {}
    for r in rows:
        if r.get(metric, "") == "":
            continue
        k = (r.get("dendritic.rule", "?"),) + ((r[extra],) if extra else ())
        out.setdefault(k, {}).setdefault(float(r[key]), []).append(float(r[metric]))
    return out


def errorbars(ax, by_x, rng, color, label, x_of=None):
    xs = sorted(by_x)
    stats = [median_ci(by_x[x], rng) for x in xs]
    med = np.array([s[0] for s in stats])
    lo = np.array([s[1] for s in stats])
    hi = np.array([s[2] for s in stats])
    px = [x_of(x) for x in xs] if x_of else xs
    ax.errorbar(px, med, yerr=[med - lo, hi - med], fmt="o-", color=color, capsize=3,
                label=f"{label} (median, 95% CI, n={len(by_x[xs[0]])})")


def plot_paper_layouts(folder, rows, rng):
    written = []
    rate = "dendritic.network.rate_per_ms"
    if rate in rows[0] and len({r[rate] for r in rows}) > 1:  # Fig 4D and S10: x = n_z = round(1/rate)
        for metric, ylabel, name, logy in (("min_test_loss", "min. test loss over training", "fig4d_loss_vs_neurons.png", True),
                                           ("trace_correlation", "mean pairwise trace correlation", "s10_correlation_vs_neurons.png", False)):
            fig, ax = plt.subplots(figsize=(5, 3.6))
            for (rule,), by_x in sorted(grouped(rows, rate, metric).items()):
                lab, color = RULE_STYLE.get(rule, (rule, None))
                errorbars(ax, by_x, rng, color, lab, x_of=lambda r: round(1.0 / r))
            ax.set_xlabel("number of neurons n_z (rate 1/n_z per ms)")
            ax.set_ylabel(ylabel)
            if logy:
                ax.set_yscale("log")
            ax.legend(fontsize=7)
            fig.tight_layout()
            fig.savefig(os.path.join(folder, name), dpi=100)
            plt.close(fig)
            written.append(os.path.join(folder, name))
    dt, sig = "dendritic.network.dt_ms", "dendritic.network.sigma2_final"
    if dt in rows[0] and sig in rows[0]:  # Fig 5A: one panel per sigma_f^2
        written += plot_fig5a(scene_jobs([folder]), os.path.join(folder, "fig5a_loss_vs_dt.png"), rng)
    one = "dendritic.network.one_spike_per_step"
    if one in rows[0]:  # Fig 5E: loss per rule, with and without the constraint
        fig, ax = plt.subplots(figsize=(5, 3.6))
        rules = sorted({r.get("dendritic.rule", "?") for r in rows})
        for k, con in enumerate(("false", "true")):
            meds = []
            for rule in rules:
                v = [float(r["test_loss"]) for r in rows if r.get("dendritic.rule", "?") == rule and r[one] == con]
                meds.append(np.median(v) if v else np.nan)
                ax.plot([rules.index(rule) + 0.2 * (2 * k - 1)] * len(v), v, "k.", ms=3)
            ax.bar(np.arange(len(rules)) + 0.2 * (2 * k - 1), meds, width=0.38,
                   label="one spike per step" if con == "true" else "unconstrained", alpha=0.7)
        ax.set_xticks(range(len(rules)))
        ax.set_xticklabels([RULE_STYLE.get(r, (r,))[0] for r in rules])
        ax.set_ylabel("test decoder loss (last pass)")
        ax.set_yscale("log")
        ax.legend(fontsize=7)
        fig.tight_layout()
        path = os.path.join(folder, "fig5e_loss.png")
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written


def scene_jobs(folders):
    """Summaries of the finished scenes jobs of sweep folders (jobs/*.json)."""
    out = []
    for folder in folders:
        jobs = os.path.join(folder, "jobs")
        for name in sorted(os.listdir(jobs)):
            if name.endswith(".json"):
                with open(os.path.join(jobs, name)) as f:
                    j = json.load(f)
                if j.get("experiment") == "scenes":
                    out.append(j)
    return out


def plot_fig5a(jobs, path, rng):
    """Fig 5A: mean of the 9 test passes before the last vs dt (log axis), one panel per sigma_f^2.
    Prints SB/DB (ratio of the medians over seeds) at the smallest and largest dt of each panel."""
    by, seen = {}, set()
    for j in jobs:
        key = (j["sigma2_final"], j["rule"], j["dt_ms"], j["seed"])
        if j.get("rate_hz") != 5.0 or key in seen:  # Fig 5A: rho = 5 Hz, n_z = 200; a point once
            continue
        seen.add(key)
        by.setdefault(j["sigma2_final"], {}).setdefault(j["rule"], {}).setdefault(j["dt_ms"], []).append(
            j["mean_last9_test_loss"])
    sigmas = sorted(by)
    fig, axes = plt.subplots(1, len(sigmas), figsize=(3.2 * len(sigmas), 3.4), squeeze=False, sharey=True)
    for ax, s2 in zip(axes[0], sigmas):
        for rule, by_x in sorted(by[s2].items()):
            lab, color = RULE_STYLE.get(rule, (rule, None))
            errorbars(ax, by_x, rng, color, lab)
        ax.set_xscale("log")
        ax.set_yscale("log")
        dts = sorted({x for by_x in by[s2].values() for x in by_x})
        ax.set_xticks(dts, [f"{x:g}" for x in dts])
        ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        ax.set_xlabel("time step dt (ms)")
        ax.set_title(f"sigma_f^2 = {s2:g}", fontsize=9)
        db, sb = by[s2].get("analytic", {}), by[s2].get("somatic", {})
        common = sorted(set(db) & set(sb))
        for x in (common[:1] + common[-1:] if len(common) > 1 else common):
            print(f"fig5a sigma_f^2={s2:g} dt={x:g}: DB {np.median(db[x]):.4f} SB {np.median(sb[x]):.4f} "
                  f"SB/DB {np.median(sb[x]) / np.median(db[x]):.2f} (n={len(db[x])}/{len(sb[x])})")
    axes[0][0].set_ylabel("test loss (mean of 9 passes before the last)")
    axes[0][0].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return [path]


def plot_curves(path, folders):
    """Test loss vs training pattern/sample of several run folders (one line each)."""
    fig, ax = plt.subplots(figsize=(5.2, 3.4))
    for folder in folders:
        with open(os.path.join(folder, "summary.json")) as f:
            s = json.load(f)
        lab, color = RULE_STYLE.get(s["rule"], (s["rule"], None))
        extra = [s[k] for k in ("variant",) if k in s]
        if s.get("one_spike_per_step"):
            extra.append("one spike per step")
        if "rate_hz" in s:
            extra.append(f"{s['rate_hz']:g} Hz, dt {s['dt_ms']:g} ms")
        curve = np.array(s["loss_curve"], dtype=float)
        ax.plot(curve[:, 0], curve[:, 1], "o-", ms=3, color=color, label=", ".join([lab] + extra))
    ax.set_yscale("log")
    ax.set_xlabel("training pattern (sample)")
    ax.set_ylabel("test loss")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return [path]


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
    if len(argv) < 3 or argv[1] not in ("run", "sweep", "check", "fig5a", "curves") or (argv[1] in ("fig5a", "curves") and len(argv) < 4):
        print(__doc__)
        return 2
    if argv[1] == "check":
        return 0 if check_pngs(argv[2:]) else 1
    try:
        if argv[1] == "curves":
            written = plot_curves(argv[2], argv[3:])
        elif argv[1] == "fig5a":
            written = plot_fig5a(scene_jobs(argv[3:]), argv[2], np.random.default_rng(0))
        else:
            written = plot_run(argv[2]) if argv[1] == "run" else plot_sweep(argv[2])
    except (OSError, KeyError, ValueError) as e:
        print(f"plot_dendritic.py: error: {e}", file=sys.stderr)
        return 2
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
