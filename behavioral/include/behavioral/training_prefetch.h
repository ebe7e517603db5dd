#pragma once
// The training signal of the next pass, drawn on a second core while the network runs this one.
//
// Between two validations the stream holds, per training pass, the training signal and then the
// trial's input noise (trainer.h, draw order 2): `samples` rows of N normals when the trial ends on
// the last grid step, the usual case (parallel_chain.h). While the caller runs pass j, a worker
// thread skips the noise that trial is expected to draw (ZigguratNormal::skip, about half the cost
// of drawing it) and draws the signal of pass j+1, and so on, one pass ahead of the caller. The caller
// runs each trial itself, drawing its noise from its own stream as before, and takes a prefetched
// signal only when its stream state is exactly the one the worker started that draw from;
// otherwise (a trial that drew a different number of rows) it draws the signal itself and the
// worker restarts from there. Either way every value and the stream state are those of the
// sequential run, bit for bit. The expensive part of a signal (the FFT smoothing) thus leaves the
// network's core.
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "behavioral/input_signal.h"
#include "behavioral/random.h"

namespace ebn::behavioral {

class TrainingPrefetch {
 public:
  // neurons: of the trained network (rows of noise per grid step); `own`: the caller's generator,
  // used on the caller's thread for the draws it makes itself.
  TrainingPrefetch(const NetworkParams& params, int neurons, const SignalGenerator& own);
  ~TrainingPrefetch();
  TrainingPrefetch(const TrainingPrefetch&) = delete;
  TrainingPrefetch& operator=(const TrainingPrefetch&) = delete;

  // Whether to prefetch (and, in run_experiment, to validate in the background: the other work
  // that overlaps the learning passes): EBN_PREFETCH=on|off in the environment decides (another
  // value than on/off/auto throws InputError naming the variable); otherwise ("auto") only
  // when the 1-minute load average leaves a core free for the worker (load + 2 <= cores + 0.5).
  // Measured on the shared 2-core VM at load ~3: the worker's CPU share came out of the trial's
  // and the N = 100 learning loop was 20 % slower with it. Results are the same either way.
  static bool wanted();

  // The next `passes` calls of next() are consecutive training passes (no other draws between
  // them). The first is drawn by next() itself; the worker then runs ahead.
  void start(int passes);
  // The signal of the next pass, drawn from `rng` (which is advanced past it), as
  // SignalGenerator::draw_into would draw it; a prefetched one when `rng` is where the worker
  // predicted it, else drawn here (and the worker restarted). The reference stays valid until the
  // following call. Returns whether the prefetched signal was used.
  const InputSignal& next(RunRng& rng, bool* prefetched = nullptr);
  // Stops the worker (also done by the destructor).
  void stop();

 private:
  struct Slot {
    InputSignal signal;
    std::optional<RunRng> before, after;  // stream state before and after the draw
    bool ready = false;
  };
  // From the state after the signal of pass first_pass − 1: skips its trial's noise, draws the
  // signal of first_pass, skips, ... up to end_pass.
  void work(RunRng rng, long first_pass, long end_pass);
  // What a training trial is expected to draw (skip_trial_and_readout without the readout).
  void skip_trial_noise(RunRng& rng) const;

  NetworkParams params_;
  int neurons_;
  long samples_;
  // A generator is not shared between threads: the worker builds its own (on its thread).
  std::optional<SignalGenerator> worker_generator_;
  const SignalGenerator& own_generator_;
  InputSignal own_signal_;
  Slot slots_[2];
  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool cancel_ = false;
  long next_pass_ = 0;  // pass the caller takes next (slot next_pass_ % 2)
  int held_slot_ = -1;  // slot whose signal the caller's current trial reads (-1: its own)
  long end_pass_ = 0;   // one past the last pass of the current start()
};

}  // namespace ebn::behavioral
