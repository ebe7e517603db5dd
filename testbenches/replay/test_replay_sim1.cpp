// Acceptance of issue 3 on the Sim1 recording (spec chip-recording-sim1.md §9), with parameters
// calibrated on the recording itself, plus mutations (wrong latch edge, wrong update edge, DAC
// sign swapped, window moved) that must make the same checks fail.
#include <gtest/gtest.h>

#include "recording/events.h"
#include "recording/recording.h"
#include "chip/replay/calibration.h"
#include "chip/replay/replay.h"
#include "shared_data.h"

using namespace chip;
using ebn::Decision;

namespace {
const std::string kSim1 = ebn::test::shared_path("sim_data/spectre/sim1");

struct Sim1 {
  recording::Recording rec;
  recording::RecordedEvents ev;
  replay::CircuitParams params;
};
const Sim1& sim1() {
  static const Sim1 s = [] {
    Sim1 x;
    x.rec = recording::load_recording(kSim1);
    x.ev = recording::extract_events(x.rec);
    x.params = replay::calibrate(x.rec, x.ev);
    return x;
  }();
  return s;
}

// The acceptance of issue 3 as one predicate, so mutations can assert that it fails.
struct Acceptance {
  bool open_loop, replay_rmse, closed_decisions, closed_final, closed_rmse;
  bool all() const { return open_loop && replay_rmse && closed_decisions && closed_final && closed_rmse; }
};
Acceptance judge(const replay::ReplayReport& r) {
  return {r.open_loop.matched == 100 && r.open_loop.total == 100,
          r.replay.rmse_A <= 0.015e-9 && std::abs(r.replay.t_start_s - 43.9e-3) < 0.1e-3,
          r.closed_loop.matched >= 95 && r.closed_loop.total == 100,
          r.closed_loop.final_counter_model == 0 && r.closed_loop.final_counter_recorded == 0,
          r.closed_loop.rmse_A <= 0.12e-9};
}
}  // namespace

TEST(ReplaySim1, EventSemantics) {
  EBN_REQUIRE_SHARED(kSim1);
  const auto& ev = sim1().ev;
  ASSERT_EQ(ev.spikes.size(), 100u);
  EXPECT_NEAR(ev.levels.threshold_V, 0.9, 1e-9);
  EXPECT_NEAR(ev.spikes.front().t_on, 4.005e-3, 2e-6);
  EXPECT_NEAR(ev.spikes.back().t_on, 499.005e-3, 2e-6);
  EXPECT_FALSE(ev.spikes.back().has_offset());
  EXPECT_NEAR(ev.artefact_end_s, 15e-6, 1e-6);  // the initial high INPUT is not a spike
  EXPECT_NEAR(ev.pulse_width_s, 1.010e-3, 2e-6);
  // Latch at the rising edge (-0.657 us), update at the falling edge (+0.665 us), every time.
  EXPECT_NEAR(ev.latch_latency_s, -0.657e-6, 0.05e-6);
  EXPECT_LE(ev.max_latch_deviation_s, 1e-6);
  EXPECT_NEAR(ev.update_latency_s, 0.665e-6, 0.05e-6);
  EXPECT_LE(ev.max_update_deviation_s, 1e-6);
  const auto c = recording::count_decisions(ev);
  EXPECT_EQ(c.inc, 17);
  EXPECT_EQ(c.hold, 58);
  EXPECT_EQ(c.dec, 25);
  EXPECT_EQ(c.updates, 42);
  EXPECT_EQ(ev.inc_sl_overlaps, 0);
  for (const auto& s : ev.spikes)
    if (s.has_offset()) {
      EXPECT_EQ(s.bit_after - s.bit_before, ebn::step_of(s.decision));
    }
  std::vector<int> seq;
  for (const auto& s : ev.spikes) seq.push_back(s.bit_before);
  EXPECT_EQ(recording::turning_points(seq), (std::vector<int>{8, 15, -6, 2, -2, 0}));
  EXPECT_NEAR(ev.spikes[0].i_before_A, 0.215e-9, 0.002e-9);
  EXPECT_NEAR(ev.spikes[65].i_before_A, 8.583e-9, 0.001e-9);
}

TEST(ReplaySim1, CalibratedWindowLiesInTheFeasibleIntervals) {
  EBN_REQUIRE_SHARED(kSim1);
  const auto& w = sim1().params.window;
  EXPECT_TRUE(w.feasible);
  EXPECT_EQ(w.beta, 0.0);  // a fixed window reproduces every decision (spec §4)
  EXPECT_NEAR(w.lower_feasible_lo_A, 8.5833e-9, 0.0005e-9);
  EXPECT_NEAR(w.lower_feasible_hi_A, 8.5962e-9, 0.0005e-9);
  EXPECT_NEAR(w.upper_feasible_lo_A, 9.3235e-9, 0.0005e-9);
  EXPECT_NEAR(w.upper_feasible_hi_A, 9.3903e-9, 0.0005e-9);
  EXPECT_GT(w.i_lower_A, w.lower_feasible_lo_A);
  EXPECT_LE(w.i_lower_A, w.lower_feasible_hi_A);
  EXPECT_GE(w.i_upper_A, w.upper_feasible_lo_A);
  EXPECT_LT(w.i_upper_A, w.upper_feasible_hi_A);
  EXPECT_LT(w.beta_feasible_lo, 0.0);
  EXPECT_GT(w.beta_feasible_hi, 0.0);
}

