#!/bin/sh
# expect_nothing_written.sh REGEX EBN ARGS... : the command must exit 2 with one line matching
# REGEX on stderr, and the --out folder (last argument) must not exist afterwards.
regex=$1; shift
for last; do :; done
rm -rf "$last"
err=$("$@" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || { echo "exit code $rc, expected 2: $err"; exit 1; }
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "not one line: $err"; exit 1; }
printf '%s\n' "$err" | grep -Eq "$regex" || { echo "message '$err' does not match '$regex'"; exit 1; }
[ ! -e "$last" ] || { echo "output folder $last was written"; exit 1; }
echo "ok: $err"
