// Issue 12: the rule by which `--neurons N` scales the Figure-1 experiment (neuron_scaling.h).
//  * The rule's values: at the configured N nothing changes; at N the input amplitude is × N/N0,
//    the initial weight std and both learning steps × √(N0/N) ("rate"), or only the initial std
//    ("weights"); nothing else moves.
//  * What the rule is for, checked on the dynamics (one 1 s trial of the optimal network, no
//    learning): with "rate" the per-neuron rate at N = 10·N0 stays within 2x of N0's, with
//    "weights" it falls roughly as N0/N.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "behavioral/ebn_network.h"
#include "behavioral/input_signal.h"
#include "behavioral/neuron_scaling.h"
#include "behavioral/trainer.h"

namespace ebn::behavioral {
namespace {

TEST(NeuronScaling, ConfiguredSizeIsUnchanged) {
  const EbnConfig base;
  EXPECT_EQ(to_json(scale_to_neurons(base, base.network.neurons)), to_json(base));
}

TEST(NeuronScaling, RateRuleScalesAmplitudeInitialWeightsAndSteps) {
  const EbnConfig base;  // N0 = 20, A = 5000, std 30, g = 2, diagonal step 0.1
  const EbnConfig big = scale_to_neurons(base, 1000);
  EXPECT_EQ(big.network.neurons, 1000);
  EXPECT_DOUBLE_EQ(big.network.input_amplitude, 250000.0);
  EXPECT_DOUBLE_EQ(big.network.initial_weight_std, 30.0 / std::sqrt(50.0));
  EXPECT_DOUBLE_EQ(big.learning.step, 2.0 / std::sqrt(50.0));
  EXPECT_DOUBLE_EQ(big.learning.diagonal_step, 0.1 / std::sqrt(50.0));
  Json expected = to_json(base), got = to_json(big);
  for (const char* key : {"neurons", "input_amplitude", "initial_weight_std"}) {
    expected["network"].erase(key);
    got["network"].erase(key);
  }
  for (const char* key : {"step", "diagonal_step"}) {
    expected["learning"].erase(key);
    got["learning"].erase(key);
  }
  EXPECT_EQ(got, expected) << "thresholds, time constants, band margin, noise, experiment: unchanged";

  EbnConfig weights_only = base;
  weights_only.network.neuron_scaling = "weights";
  const EbnConfig old_rule = scale_to_neurons(weights_only, 100);
  EXPECT_EQ(old_rule.network.input_amplitude, 5000.0);
  EXPECT_EQ(old_rule.learning.step, 2.0);
  EXPECT_EQ(old_rule.learning.diagonal_step, 0.1);
  // Bit for bit the expression `ebn learn --neurons` used before issue 12.
  EXPECT_EQ(old_rule.network.initial_weight_std, 30.0 * std::sqrt(20.0 / 100));
}

double optimal_rate_hz(const EbnConfig& c) {
  const ExperimentInit init = initialise(c);
  RunRng rng(11);
  const InputSignal signal = SignalGenerator(c.network).draw(rng);
  const auto spikes = make_behavioral_backend(init.optimal_setup(), c)->run_trial(signal, false, rng).spikes;
  return static_cast<double>(spikes.size()) / (c.network.neurons * c.network.trial_s);
}

TEST(NeuronScaling, RateRuleKeepsThePerNeuronRateOfTheOptimalNetwork) {
  const EbnConfig base;
  EbnConfig weights_only = base;
  weights_only.network.neuron_scaling = "weights";
  const double r20 = optimal_rate_hz(base);
  const double r200_rate = optimal_rate_hz(scale_to_neurons(base, 200));
  const double r200_weights = optimal_rate_hz(scale_to_neurons(weights_only, 200));
  std::printf("optimal network, Hz per neuron: N=20 %.2f; N=200 rate rule %.2f, weights rule %.2f\n", r20, r200_rate,
              r200_weights);
  ASSERT_GT(r20, 1.0);
  // Not exactly 1: with 10x more neurons on the same circle of decoder directions, near-parallel
  // neurons cross together before the 1 ms synapse delivers the first one's inhibition (measured
  // 1.5 at N = 200, seed 42). The weights-only rule is off by the full factor N/N0.
  EXPECT_GT(r200_rate / r20, 0.5);
  EXPECT_LT(r200_rate / r20, 2.0);
  EXPECT_LT(r200_weights / r20, 0.3);
}

}  // namespace
}  // namespace ebn::behavioral
