// Speed of the level-3 chip model (issue 3 target: the 20-neuron chip with learning and the C++
// controller at least 50x faster than real time, i.e. 1 s of chip time in < 20 ms wall, one core,
// tracing off). One elaboration per process (SystemC), reused by every benchmark here: each
// iteration is one 1-s trial (pass) of the default chip (recording-fitted circuit, 1.01 ms pulses,
// 2 ms refractory, fixed window, 8-bit counters, 10 % DAC mismatch) driven by OU input currents
// on a 0.1 ms grid (10 000 input steps per second).
//
//   bench_chip                      tracing off (the target)
//   bench_chip --trace FILE.vcd     the same with the VCD on (cost of waveforms; trace_dt 10 us)
// Counters: sim_s_per_wall_s (realtime factor), spikes and pulses per chip-second, updates.
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <string>
#include <systemc>
#include <vector>

#include "chip/chip_top.h"
#include "chip/stimulus.h"

namespace {

std::string g_trace;  // --trace FILE: elaborate with waveforms

chip::ChipParams bench_params() {
  chip::ChipParams p = chip::ChipParams::defaults(20);
  p.dac.mismatch_sigma = 0.1;
  p.dac.mismatch_seed = 5;
  return p;
}

chip::ChipTop& chip_instance() {
  static std::unique_ptr<chip::ChipTop> top;
  if (!top) {
    top = std::make_unique<chip::ChipTop>("chip", bench_params(), g_trace);
    const chip::StimulusParams s;
    top->program_weights(chip::random_counters(20, top->params().weight_bits, s.initial_weight_std_lsb, s.weight_seed));
  }
  return *top;
}

enum class Start { Initial, Continue };

// Start::Initial re-programs the random initial counters before every pass (each pass is a first
// learning pass from the same state: EBN-like rates of ~10-20 Hz per neuron). Start::Continue
// keeps learning across passes; with these parameters the network drifts after ~20 passes into a
// refractory-limited regime (~450 Hz per neuron, mostly SL decisions): the worst case for speed.
void run_passes(benchmark::State& state, bool learning, Start start) {
  chip::ChipTop& top = chip_instance();
  chip::StimulusParams s;
  const std::vector<int> initial = chip::random_counters(20, top.params().weight_bits, s.initial_weight_std_lsb, s.weight_seed);
  top.program_weights(initial);
  // Pre-generate a few different inputs so the timed loop measures the chip only.
  std::vector<chip::TrialInput> inputs;
  for (int p = 0; p < 4; ++p) inputs.push_back(chip::make_ou_input(20, s, p));
  chip::TrialOptions opt;
  opt.learning = learning;
  long spikes = 0, pulses = 0, updates = 0, passes = 0;
  for (auto _ : state) {
    if (start == Start::Initial) top.program_weights(initial);
    const chip::TrialResult r = top.run_trial(inputs[static_cast<std::size_t>(passes % 4)], opt);
    spikes += static_cast<long>(r.spikes.size());
    pulses += r.pulses;
    updates += r.updates;
    ++passes;
  }
  const double chip_seconds = static_cast<double>(passes) * s.duration_s;
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(chip_seconds, benchmark::Counter::kIsRate);
  state.counters["spikes_per_chip_s"] = static_cast<double>(spikes) / chip_seconds;
  state.counters["pulses_per_chip_s"] = static_cast<double>(pulses) / chip_seconds;
  state.counters["updates_per_pass"] = static_cast<double>(updates) / static_cast<double>(passes);
}

void BM_Chip20_1s_Learning_FromInitial(benchmark::State& state) { run_passes(state, true, Start::Initial); }
void BM_Chip20_1s_NoLearning_Initial(benchmark::State& state) { run_passes(state, false, Start::Initial); }
void BM_Chip20_1s_Learning_Continued(benchmark::State& state) { run_passes(state, true, Start::Continue); }

}  // namespace

BENCHMARK(BM_Chip20_1s_Learning_FromInitial)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Chip20_1s_NoLearning_Initial)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Chip20_1s_Learning_Continued)->Unit(benchmark::kMillisecond)->Iterations(60);

int sc_main(int argc, char* argv[]) {
  // Strip our own --trace FILE before Google Benchmark parses the rest.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--trace") == 0 && i + 1 < argc) {
      g_trace = argv[++i];
      continue;
    }
    args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (!g_trace.empty()) benchmark::AddCustomContext("trace", g_trace);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
