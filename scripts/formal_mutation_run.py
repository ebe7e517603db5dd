#!/usr/bin/env python3
"""Kill matrix of the formal properties: every mutant of a mutants.json (the format of
rtl/mutants/mutants.json: file, original, replacement, occurrence) is applied to a copy of rtl/
and `ebn formal --property combined` (every group in one bounded run from reset) names the groups
its counterexample breaks, per update style (a mutant named serial-*/parallel-* in that style only).

  scripts/formal_mutation_run.py EBN MUTANTS_JSON OUT_DIR [--depth 6] [--styles parallel,serial] [--only ID,...]

Writes OUT_DIR/kill_matrix.md (+ .json); exit 0 if every mutant is killed in some style, 1 if one
survives, 2 on bad input (a mutant whose original text is not found is an ERROR, never a kill)."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time


def apply(src_root, work, m):
    rtl = os.path.join(work, "rtl")
    os.makedirs(rtl, exist_ok=True)
    for f in ("ebn_pkg.sv", "ebn_learning_ctrl.sv"):
        shutil.copy(os.path.join(src_root, "rtl", f), rtl)
    path = os.path.join(work, m["file"])
    text = open(path).read()
    n = m.get("occurrence", 1)
    pos = -1
    for _ in range(n):
        pos = text.find(m["original"], pos + 1)
        if pos < 0:
            return None
    if m.get("occurrence") is None and text.count(m["original"]) != 1:
        return None
    open(path, "w").write(text[:pos] + m["replacement"] + text[pos + len(m["original"]):])
    return rtl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ebn")
    ap.add_argument("mutants")
    ap.add_argument("out")
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--styles", default="parallel,serial")
    ap.add_argument("--only", default="")
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    a = ap.parse_args()
    try:
        mutants = json.load(open(a.mutants))["mutants"]
    except (OSError, ValueError, KeyError) as e:
        print(f"formal_mutation_run: {a.mutants}: {e}", file=sys.stderr)
        return 2
    only = set(filter(None, a.only.split(",")))
    rows, survivors = [], 0
    for m in mutants:
        if only and m["id"] not in only:
            continue
        if not m["file"].startswith("rtl/"):
            continue
        work = os.path.join(a.out, m["id"])
        shutil.rmtree(work, ignore_errors=True)
        rtl = apply(a.source, work, m)
        row = {"id": m["id"], "bug": m.get("bug", ""), "styles": {}}
        if rtl is None:
            row["error"] = "original text not found"
            rows.append(row)
            survivors += 1
            continue
        killed = False
        # A mutant named serial-* / parallel-* changes only that style's logic.
        styles = [s for s in a.styles.split(",") if not m["id"].startswith(("serial-", "parallel-")) or
                  m["id"].startswith(s + "-")]
        for style in styles:
            t0 = time.time()
            p = subprocess.run([a.ebn, "formal", "--rtl", rtl, "--style", style, "--property", "combined",
                                "--depth", str(a.depth), "--out", os.path.join(work, style), "--json", "--quiet"],
                               capture_output=True, text=True)
            res = {"exit": p.returncode, "time_s": round(time.time() - t0, 1)}
            try:
                run = json.loads(p.stdout)["runs"][0]
                res["result"] = run["result"]
                res["detail"] = run["detail"]
                groups = re.findall(r"([a-z_?]+) \(line \d+\)", run["detail"])
                res["groups"] = sorted(set(groups))
            except (ValueError, KeyError, IndexError):
                res["result"] = "ERROR"
                res["detail"] = (p.stderr or p.stdout).strip().splitlines()[-1:] or ""
                res["groups"] = []
            killed = killed or res["result"] == "FAIL"
            row["styles"][style] = res
            print(f"{m['id']} {style}: {res['result']} {', '.join(res['groups'])} ({res['time_s']} s)", flush=True)
        row["killed"] = killed
        survivors += not killed
        rows.append(row)
    os.makedirs(a.out, exist_ok=True)
    json.dump(rows, open(os.path.join(a.out, "kill_matrix.json"), "w"), indent=1)
    with open(os.path.join(a.out, "kill_matrix.md"), "w") as f:
        styles = a.styles.split(",")
        f.write("| mutant | " + " | ".join(styles) + " |\n|---|" + "---|" * len(styles) + "\n")
        for r in rows:
            cells = [r.get("error", "")] * len(styles) if "error" in r else [
                (r["styles"][s]["result"] + ": " + ", ".join(r["styles"][s]["groups"])) if s in r["styles"] else "-"
                for s in styles]
            f.write(f"| {r['id']} | " + " | ".join(cells) + " |\n")
    print(f"{len(rows) - survivors} of {len(rows)} mutants killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