TEST(ReplaySim1, FittedModelIsCloseToTheSpecEstimates) {
  // Independent estimates of spec §6 (model D, P_B); loose bounds: our fit also has w0.
  EBN_REQUIRE_SHARED(kSim1);
  const auto& m = sim1().params.model;
  EXPECT_NEAR(m.tau_mem_s, 31.33e-3, 1.0e-3);
  EXPECT_NEAR(m.tau_syn_s, 0.555e-3, 0.06e-3);
  EXPECT_NEAR(m.dac_gain_pos_A_per_lsb, 1.470e-9, 0.05e-9);
  EXPECT_NEAR(m.dac_gain_neg_A_per_lsb, 1.336e-9, 0.05e-9);
  EXPECT_GT(m.dac_gain_pos_A_per_lsb, m.dac_gain_neg_A_per_lsb);  // sign asymmetry
  // Steady state at code 0 (I_inf plus the mean per-spike drive) = 9.09 nA.
  const double duty = sim1().ev.pulse_width_s / sim1().ev.period_s;
  EXPECT_NEAR(m.i_inf_A + duty * m.w0_A, 9.089e-9, 0.01e-9);
  EXPECT_LE(sim1().params.fit.rmse_A, 0.015e-9);
  EXPECT_NEAR(sim1().params.startup.t_turn_on_s, 3.3e-3, 0.3e-3);
}

TEST(ReplaySim1, AcceptanceHolds) {
  EBN_REQUIRE_SHARED(kSim1);
  const auto rep = replay::run_replay(sim1().rec, &sim1().params);
  const Acceptance a = judge(rep);
  EXPECT_TRUE(a.open_loop) << rep.open_loop.matched << "/" << rep.open_loop.total;
  EXPECT_TRUE(a.replay_rmse) << rep.replay.rmse_A * 1e9 << " nA from " << rep.replay.t_start_s;
  EXPECT_LE(rep.replay.max_abs_A, 0.06e-9);
  EXPECT_TRUE(a.closed_decisions) << rep.closed_loop.matched;
  EXPECT_TRUE(a.closed_final) << rep.closed_loop.final_counter_model;
  EXPECT_TRUE(a.closed_rmse) << rep.closed_loop.rmse_A * 1e9;
  EXPECT_EQ(rep.closed_loop.turning_points_model, (std::vector<int>{8, 15, -6, 2, -2, 0}));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(rep.closed_loop.counts_model[i], rep.closed_loop.counts_recorded[i], 1);
  EXPECT_GE(rep.closed_loop.last_update_spike_model, 63);
  EXPECT_LE(rep.closed_loop.last_update_spike_model, 69);
  // Confusion matrix of the open loop is diagonal 17/58/25.
  EXPECT_EQ(rep.open_loop.confusion[0][0], 17);
  EXPECT_EQ(rep.open_loop.confusion[1][1], 58);
  EXPECT_EQ(rep.open_loop.confusion[2][2], 25);
}

TEST(ReplaySim1, LatchOnTheFallingEdgeFailsAcceptance) {
  EBN_REQUIRE_SHARED(kSim1);
  replay::Semantics wrong;
  wrong.latch_edge = replay::Edge::Falling;
  const auto rep = replay::run_replay(sim1().rec, &sim1().params, wrong);
  EXPECT_LT(rep.open_loop.matched, 100);
  EXPECT_FALSE(judge(rep).all());
}

TEST(ReplaySim1, UpdateOnTheRisingEdgeFailsAcceptance) {
  EBN_REQUIRE_SHARED(kSim1);
  replay::Semantics wrong;
  wrong.update_edge = replay::Edge::Rising;
  const auto rep = replay::run_replay(sim1().rec, &sim1().params, wrong);
  EXPECT_GT(rep.replay.rmse_A, 0.015e-9);
  EXPECT_FALSE(judge(rep).all());
}

TEST(ReplaySim1, SwappedDacSignFailsAcceptance) {
  EBN_REQUIRE_SHARED(kSim1);
  auto p = sim1().params;
  for (auto* m : {&p.model, &p.closed_loop_model}) {
    m->dac_gain_pos_A_per_lsb = -m->dac_gain_pos_A_per_lsb;
    m->dac_offset_pos_A = -m->dac_offset_pos_A;
    m->dac_gain_neg_A_per_lsb = -m->dac_gain_neg_A_per_lsb;
    m->dac_offset_neg_A = -m->dac_offset_neg_A;
  }
  const auto rep = replay::run_replay(sim1().rec, &p);
  EXPECT_FALSE(judge(rep).replay_rmse);
  EXPECT_FALSE(judge(rep).closed_final);
}

TEST(ReplaySim1, MovedOrSwappedWindowFailsAcceptance) {
  EBN_REQUIRE_SHARED(kSim1);
  auto p = sim1().params;
  p.window.i_lower_A += 0.02e-9;  // just outside the feasible interval (8.583, 8.596]
  EXPECT_LT(replay::run_replay(sim1().rec, &p).open_loop.matched, 100);
  p = sim1().params;
  p.window.i_lower_A = sim1().params.window.i_upper_A;  // INC below the upper bound: window collapsed
  EXPECT_FALSE(judge(replay::run_replay(sim1().rec, &p)).all());
}
