#!/usr/bin/env bash
# Mutation run of the RTL sign-off (issue 9): every single-line mutant of rtl/mutants/mutants.json
# is applied to a copy of the source tree, the C++-mode RTL checks are rebuilt (ccache), and the
# RTL rows of `ebn verify --quick` are run against it (same programs, same arguments as
# apps/verify/section_controller.cpp). A mutant is KILLED when at least one row fails, SURVIVED
# when all pass, ERROR when its original text is not in the current RTL (rebase it) or the tree
# did not build. Long (minutes per mutant): not part of CI; ctest label `slow` runs one mutant.
#
# usage: scripts/mutation_run.sh [--only ID[,ID...]] [--work DIR] [--no-baseline]
# Output: a table on stdout and WORK/mutation_report.md; exit 0 iff every mutant was killed and
# the unmutated baseline passed, 1 otherwise, 2 for bad usage.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=/tmp/ebn-mutation
ONLY=""
BASELINE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --no-baseline) BASELINE=0; shift ;;
    *) echo "mutation_run.sh: unknown argument $1 (usage: [--only ID,..] [--work DIR] [--no-baseline])" >&2; exit 2 ;;
  esac
done
MUTANTS=$ROOT/rtl/mutants/mutants.json
APPLY="/usr/bin/python3 $ROOT/scripts/apply_mutant.py $MUTANTS"
SHARED=$(grep -s '^EBN_SHARED_DIR:' "$ROOT/build/CMakeCache.txt" | cut -d= -f2)
SHARED=${SHARED:-/work/shared}
mkdir -p "$WORK/logs" || exit 2
LOG=$WORK/logs

# A fresh copy of the sources (tar keeps the mtimes, so only the RTL rebuilds); the RTL files get a new mtime so that ninja always rebuilds them.
prepare_tree() {
  rm -rf "$WORK/src" && mkdir -p "$WORK/src" || exit 2
  tar -C "$ROOT" --exclude='./build*' --exclude=./.git --exclude=./runs -cf - . | tar -C "$WORK/src" -xf - || exit 2
  touch "$WORK"/src/rtl/*.sv
}

build() {  # $1 = log name
  if [ ! -f "$WORK/build/build.ninja" ]; then
    cmake -S "$WORK/src" -B "$WORK/build" -G Ninja -DEBN_SHARED_DIR="$SHARED" \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DEBN_RTL_PLANTED_BUGS=OFF > "$LOG/$1.configure.log" 2>&1 || return 1
  fi
  cmake --build "$WORK/build" -j2 --target ebn-rtl-crosscheck > "$LOG/$1.build.log" 2>&1
}

# The RTL rows of `ebn verify --quick` (apps/verify/section_controller.cpp), in report order.
# Prints the names of the failing rows, "|"-separated; empty = all passed.
run_rows() {  # $1 = log name
  local xc=$WORK/build/apps/ebn-rtl-crosscheck failed="" rtl=$WORK/src/rtl
  local -a names=("RTL port scoreboard, parallel" "RTL port scoreboard, serial"
                  "C++ vs RTL controller, random events" "RTL coverage (functional bins, lines, toggles)"
                  "verilator --lint-only -Wall")
  local -a rows=("$xc --style parallel --quick --seed 7 --quiet"
                 "$xc --style serial --quick --seed 7 --quiet"
                 "$xc --stimulus events --events 100000 --seed 7 --quiet"
                 "$xc --quick --seed 7 --coverage $WORK/coverage_$1 --coverage-waivers $rtl/coverage_waivers.json --require-coverage --quiet"
                 "/usr/bin/verilator --lint-only -Wall $rtl/lint_waivers.vlt $rtl/ebn_pkg.sv $rtl/ebn_learning_ctrl.sv")
  for i in "${!rows[@]}"; do
    local out rc
    out=$(${rows[$i]} 2>&1); rc=$?
    printf '### %s\n%s\n(exit %d)\n' "${names[$i]}" "$out" "$rc" >> "$LOG/$1.rows.log"
    if [ "$rc" != 0 ] || { [ $i = 4 ] && echo "$out" | grep -q '%Warning'; }; then
      failed="$failed${failed:+|}${names[$i]}"
      [ -z "${FIRST_DETAIL:-}" ] && FIRST_DETAIL=$(echo "$out" | grep -m1 -E 'MISMATCH|%Error|%Warning|uncovered' | cut -c1-160)
    fi
  done
  echo "$failed"
}

REPORT=$WORK/mutation_report.md
: > "$LOG/summary.tsv"
{
  echo "# Mutation run ($(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null))"
  echo
  echo "| mutant | category | file | result | killed by | first failure |"
  echo "|---|---|---|---|---|---|"
} > "$REPORT"

status=0
if [ $BASELINE = 1 ]; then
  prepare_tree
  rm -f "$LOG/baseline.rows.log"
  if ! build baseline; then echo "baseline: build failed (see $LOG/baseline.build.log)"; exit 1; fi
  FIRST_DETAIL=""
  failed=$(run_rows baseline)
  if [ -n "$failed" ]; then echo "baseline (unmutated RTL) FAILS: $failed -- fix that first ($LOG/baseline.rows.log)"; exit 1; fi
  echo "baseline: unmutated RTL passes every RTL row"
fi

killed=0; survived=0; errors=0; total=0
while IFS=$'\t' read -r id category file bug; do
  if [ -n "$ONLY" ] && ! [[ ",$ONLY," == *",$id,"* ]]; then continue; fi
  total=$((total + 1))
  prepare_tree
  rm -f "$LOG/$id.rows.log"
  FIRST_DETAIL=""
  start=$(date +%s)
  if ! $APPLY apply "$id" "$WORK/src" 2> "$LOG/$id.apply.log"; then
    result=ERROR; by="original text not found: $(cat "$LOG/$id.apply.log")"; errors=$((errors + 1))
  elif ! build "$id"; then
    result=ERROR; by="build failed ($LOG/$id.build.log)"; errors=$((errors + 1))
  else
    failed=$(run_rows "$id")
    if [ -n "$failed" ]; then result=KILLED; by=$failed; killed=$((killed + 1))
    else result=SURVIVED; by="-"; survived=$((survived + 1)); fi
  fi
  detail=$(grep -m1 -E 'MISMATCH|uncovered|%Error|%Warning' "$LOG/$id.rows.log" 2>/dev/null | cut -c1-160)
  printf '%-32s %-9s %s (%ss)\n' "$id" "$result" "$by" "$(( $(date +%s) - start ))"
  printf '%s\t%s\t%s\t%s\n' "$id" "$result" "$by" "$detail" >> "$LOG/summary.tsv"
  echo "| $id | $category | $file | $result | $by | ${detail//|/\\|} |" >> "$REPORT"
  [ "$result" = KILLED ] || status=1
done < <($APPLY list)

echo "mutants: $total, killed $killed, survived $survived, errors $errors; report $REPORT"
{ echo; echo "mutants: $total, killed $killed, survived $survived, errors $errors"; } >> "$REPORT"
exit $status
