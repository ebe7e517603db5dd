// Speech runs (spec §4.4, Fig 5E / S11) on the prepared cochleogram stand-in: the training stream
// takes columns in blocks with random starts; test passes run over a fixed test draw; after
// training a snapshot records the mean input, the mean reconstruction D z and the spike raster
// per sample.
#include <chrono>

#include "behavioral/dendritic/experiment.h"
#include "behavioral/dendritic/input_stream.h"
#include "behavioral/dendritic/prepared_data.h"
#include "behavioral/dendritic/speech_input.h"

namespace ebn::dendritic {

RunResult run_speech(const DendriticConfig& c, Mutation mutation, const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r = seeded_result(c);
  const Cochleogram cochleogram = load_speech_cache(c.speech.cache_dir);
  const SpeechInput speech(cochleogram.data, speech_variant_from_name(c.speech.variant));
  Rng train_rng(r.train_seed), test_rng(r.test_seed);
  SpeechInput::Stream train_stream(speech, train_rng), test_stream(speech, test_rng);
  std::vector<Eigen::VectorXd> test_set;
  for (long k = 0; k < c.speech.test_samples; ++k) test_set.push_back(test_stream.next());
  DendriticNetwork net(c.network, speech.n_inputs(), c.speech.n_neurons, c.seed, mutation);
  TrainCurves curves = train_network(net, [&]() { return train_stream.next(); }, {&test_set}, c.schedule, progress);
  fill_trained_result(r, net, curves);

  // Snapshot: the first snapshot_samples test samples, plasticity off.
  const long n = std::min<long>(c.speech.snapshot_samples, static_cast<long>(test_set.size()));
  const int steps = c.network.steps_per_pattern();
  std::size_t next = 0;
  FadingInput input(steps, c.network.fade_fraction, [&]() { return test_set[next++]; });
  r.snapshot_input = Eigen::MatrixXd::Zero(speech.n_inputs(), n);
  r.snapshot_reconstruction = Eigen::MatrixXd::Zero(speech.n_inputs(), n);
  long active_steps = 0, coincident_steps = 0;
  for (long t = 0; t < n * steps; ++t) {
    const Eigen::VectorXd& x = input.step();
    const Eigen::VectorXd& s = net.step(x, /*learn=*/false, input.changed());
    const std::size_t before = r.raster.size();
    for (int j = 0; j < s.size(); ++j)
      if (s[j] != 0.0) r.raster.emplace_back((t + 1) * c.network.dt_ms, j);
    const std::size_t spikes = r.raster.size() - before;
    active_steps += spikes > 0;
    coincident_steps += spikes > 1;
    r.snapshot_input.col(t / steps) += x / steps;
    r.snapshot_reconstruction.col(t / steps) += net.decoder() * net.trace() / steps;
  }
  if (active_steps > 0) {
    r.coincident_step_fraction = static_cast<double>(coincident_steps) / static_cast<double>(active_steps);
    r.spikes_per_active_step = static_cast<double>(r.raster.size()) / static_cast<double>(active_steps);
  }
  r.wall_s = seconds_since(start);
  return r;
}

}  // namespace ebn::dendritic
