// Issue 3 performance figure: replay of the 0.5 s Sim1 recording INCLUDING calibration under 2 s
// wall on one core. Stages are measured separately and together (load + events + calibration +
// open/closed-loop replay). Skips (with a message) when ../shared is absent.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "recording/events.h"
#include "recording/recording.h"
#include "chip/replay/calibration.h"
#include "chip/replay/replay.h"

namespace {
const std::string kSim1 = std::string(EBN_SHARED_DIR) + "/sim_data/spectre/sim1";

bool have_sim1(benchmark::State& state) {
  if (std::filesystem::exists(kSim1)) return true;
  state.SkipWithError(("shared data not found: " + kSim1).c_str());
  return false;
}

void BM_LoadRecording(benchmark::State& state) {
  if (!have_sim1(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(recording::load_recording(kSim1));
}
BENCHMARK(BM_LoadRecording)->Unit(benchmark::kMillisecond);

void BM_Calibrate(benchmark::State& state) {
  if (!have_sim1(state)) return;
  const auto rec = recording::load_recording(kSim1);
  const auto ev = recording::extract_events(rec);
  for (auto _ : state) benchmark::DoNotOptimize(chip::replay::calibrate(rec, ev));
}
BENCHMARK(BM_Calibrate)->Unit(benchmark::kMillisecond);

void BM_ReplayGivenParams(benchmark::State& state) {
  if (!have_sim1(state)) return;
  const auto rec = recording::load_recording(kSim1);
  const auto params = chip::replay::calibrate(rec, recording::extract_events(rec));
  for (auto _ : state) benchmark::DoNotOptimize(chip::replay::run_replay(rec, &params));
}
BENCHMARK(BM_ReplayGivenParams)->Unit(benchmark::kMillisecond);

// The figure: everything `ebn replay --recording sim1` does (load, events, calibration,
// open loop, replay, closed loop). Target: < 2000 ms.
void BM_ReplayIncludingCalibration(benchmark::State& state) {
  if (!have_sim1(state)) return;
  for (auto _ : state) {
    const auto rec = recording::load_recording(kSim1);
    benchmark::DoNotOptimize(chip::replay::run_replay(rec, nullptr));
  }
}
BENCHMARK(BM_ReplayIncludingCalibration)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
