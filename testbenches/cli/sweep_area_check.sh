#!/usr/bin/env bash
# The area axis of a sweep: per weight width and style the outcome next to yosys' flip-flops and
# area, the cheapest reliable design named, the plot written, the synthesis cached.
#   sweep_area_check.sh EBN WORKDIR
set -euo pipefail
ebn=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
cat > "$work/grid.json" <<'JSON'
{ "fixed": { "experiment": { "backend": "chip", "passes": 2, "validate_every": 1, "validation_signals": 1 },
             "learning": { "diagonal": "off" } },
  "axes": [ { "key": "learning.weight_bits", "values": [2, 3] } ],
  "reliable": { "metric": "final.distance_to_optimal", "max": 0.9, "group_by": "learning.weight_bits",
                "area": { "neurons": 4, "styles": ["parallel", "serial"] } } }
JSON
"$ebn" sweep --grid "$work/grid.json" --out "$work/s" --quiet
"$ebn" sweep-merge "$work/s" | tee "$work/merge1.txt"
test -s "$work/s/area_vs_learning.png"
grep -Eq "cheapest design that learns reliably|no design learns reliably" "$work/merge1.txt"
/usr/bin/python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
rows = list(csv.DictReader(open(f"{work}/s/merged_area.csv")))
assert [(r["bits"], r["style"]) for r in rows] == [("2", "parallel"), ("2", "serial"), ("3", "parallel"), ("3", "serial")], rows
for r in rows:
    b = int(r["bits"])
    # flip-flops from the RTL's structure: N^2 B counters (+ serial walk state 1 + 2*2 + 2*4)
    want = 16 * b + (0 if r["style"] == "parallel" else 13)
    assert int(r["flip_flops"]) == want, (r, want)
    assert float(r["area_transistors"]) > 22 * want, r   # at least the flip-flops' transistors
# outcome: recomputed from the job files
jobs = {}
for j in json.load(open(f"{work}/s/grid.json"))["jobs"]:
    res = json.load(open(f"{work}/s/jobs/{j['id']}.json"))
    jobs.setdefault(res["point"]["learning.weight_bits"], []).append(res["metrics"]["final.distance_to_optimal"])
merged = json.load(open(f"{work}/s/merged.json"))
for r in rows:
    d = jobs[int(r["bits"])]
    assert (r["reliable"] == "1") == all(x <= 0.9 for x in d), (r, d)
rel = [r for r in rows if r["reliable"] == "1"]
best = merged["area"]["cheapest_reliable"]
if rel:
    cheapest = min(rel, key=lambda r: float(r["area_transistors"]))
    assert (best["bits"], best["style"]) == (int(cheapest["bits"]), cheapest["style"]), (best, cheapest)
else:
    assert best is None
print("area axis consistent:", [(r["bits"], r["style"], r["flip_flops"], r["area_transistors"], r["reliable"]) for r in rows])
PY
# A second merge reuses the cached synthesis (no yosys run).
stamp=$(stat -c %Y "$work/s/area/parallel_n4_b2.json")
sleep 1
"$ebn" sweep-merge "$work/s" --no-plot 2>&1 | tee "$work/merge2.txt"
! grep -q "yosys synthesis" "$work/merge2.txt"
test "$(stat -c %Y "$work/s/area/parallel_n4_b2.json")" = "$stamp"
echo PASS
