#!/bin/sh
# network_checks.sh EBN EBN_SPICE NETLIST WORK: the level-5 network (C++ DAC, 0.1-0.2 s)
#  1. the C++ reference and the Verilated RTL controller in the loop give identical spikes,
#     decisions and final counters (network.json equal except the controller name);
#  2. `ebn spice-compare --network` is sensitive to level 3: with the DAC gain doubled the
#     spike-count error grows and the decision agreement drops against the calibrated level 3.
set -e
ebn=$1; spice=$2; netlist=$3; w=$4
rm -rf "$w"; mkdir -p "$w"
for c in cpp rtl; do
  "$spice" network --dac cpp --duration 0.1 --controller $c --quiet --out "$w/net_$c"
done
/usr/bin/python3 - "$w" <<'PY'
import json, sys
w = sys.argv[1]
a = json.load(open(w + "/net_cpp/network.json")); b = json.load(open(w + "/net_rtl/network.json"))
for k in ("input_pulses", "spikes", "decisions", "counters_initial", "counters_final"):
    assert a[k] == b[k], "cpp and rtl controllers differ in " + k
assert len(a["spikes"]) > 0 and len(a["decisions"]) > 0, "no activity"
print("cpp == rtl: %d spikes, %d latches" % (len(a["spikes"]), len(a["decisions"])))
PY
for bug in none dac-gain-x2; do
  extra=""; [ $bug = none ] || extra="--inject-bug $bug"
  "$ebn" spice-compare --network --netlist "$netlist" --dac cpp --duration 0.2 --json $extra --out "$w/cmp_$bug" > /dev/null
done
/usr/bin/python3 - "$w" <<'PY'
import json, sys
w = sys.argv[1]
def m(tag):
    n = json.load(open(w + "/cmp_%s/compare.json" % tag))["network"]
    t = n["spikes_total"]
    return abs(t["level3"] - t["level5"]) / max(t["level5"], 1), n["decisions"]["share"]
good, bad = m("none"), m("dac-gain-x2")
print("calibrated: spike error %.3f, decisions %.3f; DAC gain x2: spike error %.3f, decisions %.3f" % (good + bad))
assert bad[0] > good[0] + 0.1, "doubling level 3's DAC gain did not worsen the spike counts"
assert bad[1] < good[1], "doubling level 3's DAC gain did not worsen the decision agreement"
PY
