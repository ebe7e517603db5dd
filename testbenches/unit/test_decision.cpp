#include <gtest/gtest.h>

#include "ebn/decision.h"
#include "ebn/hw_encoding.h"
#include "ebn/learning_controller.h"

namespace ebn {

TEST(Decision, StrictComparisonsAndBoundsAreHold) {
  EXPECT_EQ(decide(0.99, 1.0, 2.0), Decision::Inc);
  EXPECT_EQ(decide(1.0, 1.0, 2.0), Decision::Hold);  // on the lower bound: stop learning
  EXPECT_EQ(decide(2.0, 1.0, 2.0), Decision::Hold);  // on the upper bound: stop learning
  EXPECT_EQ(decide(2.01, 1.0, 2.0), Decision::Dec);
  EXPECT_EQ(step_of(Decision::Inc), 1);
  EXPECT_EQ(step_of(Decision::Dec), -1);
  EXPECT_EQ(step_of(Decision::Hold), 0);
}

TEST(CounterEncoding, RangeAndSaturationEdges) {
  EXPECT_EQ(hw::counter_min(2), -2);
  EXPECT_EQ(hw::counter_max(2), 1);
  EXPECT_EQ(hw::counter_min(8), -128);
  EXPECT_EQ(hw::counter_max(8), 127);
  EXPECT_EQ(hw::step_counter(127, Decision::Inc, 8), 127);
  EXPECT_EQ(hw::step_counter(126, Decision::Inc, 8), 127);
  EXPECT_EQ(hw::step_counter(-128, Decision::Dec, 8), -128);
  EXPECT_EQ(hw::step_counter(-127, Decision::Dec, 8), -128);
  EXPECT_EQ(hw::step_counter(5, Decision::Hold, 8), 5);
}

TEST(CounterEncoding, WiresRoundTrip) {
  for (Decision d : {Decision::Hold, Decision::Inc, Decision::Dec})
    EXPECT_EQ(hw::from_wires(hw::inc_wire(d), hw::dec_wire(d)), d);
  EXPECT_EQ(hw::from_wires(true, true), Decision::Hold);  // illegal code is treated as no change
}

TEST(ReferenceController, StepsColumnKOnlyAndNeverTheDiagonal) {
  ReferenceController c(3, 4);
  c.write_weight(0, 1, 7);   // at +max: stays
  c.write_weight(2, 1, -8);  // at -min
  c.on_spike(1, {Decision::Inc, Decision::Inc, Decision::Dec});
  EXPECT_EQ(c.read_weight(0, 1), 7);
  EXPECT_EQ(c.read_weight(1, 1), 0);  // diagonal untouched although its decision is Inc
  EXPECT_EQ(c.read_weight(2, 1), -8);
  c.on_spike(1, {Decision::Dec, Decision::Inc, Decision::Inc});
  EXPECT_EQ(c.read_weight(0, 1), 6);
  EXPECT_EQ(c.read_weight(2, 1), -7);
  EXPECT_EQ(c.read_weight(0, 2), 0);  // other columns untouched
  c.set_learning_enabled(false);
  c.on_spike(1, {Decision::Dec, Decision::Dec, Decision::Dec});
  EXPECT_EQ(c.read_weight(0, 1), 6);
}

}  // namespace ebn
