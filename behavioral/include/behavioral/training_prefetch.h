#pragma once
// The training signal of the next pass, drawn on a second core while the network runs this one
// (default mode; the fast mode has its spare core instead, fast_signal_ahead.h).
//
// Between two validations the stream holds, per training pass, the training signal and then the
// trial's input noise (trainer.h, draw order 2): `samples` rows of N normals when the trial ends on
// the last grid step, the usual case (parallel_chain.h). While the caller runs pass j, a worker
// thread draws the signal of pass j+1 and then that trial's noise, and so on, up to kSlots passes
// ahead of the caller. The noise is kept (noise(), predrawn_noise.h; up to kMaxPredrawBytes per
// pass, above that it is skipped, ZigguratNormal::skip) so that the trial reads it instead of
// drawing it again. When start() is told where the validations lie and what
// they draw, the worker also skips each validation's draws and runs on across it; the caller may
// then take the predicted stream state after the validation (validation_end) instead of skipping
// it itself. The caller takes a prefetched signal only when its stream state is exactly the one
// the worker started that draw from; otherwise (a trial or validation that drew a different
// number of values) it draws the signal itself and the worker restarts from there. Either way
// every value and the stream state are those of the sequential run, bit for bit. The noise draws
// thus leave the network's core, and the expensive part of a signal (the FFT smoothing) goes to
// the core that has time for it (Slot::smoothing).
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "behavioral/input_signal.h"
#include "behavioral/predrawn_noise.h"
#include "behavioral/random.h"

namespace ebn::behavioral {

// What the stream holds between the passes of one TrainingPrefetch::start(): before its pass p
// (counted from the start, p > 0, p % every == 0) a validation that draws what `skip` skips.
// every = 0: nothing. after_last: one more after the last pass (the end of the learning curve);
// before_first: one before the first pass too. signals > 0: a validation is `signals` trials of
// the trained network, each followed by its readout (skip_trial_and_readout, parallel_chain.h);
// then the worker keeps their noise (ValidationNoise) instead of skipping it, within
// kMaxValidationBytes.
struct PrefetchValidations {
  int every = 0;
  std::function<void(RunRng&)> skip;
  bool after_last = false;
  bool before_first = false;
  int signals = 0;
};

// A validation's noise drawn ahead: per signal the trial's rows and the readout's η (one row).
struct ValidationNoise {
  std::vector<PredrawnNoise> trial, readout;
};

class TrainingPrefetch {
 public:
  // Default mode only (params.fast_mode throws std::logic_error).
  // neurons: of the trained network (rows of noise per grid step); `own`: the caller's generator,
  // used on the caller's thread for the draws it makes itself.
  TrainingPrefetch(const NetworkParams& params, int neurons, const SignalGenerator& own);
  ~TrainingPrefetch();
  TrainingPrefetch(const TrainingPrefetch&) = delete;
  TrainingPrefetch& operator=(const TrainingPrefetch&) = delete;

  // Whether to prefetch (and, in run_experiment, to validate in the background: the other work
  // that overlaps the learning passes): EBN_PREFETCH=on|off in the environment decides (another
  // value than on/off/auto throws InputError naming the variable); otherwise ("auto") only
  // when a core is free for the worker right now (the tasks runnable at this moment, /proc/loadavg;
  // training_prefetch.cpp). Measured on the shared 2-core VM at load ~3: the worker's CPU share
  // came out of the trial's and the N = 100 learning loop was 20 % slower with it. Results are the
  // same either way.
  static bool wanted();
  // Runnable tasks (threads) on the machine at this moment, the caller's included; -1: unknown.
  static int runnable_now();

  // Larger trial noise is skipped, not kept (kSlots passes' worth are held at a time).
  static constexpr long kMaxPredrawBytes = 8l << 20;
  // Larger validation noise is skipped, not kept (two validations' worth are held at a time).
  static constexpr long kMaxValidationBytes = 12l << 20;

