#!/usr/bin/env bash
# gtkwave_screenshot.sh RUN.fst|RUN.vcd VIEW.gtkw OUT.png: render a GTKWave view to a PNG headlessly
# (xvfb-run + waves/grab.tcl; notes section 7). gtkwave exits 0 even when the grab failed, so this
# script checks the result itself: exit 1 if no PNG was written or if it is blank: fewer than 8
# distinct colours, or fewer than 1000 trace-green pixels (GTKWave draws waves in green on black,
# so an empty wave pane -- wrong signal names, empty VCD -- has none).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 RUN.vcd VIEW.gtkw OUT.png" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
vcd=$1 view=$2 png=$3
[[ -s "$vcd" ]] || { echo "$0: no waveform at $vcd" >&2; exit 2; }
[[ -f "$view" ]] || { echo "$0: no view at $view" >&2; exit 2; }
mkdir -p "$(dirname "$png")"
png=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
rm -f "$png"
GRAB_PNG="$png" xvfb-run -a -s "-screen 0 1600x1100x24" gtkwave -S "$here/waves/grab.tcl" "$vcd" "$view" > /dev/null 2>&1 || true
[[ -s "$png" ]] || { echo "$0: no screenshot written to $png" >&2; exit 1; }
/usr/bin/python3 - "$png" <<'PY'
import sys
from PIL import Image
img = Image.open(sys.argv[1]).convert("RGB")
colours = img.getcolors(maxcolors=1 << 24)
green = sum(count for count, (r, g, b) in colours if g > 150 and r < 100 and b < 100)
if len(colours) < 8 or green < 1000:
    sys.exit(f"gtkwave_screenshot.sh: {sys.argv[1]} looks blank ({len(colours)} colours, {green} trace pixels)")
print(f"wrote {sys.argv[1]} ({img.size[0]}x{img.size[1]}, {len(colours)} colours, {green} trace pixels)")
PY
