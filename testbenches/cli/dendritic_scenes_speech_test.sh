#!/usr/bin/env bash
# dendritic_scenes_speech_test.sh EBN PLOT_SCRIPT CONFIG WORKDIR CACHE: short scenes and speech
# runs (quick, tiny schedule from CONFIG), a 2-shard scenes rate sweep and a speech
# one-spike-per-step sweep on the shared runner (+ resume), then the plots of the paper's layout.
# Passes iff the summaries hold the metrics, results.csv is complete and every PNG is non-blank.
set -u
ebn=$1; plot=$2; config=$3; work=$4; cache=$5
py=/usr/bin/python3
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$ebn" dendritic scenes --quick --config "$config" --rule analytic --rate-hz 25 --seed 2 --cache-dir "$cache" \
  --out "$work/scenes" || fail "ebn dendritic scenes"
"$ebn" dendritic speech --quick --config "$config" --rule somatic --one-spike-per-step --seed 1 --cache-dir "$cache" \
  --out "$work/speech" || fail "ebn dendritic speech"
$py - "$work/scenes/summary.json" "$work/speech/summary.json" <<'PY' || fail "summary.json content"
import json, math, sys
sc, sp = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("test_loss", "min_test_loss", "mean_last9_test_loss", "heldout_test_loss", "trace_correlation", "n_neurons"):
    assert k in sc and math.isfinite(sc[k]), k
assert sc["n_neurons"] == 40, sc["n_neurons"]             # round(1000 / 25 Hz)
assert 0 < sc["test_loss"] < 0.5 and 0 < sc["heldout_test_loss"] < 0.5
assert -1 <= sc["trace_correlation"] <= 1
assert sp["one_spike_per_step"] is True and sp["variant"] == "fig5e" and sp["raster_spikes"] > 0
assert sp["coincident_step_fraction"] == 0 and sp["spikes_per_active_step"] == 1  # the constraint held
assert 0 < sp["test_loss"] < 5
print("summaries ok")
PY
for f in snapshot_input.csv snapshot_reconstruction.csv raster.csv; do [ -s "$work/speech/$f" ] || fail "missing $f"; done
$py "$plot" run "$work/scenes" || fail "plot scenes run"
$py "$plot" run "$work/speech" || fail "plot speech run"
$py "$plot" curves "$work/curves.png" "$work/scenes" "$work/speech" || fail "plot curves"

for i in 0 1; do
  "$ebn" dendritic sweep --experiment scenes --quick --config "$config" --rules analytic,somatic --rates-hz 20,25 --seeds 1 \
    --shard $i/2 --out "$work/rate_sweep" || fail "scenes sweep shard $i"
done
n=$(($(wc -l < "$work/rate_sweep/results.csv") - 1))
[ "$n" = 4 ] || fail "scenes results.csv has $n jobs, expected 4"
"$ebn" dendritic sweep --experiment scenes --quick --config "$config" --rules analytic,somatic --rates-hz 20,25 --seeds 1 \
  --shard 1/2 --out "$work/rate_sweep" | grep -q "ran 0 jobs, 2 already done" || fail "resume did not skip finished jobs"
[ -s "$work/rate_sweep/grid.json" ] || fail "no grid.json (shared runner)"
"$ebn" dendritic sweep --experiment speech --quick --config "$config" --rules analytic --one-spike-per-step-values false,true \
  --seeds 1 --out "$work/speech_sweep" || fail "speech sweep"
$py "$plot" sweep "$work/rate_sweep" || fail "plot rate sweep"
$py "$plot" sweep "$work/speech_sweep" || fail "plot speech sweep"
$py "$plot" check "$work/scenes/receptive_fields.png" "$work/speech/reconstruction.png" "$work/speech/raster.png" \
  "$work/rate_sweep/fig4d_loss_vs_neurons.png" "$work/rate_sweep/s10_correlation_vs_neurons.png" \
  "$work/speech_sweep/fig5e_loss.png" "$work/curves.png" || fail "blank or missing PNG"
echo PASS
