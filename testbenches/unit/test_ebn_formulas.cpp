// Levels 1/2: the formulas of spec ebn-learning-rule.md pinned on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "behavioral/discretize.h"
#include "behavioral/learning_rules.h"
#include "behavioral/metrics.h"
#include "behavioral/optimal_weights.h"

namespace ebn::behavioral {
namespace {

Eigen::MatrixXd two_neuron_encoder() {
  Eigen::MatrixXd f(2, 2);
  f << 1.0, 0.6,  //
      0.0, 0.8;
  return f;
}

TEST(Threshold, SquaredL1NormAsTheReference) {
  const NetworkParams p;  // νλ_d = 0.1, μλ_d² = 1
  const Eigen::VectorXd t = thresholds(two_neuron_encoder(), p);
  EXPECT_DOUBLE_EQ(t[0], (0.1 + 1.0 + 1.0) / 2);         // ‖(1,0)‖₁² = 1
  EXPECT_DOUBLE_EQ(t[1], (0.1 + 1.0 + 1.4 * 1.4) / 2);   // ‖(0.6,0.8)‖₁² = 1.96 -> 1.53
  NetworkParams l2;
  l2.threshold_norm = "l2_squared";
  EXPECT_DOUBLE_EQ(thresholds(two_neuron_encoder(), l2)[1], (0.1 + 1.0 + 1.0) / 2);  // textbook 1.05
}

TEST(OptimalWeights, MinusTauRatioTimesGramOffDiagonalAndRestRealisesDiagonal) {
  const NetworkParams p;  // τ_m/τ_f = 50
  const Eigen::MatrixXd w = optimal_weights(two_neuron_encoder(), p);
  EXPECT_DOUBLE_EQ(w(0, 1), -50 * 0.6);
  EXPECT_DOUBLE_EQ(w(1, 0), -50 * 0.6);
  EXPECT_EQ(w(0, 0), 0.0);
  EXPECT_EQ(w(1, 1), 0.0);
  const Eigen::VectorXd t = thresholds(two_neuron_encoder(), p);
  const Eigen::VectorXd rest = optimal_rest(two_neuron_encoder(), t, p);
  EXPECT_DOUBLE_EQ(rest[1], t[1] - (1.0 + 1.0));  // T − (‖F‖₂² + μλ_d²)
}

TEST(DiscreteRuleFig1, ConditionAndBandEdges) {
  const EbnConfig c;  // discrete-fig1, g = 2, m = 0, Ω = τ_m·W: s = 2V′ + 0.05·W, band |s| <= 1
  const DiscreteComparator cmp = make_comparator(c.learning, c.network);
  EXPECT_DOUBLE_EQ(cmp.half_width, 1.0);
  EXPECT_DOUBLE_EQ(cmp.omega_per_weight, 0.05);
  EXPECT_EQ(cmp.decide_weight(-0.5, 7.0, 0.0), Decision::Hold);  // s = −1 exactly: on the bound; V_rest ignored
  EXPECT_EQ(cmp.decide_weight(std::nextafter(-0.5, -1.0), 0.0, 0.0), Decision::Inc);
  EXPECT_EQ(cmp.decide_weight(0.5, 0.0, 0.0), Decision::Hold);
  EXPECT_EQ(cmp.decide_weight(std::nextafter(0.5, 1.0), 0.0, 0.0), Decision::Dec);
  // With a weight: W = −40 -> Ω = −2; V′ = 0.4 -> s = −1.2 < −1 -> Inc (make W less negative).
  EXPECT_EQ(cmp.decide_weight(0.4, 0.0, -40.0), Decision::Inc);
  EXPECT_EQ(cmp.decide_weight(0.6, 0.0, -40.0), Decision::Hold);   // s = −0.8
  EXPECT_EQ(cmp.decide_weight(-0.6, 0.0, 40.0), Decision::Hold);   // s = 0.8
  EXPECT_EQ(cmp.decide_weight(-0.4, 0.0, 40.0), Decision::Dec);    // s = 1.2
  LearningParams wide = c.learning;
  wide.band_margin = 0.5;  // band ±1.5
  EXPECT_EQ(make_comparator(wide, c.network).decide_weight(0.4, 0.0, -40.0), Decision::Hold);
}

TEST(DiscreteRulePaper, RestInConditionAndOneStepBand) {
  EbnConfig c;
  c.learning.rule = "discrete-paper";
  c.learning.omega_units = "psp";  // Ω = (τ_f/τ_m)·W = 0.02·W, ω = 0.04, band ±0.02
  const DiscreteComparator cmp = make_comparator(c.learning, c.network);
  EXPECT_DOUBLE_EQ(cmp.half_width, 0.02);
  EXPECT_EQ(cmp.decide_weight(1.0 - 0.0095, 1.0, 0.0), Decision::Hold);  // s = −0.019
  EXPECT_EQ(cmp.decide_weight(1.0 - 0.0105, 1.0, 0.0), Decision::Inc);   // s = −0.021
  EXPECT_EQ(cmp.decide_weight(1.0 + 0.0105, 1.0, 0.0), Decision::Dec);
  EXPECT_EQ(cmp.decide_weight(1.0 - 0.0105, 1.0, 1.0), Decision::Hold);  // + Ω = 0.02 -> s = −0.001
}

TEST(DiagonalRule, Fig1SignAndSecondStepOnlyAboveT13) {
  const LearningParams l;  // s = 2V′_k + (V_reset + T) with V′_k = V_reset, band ±1
  EXPECT_EQ(diagonal_decision(l, 0.0, 0.0, 1.5), Decision::Dec);    // first spike: s = T > 1
  EXPECT_EQ(diagonal_decision(l, 0.0, 0.0, 1.0), Decision::Hold);   // s = 1: on the bound
  EXPECT_EQ(diagonal_decision(l, -0.1, -0.1, 1.31), Decision::Dec);  // s = 1.01
  EXPECT_EQ(diagonal_decision(l, -0.1, -0.1, 1.29), Decision::Hold);  // s = 0.99
  EXPECT_EQ(diagonal_decision(l, -0.2, -0.2, 1.55), Decision::Hold);  // s = 0.95: at most two steps
}

TEST(LearningRule, FloatStepsColumnKAndDiagonal) {
  const EbnConfig c;
  auto rule = make_learning_rule(c);
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(3, 3);
  w(2, 1) = -40;
  NeuronParams np{Eigen::Vector3d(1.5, 1.5, 1.5), Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  const double v_before[3] = {-0.6, 0.0, 0.4};  // n = 0: s = −1.2 -> Inc; k = 1 (reset, 0); n = 2: s = −1.2 -> Inc
  EXPECT_EQ(rule->on_spike(1, v_before, np, w), 3);  // two weights + the diagonal
  EXPECT_EQ(w(0, 1), 2.0);
  EXPECT_EQ(w(2, 1), -38.0);
  EXPECT_EQ(w(1, 1), 0.0);  // diagonal weight never touched
  EXPECT_EQ(w(0, 2), 0.0);  // other columns untouched
  EXPECT_DOUBLE_EQ(np.v_reset[1], -0.1);  // s = 0 + 0 + 1.5 > 1 -> Dec
  EXPECT_DOUBLE_EQ(np.v_rest[1], -0.1);
}

TEST(LearningRule, QuantizedCountersSaturate) {
  EbnConfig c;
  c.learning.quantized = true;
  c.learning.weight_bits = 2;  // counters −2..1 -> W ∈ {−4, −2, 0, 2}
  c.learning.diagonal = "off";
  c.network.neurons = 2;
  auto rule = make_learning_rule(c);
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(2, 2);
  w(0, 1) = 10;  // loads as counter 5 -> saturates at 1
  rule->load_weights(w);
  EXPECT_EQ(w(0, 1), 2.0);
  NeuronParams np{Eigen::Vector2d(1.5, 1.5), Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
  const double low[2] = {-2.0, 0.0};  // s = −4 + 0.1 -> Inc
  EXPECT_EQ(rule->on_spike(1, low, np, w), 0);  // already at the top: nothing changes
  EXPECT_EQ(w(0, 1), 2.0);
  const double high[2] = {2.0, 0.0};
  for (int i = 0; i < 5; ++i) rule->on_spike(1, high, np, w);
  EXPECT_EQ(w(0, 1), -4.0);  // bottom of the 2-bit range
}

TEST(Discretize, EdgesMidpointsAndSaturation) {
  Eigen::MatrixXd o(3, 3);
  o << 9.0, 1.0, -1.0,  //
      5.0, 7.7, -3.0,   //
      2.0, -4.5, -4.0;
  // M = 2·⌊max(|−4.5|, 9)/2⌋ = 8 (the diagonal counts for M but is not mapped)
  EXPECT_EQ(grid_limit(o, 2.0), 8.0);
  const Eigen::MatrixXd d = discretize(o, 2.0);
  EXPECT_EQ(d(0, 1), 0.0);   // mid-point 1 -> lower edge 0
  EXPECT_EQ(d(0, 2), -2.0);  // mid-point −1 -> lower edge −2
  EXPECT_EQ(d(1, 0), 4.0);   // mid-point 5 -> 4
  EXPECT_EQ(d(1, 2), -4.0);  // mid-point −3 -> −4
  EXPECT_EQ(d(2, 0), 2.0);   // on an edge
  EXPECT_EQ(d(2, 1), -4.0);  // −4.5 is nearer to −4
  EXPECT_EQ(d(2, 2), -4.0);  // diagonal unchanged
  EXPECT_EQ(d(0, 0), 9.0);
  EXPECT_EQ(discretize_value(1.0000001, 8, 2), 2.0);
  EXPECT_EQ(discretize_value(8.5, 8, 2), 8.0);    // > M -> M
  EXPECT_EQ(discretize_value(-8.0, 8, 2), -8.0);  // <= −M -> −M
  EXPECT_EQ(discretize_value(-9.9, 8, 2), -8.0);
  EXPECT_EQ(discretize_value(7.0, 8, 2), 6.0);    // mid-point below M -> lower
}

TEST(Metrics, DistanceToOptimalHandComputed) {
  Eigen::MatrixXd c(2, 2), w(2, 2);
  c << 0, 1, 1, 0;
  w << 0, 1, 0, 0;
  // s = tr(WᵀC)/‖C‖² = 1/2; ‖W − sC‖² = 0.25 + 0.25; ‖W‖² = 1
  EXPECT_DOUBLE_EQ(distance_to_optimal(w, c), 0.5);
  EXPECT_DOUBLE_EQ(distance_to_optimal(3.0 * c, c), 0.0);  // scale-free
  Eigen::MatrixXd orth(2, 2);
  orth << 0, 1, -1, 0;
  EXPECT_DOUBLE_EQ(distance_to_optimal(orth, c), 1.0);
}

TEST(Metrics, DecodingErrorTransposedAndLeastSquaresHandComputed) {
  Eigen::MatrixXd r(4, 2), a(2, 2);
  r << 1, 0, 0, 1, 0, 0, 1, 1;
  a << 1, 2, 0, 1;
  const Eigen::MatrixXd x = r * a;  // exact linear map: B = A
  const DecodingError e = decoding_error(r, x);
  EXPECT_NEAR(e.map(0, 1), 2.0, 1e-12);
  EXPECT_NEAR(e.least_squares, 0.0, 1e-12);
  // X − R·Aᵀ = [[0,2],[−2,0],[0,0],[−2,2]]: variances 4/3 + 4/3; Var X = 1/3 + 5/3 -> E = 4/3
  EXPECT_NEAR(e.transposed, 4.0 / 3.0, 1e-12);
  // A silent network decodes nothing: E = 1, no NaN.
  const DecodingError silent = decoding_error(Eigen::MatrixXd::Zero(4, 2), x);
  EXPECT_DOUBLE_EQ(silent.transposed, 1.0);
}

TEST(Metrics, WeightCorrelationOffDiagonal) {
  Eigen::MatrixXd a(2, 2), b(2, 2);
  a << 100, 1, 2, -100;  // diagonals must be ignored
  b << -5, 2, 4, 7;
  EXPECT_NEAR(weight_correlation(a, b), 1.0, 1e-12);
  EXPECT_NEAR(weight_correlation(a, -b), -1.0, 1e-12);
  Eigen::MatrixXd c(3, 3), d(3, 3);
  c << 0, 1, 2, 3, 0, 4, 5, 6, 0;
  d << 0, 1, 0, 0, 0, 1, 0, 0, 0;  // x = 1..6, y = 1,0,0,1,0,0: mean 3.5 / 1/3
  // cov = (−2.5 + 0.5)·2/3 + (−1.5 − 0.5 + 1.5 + 2.5)·(−1/3) = −4/3 − 2/3 = −2
  // Σ(x−3.5)² = 17.5, Σ(y−1/3)² = 4/3 -> r = −2/√(17.5·4/3)
  EXPECT_NEAR(weight_correlation(c, d), -2.0 / std::sqrt(17.5 * 4.0 / 3.0), 1e-12);
}

}  // namespace
}  // namespace ebn::behavioral
