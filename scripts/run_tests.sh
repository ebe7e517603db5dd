#!/usr/bin/env bash
# The whole test suite: set-up, Release build, ctest in parallel.
#   scripts/run_tests.sh              the normal build (build/)
#   scripts/run_tests.sh --sanitize   ASan+UBSan build (build-sanitize/), same tests
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  # Benchmarks are not tests: the sanitizer build leaves them out to keep CI short.
  "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DEBN_SANITIZE=ON -DEBN_BUILD_BENCHMARKS=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Benchmark-sized tests are labelled "slow"; the sanitizer run skips them, the formal proofs
  # and the Slurm cluster test (yosys/z3 and Slurm daemons, no project code to sanitize beyond what
  # the other tests run) and the ThreadSanitizer check (its own build). The statistical
  # dendritic-ordering tests (test_dendritic_ladder, long training runs of code the dendritic unit
  # tests already cover under the sanitizer) are skipped by name: a discovered GoogleTest
  # executable carries one label only.
  exec ctest --test-dir "$build" -j"$(nproc)" --output-on-failure -LE "slow|formal|slurm|asan_sc_unwind|tsan" \
    -E "^DendriticOrdering\\."
fi
"$root/scripts/build.sh" "$root/build"
# Tests labelled "long" take many minutes each (a mutant rebuild of the tree, transistor-level
# runs); they are run by hand: ctest --test-dir build -L long.
exec ctest --test-dir "$root/build" -j"$(nproc)" --output-on-failure -LE long
