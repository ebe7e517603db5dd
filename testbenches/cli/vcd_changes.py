#!/usr/bin/python3
"""Prints a VCD's waveform as its true value changes: the declarations as they are, then per time
stamp the values that differ from the variable's previous value, sorted by identifier. A writer may
repeat values and order the changes of one instant as it likes (FST re-states every variable at the
start of each compressed block, in its own order); GTKWave shows the same waveform. Time stamps
left without a change are dropped.  Usage: vcd_changes.py FILE.vcd"""
import sys


def main(path):
    out = sys.stdout
    last = {}
    time, changes = None, {}

    def emit():
        if changes:
            out.write(time + "\n")
            for ident in sorted(changes):
                out.write(changes[ident] + "\n")

    in_body = False
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not in_body:
                out.write(line + "\n")
                if line.startswith("$enddefinitions"):
                    in_body = True
                continue
            if not line or line.startswith("$"):  # $dumpvars / $end wrappers carry no values
                continue
            if line[0] == "#":
                emit()
                time, changes = line, {}
                continue
            if line[0] in "rRbB":
                value, ident = line.split(None, 1)
            else:  # scalar: 0!, 1!, x!, z!
                value, ident = line[0], line[1:]
            if last.get(ident) == value:
                continue
            last[ident] = value
            changes[ident] = line
    emit()


if __name__ == "__main__":
    main(sys.argv[1])
