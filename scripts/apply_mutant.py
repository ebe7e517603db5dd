#!/usr/bin/env python3
"""Apply one RTL mutant of rtl/mutants/mutants.json to a source tree, or list the mutants.

usage: apply_mutant.py MUTANTS_JSON list
       apply_mutant.py MUTANTS_JSON apply ID TREE

Exit 0 applied / listed; 3 if the mutant's original text is not found exactly as specified
(once, or at least `occurrence` times): the mutant must be rebased onto the current RTL, and
the mutation run reports it as an ERROR, never as killed; 2 for bad usage or an unknown id.
"""
import json
import sys


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        mutants = json.load(f)["mutants"]
    if sys.argv[2] == "list":
        for m in mutants:
            print(f"{m['id']}\t{m['category']}\t{m['file']}\t{m['bug']}")
        return 0
    if sys.argv[2] != "apply" or len(sys.argv) != 5:
        print("usage: apply_mutant.py MUTANTS_JSON apply ID TREE", file=sys.stderr)
        return 2
    by_id = {m["id"]: m for m in mutants}
    if sys.argv[3] not in by_id:
        print(f"{sys.argv[1]}: no mutant with id {sys.argv[3]}", file=sys.stderr)
        return 2
    m = by_id[sys.argv[3]]
    path = f"{sys.argv[4]}/{m['file']}"
    with open(path) as f:
        text = f.read()
    original, replacement = m["original"], m["replacement"]
    if "\n" in original or "\n" in replacement or original == replacement:
        print(f"{sys.argv[1]}: mutant {m['id']}: original/replacement must be one differing line", file=sys.stderr)
        return 2
    count = text.count(original)
    nth = m.get("occurrence")
    if (nth is None and count != 1) or (nth is not None and count < nth):
        print(f"{m['file']}: mutant {m['id']}: original text found {count} time(s), "
              f"expected {'exactly once' if nth is None else f'at least {nth}'}: rebase the mutant", file=sys.stderr)
        return 3
    pos = -1
    for _ in range(nth or 1):
        pos = text.index(original, pos + 1)
    with open(path, "w") as f:
        f.write(text[:pos] + replacement + text[pos + len(original):])
    return 0


if __name__ == "__main__":
    sys.exit(main())
