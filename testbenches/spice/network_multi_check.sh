#!/bin/sh
# network_multi_check.sh EBN NETLIST WORK: `spice-compare --network --level3-calibration multi`
# (C++ DAC, 0.2 s): besides the default single-synapse run, runs start at the network's extreme
# codes outside the default run's codes and one runs at half the pulse rate; the ONE parameter set
# fitted to all of them replays every run (open loop >= 95 %, closed loop >= 90 % of the pulses).
set -e
ebn=$1; netlist=$2; w=$3
rm -rf "$w"
"$ebn" spice-compare --network --netlist "$netlist" --dac cpp --duration 0.2 --level3-calibration multi --json --out "$w" > /dev/null
/usr/bin/python3 - "$w" <<'PY'
import json, sys
j = json.load(open(sys.argv[1] + "/compare.json"))
runs = j["calibration_runs"]; codes = j["calibration_start_codes"]
assert len(codes) >= 1, "no run from another start code: %s" % codes
assert len(runs) == 2 + len(codes), "expected default + %d code runs + half rate, got %d" % (len(codes), len(runs))
assert abs(runs[-1]["period_s"] - 2 * runs[0]["period_s"]) < 1e-6, "last run is not at half the rate"
assert sorted(r["start_code"] for r in runs[1:-1]) == sorted(codes)
for r in runs:
    ol, cl = r["open_loop"], r["closed_loop"]
    assert ol["matched"] >= 0.95 * ol["total"] and cl["matched"] >= 0.90 * cl["total"], "calibration run %s not replayed: %s" % (r["start_code"], r)
print("multi: start codes %s + half rate; closed loop %s" % (codes, " ".join("%d/%d" % (r["closed_loop"]["matched"], r["closed_loop"]["total"]) for r in runs)))
PY
