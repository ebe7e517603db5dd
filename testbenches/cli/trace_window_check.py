#!/usr/bin/python3
"""A windowed trace covers exactly its window, with its own time origin.

  trace_window_check.py SUMMARY.json TRACE(.fst|.vcd) DURATION_S [ORIGIN_S]

Checks, from the file itself (FST read back with GTKWave's fst2vcd, an independent reader):
the first time stamp is 0, the last one is DURATION_S (to the file's resolution), the header
states the origin, and summary.json's "trace" entry agrees (origin_s = ORIGIN_S if given, else
> 0, i.e. the window does not start at the simulation's time 0).
"""
import json
import re
import subprocess
import sys

summary_path, trace, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
origin = float(sys.argv[4]) if len(sys.argv) > 4 else None
info = json.load(open(summary_path))["trace"]
text = (subprocess.run(["fst2vcd", trace], check=True, capture_output=True, text=True).stdout
        if trace.endswith(".fst") else open(trace).read())
m = re.search(r"\$timescale\s+(\d+)\s*(s|ms|us|ns|ps|fs)\s+\$end", text)
unit = int(m.group(1)) * {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15}[m.group(2)]
times = [int(t) for t in re.findall(r"^#(\d+)", text, re.M)]
errors = []
if times[0] != 0:
    errors.append(f"first time stamp {times[0]}, expected 0")
if abs(times[-1] * unit - duration) > unit:
    errors.append(f"last time stamp {times[-1] * unit} s, expected {duration} s")
stated = re.search(r"time 0 of this file = ([0-9.eE+-]+) s", text)
if not stated:
    errors.append("no origin stated in the header")
elif abs(float(stated.group(1)) - info["origin_s"]) > 1e-9 * max(1.0, info["origin_s"]):
    errors.append(f"header origin {stated.group(1)} != summary origin_s {info['origin_s']}")
if abs(info["duration_s"] - duration) > 1e-9:
    errors.append(f"summary duration_s {info['duration_s']}, expected {duration}")
if origin is None and not info["origin_s"] > 0:
    errors.append(f"summary origin_s {info['origin_s']}: the window should not start at 0")
if origin is not None and abs(info["origin_s"] - origin) > 1e-9:
    errors.append(f"summary origin_s {info['origin_s']}, expected {origin}")
if not (info["format"] == ("fst" if trace.endswith(".fst") else "vcd")):
    errors.append(f"summary format {info['format']}")
for e in errors:
    print("FAIL:", e)
print(f"{trace}: {len(times)} time stamps, 0 .. {times[-1] * unit:.9g} s, origin {info['origin_s']:.9g} s, "
      f"{info['bytes']} bytes ({info['vcd_bytes']} as VCD)")
sys.exit(1 if errors else 0)
