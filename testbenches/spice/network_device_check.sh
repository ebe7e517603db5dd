#!/bin/sh
# network_device_check.sh EBN NETLIST WORK: under Monte Carlo mismatch (seed 1, C++ DAC, TT, 0.2 s),
# level 3 calibrated per device on cuts of the network's own die (--level3-calibration per-device)
# agrees with the level-5 network on more decisions before the first spike than level 3 with one
# parameter set fitted on the single-synapse netlist (multi; another die). Both comparisons use the
# same level-5 network run (the second reuses the first's through --level5-from); before the first
# spike only the resting levels, drives and windows decide, not spike phases (docs/spice.md
# "Network", cause 6).
set -e
ebn=$1; netlist=$2; w=$3
rm -rf "$w" "$w.multi"
"$ebn" spice-compare --network --netlist "$netlist" --dac cpp --corner tt --mc-seed 1 --duration 0.2 \
    --level3-calibration per-device --json --out "$w" > /dev/null
"$ebn" spice-compare --network --netlist "$netlist" --dac cpp --corner tt --mc-seed 1 --duration 0.2 \
    --level3-calibration multi --level5-from "$w" --json --out "$w.multi" > /dev/null
/usr/bin/python3 - "$w" "$w.multi" <<'PY'
import json, sys
dev, one = (json.load(open(p + "/compare.json")) for p in sys.argv[1:3])
assert dev["level3_calibration"] == "per-device" and one["level3_calibration"] == "multi"
assert dev["network"]["level3_params"].get("dac_gain_scale_per_synapse"), "per-device level 3 has no per-synapse scales"
assert "dac_gain_scale_per_synapse" not in one["network"]["level3_params"]
a, b = (j["network"]["decisions"]["before_first_spike"] for j in (dev, one))
assert a["total"] > 0 and b["total"] > 0, (a, b)
sa, sb = a["agreeing"] / a["total"], b["agreeing"] / b["total"]
print("decisions before the first spike: per-device %d/%d (%.1f %%), one parameter set %d/%d (%.1f %%)"
      % (a["agreeing"], a["total"], 100 * sa, b["agreeing"], b["total"], 100 * sb))
assert sa > sb, "per-device calibration does not agree better before the first spike"
PY
