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

void skip_trial_and_readout(RunRng& rng, int neurons, int samples, int dims) {
  const auto& normal = standard_normal();
  std::vector<double> scratch(static_cast<std::size_t>(std::max(neurons, 1)));
  for (int row = 0; row < samples; ++row) normal.fill(rng, scratch.data(), neurons);
  std::vector<double> eta(static_cast<std::size_t>(std::max(samples - 1, 0)) * dims);
  normal.fill(rng, eta.data(), static_cast<long>(eta.size()));
}

}  // namespace ebn::behavioral
