#!/usr/bin/env bash
# dendritic_plot_test.sh EBN PLOT_SCRIPT CONFIG WORKDIR [fmnist]: a short run (bars or fmnist) and a
# 2-shard sweep through `ebn dendritic`, then the plot script; passes iff summary.json has the
# required keys and every PNG exists and is not blank. Exit 77 (skip) when Fashion-MNIST is absent.
set -u
ebn=$1; plot=$2; config=$3; work=$4; kind=${5:-bars}
py=/usr/bin/python3
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

if [ "$kind" = fmnist ]; then
  data=/usr/share/datasets/fashion-mnist
  [ -f "$data/train-images-idx3-ubyte.gz" ] || { echo "SKIP: Fashion-MNIST not found in $data"; exit 77; }
  "$ebn" dendritic fmnist --quick --config "$config" --seed 3 --out "$work/run" || fail "ebn dendritic fmnist"
  keys="test_loss linear_accuracy rule seed wall_s loss_curve"
else
  "$ebn" dendritic bars --quick --config "$config" --rule analytic --p 0.8 --seed 2 --out "$work/run" || fail "ebn dendritic bars"
  keys="test_loss rule p seed wall_s bars_found loss_curve"
fi
for f in summary.json config.json curve.csv feedforward.csv decoder.csv recurrent.csv; do
  [ -s "$work/run/$f" ] || fail "missing $work/run/$f"
done
$py - "$work/run/summary.json" $keys <<'PY' || fail "summary.json keys"
import json, math, sys
s = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    assert k in s, f"summary.json lacks {k}"
assert 0 < s["test_loss"] < 0.2 and math.isfinite(s["test_loss"]), s["test_loss"]
print("summary ok:", {k: s[k] for k in sys.argv[2:] if k != "loss_curve"})
PY
$py "$plot" run "$work/run" || fail "plot run"
pngs="$work/run/receptive_fields.png $work/run/loss_curve.png"

if [ "$kind" = bars ]; then
  for i in 0 1; do
    "$ebn" dendritic sweep --quick --config "$config" --rules analytic,somatic --p-values 0,0.8 --bits 0,8 --seeds 1 \
      --shard $i/2 --out "$work/sweep" || fail "sweep shard $i"
  done
  n=$(($(wc -l < "$work/sweep/results.csv") - 1))
  [ "$n" = 8 ] || fail "results.csv has $n jobs, expected 8"
  # Re-running a shard skips finished jobs.
  "$ebn" dendritic sweep --quick --config "$config" --rules analytic,somatic --p-values 0,0.8 --bits 0,8 --seeds 1 \
    --shard 0/2 --out "$work/sweep" | grep -q "ran 0 jobs, 4 already done" || fail "resume did not skip finished jobs"
  $py "$plot" sweep "$work/sweep" || fail "plot sweep"
  pngs="$pngs $work/sweep/loss_vs_p.png $work/sweep/loss_vs_bits.png"
fi
$py "$plot" check $pngs || fail "blank or missing PNG"
echo PASS
