// Circuit model, window fit and parameter file of the replay tools, with directed stimuli whose
// answers are known in closed form (exponential decay, two-pole step response, latch and update
// instants at the pulse edges, counter saturation, feasible intervals).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "recording/events.h"
#include "chip/replay/circuit_params.h"
#include "chip/replay/synapse_sim.h"
#include "chip/replay/window_fit.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

using namespace chip::replay;
using ebn::Decision;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

CircuitParams directed_params() {
  CircuitParams p;
  p.model.tau_mem_s = 20e-3;
  p.model.tau_syn_s = 0.4e-3;
  p.model.i_inf_A = 5e-9;
  p.model.dac_gain_pos_A_per_lsb = 1e-9;
  p.model.dac_offset_pos_A = 0.5e-9;
  p.model.dac_gain_neg_A_per_lsb = 0.8e-9;
  p.model.dac_offset_neg_A = 0.2e-9;
  p.closed_loop_model = p.model;
  p.window.i_lower_A = 4e-9;
  p.window.i_upper_A = 6e-9;
  p.timing.latch_latency_s = -0.5e-6;
  p.timing.update_latency_s = 0.7e-6;
  p.timing.pulse_width_s = 1e-3;
  p.counter.bits = 8;
  return p;
}
}  // namespace

TEST(ReplayModel, DacCurrentPerSign) {
  const auto m = directed_params().model;
  EXPECT_DOUBLE_EQ(m.dac_current(0), 0.0);
  EXPECT_DOUBLE_EQ(m.dac_current(3), 0.5e-9 + 3e-9);
  EXPECT_DOUBLE_EQ(m.dac_current(-2), -(0.2e-9 + 1.6e-9));
}

TEST(ReplayModel, ExponentialDecayMatchesClosedForm) {
  const CircuitParams p = directed_params();
  const UniformGrid g = UniformGrid::covering(0.1, 5e-6);
  InitialState init;
  init.t_start_s = 0.0;
  init.i_start_A = 12e-9;
  const SimulationResult r = simulate(p, p.model, PulseSchedule{}, g, init, nullptr);
  double worst = 0.0;
  for (std::size_t i = 0; i < g.n; i += 97) {
    const double t = g.time(i);
    const double expect = 5e-9 + (12e-9 - 5e-9) * std::exp(-t / 20e-3);
    worst = std::max(worst, std::fabs(r.i_grid[i] - expect));
  }
  EXPECT_LT(worst, 1e-20);
}

TEST(ReplayModel, SynapticFilterStepResponseMatchesTwoPoleClosedForm) {
  // One long pulse from t = 1 ms at counter 2: u = w(2) constant; from rest at I_inf.
  CircuitParams p = directed_params();
  const double u = p.model.dac_current(2);
  PulseSchedule pulses{{1e-3}, {kNaN}};
  const UniformGrid g = UniformGrid::covering(0.05, 5e-6);
  InitialState init;
  init.i_start_A = p.model.i_inf_A;
  init.counter = 2;
  p.window.i_lower_A = -1.0;  // keep the counter at 2: every decision is Hold
  p.window.i_upper_A = 1.0;
  const SimulationResult r = simulate(p, p.model, pulses, g, init, nullptr);
  const double tm = p.model.tau_mem_s, ts = p.model.tau_syn_s;
  double worst = 0.0;
  for (std::size_t i = 0; i < g.n; ++i) {
    const double t = g.time(i) - 1e-3;
    const double expect = t <= 0 ? p.model.i_inf_A
                                 : p.model.i_inf_A + u * (1.0 - (tm * std::exp(-t / tm) - ts * std::exp(-t / ts)) / (tm - ts));
    worst = std::max(worst, std::fabs(r.i_grid[i] - expect));
  }
  EXPECT_LT(worst, 1e-18);
  // The jump is filtered: 0.2 ms after the onset I has risen by less than a quarter of the
  // unfiltered (tau_syn = 0) rise.
  const std::size_t i_02 = g.first_at_or_after(1.2e-3);
  const double unfiltered = u * (1.0 - std::exp(-0.2e-3 / tm));
  EXPECT_LT(r.i_grid[i_02] - p.model.i_inf_A, 0.25 * unfiltered);
}

TEST(ReplayModel, OffGridEdgesAreIntegratedExactly) {
  // The same pulses on a 5 us and a 1 us grid give the same values at the common instants.
  const CircuitParams p = directed_params();
  PulseSchedule pulses{{1.0003e-3, 6.0017e-3}, {2.0111e-3, 7.0009e-3}};
  InitialState init;
  init.i_start_A = 3e-9;
  init.counter = 3;
  const std::vector<int> forced{3, 3};
  const auto coarse = simulate(p, p.model, pulses, UniformGrid::covering(0.01, 5e-6), init, &forced);
  const auto fine = simulate(p, p.model, pulses, UniformGrid::covering(0.01, 1e-6), init, &forced);
  for (std::size_t i = 0; i < coarse.i_grid.size(); ++i) EXPECT_NEAR(coarse.i_grid[i], fine.i_grid[5 * i], 1e-21) << i;
}

