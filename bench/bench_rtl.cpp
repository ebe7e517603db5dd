// Throughput of the Verilated learning controller in C++ mode (issue 4: >= 2 million events/s for
// N = 20, one core). Every benchmark counts events as items: items_per_second = events/s.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "ebn/learning_controller.h"
#include "ebn_rtl/cc_controller.h"

namespace {

using ebn::Decision;
using ebn::rtl::CcController;
using ebn::rtl::UpdateStyle;

// Pre-drawn random events so the loop measures the controller, not the generator.
struct Stream {
  Stream(int neurons, std::size_t size) : k(size), decisions(size, std::vector<Decision>(neurons)) {
    std::mt19937 rng(1);
    for (std::size_t i = 0; i < size; ++i) {
      k[i] = static_cast<int>(rng() % neurons);
      for (auto& d : decisions[i]) d = static_cast<Decision>(rng() % 3);
    }
  }
  std::vector<int> k;
  std::vector<std::vector<Decision>> decisions;
};

// The interface the chip and the cross-check use: on_spike(k, decisions) -> handshake + clock.
void BM_RtlOnSpike(benchmark::State& state) {
  const int neurons = static_cast<int>(state.range(0));
  const auto style = state.range(1) ? UpdateStyle::Serial : UpdateStyle::Parallel;
  auto c = CcController::create(neurons, 8, style);
  Stream s(neurons, 4096);
  std::size_t i = 0;
  for (auto _ : state) {
    c->on_spike(s.k[i], s.decisions[i]);
    i = (i + 1) & 4095;
  }
  benchmark::DoNotOptimize(c->dac_weight(0, 1));
  state.SetItemsProcessed(state.iterations());
  state.counters["cycles_per_event"] = static_cast<double>(c->cycles()) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RtlOnSpike)->ArgNames({"N", "serial"})->Args({20, 0})->Args({32, 0})->Args({20, 1});

// The same plus reading every counter of the N x N network from the DAC lines after each event
// (what `ebn crosscheck` does on the RTL side).
void BM_RtlOnSpikeAndDacReadout(benchmark::State& state) {
  const int neurons = static_cast<int>(state.range(0));
  auto c = CcController::create(neurons, 8);
  Stream s(neurons, 4096);
  std::size_t i = 0;
  long sum = 0;
  for (auto _ : state) {
    c->on_spike(s.k[i], s.decisions[i]);
    const std::int16_t* dac = c->dac_counters();
    for (int k = 0; k < neurons; ++k)
      for (int n = 0; n < neurons; ++n) sum += dac[k * ebn::rtl::kNeuronsMax + n];
    i = (i + 1) & 4095;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RtlOnSpikeAndDacReadout)->ArgNames({"N"})->Arg(20);

// With a VCD of every signal (the cost of tracing in C++ mode).
void BM_RtlOnSpikeTraced(benchmark::State& state) {
  auto c = CcController::create(20, 8);
  c->open_trace("bench_rtl_trace.vcd");
  Stream s(20, 4096);
  std::size_t i = 0;
  for (auto _ : state) {
    c->on_spike(s.k[i], s.decisions[i]);
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RtlOnSpikeTraced)->Iterations(100000);

// The C++ reference controller, for scale.
void BM_ReferenceOnSpike(benchmark::State& state) {
  ebn::ReferenceController c(20, 8);
  Stream s(20, 4096);
  std::size_t i = 0;
  for (auto _ : state) {
    c.on_spike(s.k[i], s.decisions[i]);
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReferenceOnSpike);

}  // namespace

BENCHMARK_MAIN();
