#!/bin/sh
# quick_run_check.sh EBN NETLIST DIR: a short level-5 run (8 pulses, 45 ms) with the C++ and with
# the Verilated RTL controller: both must write a complete recording, and the two recordings must
# be identical byte for byte (same circuit, same decisions, same counters).
set -e
ebn=$1; net=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
printf '{"spice": {"pulses": 8, "t_stop_s": 0.045}}\n' > "$dir/short.json"
"$ebn" spice-run --netlist "$net" --config "$dir/short.json" --controller cpp --out "$dir/cpp" --quiet
"$ebn" spice-run --netlist "$net" --config "$dir/short.json" --controller rtl --out "$dir/rtl" --quiet
for f in manifest.json spice_INPUT.csv spice_I_mem.csv spice_INC.csv spice_SL.csv spice_BitValue.csv waveforms.vcd ngspice.log; do
  [ -s "$dir/cpp/$f" ] || { echo "missing $dir/cpp/$f"; exit 1; }
done
for f in spice_INPUT.csv spice_I_mem.csv spice_INC.csv spice_SL.csv spice_BitValue.csv; do
  cmp "$dir/cpp/$f" "$dir/rtl/$f" || { echo "cpp and rtl controllers differ in $f"; exit 1; }
done
grep -q '"decisions": "[ISD]\{8\}"' "$dir/cpp/run.json" || { echo "expected 8 decisions"; exit 1; }
echo ok
