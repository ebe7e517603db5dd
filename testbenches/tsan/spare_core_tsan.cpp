// ThreadSanitizer driver for the fast mode's spare core (spare_core.h) and its two clients:
// the noise rows drawn ahead (fast_noise_rows.h) and the next signal drawn ahead
// (fast_signal_ahead.h). Built and run by scripts/tsan_spare_core.sh (not part of ctest: the
// project's libraries are not built with -fsanitize=thread). Exit 0 when every value equals the
// one drawn in place; TSan reports races itself (and fails the run with exit 66).
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "behavioral/fast_noise_rows.h"
#include "behavioral/fast_signal_ahead.h"

using namespace ebn::behavioral;

namespace {

long noise_mismatches(int n) {
  FastNoiseRows ahead(n, true), plain(n, false);
  long mismatches = 0, drawn_ahead = 0;
  for (int t = 0; t < 40; ++t) {
    const long rows = t % 7 == 3 ? 20001 : 10001;  // a longer trial: the buffers grow
    ahead.begin(77 + t, rows);
    plain.begin(77 + t, rows);
    const long chunks = (rows + ahead.chunk_rows() - 1) / ahead.chunk_rows();
    for (long c = 0; c < chunks; ++c) {
      if (t % 3 == 1 && c % 2) continue;  // skipped chunks
      const float* a = ahead.chunk(c);
      const std::vector<float> copy(a, a + ahead.chunk_rows() * n);
      const float* b = plain.chunk(c);
      for (long i = 0; i < ahead.chunk_rows() * n; ++i) mismatches += copy[i] != b[i];
      if (t % 2) std::this_thread::sleep_for(std::chrono::microseconds(30));
    }
    ahead.end();
    plain.end();
    drawn_ahead += ahead.ahead_chunks();
  }
  std::printf("noise rows, N = %d: %ld chunks drawn ahead, %ld values differ\n", n, drawn_ahead, mismatches);
  return mismatches;
}

long signal_mismatches() {
  NetworkParams p;
  p.fast_mode = true;
  const SignalGenerator own(p);
  RunRng sequential(21), rng(21);
  FastSignalAhead ahead(p);
  InputSignal mine, expected;
  long bad = 0;
  for (int pass = 0; pass < 200; ++pass) {
    own.draw_into(sequential, expected);
    const InputSignal& got = ahead.next(rng, own, mine);
    bad += !((got.drive.array() == expected.drive.array()).all()) || !(rng == sequential);
    RunRng predicted = rng;
    predicted();
    ahead.start(predicted);
    sequential();
    rng();
    if (pass % 5 == 4) {  // a misprediction
      sequential();
      rng();
    }
    if (pass % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(pass % 7 * 10));
  }
  std::printf("next signal: %ld of 200 taken from the spare core, %ld differ\n", ahead.taken(), bad);
  return bad;
}

}  // namespace

int main() {
  const long bad = noise_mismatches(20) + noise_mismatches(100) + signal_mismatches();
  return bad == 0 ? 0 : 1;
}
