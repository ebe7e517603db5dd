#!/usr/bin/env bash
# gtkwave_replay_png.sh REPLAY.vcd OUT.png: headless GTKWave screenshot of a replay trace with the
# committed view waves/replay.gtkw (Xvfb; see notes section 7). Exits 1 if no PNG was written.
set -euo pipefail
vcd=$1 png=$2
here=$(cd "$(dirname "$0")/.." && pwd)
tcl=$(mktemp /tmp/ebn_replay_grab.XXXXXX.tcl)
trap 'rm -f "$tcl"' EXIT
cat > "$tcl" <<TCL
gtkwave::/Time/Zoom/Zoom_Best_Fit
gtkwave::/File/Grab_To_File $png
gtkwave::/File/Quit
TCL
rm -f "$png"
xvfb-run -a -s "-screen 0 1600x1000x24" gtkwave -S "$tcl" "$vcd" "$here/waves/replay.gtkw" > /dev/null 2>&1 || true
test -s "$png" || { echo "gtkwave_replay_png.sh: no screenshot written to $png" >&2; exit 1; }
echo "wrote $png"
