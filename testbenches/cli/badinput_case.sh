#!/usr/bin/env bash
# One bad-input case (label `badinput`): in a fresh work folder W, run SETUP, then `ebn ARGS...`
# (every @W@ in SETUP and ARGS is replaced by W), and pass only if
#   * the exit code is CODE,
#   * stderr holds exactly ONE line besides warnings, "ebn: error: ...", matching REGEX (the
#     culprit: file, signal, key or option),
#   * nothing under W was created, removed or changed (names, types, sizes, mtimes), so no
#     half-written output, no temporary folder and no damaged input is left behind.
# Usage: badinput_case.sh EBN CODE REGEX SETUP [--fsize KB] -- ARGS...
# SETUP runs in W with EBN, W, MAKE_RECORDING (testbenches/cli/make_recording.py) and SIM1 set;
# it exits 77 to skip the case (e.g. shared data absent).
set -u
EBN=$1 CODE=$2 REGEX=$3 SETUP=$4
shift 4
FSIZE=""
if [ "${1:-}" = "--fsize" ]; then FSIZE=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
HERE=$(cd "$(dirname "$0")" && pwd)
export EBN MAKE_RECORDING="$HERE/make_recording.py" SIM1="${SIM1:-}"
W=$(mktemp -d "${TMPDIR:-/tmp}/ebn_badinput.XXXXXX")
LOG=$(mktemp -d "${TMPDIR:-/tmp}/ebn_badinput_log.XXXXXX")
export W
cleanup() {
  # Unmount anything the setup mounted (a small tmpfs for the full-disk cases) before removing W.
  for m in $(awk -v w="$W" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r); do umount "$m" 2>/dev/null; done
  rm -rf "$W" "$LOG"
}
trap cleanup EXIT
# Folders by name only (their mtime changes when a temporary entry comes and goes); everything else
# by name, type, size and mtime.
snapshot() { (cd "$W" && find . \( -type d -printf '%p d\n' \) -o -printf '%p %y %s %T@\n' | sort); }

(cd "$W" && source "$HERE/badinput_setup.sh" && eval "${SETUP//@W@/$W}") > "$LOG/setup" 2>&1
rc=$?
if [ $rc = 77 ]; then cat "$LOG/setup"; echo "SKIP"; exit 77; fi
if [ $rc != 0 ]; then cat "$LOG/setup"; echo "FAIL: setup exited $rc"; exit 1; fi
snapshot > "$LOG/before"

args=()
for a in "$@"; do args+=("${a//@W@/$W}"); done
if [ -n "$FSIZE" ]; then
  # Full disk stand-in where no tmpfs can be mounted: the file-size limit makes writes fail.
  (cd "$W" && trap '' XFSZ && ulimit -f "$FSIZE" && exec "$EBN" "${args[@]}") > "$LOG/out" 2> "$LOG/err"
else
  (cd "$W" && exec "$EBN" "${args[@]}") > "$LOG/out" 2> "$LOG/err"
fi
rc=$?
snapshot > "$LOG/after"

echo "\$ ebn ${args[*]}"
cat "$LOG/err"
fail=0
if [ "$rc" != "$CODE" ]; then echo "FAIL: exit code $rc, expected $CODE"; tail -5 "$LOG/out"; fail=1; fi
grep -v '^ebn: warning: ' "$LOG/err" > "$LOG/errors"
lines=$(wc -l < "$LOG/errors")
if [ "$lines" != 1 ]; then echo "FAIL: $lines error lines on stderr, expected exactly one"; fail=1; fi
if ! grep -q '^ebn: error: ' "$LOG/errors"; then echo "FAIL: no 'ebn: error:' line"; fail=1; fi
if ! grep -Eq -- "$REGEX" "$LOG/errors"; then echo "FAIL: message does not match /$REGEX/"; fail=1; fi
if ! diff "$LOG/before" "$LOG/after" > "$LOG/diff"; then
  echo "FAIL: the work folder changed (created, removed or modified):"; cat "$LOG/diff"; fail=1
fi
[ $fail = 0 ] && echo "PASS"
exit $fail
