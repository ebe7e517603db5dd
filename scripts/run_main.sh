#!/usr/bin/env bash
# The main job with the built-in default configuration: set-up, build, then the Figure-1 learning
# experiment on the 20-neuron SystemC chip model with the Verilated RTL learning controller in the
# loop and seeded device mismatch (sigma 0.2 on the DAC gains), a plot and a waveform of the last
# pass. Usage: scripts/run_main.sh [OUT_DIR] [extra `ebn learn` options]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" "$root/build"
out=${1:-"$root/runs/main"}
shift || true
"$root/build/apps/ebn" learn --backend chip --controller rtl --mismatch 0.2 --trace --out "$out" "$@"
/usr/bin/python3 "$root/scripts/plot_learning.py" "$out"
echo "plots:     $out/figure1.png $out/learning_curve.png"
echo "waveform:  $root/scripts/gtkwave_open.sh $out/last_pass.fst $out/last_pass.gtkw"
