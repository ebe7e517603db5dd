#!/usr/bin/env bash
# The synthesis table of the RTL learning controller (issue 9, docs/rtl.md): `ebn synth` for every
# weight width B and update style at the given network sizes, one yosys run at a time, then a
# markdown table of flip-flops, cells, area (transistors), yosys wall/CPU time and peak memory.
#
# usage: scripts/synth_table.sh EBN OUT [--neurons "20 32"] [--bits "3 4 5 6 7 8"] [--styles "parallel serial"]
# Each row is kept as OUT/area/<style>_n<N>_b<B>.json (the `ebn synth --json` output, which is
# also the layout of `ebn sweep-merge`'s area cache: copy OUT/area into a sweep folder to reuse
# it); rows already there are not synthesized again (delete OUT for a new RTL), so a stopped run
# resumes. The table goes to stdout and OUT/synth_table.md. Exit 1 if a synthesis failed.
set -u
if [ $# -lt 2 ]; then echo "usage: synth_table.sh EBN OUT [--neurons LIST] [--bits LIST] [--styles LIST]" >&2; exit 2; fi
EBN=$1; OUT=$2; shift 2
NEURONS="20 32"; BITS="3 4 5 6 7 8"; STYLES="parallel serial"
while [ $# -gt 0 ]; do
  case "$1" in
    --neurons) NEURONS=$2; shift 2 ;;
    --bits) BITS=$2; shift 2 ;;
    --styles) STYLES=$2; shift 2 ;;
    *) echo "synth_table.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$EBN" ] || { echo "synth_table.sh: $EBN is not an executable" >&2; exit 2; }
mkdir -p "$OUT/area" "$OUT/logs" || exit 2

status=0
for n in $NEURONS; do
  for style in $STYLES; do
    for b in $BITS; do
      name=${style}_n${n}_b${b}
      json=$OUT/area/$name.json
      if [ -s "$json" ]; then echo "$name: kept ($json)" >&2; continue; fi
      echo "$name: synthesizing ($(date -u +%H:%M:%S)) ..." >&2
      if "$EBN" synth --neurons "$n" --bits "$b" --style "$style" --json > "$json.tmp" 2> "$OUT/logs/$name.log"; then
        mv "$json.tmp" "$json"
      else
        echo "$name: FAILED (see $OUT/logs/$name.log)" >&2; rm -f "$json.tmp"; status=1
      fi
    done
  done
done

/usr/bin/python3 - "$OUT" <<'PY' | tee "$OUT/synth_table.md"
import glob, json, os, sys
rows = []
for path in glob.glob(os.path.join(sys.argv[1], "area", "*.json")):
    with open(path) as f:
        j = json.load(f)
    rows.append(j)
rows.sort(key=lambda j: (j["neurons_max"], j["style"] != "parallel", j["bits_max"]))
print("| NMax | BMax | style | flip-flops | cells | area (transistors) | yosys wall s | yosys CPU s | yosys peak MB |")
print("|---|---|---|---|---|---|---|---|---|")
for j in rows:
    print(f"| {j['neurons_max']} | {j['bits_max']} | {j['style']} | {j['flip_flops']} | {j['cells']} | "
          f"{j['area']:.0f} | {j['yosys_wall_s']:.0f} | {j['yosys_cpu_s']:.1f} | {j.get('yosys_max_rss_mb', 0):.0f} |")
versions = sorted({j.get("rtl_version", "?") for j in rows})
print(f"\nRTL version(s): {', '.join(versions)}")
PY
exit $status
