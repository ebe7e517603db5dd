#!/usr/bin/env bash
# replay_plot_check.sh EBN RECORDING PLOT_SCRIPT WORKDIR: `ebn replay --out`, then plot_replay.py;
# pass iff the PNG exists and is not blank (several distinct colours, reasonable size).
set -euo pipefail
ebn=$1 rec=$2 plot=$3 work=$4
rm -rf "$work"
"$ebn" replay --recording "$rec" --out "$work" > /dev/null
/usr/bin/python3 "$plot" "$work"
png="$work/replay.png"
test -s "$png" || { echo "FAIL: $png missing or empty"; exit 1; }
/usr/bin/python3 - "$png" <<'PY'
import sys
import matplotlib.image as mpimg
import numpy as np
img = mpimg.imread(sys.argv[1])
h, w = img.shape[:2]
colours = len(np.unique((img[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0))
print(f"{sys.argv[1]}: {w}x{h}, {colours} distinct colours")
if w < 800 or h < 600 or colours < 50 or img[..., :3].std() < 0.02:
    sys.exit("FAIL: the picture looks blank")
print("PASS")
PY
