#!/usr/bin/env bash
# replay_trace_check.sh EBN RECORDING VCD GTKW: `ebn replay --trace VCD`; pass iff the VCD exists,
# declares every signal named in the GTKWave view, and carries real-valued I_mem changes.
set -euo pipefail
ebn=$1 rec=$2 vcd=$3 gtkw=$4
rm -f "$vcd"
"$ebn" replay --recording "$rec" --trace "$vcd" > /dev/null
test -s "$vcd" || { echo "FAIL: $vcd missing"; exit 1; }
for sig in $(grep -E '^SystemC\.' "$gtkw" | sed -E 's/^SystemC\.//; s/\[.*//'); do
  grep -qE '\$var +[a-z]+ +[0-9]+ +[^ ]+ +'"$sig"'( |\[)' "$vcd" || { echo "FAIL: signal $sig of $gtkw not in $vcd"; exit 1; }
done
grep -q '\$var real .* i_mem_recorded_nA' "$vcd" || { echo "FAIL: I_mem is not a real signal"; exit 1; }
test "$(grep -c '^r' "$vcd")" -gt 10000 || { echo "FAIL: too few real value changes"; exit 1; }
echo "PASS"
