#pragma once
// Jobs that draw from one random stream in a fixed order (validation runs, the three evaluation
// networks), run on two cores with the results of running them one after the other.
//
// Each job draws a number of values that is known in advance in all but rare cases (a trial draws
// one noise row per grid step it reaches, the readout a fixed count). The second half of the
// chain starts on another thread from the stream state predicted by `skip` over the first half;
// when the first half ends in a different state (the prediction failed), the second half is run
// again, in order, from the true state. Either way the results and the final stream state are
// those of the sequential run, bit for bit.
#include <atomic>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#include "behavioral/random.h"

namespace ebn::behavioral {

struct ChainJob {
  std::function<void(RunRng&)> run;   // does the job, drawing from the stream
  std::function<void(RunRng&)> skip;  // draws what `run` is expected to draw, discarding it
};

// Jobs of the second half must not share mutable state with jobs of the first half, and a job may
// run twice (speculatively, then again after a misprediction): it must overwrite its results.
// parallel = false: plain sequential run.
void run_chain(const std::vector<ChainJob>& jobs, RunRng& rng, bool parallel);

// The same speculation, all jobs on another thread while the caller goes on: the constructor starts
// `jobs` (in order) on a worker from the present state of `rng` and advances `rng` past the draws
// they are predicted to make (`skip`), so the caller may draw what follows at once. join() waits
// and says whether the jobs ended where the prediction said; if not, their results and everything
// the caller drew since are not those of the sequential run and must be redone. A job's exception
// is rethrown by join() (when the prediction held). Jobs must not share mutable state with what the
// caller does meanwhile. Used for the validation runs of the learning curve (trainer.cpp).
class BackgroundChain {
 public:
  // predicted_end: if given and it returns true, the end state it wrote (a prediction made
  // elsewhere from the same start, e.g. by TrainingPrefetch) replaces the skips here.
  BackgroundChain(std::vector<ChainJob> jobs, RunRng& rng,
                  const std::function<bool(RunRng& end)>& predicted_end = nullptr);
  ~BackgroundChain();  // joins
  BackgroundChain(const BackgroundChain&) = delete;
  BackgroundChain& operator=(const BackgroundChain&) = delete;
  bool join();
  bool finished() const { return finished_.load(std::memory_order_acquire); }  // join() will not wait

 private:
  std::vector<ChainJob> jobs_;
  std::atomic<bool> finished_{false};
  RunRng predicted_end_, end_;
  std::exception_ptr failure_;
  std::thread worker_;
};

// What a trial of `neurons` neurons over `samples` grid steps and its readout of `dims` dimensions
// draw when the trial ends on the last grid step (the usual case): `samples` noise rows of
// `neurons` normals, then (samples − 1)·dims readout normals (ebn_network.h, readout.h).
// fast_mode (network.fast_mode): a trial and a readout draw one value each (the seeds of their
// FastNormal streams, fast_normal.h), whatever the trial does, so the prediction is always right.
void skip_trial_and_readout(RunRng& rng, int neurons, int samples, int dims, bool fast_mode = false);
// The trial's part of that alone: `samples` rows of `neurons` normals, or one seed draw in fast_mode.
void skip_trial_noise(RunRng& rng, int neurons, long samples, bool fast_mode);

}  // namespace ebn::behavioral
