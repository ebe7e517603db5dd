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
// Fast*: the same in the opt-in fast mode (network.fast_mode: FastNormal noise, FastSignal
// signals; other random values, same statistics), beside the default for comparison.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "behavioral/ebn_network.h"
#include "behavioral/fast_normal.h"
#include "behavioral/input_signal.h"
#include "behavioral/neuron_scaling.h"
#include "behavioral/trainer.h"
#include "behavioral/training_prefetch.h"

namespace {

using namespace ebn::behavioral;

EbnConfig scaled_config(int neurons, bool quantized = false, bool fast = false) {
  EbnConfig c = scale_to_neurons(EbnConfig{}, neurons);  // as `ebn learn --neurons`
  c.learning.quantized = quantized;
  c.network.fast_mode = fast;
  return c;
}

void run_trials(benchmark::State& state, bool learned, bool quantized, bool fast = false) {
  const EbnConfig c = scaled_config(static_cast<int>(state.range(0)), quantized, fast);
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
  const bool core_free = TrainingPrefetch::wanted();
  for (auto _ : state) {
    state.PauseTiming();
    auto net = make_behavioral_backend(setup, c);  // every trial starts from the same weights
    net->use_spare_core(core_free);  // as the trainer's learner
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
void BM_FastTrainingTrialLearned(benchmark::State& s) { run_trials(s, true, false, true); }
void BM_FastTrainingTrialInitial(benchmark::State& s) { run_trials(s, false, false, true); }
BENCHMARK(BM_FastTrainingTrialLearned)->Arg(20)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FastTrainingTrialInitial)->Arg(20)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);

void whole_experiment(benchmark::State& state, bool fast) {
  const EbnConfig c = scaled_config(static_cast<int>(state.range(0)), false, fast);
  for (auto _ : state) {
    const ExperimentResult r = run_experiment(c, make_behavioral_backend, nullptr, true);
    benchmark::DoNotOptimize(r.distance_final);
    state.counters["learning_realtime_factor"] = r.learning_simulated_s / r.learning_wall_s;
  }
}
void BM_WholeExperiment(benchmark::State& s) { whole_experiment(s, false); }
void BM_FastWholeExperiment(benchmark::State& s) { whole_experiment(s, true); }
BENCHMARK(BM_WholeExperiment)->Arg(20)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_FastWholeExperiment)->Arg(20)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// What `ebn learn` pays per pass besides the network: drawing a fresh input signal.
void signal_draw(benchmark::State& state, bool fast) {
  EbnConfig c;
  c.network.fast_mode = fast;
  const SignalGenerator gen(c.network);
  RunRng rng(1);
  InputSignal s;
  for (auto _ : state) {
    gen.draw_into(rng, s);
    benchmark::DoNotOptimize(s.target.data());
  }
}
void BM_SignalDraw(benchmark::State& s) { signal_draw(s, false); }
void BM_FastSignalDraw(benchmark::State& s) { signal_draw(s, true); }
BENCHMARK(BM_SignalDraw)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FastSignalDraw)->Unit(benchmark::kMillisecond);

// The per-step noise sampler (N draws per step).
void BM_ZigguratNormal(benchmark::State& state) {
  RunRng rng(1);
  const auto& normal = standard_normal();
  double acc = 0;
  for (auto _ : state) acc += normal(rng);
  benchmark::DoNotOptimize(acc);
}
BENCHMARK(BM_ZigguratNormal);

// The fast mode's sampler, in bulk (one 20-neuron row = 20 values; counter: ns per normal).
void BM_FastNormal(benchmark::State& state) {
  FastNormal g(1);
  std::vector<float> out(state.range(0));
  for (auto _ : state) {
    g.fill(out.data(), state.range(0));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FastNormal)->Arg(20)->Arg(4096);


}  // namespace

BENCHMARK_MAIN();
