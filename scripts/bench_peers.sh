#!/usr/bin/env bash
# Peer benchmark (issue 12; a benchmark, not a test): the learning passes of the Figure-1 experiment
# from the initial state, `ebn learn` (level 1) beside a Brian2 cpp_standalone implementation of the
# same network and rule (bench/peers/brian2_ebn.py), at N = 20, 100, 1000. Prints both learning
# realtime factors (simulated s / wall s of the learning passes; Brian2: the compiled binary's run,
# compile time excluded; ebn: signal generation included) and their ratio. Both sides scale the
# experiment to N by the default network.neuron_scaling rule ("rate": input amplitude x N/20;
# learning steps x sqrt(20/N); bench/peers/brian2_ebn.py applies the same rule).
# ebn runs twice: the default mode (bit-reproducible reference results) and the opt-in fast mode
# (`ebn learn --fast`, network.fast_mode: same statistics, other random values; docs/behavioral.md).
# Each side runs REPEAT times (environment EBN_BENCH_REPEAT, default 3) and the median realtime
# factor is compared, with the range beside it. The Brian2 binaries are compiled (and run once,
# not counted) first; then the measured runs alternate, per round and size: ebn, ebn --fast, the
# compiled Brian2 binary again (its own timer, results/last_run_info.txt), so that a slower phase
# of the VM (its speed drifts by up to ~1.5x within minutes) falls on both sides alike. At N = 20
# the ebn fast-mode loop is ~4 ms, where one scheduling hiccup moves a single run by 20 %.
# Usage: scripts/bench_peers.sh [BUILD_DIR] [SIZES...]   (default: build, "20:51 100:21 1000:3" as N:passes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$root/build"}
shift || true
sizes=${*:-"20:51 100:21 1000:3"}
ebn="$build/apps/ebn"
[ -x "$ebn" ] || { echo "bench_peers.sh: $ebn not built (cmake --build $build --target ebn)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A benchmark assumes an idle machine: ebn's second-core work (the default mode's prefetch, the
# fast mode's spare core) is forced on here unless EBN_PREFETCH is set, as on an idle machine.
export EBN_PREFETCH=${EBN_PREFETCH:-on}
repeat=${EBN_BENCH_REPEAT:-3}
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "bench_peers.sh: EBN_BENCH_REPEAT='$repeat': expected a positive integer" >&2; exit 2; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); EBN_PREFETCH=$EBN_PREFETCH; $repeat runs per figure, median (range)"
learning_rt() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['learning_realtime_factor'])" "$1"; }
for size in $sizes; do  # compile (and run once) each Brian2 peer
  n=${size%%:*}; passes=${size##*:}
  /usr/bin/python3 "$root/bench/peers/brian2_ebn.py" --neurons "$n" --passes "$passes" \
    --build-dir "$work/brian_$n" 2> "$work/brian_$n.log" | tail -n 1 > "$work/brian_$n.json"
done
for r in $(seq "$repeat"); do
  for size in $sizes; do
    n=${size%%:*}; passes=${size##*:}
    "$ebn" learn --quiet --neurons "$n" --passes "$passes" --out "$work/ebn_$n" > /dev/null
    learning_rt "$work/ebn_$n/summary.json" >> "$work/ebn_$n.rt"
    "$ebn" learn --quiet --fast --neurons "$n" --passes "$passes" --out "$work/ebn_fast_$n" > /dev/null
    learning_rt "$work/ebn_fast_$n/summary.json" >> "$work/ebn_fast_$n.rt"
    # Brian2's binary again: the same simulation, timed by Brian2 itself (what run_s reports).
    (cd "$work/brian_$n" && ./main > /dev/null)
    /usr/bin/python3 -c "import sys; print(float(sys.argv[1]) / float(open(sys.argv[2]).read().split()[0]))" \
      "$passes" "$work/brian_$n/results/last_run_info.txt" >> "$work/brian_$n.rt"
  done
done
printf "%-6s %-7s %22s %22s %22s %8s %8s\n" N passes "ebn RT" "ebn fast RT" "Brian2 RT" "ratio" "fast"
for size in $sizes; do
  n=${size%%:*}; passes=${size##*:}
  /usr/bin/python3 - "$n" "$passes" "$work/ebn_$n.rt" "$work/ebn_fast_$n.rt" "$work/brian_$n.rt" <<'PY'
import statistics, sys
def figures(path):
    values = [float(line) for line in open(path) if line.strip()]
    return statistics.median(values), min(values), max(values)
def text(x):
    return "%.0f" % x if x >= 100 else "%.3g" % x
cells, medians = [], []
for path in sys.argv[3:6]:
    m, lo, hi = figures(path)
    medians.append(m)
    cells.append("%s (%s-%s)" % (text(m), text(lo), text(hi)))
o, f, t = medians
print("%-6s %-7s %22s %22s %22s %7.1fx %7.1fx" % (sys.argv[1], sys.argv[2], *cells, o / t, f / t))
PY
done
