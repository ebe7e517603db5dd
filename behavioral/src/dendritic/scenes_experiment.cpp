// Natural-scene runs (spec §4.3, Fig 4D / 5A / S10): patches of the prepared stand-in photographs.
// Two test sets: the paper's (the first test_patterns training patterns, defect 5 kept) and a
// held-out set drawn from the independent test stream.
#include <chrono>
#include <cmath>

#include "behavioral/dendritic/experiment.h"
#include "behavioral/dendritic/input_stream.h"
#include "behavioral/dendritic/natural_scenes.h"
#include "behavioral/dendritic/prepared_data.h"

namespace ebn::dendritic {

namespace {
// S10: traces of the first `patterns` test patterns (plasticity off), sampled every `every_ms`.
double snapshot_correlation(DendriticNetwork& net, const std::vector<Eigen::VectorXd>& patterns, long count, double every_ms) {
  const std::size_t n = std::min<std::size_t>(patterns.size(), static_cast<std::size_t>(count));
  std::size_t next = 0;
  FadingInput input(net.params().steps_per_pattern(), net.params().fade_fraction, [&]() { return patterns[next++]; });
  const long every = std::max(1L, std::lround(every_ms / net.params().dt_ms));
  const long total = net.params().steps_per_pattern() * static_cast<long>(n);
  Eigen::MatrixXd traces(net.n_neurons(), total / every);
  for (long t = 1, column = 0; t <= total; ++t) {
    const Eigen::VectorXd& x = input.step();
    net.step(x, /*learn=*/false, input.changed());
    if (t % every == 0 && column < traces.cols()) traces.col(column++) = net.trace();
  }
  return mean_pairwise_correlation(traces);
}
}  // namespace

RunResult run_scenes(const DendriticConfig& c, Mutation mutation, const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r = seeded_result(c);
  const PatchSet patches(load_scene_cache(c.scenes.cache_dir));
  Rng train_rng(r.train_seed), test_rng(r.test_seed);
  // The paper's test set: the first test_patterns patterns of the training stream (drawn from a
  // copy of the training generator, so training then sees exactly these patterns first).
  Rng quirk_rng(r.train_seed);
  std::vector<Eigen::VectorXd> quirk_set, heldout_set;
  for (long k = 0; k < c.scenes.test_patterns; ++k) quirk_set.push_back(patches.draw(quirk_rng));
  for (long k = 0; k < c.scenes.heldout_patterns; ++k) heldout_set.push_back(patches.draw(test_rng));
  DendriticNetwork net(c.network, patches.n_inputs(), c.scenes.n_neurons, c.seed, mutation);
  TrainCurves curves = train_network(net, [&]() { return patches.draw(train_rng); }, {&quirk_set, &heldout_set}, c.schedule, progress);
  r.heldout_curve = std::move(curves.test[1]);
  r.heldout_test_loss = r.heldout_curve.empty() ? 0.0 : r.heldout_curve.back().loss;
  fill_trained_result(r, net, curves);
  r.trace_correlation = snapshot_correlation(net, quirk_set, c.scenes.correlation_patterns, c.scenes.correlation_every_ms);
  r.image_side = 8;
  r.column_major = true;
  r.wall_s = seconds_since(start);
  return r;
}

}  // namespace ebn::dendritic
