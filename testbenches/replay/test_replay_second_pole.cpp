// Second synaptic pole (calibration rule 4c): the exact cascade propagator against closed forms,
// and a recording generated WITH a second pole is fitted with it (time constants recovered, RMSE at
// noise level) while the one-pole model D cannot fit it; Sim1-like one-pole data keep one pole
// (test_replay_dac_table.AnAffineDacKeepsModelD checks tau_syn2 = 0 there too).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "chip/membrane_dynamics.h"
#include "chip/replay/calibration.h"
#include "chip/replay/cascade_filter.h"
#include "chip/replay/replay.h"
#include "recording/events.h"
#include "recording/recording.h"
#include "synthetic_recording.h"

using namespace chip;
using ebn::test::SyntheticSpec;
using ebn::test::TempDir;

TEST(ReplaySecondPole, CascadeStepMatchesClosedForms) {
  // Equal poles tau: step response of x2 is 1 - (1 + t/tau) e^{-t/tau} (alpha kernel).
  const double tau = 0.7e-3, t = 1.3e-3;
  const auto s = replay::CascadeStep::make(50e-3, tau, tau, t);
  EXPECT_NEAR(s.gamma(1, 0), 1.0 - (1.0 + t / tau) * std::exp(-t / tau), 1e-12);
  EXPECT_NEAR(s.phi(0, 0), std::exp(-t / tau), 1e-12);
  EXPECT_NEAR(s.gamma(2, 1), 1.0 - std::exp(-t / 50e-3), 1e-12);  // I_inf enters I directly
  // A vanishing second pole is model D: the I response equals advance_exact's.
  const auto d = replay::CascadeStep::make(20e-3, 0.5e-3, 1e-9, t);
  MembraneConstants c{20e-3, 0.5e-3, 3e-9};
  MembraneState st{1e-9, 2e-9};
  advance_exact(c, st, 4e-9, t);
  const Eigen::Vector3d z = d.phi * Eigen::Vector3d(1e-9, 1e-9, 2e-9) + d.gamma * Eigen::Vector2d(4e-9, 3e-9);
  EXPECT_NEAR(z(2), st.i, 1e-6 * 1e-9);
  EXPECT_NEAR(z(0), st.x, 1e-6 * 1e-9);
}

namespace {
replay::CircuitParams two_pole_truth() {
  replay::CircuitParams p = ebn::test::reference_circuit();
  auto& m = p.model;
  m.tau_syn_s = 0.4e-3;
  m.tau_syn2_s = 0.4e-3;  // critically damped: the soft start of the transistor-level synapse
  m.tau_e_s = m.tau_syn_s;
  p.closed_loop_model = m;
  return p;
}
}  // namespace

TEST(ReplaySecondPole, CalibrationRecoversTwoPolesThatModelDCannotFit) {
  TempDir d("synthetic_two_pole");
  SyntheticSpec spec;
  spec.truth = two_pole_truth();
  const auto gen = ebn::test::write_synthetic_recording(d, spec);
  ASSERT_LE(gen.lowest_code(), -1);
  ASSERT_GE(gen.highest_code(), 2);

  const auto rec = recording::load_recording(d.path());
  const auto ev = recording::extract_events(rec);
  replay::CalibrationOptions two_poles;
  two_poles.try_second_pole = true;  // the default (rule 4c), stated
  const auto p = replay::calibrate(rec, ev, two_poles);
  ASSERT_GT(p.model.tau_syn2_s, 0.0);
  // The cascade is symmetric in its two poles: compare them as a pair.
  EXPECT_NEAR(p.model.tau_syn_s + p.model.tau_syn2_s, 0.8e-3, 0.02e-3);
  EXPECT_NEAR(p.model.tau_syn_s * p.model.tau_syn2_s, 0.16e-6, 0.01e-6);
  EXPECT_NEAR(p.model.tau_mem_s, 18e-3, 0.1e-3);
  EXPECT_NEAR(p.model.dac_gain_pos_A_per_lsb, 0.9e-9, 0.01e-9);
  EXPECT_LT(p.fit.rmse_A, 0.002e-9);
  EXPECT_TRUE(p.model.dac_table_A.empty());  // the DAC is affine: no table

  replay::CalibrationOptions one_pole;
  one_pole.try_second_pole = false;
  const auto pd = replay::calibrate(rec, ev, one_pole);  // ablation: one pole
  EXPECT_EQ(pd.model.tau_syn2_s, 0.0);
  EXPECT_GT(pd.fit.rmse_A, 5 * p.fit.rmse_A);

  const auto rep = replay::run_replay(rec, &p);
  EXPECT_EQ(rep.open_loop.matched, rep.open_loop.total);
  EXPECT_EQ(rep.closed_loop.matched, spec.spikes);
  EXPECT_EQ(rep.closed_loop.final_counter_model, rep.closed_loop.final_counter_recorded);
}
