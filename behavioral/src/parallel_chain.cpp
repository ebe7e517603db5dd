#include "behavioral/parallel_chain.h"

#include <algorithm>
#include <exception>
#include <thread>

namespace ebn::behavioral {

void run_chain(const std::vector<ChainJob>& jobs, RunRng& rng, bool parallel) {
  const std::size_t split = (jobs.size() + 1) / 2;
  if (!parallel || jobs.size() < 2) {
    for (const ChainJob& job : jobs) job.run(rng);
    return;
  }
  RunRng predicted = rng;
  for (std::size_t j = 0; j < split; ++j) jobs[j].skip(predicted);
  const RunRng second_start = predicted;
  RunRng second = predicted;
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      for (std::size_t j = split; j < jobs.size(); ++j) jobs[j].run(second);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    for (std::size_t j = 0; j < split; ++j) jobs[j].run(rng);
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (rng == second_start) {
    if (failure) std::rethrow_exception(failure);
    rng = second;
    return;
  }
  // Misprediction: the speculative results are discarded and overwritten in order.
  for (std::size_t j = split; j < jobs.size(); ++j) jobs[j].run(rng);
}

BackgroundChain::BackgroundChain(std::vector<ChainJob> jobs, RunRng& rng,
                                 const std::function<bool(RunRng& end)>& predicted_end)
    : jobs_(std::move(jobs)), predicted_end_(rng), end_(rng) {
  // The worker needs only the start state: it starts before the prediction is made here, so the
  // two overlap (the skip of ten validation runs was ~4 ms of a 20-neuron pass with the other core idle).
  worker_ = std::thread([this] {
    try {
      for (const ChainJob& job : jobs_) job.run(end_);
    } catch (...) {
      failure_ = std::current_exception();
    }
    finished_.store(true, std::memory_order_release);
  });
  if (!predicted_end || !predicted_end(predicted_end_))
    for (const ChainJob& job : jobs_) job.skip(predicted_end_);
  rng = predicted_end_;
}

BackgroundChain::~BackgroundChain() {
  if (worker_.joinable()) worker_.join();
}

bool BackgroundChain::join() {
  if (worker_.joinable()) worker_.join();
  if (!(end_ == predicted_end_)) return false;
  if (failure_) std::rethrow_exception(failure_);
  return true;
}

void skip_trial_noise(RunRng& rng, int neurons, long samples, bool fast_mode) {
  if (fast_mode) {  // the seed of the trial's noise (fast_normal.h)
    rng();
    return;
  }
  const auto& normal = standard_normal();
  for (long row = 0; row < samples; ++row) normal.skip(rng, neurons);  // one fill per row
}

void skip_trial_and_readout(RunRng& rng, int neurons, int samples, int dims, bool fast_mode) {
  skip_trial_noise(rng, neurons, samples, fast_mode);
  if (fast_mode) {
    rng();  // the readout's seed
    return;
  }
  standard_normal().skip(rng, static_cast<long>(std::max(samples - 1, 0)) * dims);  // one fill of all
}

}  // namespace ebn::behavioral
