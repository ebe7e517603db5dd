// Performance of levels 1/2 (issue 2): realtime factor = simulated s / wall s of one training
// trial (learning on, dt = 0.1 ms, one core) for the default experiment scaled to N neurons.
// Counter "realtime_factor" is what the targets (>= 1000 / 200 / 20 for N = 20 / 100 / 1000)
// refer to. Two operating points:
//   TrainingTrial/learned  weights at the discretised optimum C* (the regime in which learning
//                          spends all passes after the first few): input-driven, few spikes;
//   TrainingTrial/initial  the random initial weights W0 (the first pass; spike-dominated).
// Issue 12 targets from the initial state: >= 3000 / 600 / 10 (N = 20 / 100 / 1000). N is scaled by
// the default network.neuron_scaling rule ("rate": input amplitude x N/20), as `ebn learn --neurons`.
// WholeExperiment: the whole default experiment (51 passes, validation, evaluation, both cores as
// `ebn learn` runs it, output files excluded), wall time: issue 12 target <= 0.15 s at N = 20.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "behavioral/ebn_network.h"
#include "behavioral/input_signal.h"
#include "behavioral/neuron_scaling.h"
#include "behavioral/trainer.h"

namespace {

using namespace ebn::behavioral;

EbnConfig scaled_config(int neurons, bool quantized = false) {
  EbnConfig c = scale_to_neurons(EbnConfig{}, neurons);  // as `ebn learn --neurons`
  c.learning.quantized = quantized;
  return c;
}

void run_trials(benchmark::State& state, bool learned, bool quantized) {
  const EbnConfig c = scaled_config(static_cast<int>(state.range(0)), quantized);
  const ExperimentInit init = initialise(c);
  RunRng rng(c.experiment.seed);
  const InputSignal signal = SignalGenerator(c.network).draw(rng);
  NetworkSetup setup = init.initial_setup();
  if (learned) {
    setup = init.optimal_setup();
    setup.weights = init.c_optimal;
    setup.weights.diagonal().setZero();
  }
  long spikes = 0, updates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto net = make_behavioral_backend(setup, c);  // every trial starts from the same weights
    state.ResumeTiming();
    const TrialResult r = net->run_trial(signal, true, rng);
    spikes += static_cast<long>(r.spikes.size());
    updates += r.weight_updates;
    benchmark::DoNotOptimize(r.spikes.data());
  }
  state.counters["realtime_factor"] = benchmark::Counter(c.network.trial_s, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["spikes_per_trial"] = benchmark::Counter(static_cast<double>(spikes) / state.iterations());
  state.counters["updates_per_trial"] = benchmark::Counter(static_cast<double>(updates) / state.iterations());
}

void BM_TrainingTrialLearned(benchmark::State& s) { run_trials(s, true, false); }
void BM_TrainingTrialInitial(benchmark::State& s) { run_trials(s, false, false); }
void BM_TrainingTrialLearnedQuantized(benchmark::State& s) { run_trials(s, true, true); }
BENCHMARK(BM_TrainingTrialLearned)->Arg(20)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrainingTrialInitial)->Arg(20)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_TrainingTrialLearnedQuantized)->Arg(20)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_WholeExperiment(benchmark::State& state) {
  const EbnConfig c = scaled_config(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const ExperimentResult r = run_experiment(c, make_behavioral_backend, nullptr, true);
    benchmark::DoNotOptimize(r.distance_final);
    state.counters["learning_realtime_factor"] = r.learning_simulated_s / r.learning_wall_s;
  }
}
BENCHMARK(BM_WholeExperiment)->Arg(20)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// What `ebn learn` pays per pass besides the network: drawing a fresh input signal.
void BM_SignalDraw(benchmark::State& state) {
  const EbnConfig c;
  const SignalGenerator gen(c.network);
  RunRng rng(1);
  for (auto _ : state) benchmark::DoNotOptimize(gen.draw(rng).target.data());
}
BENCHMARK(BM_SignalDraw)->Unit(benchmark::kMillisecond);

// The per-step noise sampler (N draws per step).
void BM_ZigguratNormal(benchmark::State& state) {
  RunRng rng(1);
  const auto& normal = standard_normal();
  double acc = 0;
  for (auto _ : state) acc += normal(rng);
  benchmark::DoNotOptimize(acc);
}
BENCHMARK(BM_ZigguratNormal);


}  // namespace

BENCHMARK_MAIN();
