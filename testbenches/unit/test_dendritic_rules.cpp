// The local dendritic-balance rules: hand-computed updates (sign and magnitude) and locality.
// Each check is also run on a deliberately broken rule (Mutation) and must then FAIL, so these
// tests cannot pass for a rule whose sign is flipped or which reads non-local quantities.
#include <gtest/gtest.h>

#include "behavioral/dendritic/network.h"

using namespace ebn::dendritic;

namespace {
NetworkParams local_params(Rule rule) {
  NetworkParams p;
  p.rule = rule;
  p.eta_sigma = 0.0;
  p.eta_f = p.eta_w = p.eta_fbar = 1e-3;
  p.lambda = 0.0;
  p.init_f_mean = 0.5;
  return p;
}

// One synapse: F = 0.5, W_111 = -0.2, x = 1, z = 2 -> v = 0.5 - 0.4 = 0.1.
struct OneSynapse {
  double dF, dW;
};
OneSynapse one_synapse_update(Rule rule, Mutation mutation) {
  DendriticNetwork net(local_params(rule), 1, 1, 1, mutation);
  net.set_feedforward(Eigen::MatrixXd::Constant(1, 1, 0.5));
  net.set_dendritic_recurrent(Eigen::MatrixXd::Constant(1, 1, -0.2));
  net.set_decoder(Eigen::MatrixXd::Constant(1, 1, 0.3));
  net.apply_dendritic_batch_update(Eigen::VectorXd::Constant(1, 1.0), Eigen::VectorXd::Constant(1, 2.0));
  return {net.feedforward()(0, 0) - 0.5, net.dendritic_recurrent()(0, 0) + 0.2};
}

// Expected values, by hand: m = 1e-3 (eta * UI * dt).
//  decay:        dF = m z v sign(F)/|F|            = 1e-3 * 2 * 0.1 / 0.5            = 4e-4
//  simultaneous: dF = m z (x + (v - F x)/|F|)      = 1e-3 * 2 * (1 + (0.1-0.5)/0.5) = 4e-4
//  slow:         Fbar = 0.5 + 1e-3*2*0.1 = 0.5002; dF = 1e-3 (Fbar/F - F)       = 5.004e-4
//  all:          dW = -m z v                       = -1e-3 * 2 * 0.1             = -2e-4
double expected_dF(Rule rule) { return rule == Rule::Slow ? 1e-3 * (0.5002 / 0.5 - 0.5) : 4e-4; }

bool hand_check(Rule rule, Mutation mutation) {
  const OneSynapse u = one_synapse_update(rule, mutation);
  return std::abs(u.dF - expected_dF(rule)) < 1e-12 && std::abs(u.dW + 2e-4) < 1e-12;
}

// Locality: synapse (j, i) may depend only on F_ji, x_i, its own compartment's inhibitory weights
// W_ji. and the presynaptic traces z (which together give v_ij), plus z_j. Two networks that agree
// on exactly these but differ in everything else (other rows of F, other compartments, other
// inputs, the decoder) must make the same update of F_ji and W_ji. -- bit for bit.
bool locality_check(Rule rule, Mutation mutation) {
  const int n_x = 5, n_z = 4, j = 2, i = 3;
  Rng rng(99);
  auto random_matrix = [&](int rows, int cols, double lo, double hi) {
    Eigen::MatrixXd m(rows, cols);
    for (double& v : m.reshaped()) v = lo + (hi - lo) * uniform01(rng);
    return m;
  };
  const Eigen::MatrixXd F = random_matrix(n_z, n_x, 0.05, 1.0);
  const Eigen::MatrixXd W = random_matrix(n_z * n_x, n_z, -0.5, 0.1);
  const Eigen::MatrixXd D = random_matrix(n_x, n_z, 0.0, 1.0);
  const Eigen::VectorXd x = random_matrix(n_x, 1, 0.0, 1.0), z = random_matrix(n_z, 1, 0.0, 3.0);
  // The other world: everything re-drawn, then the synapse's own quantities copied back.
  Eigen::MatrixXd F2 = random_matrix(n_z, n_x, 0.05, 1.0), W2 = random_matrix(n_z * n_x, n_z, -0.5, 0.1);
  const Eigen::MatrixXd D2 = random_matrix(n_x, n_z, 0.0, 1.0);
  Eigen::VectorXd x2 = random_matrix(n_x, 1, 0.0, 1.0);
  F2(j, i) = F(j, i);
  W2.row(j * n_x + i) = W.row(j * n_x + i);
  x2[i] = x[i];

  DendriticNetwork a(local_params(rule), n_x, n_z, 1, mutation), b(local_params(rule), n_x, n_z, 1, mutation);
  a.set_feedforward(F);
  a.set_dendritic_recurrent(W);
  a.set_decoder(D);
  b.set_feedforward(F2);
  b.set_dendritic_recurrent(W2);
  b.set_decoder(D2);
  a.apply_dendritic_batch_update(x, z);
  b.apply_dendritic_batch_update(x2, z);
  const bool same_f = a.feedforward()(j, i) == b.feedforward()(j, i) && a.feedforward()(j, i) != F(j, i);
  const bool same_w = a.dendritic_recurrent().row(j * n_x + i) == b.dendritic_recurrent().row(j * n_x + i);
  return same_f && same_w;
}
}  // namespace

class DendriticLocalRule : public ::testing::TestWithParam<Rule> {};

TEST_P(DendriticLocalRule, HandComputedUpdate) {
  EXPECT_TRUE(hand_check(GetParam(), Mutation::None));
  EXPECT_FALSE(hand_check(GetParam(), Mutation::FlipSign)) << "a sign-flipped rule must fail this check";
}

TEST_P(DendriticLocalRule, UpdateIsLocal) {
  EXPECT_TRUE(locality_check(GetParam(), Mutation::None));
  EXPECT_FALSE(locality_check(GetParam(), Mutation::NonLocal)) << "a rule using the population error must fail this check";
}

INSTANTIATE_TEST_SUITE_P(Rules, DendriticLocalRule, ::testing::Values(Rule::Decay, Rule::Simultaneous, Rule::Slow),
                         [](const auto& info) { return rule_name(info.param); });

// The decay rule's L2 term: with v = 0 (balanced compartment) only -m lambda F remains.
TEST(DendriticLocalRuleDecay, WeightDecayTerm) {
  NetworkParams p = local_params(Rule::Decay);
  p.lambda = 0.1;
  DendriticNetwork net(p, 1, 1, 1);
  net.set_feedforward(Eigen::MatrixXd::Constant(1, 1, 0.5));
  net.set_dendritic_recurrent(Eigen::MatrixXd::Constant(1, 1, -0.25));  // v = 0.5*1 - 0.25*2 = 0
  net.apply_dendritic_batch_update(Eigen::VectorXd::Constant(1, 1.0), Eigen::VectorXd::Constant(1, 2.0));
  EXPECT_NEAR(net.feedforward()(0, 0), 0.5 - 1e-3 * 0.1 * 0.5, 1e-15);
  EXPECT_NEAR(net.dendritic_recurrent()(0, 0), -0.25 + 1e-3 * 0.1 * 0.25, 1e-15);
}
