// Hand-computed cases for the dendritic network: event sums, trace recursion, loss and test-pass
// definitions, homeostatic bias, sigma anneal, the F = D^T identity of analytic DB, determinism.
#include <gtest/gtest.h>

#include <cmath>

#include "behavioral/dendritic/experiment.h"
#include "behavioral/dendritic/metrics.h"
#include "behavioral/dendritic/network.h"

using namespace ebn::dendritic;

namespace {
NetworkParams fixed_params(Rule rule = Rule::Analytic) {
  NetworkParams p;
  p.rule = rule;
  p.eta_sigma = 0.0;  // sigma fixed unless a test anneals it
  return p;
}
}  // namespace

TEST(DendriticNetwork, EventSumsClosedForm) {
  const EventSums e = event_sums(0.5, 2);
  EXPECT_DOUBLE_EQ(e.e1, 1.0 + 0.5 + 0.25);
  EXPECT_DOUBLE_EQ(e.e2, 1.0 + 0.25 + 0.0625);
  const EventSums e0 = event_sums(0.9, 0);
  EXPECT_DOUBLE_EQ(e0.e1, 1.0);
  EXPECT_DOUBLE_EQ(e0.e2, 1.0);
}

// Always spiking (bias +50): z(t) = r z(t-1) + 1 -> 1, 1 + r, 1 + r + r^2. Never spiking: z decays.
TEST(DendriticNetwork, TraceRecursion) {
  NetworkParams p = fixed_params();
  DendriticNetwork net(p, 2, 3, 7);
  const double r = std::exp(-1.0 / 10.0);
  EXPECT_DOUBLE_EQ(net.params().trace_decay(), r);
  net.set_bias(Eigen::VectorXd::Constant(3, 50.0));
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(2);
  const double expected[] = {1.0, 1.0 + r, 1.0 + r + r * r};
  for (double e : expected) {
    net.step(x, false);
    EXPECT_EQ(net.spikes(), Eigen::VectorXd::Ones(3));
    EXPECT_NEAR(net.trace()[0], e, 1e-14);
  }
  net.set_bias(Eigen::VectorXd::Constant(3, -50.0));
  Eigen::VectorXd z0(3);
  z0 << 1.0, 2.0, 0.5;
  net.set_trace(z0);
  net.step(x, false);
  EXPECT_EQ(net.spikes(), Eigen::VectorXd::Zero(3));
  EXPECT_TRUE(net.trace().isApprox(r * z0, 1e-15));
}

TEST(DendriticNetwork, DecoderLossDefinition) {
  Eigen::VectorXd x(2), z(1);
  x << 1.0, 0.0;
  z << 2.0;
  Eigen::MatrixXd D(2, 1);
  D << 0.5, 1.0;  // D z = (1, 2): error (0, -2), |e|^2 = 4, / (2 n_x) = 1
  EXPECT_DOUBLE_EQ(decoder_loss(x, D, z), 1.0);
}

// Test pass = mean loss over all L*N steps with cross-fading; no spikes (bias -50), D = 0:
// L = 4, fade 0.5: pattern 1 shown 4 steps (X0 := X1), then (X1+X2)/2 for one step, then X2.
TEST(DendriticNetwork, TestPassAveragesFadedSteps) {
  NetworkParams p = fixed_params();
  p.pattern_ms = 4.0;
  p.fade_fraction = 0.5;
  DendriticNetwork net(p, 2, 1, 3);
  net.set_bias(Eigen::VectorXd::Constant(1, -50.0));
  Eigen::VectorXd x1(2), x2(2);
  x1 << 1.0, 0.0;
  x2 << 0.0, 1.0;
  const double loss = test_pass(net, {x1, x2});
  EXPECT_DOUBLE_EQ(loss, (7 * 0.25 + 0.125) / 8.0);
  EXPECT_EQ(net.training_steps(), 0);  // the training counter is frozen in test passes
}

// b <- b + eta_b UI dt (rho dt - r), r = spikes per step over the previous UI steps (the
// counter is read before this step's spikes are added).
TEST(DendriticNetwork, HomeostaticBiasStep) {
  NetworkParams p = fixed_params();
  p.update_interval_steps = 2;
  p.eta_b = 0.01;
  DendriticNetwork net(p, 2, 1, 3);
  net.set_bias(Eigen::VectorXd::Constant(1, 50.0));  // spikes every step
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(2);
  net.step(x, true);
  EXPECT_DOUBLE_EQ(net.bias()[0], 50.0);  // t = 1: no batch step
  net.step(x, true);                      // t = 2: counter holds step 1 only: r = 1/2
  EXPECT_NEAR(net.bias()[0], 50.0 + 0.01 * 2 * (0.015 - 0.5), 1e-12);
  net.step(x, true);
  net.step(x, true);  // t = 4: steps 2, 3 -> r = 1
  EXPECT_NEAR(net.bias()[0], 50.0 + 0.01 * 2 * (0.015 - 0.5) + 0.01 * 2 * (0.015 - 1.0), 1e-12);
}

