// ThreadSanitizer driver for the fast mode's spare core (spare_core.h) and its two clients, the
// noise rows and the next signal drawn ahead: the unit tests' scenarios (support/
// spare_core_scenarios.h). Built and run by scripts/tsan_spare_core.sh (ctest spare_core.tsan; the
// project's libraries are not built with -fsanitize=thread). Exit 0 when every value equals the
// one drawn in place; TSan reports races itself and fails the run.
#include <cstdio>

#include "spare_core_scenarios.h"

using namespace ebn::behavioral::testing;

int main() {
  long differences = 0;
  for (int n : {20, 100}) {
    const ScenarioCount noise = noise_rows_scenario(n, 40, 30);
    std::printf("noise rows, N = %d: %ld chunks drawn ahead, %ld values differ\n", n, noise.by_spare_core,
                noise.differences);
    differences += noise.differences;
  }
  const ScenarioCount signal = signal_ahead_scenario(200, 100);
  std::printf("next signal: %ld of 200 taken from the spare core, %ld values differ\n", signal.by_spare_core,
              signal.differences);
  differences += signal.differences;
  return differences == 0 ? 0 : 1;
}
