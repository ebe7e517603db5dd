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
# A benchmark assumes an idle machine. ebn's second-core work (the default mode's prefetch, the
# fast mode's spare core) is normally switched on by the 1-minute load average, which counts
# Brian2's compiles for a minute after they end: forced on here unless set. All ebn runs come
# first, the Brian2 builds and runs after them (a compile just before an ebn run slowed it: the
# fast N = 100 figure right after the N = 20 compile was 1000-1300 instead of 1900-2400).
export EBN_PREFETCH=${EBN_PREFETCH:-on}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); EBN_PREFETCH=$EBN_PREFETCH"
learning_rt() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['learning_realtime_factor'])" "$1"; }
for size in $sizes; do
  n=${size%%:*}; passes=${size##*:}
  "$ebn" learn --quiet --neurons "$n" --passes "$passes" --out "$work/ebn_$n" > /dev/null
  "$ebn" learn --quiet --fast --neurons "$n" --passes "$passes" --out "$work/ebn_fast_$n" > /dev/null
done
for size in $sizes; do
  n=${size%%:*}; passes=${size##*:}
  /usr/bin/python3 "$root/bench/peers/brian2_ebn.py" --neurons "$n" --passes "$passes" --build-dir "$work/brian_$n" \
    2> "$work/brian_$n.log" | tail -n 1 > "$work/brian_$n.json"
done
printf "%-6s %-7s %12s %12s %12s %10s %10s\n" N passes "ebn RT" "ebn fast RT" "Brian2 RT" "ratio" "ratio fast"
for size in $sizes; do
  n=${size%%:*}; passes=${size##*:}
  ours=$(learning_rt "$work/ebn_$n/summary.json")
  fast=$(learning_rt "$work/ebn_fast_$n/summary.json")
  theirs=$(learning_rt "$work/brian_$n.json")
  /usr/bin/python3 -c "import sys; o, f, t = map(float, sys.argv[3:6]); print('%-6s %-7s %12.4g %12.4g %12.4g %9.1fx %9.1fx' % (sys.argv[1], sys.argv[2], o, f, t, o / t, f / t))" "$n" "$passes" "$ours" "$fast" "$theirs"
done
