#!/bin/sh
# The two routes of `ebn learn --trace` give the same waveform: FST written directly by the chip
# tracer (chip_trace.h) and the raw SystemC VCD windowed by vcd_window.h (--trace-format vcd).
# Both are printed by GTKWave's tools (the VCD converted with vcd2fst, then both read back with
# fst2vcd, an independent reader) so that identifiers and number formats match; after the header
# (date, version text) they must list the same variables and, line by line, the same value changes
# at the same time stamps (vcd_changes.py drops values equal to the variable's previous one: the
# direct FST is written in blocks, and FST re-states every variable at a block's start).
#   trace_routes_agree.sh EBN WORK_DIR
set -eu
ebn=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
run="learn --backend chip --passes 2 --trace --quiet"
"$ebn" $run --out "$work/fst" > /dev/null
"$ebn" $run --trace-format vcd --out "$work/vcd" > /dev/null
here=$(dirname "$0")
fst2vcd "$work/fst/last_pass.fst" 2> /dev/null > "$work/fst.vcd"
/usr/bin/python3 "$here/vcd_changes.py" "$work/fst.vcd" | sed -n '/^\$scope/,$p' > "$work/from_fst.txt"
vcd2fst "$work/vcd/last_pass.vcd" "$work/vcd.fst" > /dev/null 2>&1
fst2vcd "$work/vcd.fst" 2> /dev/null > "$work/vcd.vcd"
/usr/bin/python3 "$here/vcd_changes.py" "$work/vcd.vcd" | sed -n '/^\$scope/,$p' > "$work/from_vcd.txt"
lines=$(wc -l < "$work/from_vcd.txt")
[ "$lines" -gt 1000 ] || { echo "FAIL: the VCD route wrote only $lines lines"; exit 1; }
if ! cmp -s "$work/from_fst.txt" "$work/from_vcd.txt"; then
  echo "FAIL: direct FST and windowed VCD differ:"; diff "$work/from_vcd.txt" "$work/from_fst.txt" | head -20; exit 1
fi
echo "direct FST and windowed VCD agree: $lines lines"
