#!/usr/bin/env bash
# The main job with the built-in default configuration: set-up, build, run, plot.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" "$root/build"
out=${1:-"$root/runs/main"}
"$root/build/apps/ebn" learn --out "$out"
/usr/bin/python3 "$root/scripts/plot_learning.py" "$out"
echo "results in $out"
