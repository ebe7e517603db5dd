#!/usr/bin/env bash
# mutants_apply_check.sh SOURCE_DIR WORK_DIR: every mutant of rtl/mutants/mutants.json applies to
# the current RTL (its original text is found as specified) and changes exactly one line; a mutant
# with a made-up original text is refused with exit 3 (reported as an ERROR by the mutation run).
set -u
src=$1; work=$2
json=$src/rtl/mutants/mutants.json
apply="/usr/bin/python3 $src/scripts/apply_mutant.py"
n=0
while IFS=$'\t' read -r id _ file _; do
  rm -rf "$work" && mkdir -p "$work/rtl" && cp "$src"/rtl/*.sv "$work/rtl/" || exit 1
  if ! $apply "$json" apply "$id" "$work"; then echo "FAIL: mutant $id does not apply"; exit 1; fi
  changed=$(diff "$src/$file" "$work/$file" | grep -c '^<')
  if [ "$changed" != 1 ]; then echo "FAIL: mutant $id changes $changed lines"; exit 1; fi
  n=$((n + 1))
done < <($apply "$json" list)
[ "$n" -ge 12 ] || { echo "FAIL: only $n mutants"; exit 1; }
# A stale mutant (original text gone) is an error, not a silent no-op.
printf '{"mutants": [{"id": "stale", "category": "x", "file": "rtl/ebn_pkg.sv", "original": "no such text", "replacement": "y", "bug": "z"}]}' > "$work/stale.json"
$apply "$work/stale.json" apply stale "$work" 2> "$work/stale.err"; rc=$?
if [ $rc != 3 ] || ! grep -q "rebase the mutant" "$work/stale.err"; then echo "FAIL: stale mutant gave exit $rc"; exit 1; fi
echo "PASS: $n mutants apply, one line each; a stale mutant is refused"
