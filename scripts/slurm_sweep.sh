#!/usr/bin/env bash
# Slurm job array for `ebn sweep`: one array task = one shard.
#   sbatch --array=0-(N-1) scripts/slurm_sweep.sh GRID.json OUT_DIR N
# OUT_DIR must be on a shared file system; merge afterwards with `ebn sweep-merge OUT_DIR`.
#SBATCH --job-name=ebn-sweep
#SBATCH --cpus-per-task=1
#SBATCH --time=02:00:00
#SBATCH --output=ebn-sweep-%A_%a.log
set -euo pipefail
grid=$1; out=$2; shards=$3
# Slurm runs a copy of this script from its spool folder: find the project from the submit folder.
# EBN_BIN names another build's binary (the Slurm test passes its own).
root=${EBN_ROOT:-${SLURM_SUBMIT_DIR:-$(cd "$(dirname "$0")/.." && pwd)}}
exec "${EBN_BIN:-$root/build/apps/ebn}" sweep --grid "$grid" --shard "${SLURM_ARRAY_TASK_ID}/${shards}" --out "$out" --quiet