TEST(ReplayModel, LatchAtRisingEdgeUpdateAtFallingEdge) {
  // I_mem relaxes from 2 nA (below the window) towards 5 nA; the DAC is off (gains 0), so the
  // latched value is the closed form at onset + latch latency.
  CircuitParams p = directed_params();
  p.model.dac_gain_pos_A_per_lsb = p.model.dac_offset_pos_A = 0.0;
  p.model.dac_gain_neg_A_per_lsb = p.model.dac_offset_neg_A = 0.0;
  const double on = 3.0021e-3, off = 4.0123e-3;
  PulseSchedule pulses{{on}, {off}};
  const UniformGrid g = UniformGrid::covering(0.006, 1e-6);
  InitialState init;
  init.i_start_A = 2e-9;
  init.counter = 0;
  const auto r = simulate(p, p.model, pulses, g, init, nullptr);
  const double t_latch = on + p.timing.latch_latency_s;
  EXPECT_NEAR(r.i_latch[0], 5e-9 + (2e-9 - 5e-9) * std::exp(-t_latch / 20e-3), 1e-21);
  EXPECT_EQ(r.decisions[0], Decision::Inc);
  EXPECT_EQ(r.bit_before[0], 0);
  EXPECT_EQ(r.bit_after[0], 1);
  // The counter changes exactly at the falling edge + update latency, not at the rising edge.
  const double t_update = off + p.timing.update_latency_s;
  for (std::size_t i = 0; i < g.n; ++i) EXPECT_EQ(r.counter_grid[i], g.time(i) < t_update ? 0 : 1) << g.time(i);

  // Mutated semantics move both instants.
  Semantics wrong;
  wrong.latch_edge = Edge::Falling;
  wrong.update_edge = Edge::Rising;
  const auto m = simulate(p, p.model, pulses, g, init, nullptr, wrong);
  EXPECT_NEAR(m.i_latch[0], 5e-9 + (2e-9 - 5e-9) * std::exp(-(off + p.timing.latch_latency_s) / 20e-3), 1e-21);
}

TEST(ReplayModel, DecisionUsesTheComparatorSemanticsAtTheBounds) {
  // I exactly on the lower bound is Hold (ebn::decide: strictly below -> Inc).
  CircuitParams p = directed_params();
  p.model.dac_gain_pos_A_per_lsb = p.model.dac_offset_pos_A = 0.0;
  p.model.i_inf_A = 4e-9;
  p.timing.latch_latency_s = 0.0;
  PulseSchedule pulses{{1e-3}, {2e-3}};
  InitialState init;
  init.i_start_A = 4e-9;  // stays exactly at I_inf = lower bound
  const auto r = simulate(p, p.model, pulses, UniformGrid::covering(0.003), init, nullptr);
  EXPECT_EQ(r.i_latch[0], 4e-9);
  EXPECT_EQ(r.decisions[0], Decision::Hold);
}

TEST(ReplayModel, CounterSaturatesAtItsWidth) {
  CircuitParams p = directed_params();
  p.model.dac_gain_pos_A_per_lsb = p.model.dac_offset_pos_A = 0.0;  // I stays below the window
  p.model.i_inf_A = 1e-9;
  p.counter.bits = 3;  // range -4 .. 3
  PulseSchedule pulses;
  for (int k = 0; k < 10; ++k) {
    pulses.t_on.push_back(1e-3 + 5e-3 * k);
    pulses.t_off.push_back(2e-3 + 5e-3 * k);
  }
  InitialState init;
  init.i_start_A = 1e-9;
  init.counter = 0;
  const auto r = simulate(p, p.model, pulses, UniformGrid::covering(0.06), init, nullptr);
  for (int k = 0; k < 10; ++k) {
    EXPECT_EQ(r.decisions[k], Decision::Inc);
    EXPECT_EQ(r.bit_after[k], std::min(k + 1, ebn::hw::counter_max(3))) << k;
  }
  EXPECT_EQ(r.counter_grid.back(), 3);
}

