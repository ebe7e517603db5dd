#!/usr/bin/python3
"""Every `ebn verify` row must appear in docs/testplan.md (column "verify row", spelt exactly).

  testplan_check.py PROJECT_ROOT static       row names read from apps/verify/section_*.cpp
  testplan_check.py PROJECT_ROOT report R.md [--recording PATH ...]
                                              row names read from a real `ebn verify` report;
                                              a recording path inside a name stands for RECORDING
  testplan_check.py PROJECT_ROOT self-test    the check fails on a row added without an entry

Static reading: the second argument of every `.check(` call in a section file. String literals
are taken as written; a non-literal part (`"chip learning pass, " + ctrl + " controller"`)
becomes a wildcard that must match at least one testplan row. A name with no literal at all
cannot be read statically; the report mode covers it.
"""
import glob
import os
import re
import shutil
import sys
import tempfile


def testplan_rows(root):
    """Row names of the verify table in docs/testplan.md (second column, backticks removed)."""
    text = open(os.path.join(root, "docs", "testplan.md"), encoding="utf-8").read()
    start = text.find("## `ebn verify` rows")
    if start < 0:
        sys.exit("docs/testplan.md: no section '## `ebn verify` rows'")
    end = text.find("\n## ", start + 1)
    rows = []
    for line in text[start:end if end > 0 else None].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or set(cells[1]) <= set("-: ") or cells[1] == "verify row":
            continue
        rows.append(cells[1].replace("`", ""))
    return rows


def split_args(text, start):
    """Top-level arguments of the call whose '(' is at text[start - 1], up to the second one."""
    args, depth, cur, i = [], 0, "", start
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur += text[i:j + 1]
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(cur)
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(cur)
            cur = ""
            if len(args) == 2:
                return args
            i += 1
            continue
        cur += c
        i += 1
    return args


def name_pattern(expr):
    """C++ expression of string literals and variables joined by + -> (regex, has_literal)."""
    parts, literal = [], False
    for piece in re.finditer(r'"((?:[^"\\]|\\.)*)"|([^"+]+)', expr):
        if piece.group(1) is not None:
            parts.append(re.escape(piece.group(1)))
            literal = True
        elif piece.group(2).strip():
            parts.append(".+")
    return "^" + "".join(parts) + "$", literal


def static_names(root):
    found = []
    for path in sorted(glob.glob(os.path.join(root, "apps", "verify", "section_*.cpp"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"\.check\(", text):
            args = split_args(text, m.end())
            if len(args) < 2:
                continue
            pattern, literal = name_pattern(args[1].strip())
            line = text.count("\n", 0, m.start()) + 1
            found.append((f"{os.path.relpath(path, root)}:{line}", args[1].strip(), pattern, literal))
    return found


def check_static(root):
    rows = testplan_rows(root)
    names = static_names(root)
    if not names:
        return ["no `.check(` calls found in apps/verify/section_*.cpp (reader broken?)"]
    missing = []
    for where, expr, pattern, literal in names:
        if not literal:
            print(f"note: {where}: row name {expr} has no literal; covered by the report check only")
            continue
        if not any(re.match(pattern, r) for r in rows):
            missing.append(f"{where}: verify row {expr} has no entry in docs/testplan.md")
    print(f"{len(names)} verify rows in the code, {len(rows)} rows in the testplan")
    return missing


def check_report(root, report, recordings):
    rows = set(testplan_rows(root))
    text = open(report, encoding="utf-8").read()
    names = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[2].replace("*", "") in ("PASS", "FAIL", "ERROR"):
            name = cells[1]
            for rec in recordings:
                name = name.replace(rec, "RECORDING")
            names.append(name)
    if not names:
        return [f"{report}: no report rows found"]
    print(f"{len(names)} rows in {report}")
    return [f"{report}: verify row '{n}' has no entry in docs/testplan.md" for n in names if n not in rows]


def self_test(root):
    """A row added without a testplan entry must fail the static check."""
    tmp = tempfile.mkdtemp(prefix="ebn_testplan_")
    try:
        shutil.copytree(os.path.join(root, "apps", "verify"), os.path.join(tmp, "apps", "verify"))
        shutil.copytree(os.path.join(root, "docs"), os.path.join(tmp, "docs"))
        assert check_static(tmp) == [], "the real tree should pass before the mutation"
        with open(os.path.join(tmp, "apps", "verify", "section_zz_unplanned.cpp"), "w") as f:
            f.write('void f(Verifier& v) { v.check("9", "an unplanned row, " + x, "tag", {}, "c", judge_ran); }\n')
        missing = check_static(tmp)
        assert len(missing) == 1 and "an unplanned row" in missing[0], missing
        print("self-test: an unplanned row is reported:", missing[0])
    finally:
        shutil.rmtree(tmp)
    return []


def main():
    root, mode = sys.argv[1], sys.argv[2]
    if mode == "static":
        problems = check_static(root)
    elif mode == "report":
        report, rest = sys.argv[3], sys.argv[4:]
        recordings = [rest[i + 1] for i in range(len(rest) - 1) if rest[i] == "--recording"]
        problems = check_report(root, report, recordings)
    elif mode == "self-test":
        problems = self_test(root)
    else:
        sys.exit(f"unknown mode {mode}")
    for p in problems:
        print("MISSING:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
