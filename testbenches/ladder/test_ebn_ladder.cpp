// Ladder 1 <-> 2: level 2 (B-bit saturating counters, W = g·counter, stepped by the shared
// reference controller) equals level 1 (float discrete rule) bit for bit while no counter
// saturates -- same spikes, same weights, same learning curve. With a narrow counter the two
// must part (shows the comparison can fail).
#include <gtest/gtest.h>

#include "behavioral/ebn_network.h"
#include "behavioral/trainer.h"
#include "ebn/hw_encoding.h"

namespace ebn::behavioral {
namespace {

EbnConfig ladder_config(const std::string& rule, bool quantized, int bits) {
  EbnConfig c;
  c.learning.rule = rule;
  c.learning.quantized = quantized;
  c.learning.weight_bits = bits;
  c.experiment.passes = 3;
  c.experiment.validate_every = 1;
  c.experiment.validation_signals = 2;
  return c;
}

void expect_same_spikes(const std::vector<Spike>& a, const std::vector<Spike>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].time_s, b[i].time_s) << "spike " << i;
    ASSERT_EQ(a[i].neuron, b[i].neuron) << "spike " << i;
  }
}

void expect_level2_equals_level1(const std::string& rule, int bits) {
  const ExperimentResult l1 = run_experiment(ladder_config(rule, false, bits), make_behavioral_backend);
  const ExperimentResult l2 = run_experiment(ladder_config(rule, true, bits), make_behavioral_backend);
  ASSERT_EQ(l1.backend, "reference");
  ASSERT_EQ(l2.backend, "quantized");
  // Precondition: nothing saturated (learned counters strictly inside the B-bit range).
  const double step = EbnConfig{}.learning.step;
  EXPECT_LT(l1.w_learned.maxCoeff() / step, hw::counter_max(bits));
  EXPECT_GT(l1.w_learned.minCoeff() / step, hw::counter_min(bits));
  // Learning did something (otherwise equality would be trivial).
  EXPECT_GT((l1.w_learned - l1.init.w_initial).cwiseAbs().sum(), 1000.0);
  EXPECT_TRUE(l1.w_learned == l2.w_learned) << "learned weights differ";
  EXPECT_TRUE(l1.v_reset_learned == l2.v_reset_learned);
  ASSERT_EQ(l1.updates_per_pass, l2.updates_per_pass);
  ASSERT_EQ(l1.curve.size(), l2.curve.size());
  for (std::size_t i = 0; i < l1.curve.size(); ++i) {
    EXPECT_EQ(l1.curve[i].distance, l2.curve[i].distance);
    EXPECT_EQ(l1.curve[i].decoding_error, l2.curve[i].decoding_error);
  }
  expect_same_spikes(l1.learned.spikes, l2.learned.spikes);
  expect_same_spikes(l1.initial.spikes, l2.initial.spikes);
}

TEST(Ladder12, QuantizedEqualsFloatFig1Rule8Bits) { expect_level2_equals_level1("discrete-fig1", 8); }
TEST(Ladder12, QuantizedEqualsFloatFig1Rule16Bits) { expect_level2_equals_level1("discrete-fig1", 16); }
TEST(Ladder12, QuantizedEqualsFloatPaperRule) { expect_level2_equals_level1("discrete-paper", 8); }

TEST(Ladder12, NarrowCountersSaturateAndDiverge) {
  const int bits = 5;  // counters −16..15 -> W ∈ [−32, 30]; W0 reaches −114
  const ExperimentResult l1 = run_experiment(ladder_config("discrete-fig1", false, bits), make_behavioral_backend);
  const ExperimentResult l2 = run_experiment(ladder_config("discrete-fig1", true, bits), make_behavioral_backend);
  EXPECT_LE(l2.w_learned.maxCoeff(), 2.0 * hw::counter_max(bits));
  EXPECT_GE(l2.w_learned.minCoeff(), 2.0 * hw::counter_min(bits));
  EXPECT_FALSE(l1.w_learned == l2.w_learned);
}

}  // namespace
}  // namespace ebn::behavioral
