#!/usr/bin/env bash
# Sweeps under faults (issue 10):
#  1. a job file that is invalid (non-numeric metric) is not treated as done: `ebn sweep` runs it
#     again and sweep-merge then succeeds;
#  2. killing `ebn sweep` (SIGKILL) while a job runs leaves no orphan child process, and the
#     re-run resumes to a complete, mergeable sweep.
#   sweep_robustness_check.sh EBN WORKDIR
set -euo pipefail
ebn=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
cat > "$work/grid.json" <<'JSON'
{ "fixed": { "experiment": { "passes": 3 }, "network": { "neurons": 8 } },
  "axes": [ { "key": "experiment.seed", "values": [1, 2, 3] } ],
  "reliable": { "metric": "final.distance_to_optimal", "max": 0.9, "group_by": "experiment.seed" } }
JSON
"$ebn" sweep --grid "$work/grid.json" --out "$work/sw" --quiet > /dev/null
/usr/bin/python3 - "$work/sw/jobs/job_00001.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); j["metrics"]["final.distance_to_optimal"] = "n/a"; json.dump(j, open(sys.argv[1], "w"))
PY
if "$ebn" sweep-merge --no-plot "$work/sw" 2> "$work/merge.err"; then echo "FAIL: merge accepted an invalid job"; exit 1; fi
grep -q "job_00001.json: metric final.distance_to_optimal" "$work/merge.err" || { cat "$work/merge.err"; exit 1; }
out=$("$ebn" sweep --grid "$work/grid.json" --out "$work/sw" 2>&1)
echo "$out" | grep -q "job_00001.json: metric .*running the job again" || { echo "$out"; echo "FAIL: not re-run"; exit 1; }
echo "$out" | grep -q "3 jobs, 1 run now, 2 already done" || { echo "$out"; exit 1; }
"$ebn" sweep-merge --no-plot "$work/sw" > /dev/null
echo "PASS: an invalid job file is run again"

# Long jobs, so the sweep is surely inside a job when it is killed.
cat > "$work/slow.json" <<'JSON'
{ "fixed": { "experiment": { "passes": 400 } },
  "axes": [ { "key": "experiment.seed", "values": [1, 2] } ] }
JSON
"$ebn" sweep --grid "$work/slow.json" --out "$work/slow" --quiet > /dev/null 2>&1 &
parent=$!
child=""
for _ in $(seq 1 200); do
  child=$(pgrep -P "$parent" || true)
  [ -n "$child" ] && break
  sleep 0.05
done
[ -n "$child" ] || { echo "FAIL: no job child process appeared"; kill -9 "$parent"; exit 1; }
kill -9 "$parent"
wait "$parent" 2> /dev/null || true
for _ in $(seq 1 100); do kill -0 $child 2> /dev/null || break; sleep 0.05; done
if kill -0 $child 2> /dev/null; then echo "FAIL: orphan job process $child survived its killed sweep"; kill -9 $child; exit 1; fi
echo "PASS: killing the sweep killed its job process ($child)"
ls "$work/slow/jobs" | grep -v '^job_0000[01].json$' && { echo "FAIL: stray files in jobs/"; exit 1; }
echo "PASS: no partial job file"
