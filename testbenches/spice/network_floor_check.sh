#!/bin/sh
# network_floor_check.sh EBN NETLIST WORK: `spice-compare --network --level5-floor 1e-3` (C++ DAC,
# 0.2 s) runs level 5 a second time with every device shifted by 1e-3 of its Pelgrom sigma, and
# reports how well level 5 agrees with itself. Checked: the second run carries exactly such a draw
# (the first none), and compare.json's floor figures equal an independent recount of the two
# network.json files (pairing rule of docs/spice.md "Network": input pulses at the same instant,
# spikes within 1 ms, an unpaired pulse disagrees for every neuron).
set -e
ebn=$1; netlist=$2; w=$3
rm -rf "$w"
"$ebn" spice-compare --network --netlist "$netlist" --dac cpp --duration 0.2 --level5-floor 1e-3 --json --out "$w" > /dev/null
/usr/bin/python3 - "$w" <<'PY'
import json, sys, math
w = sys.argv[1]
j = json.load(open(w + "/compare.json"))
a = json.load(open(w + "/level5/network.json")); b = json.load(open(w + "/level5_floor/network.json"))
f = j["level5_floor"]
assert f["perturbation"] == {"scale": 0.001, "seed": 1}, f["perturbation"]
assert not a["mismatch_delvto_V"], "the reference run has a draw"
dv = list(b["mismatch_delvto_V"].values())
sigma_max = 5e-3 / math.sqrt(1.0)  # A_vt / sqrt(W L) of the smallest device is below this (W, L >= 1 um)
assert dv and all(0 < abs(x) < 6e-3 * sigma_max for x in dv), "perturbation draw out of range: %s" % dv[:5]
I, P = a["inputs"], a["inputs"] + a["neurons"]
def lines(n):
    L = [[] for _ in range(P)]
    for t, k, d in n["decisions"]: L[k].append((t + n["edge_s"] / 2, d))
    return L
la, lb = lines(a), lines(b)
eq = tot = 0
for k in range(P):
    x, y, tol, per = la[k], lb[k], (1e-9 if k < I else 1e-3), P - I - (1 if k >= I else 0)
    i = m = 0
    while i < len(x) or m < len(y):
        if i < len(x) and m < len(y) and abs(x[i][0] - y[m][0]) <= tol:
            for n in range(I, P):
                if n != k: eq += x[i][1][n] == y[m][1][n]; tot += 1
            i += 1; m += 1
        elif m >= len(y) or (i < len(x) and x[i][0] < y[m][0]): tot += per; i += 1
        else: tot += per; m += 1
close = sum(abs(a["counters_final"][n * P + k] - b["counters_final"][n * P + k]) <= 1 for n in range(I, P) for k in range(P) if k != n)
d = f["decisions"]
assert (d["agreeing"], d["total"]) == (eq, tot), "floor decisions %s/%s, recount %d/%d" % (d["agreeing"], d["total"], eq, tot)
assert f["counters_within_1_lsb"]["within"] == close, (f["counters_within_1_lsb"], close)
print("level 5 floor (1e-3 sigma): decisions %d/%d, counters within 1 LSB %d/%d (recount equal)" % (eq, tot, close, f["counters_within_1_lsb"]["synapses"]))
PY
