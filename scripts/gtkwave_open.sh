#!/usr/bin/env bash
# gtkwave_open.sh RUN.fst|RUN.vcd [VIEW.gtkw]: open GTKWave on a waveform (FST or VCD) with a committed view
# (default waves/chip.gtkw). The VCD is passed explicitly, so the view's [dumpfile] does not matter.
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 RUN.fst|RUN.vcd [VIEW.gtkw]   (e.g. ebn chip-run --trace chip.fst; $0 chip.fst)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
vcd=$1
view=${2:-$here/waves/chip.gtkw}
[[ -s "$vcd" ]] || { echo "$0: no waveform at $vcd" >&2; exit 2; }
[[ -f "$view" ]] || { echo "$0: no view at $view" >&2; exit 2; }
command -v gtkwave > /dev/null || { echo "$0: gtkwave not installed (scripts/setup.sh)" >&2; exit 2; }
exec gtkwave "$vcd" "$view"
