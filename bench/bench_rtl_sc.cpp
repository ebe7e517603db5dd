// The Verilated controller in SystemC mode (issue 4): the 20-neuron chip with the RTL controller in
// the loop (>= 5x faster than real time, trace off) and the cost of tracing. One SystemC
// elaboration per process, so the configuration is chosen on the command line:
//   bench_rtl_sc chip [--controller cpp|rtl] [--chip-trace]   one 1 s learning pass per iteration
//   bench_rtl_sc adapter [--rtl-trace]                         events through chip::RtlController
// Counters: realtime_x = simulated seconds per wall-clock second; items_per_second = events/s.
#include <benchmark/benchmark.h>

#include <systemc>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "chip/chip_top.h"
#include "chip/rtl_controller.h"

namespace {

const bool kNoScBanner = [] { ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); return true; }();

constexpr int kNeurons = 20;

chip::TrialInput drive(double duration_s, int pass) {  // seeded OU currents, as in test_rtl_chip
  chip::TrialInput in;
  in.duration_s = duration_s;
  in.input_dt_s = 1e-4;
  const long rows = std::lround(duration_s / in.input_dt_s);
  std::mt19937_64 rng(2024 + static_cast<unsigned>(pass));
  std::normal_distribution<double> z(0.0, 1.0);
  const double a = std::exp(-in.input_dt_s / 30e-3), mean = 4e-9, sd = 2e-9;
  std::vector<double> y(kNeurons, mean);
  for (long j = 0; j < rows; ++j)
    for (int n = 0; n < kNeurons; ++n) {
      y[n] = mean + (y[n] - mean) * a + sd * std::sqrt(1 - a * a) * z(rng);
      in.input_A.push_back(y[n]);
    }
  return in;
}

std::vector<int> initial_counters(int bits) {  // as in test_rtl_chip: round(N(0, 8 LSB)), zero diagonal
  std::mt19937_64 rng(11);
  std::normal_distribution<double> z(0.0, 8.0);
  const int hi = (1 << (bits - 1)) - 1, lo = -hi - 1;
  std::vector<int> w(kNeurons * kNeurons, 0);
  for (int n = 0; n < kNeurons; ++n)
    for (int k = 0; k < kNeurons; ++k)
      if (n != k) w[n * kNeurons + k] = std::min(hi, std::max(lo, static_cast<int>(std::lround(z(rng)))));
  return w;
}

std::unique_ptr<chip::ChipTop> g_chip;

void BM_ChipPass(benchmark::State& state) {
  int pass = 0;
  long spikes = 0, updates = 0;
  const chip::TrialInput input = drive(1.0, 0);
  const std::vector<int> w0 = initial_counters(g_chip->params().weight_bits);
  for (auto _ : state) {
    g_chip->program_weights(w0);  // every iteration is the same pass: from the same counters
    const chip::TrialResult r = g_chip->run_trial(input, {});
    spikes += static_cast<long>(r.spikes.size());
    updates += r.updates;
    ++pass;
  }
  state.counters["realtime_x"] = benchmark::Counter(static_cast<double>(pass), benchmark::Counter::kIsRate);
  state.counters["spikes_per_pass"] = static_cast<double>(spikes) / pass;
  state.counters["updates_per_pass"] = static_cast<double>(updates) / pass;
}

// The adapter alone, driven from an SC_THREAD like the chip's controller thread.
chip::RtlController* g_rtl = nullptr;

void BM_AdapterEvents(benchmark::State& state) {
  std::mt19937 rng(1);
  std::vector<std::vector<ebn::Decision>> d(256, std::vector<ebn::Decision>(kNeurons));
  for (auto& v : d)
    for (auto& x : v) x = static_cast<ebn::Decision>(rng() % 3);
  long sum = 0;
  std::size_t i = 0;
  for (auto _ : state) {
    const int k = static_cast<int>(i % kNeurons);
    g_rtl->on_spike(k, d[i & 255]);
    for (int n = 0; n < kNeurons; ++n) sum += g_rtl->read_weight(n, k);  // what the chip reads back
    ++i;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

struct AdapterBench : sc_core::sc_module {
  SC_HAS_PROCESS(AdapterBench);
  AdapterBench(sc_core::sc_module_name name, bool trace) : sc_core::sc_module(name) {
    chip::RtlControllerOptions o;
    if (trace) o.trace_vcd = "bench_rtl_sc_adapter.vcd";
    rtl = std::make_unique<chip::RtlController>("rtl_controller", kNeurons, 8, o);
    SC_THREAD(run);
    set_stack_size(64 * 1024 * 1024);  // Google Benchmark runs inside this coroutine
  }
  void run() {
    g_rtl = rtl.get();
    benchmark::RunSpecifiedBenchmarks();
    sc_core::sc_stop();
  }
  std::unique_ptr<chip::RtlController> rtl;
};

}  // namespace

int sc_main(int argc, char* argv[]) {
  std::string mode = argc > 1 ? argv[1] : "";
  std::string controller = "rtl";
  bool chip_trace = false, rtl_trace = false;
  std::vector<char*> rest = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--controller") && i + 1 < argc) controller = argv[++i];
    else if (!std::strcmp(argv[i], "--chip-trace")) chip_trace = true;
    else if (!std::strcmp(argv[i], "--rtl-trace")) rtl_trace = true;
    else rest.push_back(argv[i]);
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (mode == "chip") {
    chip::ChipParams p = chip::ChipParams::defaults(kNeurons);
    p.controller = controller;
    g_chip = std::make_unique<chip::ChipTop>("chip", p, chip_trace ? "bench_rtl_sc_chip.vcd" : "");
    benchmark::RegisterBenchmark(("BM_ChipPass/" + controller + (chip_trace ? "/chip_trace" : "")).c_str(), BM_ChipPass)
        ->Unit(benchmark::kMillisecond)->Iterations(10);
    benchmark::RunSpecifiedBenchmarks();
    g_chip.reset();
    return 0;
  }
  if (mode == "adapter") {
    benchmark::RegisterBenchmark(rtl_trace ? "BM_AdapterEvents/rtl_trace" : "BM_AdapterEvents", BM_AdapterEvents)
        ->Iterations(200000);
    AdapterBench bench("bench", rtl_trace);
    sc_core::sc_start();
    return 0;
  }
  std::fprintf(stderr, "usage: bench_rtl_sc chip [--controller cpp|rtl] [--chip-trace] | adapter [--rtl-trace]\n");
  return 2;
}
