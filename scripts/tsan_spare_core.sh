#!/usr/bin/env bash
# ThreadSanitizer check of the fast mode's spare core and its clients (testbenches/tsan/): builds
# the driver with -fsanitize=thread from the few sources it needs and runs it. Exit 0: no race
# reported and every value equal to the one drawn in place (~45 s). Usage: scripts/tsan_spare_core.sh [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
src=$root/behavioral/src
g++ -std=c++17 -O1 -g -fsanitize=thread -ffp-contract=off -Wno-psabi -I"$root/behavioral/include" -I"$root/common/include" -I"$root/testbenches/support" -I/usr/include/eigen3 \
  "$root/testbenches/tsan/spare_core_tsan.cpp" "$src/spare_core.cpp" "$src/fast_noise_rows.cpp" \
  "$src/fast_signal_ahead.cpp" "$src/input_signal.cpp" "$src/fast_signal.cpp" "$src/fast_normal.cpp" \
  "$src/simd_kernels.cpp" "$src/random.cpp" "$src/params.cpp" "$root/common/src/config_reader.cpp" \
  "$root/common/src/errors.cpp" -lpthread -o "$work/spare_core_tsan"
TSAN_OPTIONS="halt_on_error=1" "$work/spare_core_tsan"
echo "tsan_spare_core: no data race reported"
