#pragma once
// The fast mode's next training signal, drawn on the spare core (spare_core.h) while this pass's
// trial runs.
//
// In the fast mode a training signal takes exactly one draw of the experiment stream and the
// learning trial after it one more (fast_normal.h), so the next pass's signal is drawn from the
// stream state after the trial's draw -- known before the trial starts. start() hands that state
// to the spare core; next() takes its signal only if it was drawn from exactly the caller's stream
// state (a validation between two passes draws from the stream too) and is finished; otherwise it
// draws the signal itself, never waiting for the spare core. Either way the
// values and the stream are the sequential run's, bit for bit (test FastSignalAhead.*).
#include <atomic>
#include <optional>

#include "behavioral/input_signal.h"
#include "behavioral/random.h"

namespace ebn::behavioral {

class FastSignalAhead {
 public:
  explicit FastSignalAhead(const NetworkParams& params);
  ~FastSignalAhead();
  FastSignalAhead(const FastSignalAhead&) = delete;
  FastSignalAhead& operator=(const FastSignalAhead&) = delete;

  // The signal `rng` draws next (rng advanced past it), as own.draw_into(rng, own_signal) would
  // draw it: the spare core's, or drawn here into own_signal. Valid until the second start() after.
  const InputSignal& next(RunRng& rng, const SignalGenerator& own, InputSignal& own_signal);
  // The spare core draws the signal that a stream in state `from` would draw. Returns the stream
  // state after that signal (where the trial it drives starts).
  RunRng start(const RunRng& from);
  // How many next() calls took the spare core's signal (tests, benchmarks).
  long taken() const { return taken_; }

 private:
  enum : int { kIdle = 0, kPosted = 1, kDrawing = 2, kReady = 3 };
  struct Slot {
    std::atomic<int> state{kIdle};
    std::optional<RunRng> from, after;  // written by the state's owner (poster, then the job)
    InputSignal signal;
  };
  void draw_ahead(int k);  // the spare core's job

  const SignalGenerator generator_;  // used by the jobs only (they run one at a time)
  Slot slots_[2];
  int posted_ = -1;  // the slot of the last start() (-1: none); next() reads it
  int held_ = -1;    // the slot whose signal the caller's current trial reads
  long taken_ = 0;
};

}  // namespace ebn::behavioral
