#!/usr/bin/python3
"""check_summary.py FILE.json EXPR [EXPR ...]: assert conditions on a JSON result.

Each EXPR is a Python expression over `j` (the parsed JSON), e.g.
  "j['final']['distance_to_optimal'] <= 0.2". Prints each value; exits 1 on the first failure.
"""
import json
import sys

j = json.load(open(sys.argv[1]))
for expr in sys.argv[2:]:
    ok = eval(expr, {"j": j})  # test-only helper over the project's own outputs
    print(("PASS " if ok else "FAIL ") + expr)
    if not ok:
        sys.exit(1)