  using Validations = PrefetchValidations;
  // The next `passes` calls of next() are consecutive training passes, with only `validations`
  // between them. The first is drawn by next() itself; the worker then runs ahead. from: the
  // stream state where the first pass (or the validation before it) starts, known already: the
  // worker starts from there at once, while the caller does other work (no trial is running).
  void start(int passes, Validations validations = {}, const RunRng* from = nullptr);
  // Before the next pass (or after the last, with after_last), whose validation the caller is about
  // to run from `rng`: the stream state after that validation as the worker predicted it, when it
  // started that prediction from `rng` (waits for it). False when it did not (then the caller
  // predicts itself).
  // noise: when the worker kept that validation's noise, the index of its buffer (else -1); the
  // caller passes validation_noise(index) to the runs and calls release_validation_noise(index)
  // once they are over (the worker reuses the buffer; it waits while both are held).
  bool validation_end(const RunRng& rng, RunRng& end, int* noise = nullptr);
  const ValidationNoise& validation_noise(int index) const { return validation_noise_[index].noise; }
  void release_validation_noise(int index);
  // The signal of the next pass, drawn from `rng` (which is advanced past it), as
  // SignalGenerator::draw_into would draw it; a prefetched one when `rng` is where the worker
  // predicted it, else drawn here (and the worker restarted). The reference stays valid until the
  // following call. Returns whether the prefetched signal was used.
  const InputSignal& next(RunRng& rng, bool* prefetched = nullptr);
  // The trial noise kept for the signal next() returned last (null: not kept, or that signal was
  // drawn by the caller); the trainer offers it to that pass's trial (TrialNoiseScope).
  const PredrawnNoise* noise() const { return keep_noise_ && held_slot_ >= 0 ? &slots_[held_slot_].noise : nullptr; }
  // Stops the worker (also done by the destructor).
  void stop();

 private:
  struct Slot {
    InputSignal signal;
    PredrawnNoise noise;                  // the trial's, when kept (keep_noise_)
    std::optional<RunRng> before, after;  // stream state before and after the signal's draw
    std::optional<RunRng> validation_start, validation_end;  // around the validation before it, if any
    int validation_noise = -1;  // its kept noise (validation_noise_ index), if any
    // Default mode: the worker leaves the signal's draws in z, and the smoothing (the FFTs, the most
    // expensive part) to whichever thread comes first: itself when it has run kSlots passes ahead,
    // else the caller, which is otherwise idle while the worker catches up.
    std::vector<double> z;
    enum class Smoothing { pending, running, done } smoothing = Smoothing::done;
    long pass = -1;
    bool ready = false;
  };
  // Smooths `slot` on this thread if no other has started (mutex held by `lock`); waits until it is done.
  void smooth(Slot& slot, std::unique_lock<std::mutex>& lock, const SignalGenerator& generator);
  // From the state after the signal of pass first_pass − 1: skips its trial's noise, [skips the
  // validation before first_pass,] draws the signal of first_pass and its trial's noise, ... up to end_pass.
  // trial_running = false: from the state where first_pass's validation or signal starts.
  void work(RunRng rng, long first_pass, long end_pass, bool trial_running = true);
  bool validation_before(long pass) const {
    const long p = pass - start_pass_;
    if (!validations_.skip) return false;
    return p == 0 ? validations_.before_first : validations_.every > 0 && p % validations_.every == 0;
  }

  NetworkParams params_;
  int neurons_;
  long samples_;
  // A generator is not shared between threads: the worker builds its own (on its thread).
  std::optional<SignalGenerator> worker_generator_;
  const SignalGenerator& own_generator_;
  InputSignal own_signal_;
  // Passes the worker may run ahead: a validation's skip takes as long as several passes, and
  // with one slot of slack the caller waited for it at every validation.
  static constexpr int kSlots = 4;
  Slot slots_[kSlots];
  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool cancel_ = false;
  long next_pass_ = 0;  // pass the caller takes next (slot next_pass_ % kSlots)
  int held_slot_ = -1;  // slot whose signal the caller's current trial reads (-1: its own)
  long end_pass_ = 0;   // one past the last pass of the current start()
  long start_pass_ = 0;  // first pass of the current start()
  Validations validations_;
  bool keep_noise_ = false;  // within kMaxPredrawBytes
  std::optional<RunRng> last_validation_start_, last_validation_end_;  // after_last, once predicted
  int last_validation_noise_ = -1;
  bool keep_validation_noise_ = false;  // signals > 0, within kMaxValidationBytes
  struct ValidationBuffer {
    ValidationNoise noise;
    enum class State { free, drawn, handed } state = State::free;  // drawn: by the worker, not yet handed out
  };
  ValidationBuffer validation_noise_[2];
  // The validation's draws from `rng` (advanced past them): kept in a free buffer (returns its
  // index; waits for one) or skipped (-1). Returns -2 if cancelled while waiting.
  int draw_validation(RunRng& rng);
  void reset_validation_noise();  // a new worker: what the stopped one drew and did not hand out is free
};

}  // namespace ebn::behavioral
