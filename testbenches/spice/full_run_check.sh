#!/bin/sh
# full_run_check.sh EBN NETLIST DIR CORNER SEED: the 0.5 s single-synapse run at level 5, then
# `ebn calibrate` + `ebn replay` on the recording it wrote (level 5 -> level 3) with the issue-11 bars:
# open loop 100 %, closed loop >= 97 %, final counter equal, I_mem replay RMSE <= 1 % of the range.
set -e
ebn=$1; net=$2; dir=$3; corner=$4; seed=$5
rm -rf "$dir"
"$ebn" spice-run --netlist "$net" --corner "$corner" --mc-seed "$seed" --out "$dir/rec"
"$ebn" calibrate --recording "$dir/rec" --out "$dir/params.json" > "$dir/calibrate.txt"
"$ebn" replay --recording "$dir/rec" --params "$dir/params.json" --json > "$dir/replay.json"
/usr/bin/python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
r = json.load(open(d + "/replay.json"))
run = json.load(open(d + "/rec/run.json"))
rng = (run["i_mem_max_A"] - run["i_mem_min_A"]) * 1e9
ol, cl = r["open_loop"], r["closed_loop"]
ok = True
def check(name, cond, val):
    global ok
    print(("PASS " if cond else "FAIL ") + name + ": " + str(val))
    ok = ok and cond
check("open loop", ol["matched"] == ol["total"], f'{ol["matched"]}/{ol["total"]}')
check("closed loop >= 97 %", cl["matched"] >= 0.97 * cl["total"], f'{cl["matched"]}/{cl["total"]}')
check("final counter", cl["final_counter_model"] == cl["final_counter_recorded"],
      f'{cl["final_counter_model"]} vs {cl["final_counter_recorded"]}')
check("I_mem replay RMSE <= 1 % of range", r["replay_imem_rmse_nA"] <= 0.01 * rng,
      f'{r["replay_imem_rmse_nA"]:.4f} nA, range {rng:.3f} nA')
sys.exit(0 if ok else 1)
PY
