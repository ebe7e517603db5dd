#!/usr/bin/env bash
# Slurm for real: start a single-node Slurm on this machine (munged + slurmctld + slurmd, all on
# 127.0.0.1, configuration, key, state and logs in a temporary folder), submit
# scripts/slurm_sweep.sh as a job array over a small bits x sigma grid, wait, merge, and check
# that the merged result equals the single-process sweep of the same grid.
#   slurm_sweep_check.sh EBN PROJECT_ROOT WORKDIR
# Exit 77 (ctest: skipped) naming what is missing when slurm-wlm / munge are not installed.
# Every wait is bounded; the daemons are stopped and the folder removed on any exit.
set -euo pipefail
ebn=$1; root=$2; work=$3
for tool in munged munge slurmctld slurmd sbatch sinfo; do
  command -v "$tool" > /dev/null || { echo "SKIP: $tool not installed (Debian packages slurm-wlm, munge)"; exit 77; }
done

rm -rf "$work"; mkdir -p "$work"
tmp=$(mktemp -d /tmp/ebn-slurm.XXXXXX)
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$p" 2> /dev/null || true
  done
  if [[ $rc -ne 0 && $rc -ne 77 ]]; then
    echo "--- slurm logs (failure) ---"; tail -n 20 "$tmp"/*.log 2> /dev/null || true
  fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
t_start=$(date +%s)

# munge: a fresh key, its own socket.
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 600 "$tmp/munge.key"
munged -F -f --key-file="$tmp/munge.key" --socket="$tmp/munge.sock" --pid-file="$tmp/munged.pid" \
  --seed-file="$tmp/munged.seed" --log-file="$tmp/munged.log" > "$tmp/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S "$tmp/munge.sock" ]] && break; sleep 0.1; done
[[ -S "$tmp/munge.sock" ]] || { echo "FAIL: munged did not start"; exit 1; }

# Ports from the process id, so two runs on one machine do not collide.
port=$((20000 + ($$ % 5000) * 2))
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=ebntest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$tmp/munge.sock
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=ebnnode NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=$(nproc) State=UNKNOWN
PartitionName=ebn Nodes=ebnnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" > "$tmp/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -N ebnnode -f "$SLURM_CONF" > "$tmp/slurmd.log" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 60); do
  if [[ "$(timeout 5 sinfo -h -n ebnnode -o %T 2> /dev/null)" == idle* ]]; then ready=1; break; fi
  sleep 0.5
done
[[ $ready -eq 1 ]] || { echo "FAIL: the Slurm node did not become idle within 30 s"; exit 1; }
echo "slurm up after $(($(date +%s) - t_start)) s (ports $port/$((port + 1)))"

# A small bits x sigma grid (2 x 2, 2 passes), 4 array tasks = 4 shards.
# The small bits x sigma grid shared with the other sweep checks.
cp "$(dirname "$0")/bits_sigma_grid.json" "$work/grid.json"
shards=4
EBN_BIN=$ebn timeout 240 sbatch --wait --parsable --array=0-$((shards - 1)) --chdir="$root" \
  -o "$work/slurm-%A_%a.log" "$root/scripts/slurm_sweep.sh" "$work/grid.json" "$work/slurm" $shards \
  > "$work/sbatch.out" || { echo "FAIL: job array failed or timed out"; cat "$work"/slurm-*.log; exit 1; }
echo "job array $(cat "$work/sbatch.out") done after $(($(date +%s) - t_start)) s"
"$ebn" sweep-merge "$work/slurm" --no-plot > /dev/null

# The same grid in one process.
"$ebn" sweep --grid "$work/grid.json" --out "$work/single" --quiet > /dev/null
"$ebn" sweep-merge "$work/single" --no-plot > /dev/null

# Merged tables equal, job by job and row by row (wall-clock columns excluded).
/usr/bin/python3 - "$work" <<'PY'
import csv, glob, json, os, sys
work = sys.argv[1]
a = sorted(glob.glob(f"{work}/slurm/jobs/*.json")); b = sorted(glob.glob(f"{work}/single/jobs/*.json"))
assert len(a) == 4 and [os.path.basename(x) for x in a] == [os.path.basename(x) for x in b], (a, b)
for x, y in zip(a, b):
    mx, my = json.load(open(x))["metrics"], json.load(open(y))["metrics"]
    mx.pop("wall_s", None); my.pop("wall_s", None)
    assert mx == my, (x, mx, my)
def rows(path):
    with open(path) as f:
        r = list(csv.DictReader(f))
    for row in r:
        for k in [k for k in row if "wall" in k]:
            row.pop(k)
    return r
ra, rb = rows(f"{work}/slurm/merged.csv"), rows(f"{work}/single/merged.csv")
assert len(ra) == 4 and ra == rb, (ra, rb)
print("Slurm job array == single process: 4 jobs, merged.csv identical")
PY
echo "PASS (wall $(($(date +%s) - t_start)) s)"