TEST(DendriticNetwork, SigmaAnnealStep) {
  NetworkParams p = fixed_params();
  p.eta_sigma = 1e-3;
  p.sigma2_initial = 1.0;
  p.sigma2_final = 0.1;
  DendriticNetwork net(p, 2, 1, 3);
  net.step(Eigen::VectorXd::Zero(2), true);
  const double sigma = 1.0 + 1e-3 * 1 * 1 * (0.1 - 1.0) / 1.0;
  EXPECT_DOUBLE_EQ(net.sigma2(), sigma * sigma);
  net.step(Eigen::VectorXd::Zero(2), false);  // test steps do not anneal
  EXPECT_DOUBLE_EQ(net.sigma2(), sigma * sigma);
}

// Analytic DB with F(0) = D(0) = 0 and eta_F = eta_D: the two updates (computed separately from
// F^T z0 and D z0) keep F = D^T (spec §3.2).
TEST(DendriticNetwork, AnalyticKeepsFEqualToDTransposed) {
  DendriticConfig c = default_config(Experiment::Bars, Rule::Analytic, true);
  c.bars.side = 4;
  c.bars.n_neurons = 8;
  c.schedule = {300, 300, 100};
  const RunResult r = run_bars(c);
  EXPECT_GT(r.feedforward.norm(), 0.1);  // it learned something
  EXPECT_LT((r.feedforward - r.decoder.transpose()).cwiseAbs().maxCoeff(), 1e-12);
}

// Same seed -> bit-identical results (float and discretised); another seed -> different.
TEST(DendriticNetwork, SameSeedIsBitIdentical) {
  for (int bits : {0, 6}) {
    for (Rule rule : {Rule::Analytic, Rule::Somatic, Rule::Decay}) {
      DendriticConfig c = default_config(Experiment::Bars, rule, true);
      c.bars.side = 4;
      c.bars.n_neurons = 8;
      c.bars.p = 0.5;
      c.bars.test_patterns = 20;
      c.schedule = {200, 100, 50};
      c.network.hardware.weight_bits = bits;
      c.network.eta_f_start_pattern = 0;
      c.seed = 9;
      const RunResult a = run_bars(c), b = run_bars(c);
      c.seed = 10;
      const RunResult other = run_bars(c);
      SCOPED_TRACE(rule_name(rule) + " bits " + std::to_string(bits));
      EXPECT_EQ(a.test_loss, b.test_loss);
      EXPECT_EQ(a.feedforward, b.feedforward);
      EXPECT_EQ(a.decoder, b.decoder);
      EXPECT_EQ(a.recurrent, b.recurrent);
      EXPECT_NE(a.feedforward, other.feedforward);
    }
  }
}

// Discretised weights stay B-bit counters times the scale.
TEST(DendriticNetwork, DiscretisedWeightsAreCounters) {
  for (Rule rule : {Rule::Analytic, Rule::Somatic, Rule::Decay}) {
    DendriticConfig c = default_config(Experiment::Bars, rule, true);
    c.bars.side = 4;
    c.bars.n_neurons = 8;
    c.bars.test_patterns = 10;
    c.schedule = {300, 300, 100};
    c.network.eta_f_start_pattern = 0;
    c.network.hardware.weight_bits = 4;
    const WeightQuantizer qf(4, c.network.hardware.f_max, Rounding::Stochastic);
    const WeightQuantizer qw(4, c.network.hardware.w_max, Rounding::Stochastic);
    const RunResult r = run_bars(c);
    SCOPED_TRACE(rule_name(rule));
    bool nonzero = false;
    for (double w : r.feedforward.reshaped()) {
      const double q = w / qf.scale();
      ASSERT_NEAR(q, std::round(q), 1e-9);
      ASSERT_GE(std::round(q), -8);
      ASSERT_LE(std::round(q), 7);
      nonzero = nonzero || w != 0.0;
    }
    EXPECT_TRUE(nonzero);
    for (double w : r.recurrent.reshaped()) {
      const double q = w / qw.scale();
      ASSERT_NEAR(q, std::round(q), 1e-9);
      ASSERT_GE(std::round(q), -8);
      ASSERT_LE(std::round(q), 7);
    }
  }
}