TEST(ReplayModel, ForcedCounterIsTakenFromTheRecording) {
  const CircuitParams p = directed_params();
  PulseSchedule pulses{{1e-3, 6e-3}, {2e-3, 7e-3}};
  InitialState init;
  init.i_start_A = 9e-9;  // above the window: the model would decide Dec
  init.counter = 4;
  const std::vector<int> recorded_after{7, -2};
  const auto r = simulate(p, p.model, pulses, UniformGrid::covering(0.01), init, &recorded_after);
  EXPECT_EQ(r.decisions[0], Decision::Dec);
  EXPECT_EQ(r.bit_before[1], 7);
  EXPECT_EQ(r.bit_after[1], -2);
  EXPECT_EQ(r.counter_grid.back(), -2);
}

// --- window fit ------------------------------------------------------------------------------
TEST(ReplayWindowFit, FeasibleIntervalsAndCentres) {
  std::vector<WindowSample> s{{1.0, 0, Decision::Inc}, {2.0, 0, Decision::Inc}, {3.0, 0, Decision::Hold},
                              {4.0, 0, Decision::Hold}, {6.0, 0, Decision::Dec}, {7.0, 0, Decision::Dec}};
  const auto f = fit_fixed_window(s);
  EXPECT_TRUE(f.feasible);
  EXPECT_DOUBLE_EQ(f.lower_lo, 2.0);
  EXPECT_DOUBLE_EQ(f.lower_hi, 3.0);
  EXPECT_DOUBLE_EQ(f.upper_lo, 4.0);
  EXPECT_DOUBLE_EQ(f.upper_hi, 6.0);
  EXPECT_DOUBLE_EQ(f.lower, 2.5);
  EXPECT_DOUBLE_EQ(f.upper, 5.0);
  EXPECT_EQ(f.misclassified, 0);
}

TEST(ReplayWindowFit, InfeasibleMinimisesMisclassifications) {
  // One SL sample below an INC sample: exactly one misclassification is unavoidable.
  std::vector<WindowSample> s{{1.0, 0, Decision::Inc}, {2.0, 0, Decision::Hold}, {2.5, 0, Decision::Inc},
                              {3.0, 0, Decision::Hold}, {4.0, 0, Decision::Hold}, {6.0, 0, Decision::Dec}};
  const auto f = fit_fixed_window(s);
  EXPECT_FALSE(f.feasible);
  EXPECT_EQ(f.misclassified, 1);
  EXPECT_EQ(count_misclassified(s, f.lower, f.upper, 0.0), 1);
}

TEST(ReplayWindowFit, BetaIntervalIsExact) {
  // v + beta * s must keep INC < SL: INC at (1, s=1), SL at (2, s=0) -> 1 + beta < 2 -> beta < 1;
  // SL (2, 0) < DEC (3, -1): 2 < 3 - beta -> beta < 1; INC (1,1) < DEC (3,-1): 1 + beta < 3 - beta -> beta < 1.
  // Another INC at (0, -2) < SL (2, 0): -2 beta < 2 -> beta > -1.
  std::vector<WindowSample> s{{1.0, 1.0, Decision::Inc}, {0.0, -2.0, Decision::Inc}, {2.0, 0.0, Decision::Hold},
                              {3.0, -1.0, Decision::Dec}};
  const auto b = feasible_beta(s);
  EXPECT_DOUBLE_EQ(b.lo, -1.0);
  EXPECT_DOUBLE_EQ(b.hi, 1.0);
  EXPECT_TRUE(fit_fixed_window(s, 0.5).feasible);
  EXPECT_FALSE(fit_fixed_window(s, 1.5).feasible);
}

TEST(ReplayEvents, TurningPoints) {
  EXPECT_EQ(recording::turning_points({8, 9, 10, 10, 9, 8, 8, 9, 9}), (std::vector<int>{8, 10, 8, 9}));
  EXPECT_EQ(recording::turning_points({0, 0, 0}), (std::vector<int>{0}));
}

// --- parameter file ---------------------------------------------------------------------------
TEST(ReplayParams, JsonRoundTrip) {
  CircuitParams p = directed_params();
  p.window.beta = 0.25;
  p.startup.t_turn_on_s = 3.3e-3;
  p.counter.bits = 6;
  p.counter.initial = -3;
  const auto back = params_from_json(to_json(p), "test");
  EXPECT_EQ(to_json(back).dump(), to_json(p).dump());
}

TEST(ReplayParams, UnknownOrOutOfRangeKeysAreErrors) {
  auto j = to_json(directed_params());
  j["model"]["tau_mem"] = 1.0;  // misspelt
  try {
    params_from_json(j, "p.json");
    FAIL();
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("p.json: model.tau_mem"), std::string::npos) << e.what();
  }
  j = to_json(directed_params());
  j["model"]["tau_mem_s"] = -1.0;
  EXPECT_THROW(params_from_json(j, "p.json"), ebn::InputError);
  j = to_json(directed_params());
  j["counter"]["bits"] = 40;
  EXPECT_THROW(params_from_json(j, "p.json"), ebn::InputError);
}
