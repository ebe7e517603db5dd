#pragma once
// The fast mode's next training signal, drawn on the spare core while this pass's trial runs.
//
// In the fast mode a training signal takes exactly one draw of the experiment stream and the
// learning trial after it one more (fast_normal.h), so the next pass's signal is drawn from the
// stream state after the trial's draw -- known before the trial starts. start() hands that state
// to a worker thread; next() takes the worker's signal only if it was drawn from exactly the
// caller's stream state (a validation between two passes draws from the stream too) and is
// finished; otherwise it draws the signal itself, never waiting for the worker. Either way the
// values and the stream are the sequential run's, bit for bit (test FastSignalAhead.*).
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

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
  // draw it: the worker's, or drawn here into own_signal. Valid until the second start() after.
  const InputSignal& next(RunRng& rng, const SignalGenerator& own, InputSignal& own_signal);
  // The worker draws the signal that a stream in state `from` would draw.
  void start(const RunRng& from);
  // How many next() calls took the worker's signal (tests, benchmarks).
  long taken() const { return taken_; }

 private:
  enum : int { kIdle = 0, kPosted = 1, kDrawing = 2, kReady = 3 };
  struct Slot {
    std::atomic<int> state{kIdle};
    std::optional<RunRng> from, after;  // written by the state's owner (poster, then worker)
    InputSignal signal;
  };
  void work();

  NetworkParams params_;
  Slot slots_[2];
  int posted_ = -1;  // the slot of the last start() (-1: none); next() reads it
  int held_ = -1;    // the slot whose signal the caller's current trial reads
  long taken_ = 0;
  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
};

}  // namespace ebn::behavioral
