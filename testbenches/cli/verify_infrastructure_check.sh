#!/usr/bin/env bash
# `ebn verify` with a sibling program missing (ebn copied alone into a folder, so the RTL
# cross-check cannot start): that row is an ERROR (infrastructure), not a FAIL of the design; the
# command exits 3; the report says ERROR and links only files that exist.
#   verify_infrastructure_check.sh EBN WORKDIR
set -uo pipefail
ebn=$1; work=$2
rm -rf "$work"; mkdir -p "$work/bin"
cp "$ebn" "$work/bin/ebn"
out=$("$work/bin/ebn" verify --quick --quiet --out "$work/report" 2>&1); rc=$?
echo "$out"
[ $rc = 3 ] || { echo "FAIL: exit $rc, expected 3"; exit 1; }
echo "$out" | grep -Eq "C\+\+ vs RTL controller, random events +ERROR +could not run" || { echo "FAIL: no ERROR row"; exit 1; }
echo "$out" | grep -q "SIGN-OFF INCOMPLETE" || { echo "FAIL: verdict"; exit 1; }
# Level 5 needs ebn-spice (and libngspice): its "3 vs 5" row is ERROR too, never a pass.
echo "$out" | grep -Eq "level 3 calibrated on level 5 \(TT\) +ERROR +could not run" || { echo "FAIL: no ERROR row for 3 vs 5"; exit 1; }
# Only the rows that need the missing program (the RTL cross-check and scoreboard, and the coverage
# they collect, and level 5 -- ebn-spice) are ERROR (the coverage summaries, with nothing collected, FAIL): the
# others ran and passed.
echo "$out" | grep -Eq "level 1 float run +PASS" || { echo "FAIL: an unaffected row did not run"; exit 1; }
needs_sibling="C\+\+ vs RTL controller, random events|RTL port scoreboard|RTL coverage|level 3 calibrated on level 5"
echo "$out" | grep -E " (ERROR|FAIL) " | grep -Ev "$needs_sibling" | grep -v "SIGN-OFF" && { echo "FAIL: a row that does not need the missing program did not pass"; exit 1; }
[ "$(echo "$out" | grep -E " ERROR " | grep -Ev "$needs_sibling" | grep -vc "SIGN-OFF")" = 0 ] || { echo "FAIL: unexpected ERROR row"; exit 1; }
grep -q "\[log\](logs/crosscheck.log)" "$work/report/report.md" || { echo "FAIL: the ERROR row's log is not linked"; exit 1; }
grep -q '^\*\*ERROR\*\*' "$work/report/report.md" || { echo "FAIL: report verdict"; exit 1; }
# Every link in the report points to a file that was written.
missing=0
for link in $(grep -o '](\([^)]*\))' "$work/report/report.md" | sed 's/^](\(.*\))$/\1/'); do
  [ -f "$work/report/$link" ] || { echo "FAIL: report links $link, which was not written"; missing=1; }
done
[ $missing = 0 ] || exit 1
ls -a "$work" | grep -q partial && { echo "FAIL: temporary folder left"; exit 1; }
echo "PASS"
