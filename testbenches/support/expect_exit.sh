#!/usr/bin/env bash
# expect_exit.sh CODE REGEX CMD ARGS...: run CMD, pass iff it exits with CODE and its combined
# output matches REGEX (extended grep; empty REGEX = no check).
code=$1; regex=$2; shift 2
out=$("$@" 2>&1); rc=$?
echo "$out" | tail -n 20
if [ "$rc" != "$code" ]; then echo "FAIL: exit code $rc, expected $code"; exit 1; fi
if [ -n "$regex" ] && ! echo "$out" | grep -Eq -- "$regex"; then echo "FAIL: output does not match /$regex/"; exit 1; fi
echo "PASS: exit $rc"
