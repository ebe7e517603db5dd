# Helpers for the SETUP snippets of the bad-input cases (sourced by badinput_case.sh).
# rec DIR [DEFECT]: a small plausible recording, optionally with one defect (make_recording.py).
rec() { /usr/bin/python3 "$MAKE_RECORDING" "$@"; }
# json FILE TEXT: write a config/grid/params file.
json() { printf '%s\n' "$2" > "$1"; }
# tiny_sweep DIR: a finished two-job sweep (behavioral, 1 pass, 4 neurons) in DIR.
tiny_sweep() {
  json grid.json '{"fixed": {"experiment": {"passes": 1}, "network": {"neurons": 4}},
    "axes": [{"key": "experiment.seed", "values": [1, 2]}],
    "reliable": {"metric": "final.distance_to_optimal", "max": 0.5, "group_by": "experiment.seed"}}'
  "$EBN" sweep --grid grid.json --out "$1" --quiet > /dev/null
}
# edit_json FILE PYTHON: apply a Python statement to the JSON `j` of FILE (e.g. corrupt a job).
edit_json() {
  /usr/bin/python3 -c "import json, sys; p = sys.argv[1]; j = json.load(open(p)); $2; json.dump(j, open(p, 'w'))" "$1"
}
# need_sim1: skip the case when the shared Sim1 recording is absent.
need_sim1() { [ -d "$SIM1" ] || { echo "no $SIM1"; exit 77; }; }
# small_tmpfs DIR: a 64 KiB file system at DIR (skip the case when mounting is not permitted).
small_tmpfs() { mkdir -p "$1" && mount -t tmpfs -o size=${2:-64k} tmpfs "$1" 2>/dev/null || { echo "cannot mount tmpfs"; exit 77; }; }
