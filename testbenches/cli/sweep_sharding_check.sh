#!/usr/bin/env bash
# Results of a sweep do not depend on the sharding, a finished shard re-runs nothing, and a
# killed shard (a job file missing) resumes with just that job.
#   sweep_sharding_check.sh EBN WORKDIR
set -euo pipefail
ebn=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
# The small bits x sigma grid shared with the other sweep checks.
cp "$(dirname "$0")/bits_sigma_grid.json" "$work/grid.json"
"$ebn" sweep --grid "$work/grid.json" --out "$work/one" --quiet
for i in 0 1 2; do "$ebn" sweep --grid "$work/grid.json" --shard $i/3 --out "$work/three" --quiet; done
# Same metrics job by job, whatever the sharding (wall_s excluded).
/usr/bin/python3 - "$work" <<'PY'
import json, sys, glob, os
work = sys.argv[1]
a = sorted(glob.glob(f"{work}/one/jobs/*.json")); b = sorted(glob.glob(f"{work}/three/jobs/*.json"))
assert len(a) == 4 and [os.path.basename(x) for x in a] == [os.path.basename(x) for x in b], (a, b)
for x, y in zip(a, b):
    mx, my = json.load(open(x))["metrics"], json.load(open(y))["metrics"]
    mx.pop("wall_s"); my.pop("wall_s")
    assert mx == my, (x, mx, my)
print("sharding-independent: 4 jobs identical")
PY
out=$("$ebn" sweep --grid "$work/grid.json" --shard 1/3 --out "$work/three" --quiet)
echo "$out"; echo "$out" | grep -q "0 run now" || { echo "FAIL: finished shard re-ran jobs"; exit 1; }
rm "$work/three/jobs/job_00002.json"   # as if the shard was killed before this job finished
out=$("$ebn" sweep --grid "$work/grid.json" --shard 2/3 --out "$work/three" --quiet)
echo "$out"; echo "$out" | grep -q "1 run now" || { echo "FAIL: killed shard did not resume"; exit 1; }
"$ebn" sweep-merge "$work/three" --no-plot
test "$(wc -l < "$work/three/merged.csv")" -eq 5
echo PASS
