#!/bin/sh
# formal_mutant.sh EBN SOURCE_DIR WORK_DIR "name | style | property | sed": copies rtl/ to
# WORK_DIR/<name>/rtl, applies the sed to ebn_learning_ctrl.sv and runs `ebn formal` on that copy
# for the one property and style; passes only if the copy differs from the original and the
# property FAILS with a counterexample (exit 1).
set -eu
ebn=$1; src=$2; work=$3; line=$4
field() { echo "$line" | cut -d'|' -f"$1" | sed 's/^ *//; s/ *$//'; }
name=$(field 1); style=$(field 2); prop=$(field 3); expr=$(echo "$line" | cut -d'|' -f4- | sed 's/^ *//')
dir="$work/$name"
rm -rf "$dir"; mkdir -p "$dir/rtl"
cp "$src/rtl/ebn_pkg.sv" "$src/rtl/ebn_learning_ctrl.sv" "$dir/rtl/"
sed -i "$expr" "$dir/rtl/ebn_learning_ctrl.sv"
if cmp -s "$src/rtl/ebn_learning_ctrl.sv" "$dir/rtl/ebn_learning_ctrl.sv"; then
  echo "mutant $name: the sed '$expr' no longer changes rtl/ebn_learning_ctrl.sv (update formal_mutants.txt)"
  exit 1
fi
set +e
"$ebn" formal --rtl "$dir/rtl" --style "$style" --property "$prop" --out "$dir/out" --quiet > "$dir/formal.txt" 2>&1
rc=$?
set -e
cat "$dir/formal.txt"
if [ $rc -eq 1 ] && grep -q "FAIL" "$dir/formal.txt" && grep -q "counterexample at step" "$dir/formal.txt"; then
  echo "mutant $name killed by $prop ($style)"
  exit 0
fi
echo "mutant $name NOT killed by $prop ($style): ebn formal exit $rc"
exit 1
