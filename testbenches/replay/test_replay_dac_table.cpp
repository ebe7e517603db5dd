// Per-code DAC table (calibration rule 4b): a recording generated with a DAC that is NOT affine in
// the code must be fitted with the table (entries recovered, RMSE at noise level) while model D
// cannot fit it; a recording of an affine DAC must keep model D (the table is rejected by the
// information criterion). Plus the table's lookup and its optional, strict JSON.
#include <gtest/gtest.h>

#include <cmath>

#include "recording/events.h"
#include "recording/recording.h"
#include "chip/replay/calibration.h"
#include "chip/replay/replay.h"
#include "ebn/errors.h"
#include "synthetic_recording.h"

using namespace chip;
using ebn::test::SyntheticSpec;
using ebn::test::TempDir;

namespace {
replay::CircuitParams affine_truth() { return ebn::test::reference_circuit(); }

double table_drive(int b) { return ebn::test::compressive_dac_drive(b); }
replay::CircuitParams table_truth() { return ebn::test::compressive_dac_circuit(); }
}  // namespace

TEST(ReplayDacTable, TableEntriesReplaceTheAffineLineOnlyForTheirCodes) {
  replay::SynapseModelParams m = affine_truth().model;
  m.dac_table_A[2] = 5e-9;
  m.dac_table_A[-1] = -4e-9;
  EXPECT_DOUBLE_EQ(m.dac_current(2), 5e-9);
  EXPECT_DOUBLE_EQ(m.dac_current(-1), -4e-9);
  EXPECT_DOUBLE_EQ(m.dac_current(3), 0.3e-9 + 3 * 0.9e-9);  // not in the table: affine
  EXPECT_DOUBLE_EQ(m.dac_current(0), 0.0);
}

TEST(ReplayDacTable, JsonRoundTripOldFilesLoadAndBadTablesAreErrors) {
  replay::CircuitParams p = table_truth();
  p.model.tau_syn2_s = 0.3e-3;
  const auto j = replay::to_json(p);
  ASSERT_TRUE(j["model"].contains("dac_table"));
  const auto back = replay::params_from_json(j, "t.json");
  EXPECT_EQ(back.model.dac_table_A, p.model.dac_table_A);
  EXPECT_EQ(back.model.tau_syn2_s, 0.3e-3);
  EXPECT_EQ(replay::to_json(back).dump(), j.dump());

  // A file written before the table existed (no dac_table key, no new fit keys) still loads.
  auto old = replay::to_json(affine_truth());
  EXPECT_FALSE(old["model"].contains("dac_table"));
  for (const char* k : {"sse_A2", "pulses", "parameters"}) old["fit"].erase(k);
  for (const char* m : {"model", "closed_loop_model"}) old[m].erase("tau_syn2_s");
  const auto loaded = replay::params_from_json(old, "old.json");
  EXPECT_TRUE(loaded.model.dac_table_A.empty());
  EXPECT_EQ(loaded.model.tau_syn2_s, 0.0);  // one pole: model D

  auto bad = j;
  bad["model"]["dac_table"]["codes"][1] = bad["model"]["dac_table"]["codes"][0];  // duplicate
  EXPECT_THROW(replay::params_from_json(bad, "b.json"), ebn::InputError);
  bad = j;
  bad["model"]["dac_table"]["current_A"].erase(0);  // one current missing
  EXPECT_THROW(replay::params_from_json(bad, "b.json"), ebn::InputError);
  bad = j;
  bad["model"]["dac_table"]["codes"][0] = 0;  // code 0 is w0's, not the table's
  EXPECT_THROW(replay::params_from_json(bad, "b.json"), ebn::InputError);
  bad = j;
  bad["model"]["dac_table"]["codes"][0] = 1.5;
  EXPECT_THROW(replay::params_from_json(bad, "b.json"), ebn::InputError);
}

TEST(ReplayDacTable, CalibrationRecoversANonAffineDacThatModelDCannotFit) {
  TempDir d("synthetic_dac_table");
  SyntheticSpec spec;
  spec.truth = table_truth();
  const auto gen = ebn::test::write_synthetic_recording(d, spec);
  ASSERT_LE(gen.lowest_code(), -1);  // both signs and several magnitudes are exercised
  ASSERT_GE(gen.highest_code(), 3);

  const auto rec = recording::load_recording(d.path());
  const auto ev = recording::extract_events(rec);
  const auto p = replay::calibrate(rec, ev);
  ASSERT_FALSE(p.model.dac_table_A.empty());
  // Every code visited after the start-up is in the table, with its true drive.
  for (const auto& [b, a] : p.model.dac_table_A) EXPECT_NEAR(a, table_drive(b), 0.01 * std::fabs(table_drive(b))) << "code " << b;
  EXPECT_LT(std::fabs(p.model.tau_mem_s / 18e-3 - 1.0), 0.01);
  EXPECT_LT(std::fabs(p.model.i_inf_A / 4e-9 - 1.0), 0.01);
  EXPECT_LT(p.fit.rmse_A, 0.002e-9);

  // Model D alone (same data, table not allowed) cannot fit it.
  replay::CalibrationOptions only_d;
  only_d.try_dac_table = false;
  const auto pd = replay::calibrate(rec, ev, only_d);
  EXPECT_TRUE(pd.model.dac_table_A.empty());
  EXPECT_GT(pd.fit.rmse_A, 10 * p.fit.rmse_A);
  EXPECT_GT(replay::information_criterion(pd.fit), replay::information_criterion(p.fit));

  const auto rep = replay::run_replay(rec, &p);
  EXPECT_EQ(rep.open_loop.matched, rep.open_loop.total);
  EXPECT_EQ(rep.closed_loop.matched, spec.spikes);
  EXPECT_EQ(rep.closed_loop.final_counter_model, rep.closed_loop.final_counter_recorded);
}

TEST(ReplayDacTable, AnAffineDacKeepsModelD) {
  TempDir d("synthetic_affine");
  SyntheticSpec spec;
  spec.truth = affine_truth();
  ebn::test::write_synthetic_recording(d, spec);
  const auto rec = recording::load_recording(d.path());
  const auto ev = recording::extract_events(rec);
  replay::CalibrationOptions all;
  all.try_second_pole = true;  // both options offered: the criterion must reject both
  const auto p = replay::calibrate(rec, ev, all);
  EXPECT_TRUE(p.model.dac_table_A.empty());
  EXPECT_TRUE(p.closed_loop_model.dac_table_A.empty());
  EXPECT_EQ(p.model.tau_syn2_s, 0.0);  // one synaptic pole: the second is rejected too
  EXPECT_NEAR(p.model.dac_gain_pos_A_per_lsb, 0.9e-9, 0.01e-9);
}
