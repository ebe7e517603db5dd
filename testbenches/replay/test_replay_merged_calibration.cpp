// Several recordings fitted as one (calibration.h, calibrate(std::vector<CalibrationRecording>)):
// the protocol started at another counter code makes the loop sweep other codes. A recording
// generated with a compressive (non-affine) DAC from code 6 visits only low codes, so one
// recording's fit must extrapolate to high codes; the same circuit started at code 25 visits the
// high ones. Fitted together, the merged parameters replay BOTH recordings at noise level, and the
// DAC at high codes is the true one; the single-recording fit does not replay the second one.
#include <gtest/gtest.h>

#include <cmath>

#include "chip/replay/calibration.h"
#include "chip/replay/replay.h"
#include "recording/events.h"
#include "recording/recording.h"
#include "synthetic_recording.h"

using namespace chip;
using ebn::test::SyntheticSpec;
using ebn::test::TempDir;

namespace {
double drive(int b) { return ebn::test::compressive_dac_drive(b); }
replay::CircuitParams truth() { return ebn::test::compressive_dac_circuit(); }
}  // namespace

TEST(ReplayMergedCalibration, RunsFromOtherStartCodesPinTheDacWhereOneRunExtrapolates) {
  TempDir d1("merged_low"), d2("merged_high");
  SyntheticSpec low;
  low.truth = truth();
  SyntheticSpec high = low;
  high.truth.counter.initial = 25;
  const auto g1 = ebn::test::write_synthetic_recording(d1, low);
  const auto g2 = ebn::test::write_synthetic_recording(d2, high);
  ASSERT_LT(g1.highest_code(), 16);  // the first run never reaches the high codes ...
  ASSERT_GE(g2.highest_code(), 20);  // ... the second sweeps down from them

  const auto r1 = recording::load_recording(d1.path()), r2 = recording::load_recording(d2.path());
  const auto e1 = recording::extract_events(r1), e2 = recording::extract_events(r2);
  const auto single = replay::calibrate(r1, e1);
  const auto merged = replay::calibrate({{&r1, &e1}, {&r2, &e2}});

  // The merged table holds the high codes with their true drive.
  for (int b : {18, 22}) {
    ASSERT_TRUE(merged.model.dac_table_A.count(b)) << "code " << b;
    EXPECT_NEAR(merged.model.dac_table_A.at(b), drive(b), 0.01 * drive(b)) << "code " << b;
  }
  EXPECT_LT(std::fabs(merged.model.tau_mem_s / 18e-3 - 1.0), 0.01);
  // The level-3 chip takes the affine branches (the weighted line through the table): with the
  // high codes in the fit that line is closer to the truth at code 22 than one run's extrapolation.
  auto affine = [](const replay::SynapseModelParams& m, int b) {
    return m.dac_offset_pos_A + m.dac_gain_pos_A_per_lsb * b;
  };
  EXPECT_LT(std::fabs(affine(merged.model, 22) - drive(22)), 0.5 * std::fabs(affine(single.model, 22) - drive(22)));

  // Forced replay of the second recording: at noise level with the merged fit, far off with one run's.
  const auto rep_merged = replay::run_replay(r2, &merged);
  const auto rep_single = replay::run_replay(r2, &single);
  EXPECT_LT(rep_merged.replay.rmse_A, 0.005e-9);
  EXPECT_GT(rep_single.replay.rmse_A, 5 * rep_merged.replay.rmse_A);
  EXPECT_EQ(rep_merged.open_loop.matched, rep_merged.open_loop.total);
  // The first recording is still replayed as well as by its own fit.
  const auto back = replay::run_replay(r1, &merged);
  EXPECT_EQ(back.open_loop.matched, back.open_loop.total);
  EXPECT_LT(back.replay.rmse_A, 0.005e-9);
  EXPECT_NE(merged.source.find(" + "), std::string::npos);  // both recordings named
}

TEST(ReplayMergedCalibration, OneRecordingInAListIsTheSingleCalibration) {
  TempDir d("merged_one");
  SyntheticSpec s;
  s.truth = ebn::test::reference_circuit();
  ebn::test::write_synthetic_recording(d, s);
  const auto r = recording::load_recording(d.path());
  const auto e = recording::extract_events(r);
  EXPECT_EQ(replay::to_json(replay::calibrate({{&r, &e}})).dump(), replay::to_json(replay::calibrate(r, e)).dump());
}
