#pragma once
// The fast mode's spare-core scenarios, shared by the unit tests (unit/test_ebn_fast_trial.cpp)
// and the ThreadSanitizer driver (tsan/spare_core_tsan.cpp): each runs a client of the spare core
// against the same work done in place and counts the values that differ.
#include <chrono>
#include <thread>
#include <vector>

#include "behavioral/fast_noise_rows.h"
#include "behavioral/fast_signal_ahead.h"

namespace ebn::behavioral::testing {

struct ScenarioCount {
  long differences = 0;    // values (or stream states) not equal to drawing in place
  long by_spare_core = 0;  // pieces the spare core delivered (0: the scenario proved nothing)
  long expected = 0;       // noise: trials whose chunks were expected (FastNoiseRows::expect)
};

// `trials` trials of noise rows for N = n (every fourth one twice as long: the buffers grow; in odd
// trials every third chunk skipped), drawn ahead on the spare core and in place, `pause_us` of work
// per chunk (0: the spare core mostly behind the trial's thread; larger: mostly ahead). In the
// trainer's order, the next trial is expected before this one begins (FastNoiseRows::expect):
// every fifth expectation is wrong (a validation drew more than predicted) and every seventh trial
// has none.
inline ScenarioCount noise_rows_scenario(int n, int trials, int pause_us) {
  FastNoiseRows ahead(n, true), plain(n, false);
  ScenarioCount count;
  const auto rows_of = [](int t) { return t % 4 == 3 ? 20001L : 10001L; };
  ahead.expect(1000, rows_of(0));
  for (int t = 0; t < trials; ++t) {
    const long rows = rows_of(t);
    if (t % 7 != 6) ahead.expect(1000 + t + 1 + (t % 5 == 4 ? 500 : 0), rows_of(t + 1));
    ahead.begin(1000 + t, rows);
    plain.begin(1000 + t, rows);
    const long chunks = (rows + ahead.chunk_rows() - 1) / ahead.chunk_rows();
    const long values = ahead.chunk_rows() * n + FastNoiseRows::kPadFloats;  // with the padding
    for (long c = 0; c < chunks; ++c) {
      if (t % 2 == 1 && c % 3 == 2) continue;
      const float* a = ahead.chunk(c);
      const std::vector<float> copy(a, a + values);  // valid until the next call
      const float* b = plain.chunk(c);
      for (long i = 0; i < values; ++i) count.differences += copy[i] != b[i];
      if (pause_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
    }
    ahead.end();
    plain.end();
  }
  count.by_spare_core = ahead.ahead_chunks();
  count.expected = ahead.expected_trials();
  return count;
}

// `passes` training signals drawn with FastSignalAhead against drawing each in turn: between two
// passes the trial's one draw (the prediction holds) and every fifth pass an extra draw (it fails);
// a pause of `pause_us` except every third pass (the spare core withdrawn or still busy).
inline ScenarioCount signal_ahead_scenario(int passes, int pause_us) {
  NetworkParams p;
  p.fast_mode = true;
  const SignalGenerator own(p);
  RunRng sequential(21), rng(21);
  FastSignalAhead ahead(p);
  InputSignal mine, expected;
  ScenarioCount count;
  for (int pass = 0; pass < passes; ++pass) {
    own.draw_into(sequential, expected);
    const InputSignal& got = ahead.next(rng, own, mine);
    count.differences += (got.drive.array() != expected.drive.array()).count() +
                         (got.target.array() != expected.target.array()).count() + (rng == sequential ? 0 : 1);
    RunRng predicted = rng;
    predicted();  // the trial's draw
    ahead.start(predicted);
    sequential();
    rng();
    if (pass % 5 == 4) {
      sequential();
      rng();
    }
    if (pass % 3 != 2) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
  }
  count.by_spare_core = ahead.taken();
  return count;
}

}  // namespace ebn::behavioral::testing
