#!/usr/bin/env bash
# Install every Debian package the project needs; skips what is already installed.
# Idempotent; safe to run on every build. Runs apt-get only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config   # toolchain
  ccache                                         # compiler cache: rebuilds of the same sources (CI, clones) are fast
  libsystemc-dev                                 # level 3: SystemC 2.3.4 (C++17 build)
  verilator                                      # level 4: RTL -> C++/SystemC
  libeigen3-dev                                  # level 1: linear algebra
  libgtest-dev libbenchmark-dev                  # tests and benchmarks
  nlohmann-json3-dev libcli11-dev                # config files, command line
  zlib1g-dev dataset-fashion-mnist               # dendritic balance: gzipped IDX data set
  gtkwave xvfb xauth                             # waveforms, headless screenshots
  python3 python3-matplotlib python3-numpy       # plots (run with /usr/bin/python3)
  yosys z3 boolector                             # level 4: formal properties, synthesis, equivalence
  ngspice libngspice0-dev                        # level 5: transistor-level co-simulation
  python3-brian                                  # peer benchmark (Brian2, cpp_standalone)
  python3-skimage espeak-ng sox                  # dendritic balance: natural scenes, speech
  slurm-wlm munge                                # sweeps under a real single-node Slurm (test)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  SUDO=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
