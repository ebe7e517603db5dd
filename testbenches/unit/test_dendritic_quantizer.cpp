// B-bit weight discretisation: ranges from ebn::hw, deterministic and stochastic rounding.
#include <gtest/gtest.h>

#include "behavioral/dendritic/weight_quantizer.h"
#include "ebn/hw_encoding.h"

using namespace ebn::dendritic;

TEST(DendriticQuantizer, DeterministicRoundingAndSaturation) {
  const WeightQuantizer q(4, 7.0, Rounding::Deterministic);  // scale 1, counters -8..7
  Rng rng(1);
  EXPECT_DOUBLE_EQ(q.scale(), 1.0);
  EXPECT_DOUBLE_EQ(q.step(2.0, 0.4, rng), 2.0);    // below half an LSB: lost
  EXPECT_DOUBLE_EQ(q.step(2.0, 0.6, rng), 3.0);
  EXPECT_DOUBLE_EQ(q.step(2.0, -0.5, rng), 1.0);   // ties away from zero
  EXPECT_DOUBLE_EQ(q.step(2.0, 0.5, rng), 3.0);
  EXPECT_DOUBLE_EQ(q.step(7.0, 3.0, rng), 7.0);    // counter_max(4) = 7
  EXPECT_DOUBLE_EQ(q.step(-8.0, -5.0, rng), -8.0); // counter_min(4) = -8
  EXPECT_DOUBLE_EQ(q.represent(3.4), 3.0);
  EXPECT_DOUBLE_EQ(q.represent(100.0), 7.0);
  EXPECT_DOUBLE_EQ(q.represent(-100.0), -8.0);
}

TEST(DendriticQuantizer, ScaleFollowsCounterRange) {
  const WeightQuantizer q(8, 1.0, Rounding::Deterministic);
  EXPECT_DOUBLE_EQ(q.scale(), 1.0 / ebn::hw::counter_max(8));
  EXPECT_EQ(q.counter_of(q.represent(0.5)), 64);  // 0.5 * 127 = 63.5 -> 64
  EXPECT_DOUBLE_EQ(q.represent(-2.0), ebn::hw::counter_min(8) * q.scale());
}

// Stochastic rounding is unbiased: E[step] = delta / scale, values only the two neighbours.
TEST(DendriticQuantizer, StochasticRoundingIsUnbiased) {
  const WeightQuantizer q(6, 31.0, Rounding::Stochastic);  // scale 1
  Rng rng(123);
  const int n = 200000;
  double sum = 0.0;
  for (int k = 0; k < n; ++k) {
    const double w = q.step(0.0, 0.25, rng);
    ASSERT_TRUE(w == 0.0 || w == 1.0);
    sum += w;
  }
  const double sd = std::sqrt(0.25 * 0.75 / n);
  EXPECT_NEAR(sum / n, 0.25, 5 * sd);
  double sum_neg = 0.0;
  for (int k = 0; k < n; ++k) sum_neg += q.step(3.0, -1.7, rng);
  EXPECT_NEAR(sum_neg / n, 1.3, 5 * std::sqrt(0.21 / n));
}

TEST(DendriticQuantizer, InactiveIsFloat) {
  const WeightQuantizer q;
  Rng rng(1);
  EXPECT_FALSE(q.active());
  EXPECT_DOUBLE_EQ(q.step(0.1, 1e-9, rng), 0.1 + 1e-9);
  EXPECT_DOUBLE_EQ(q.represent(0.123), 0.123);
}
