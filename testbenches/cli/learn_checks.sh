#!/usr/bin/env bash
# Checks of `ebn learn` that need more than an exit code (used by testbenches/behavioral.cmake):
#   learn_checks.sh nothing-written EBN OUTDIR ARGS...   bad input: exit 2, one "ebn: error:" line,
#                                                        OUTDIR not created / left empty
#   learn_checks.sh plot EBN SCRIPT OUTDIR               short run + plot_learning.py: all result
#                                                        files and two non-blank PNGs exist
set -u
mode=$1; ebn=$2; shift 2
case "$mode" in
  nothing-written)
    out=$1; shift
    rm -rf "$out"
    msg=$("$ebn" learn --quiet --out "$out" "$@" 2>&1); rc=$?
    echo "$msg"
    [ "$rc" = 2 ] || { echo "FAIL: exit code $rc, expected 2"; exit 1; }
    [ "$(echo "$msg" | grep -c '^ebn: error:')" = 1 ] || { echo "FAIL: expected one 'ebn: error:' line"; exit 1; }
    if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then echo "FAIL: $out is not empty:"; ls -la "$out"; exit 1; fi
    echo "PASS: exit 2, nothing written" ;;
  plot)
    script=$1; out=$2
    rm -rf "$out"
    "$ebn" learn --quiet --passes 2 --out "$out" > "$out.stdout" || { echo "FAIL: ebn learn failed"; exit 1; }
    cat "$out.stdout"
    grep -q "^learned" "$out.stdout" || { echo "FAIL: no final table on stdout"; exit 1; }
    for f in summary.json resolved_config.json weights_initial.csv weights_learned.csv weights_optimal.csv \
             spikes_initial.csv spikes_learned.csv spikes_optimal.csv reconstruction.csv; do
      [ -s "$out/$f" ] || { echo "FAIL: missing $out/$f"; exit 1; }
    done
    /usr/bin/python3 "$script" "$out" --check || { echo "FAIL: plot script"; exit 1; }
    for f in figure1.png learning_curve.png; do [ -s "$out/$f" ] || { echo "FAIL: missing $out/$f"; exit 1; }; done
    echo "PASS" ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
