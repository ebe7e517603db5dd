// network_agreement: expectations counted by hand on a 1-input, 2-neuron network (P = 3).
#include <gtest/gtest.h>

#include "network_agreement.h"

namespace {

using ebn::app::NetworkRecord;

// Input 0 pulses at 10 and 20 ms; neuron 1 spikes at 15 ms. Letters per index: input, n1, n2.
NetworkRecord reference() {
  NetworkRecord r;
  r.inputs = 1;
  r.neurons = 2;
  r.duration_s = 0.05;
  r.spikes = {{0.015, 1}};
  r.latches = {{0.010, 0, "-IS"}, {0.015, 1, "--D"}, {0.020, 0, "-SS"}};
  r.counters_initial = {0, 0, 0, 3, 0, 1, 2, 5, 0};
  r.counters_final = {0, 0, 0, 4, 0, 1, 2, 7, 0};
  return r;
}

TEST(NetworkAgreement, IdenticalRunsAgreeEverywhere) {
  const auto a = reference();
  const auto j = ebn::app::network_agreement(a, a, "x", "y");
  EXPECT_EQ(j["decisions"]["agreeing"], 5);  // 2 neurons at 2 input pulses + neuron 2 at the spike
  EXPECT_EQ(j["decisions"]["total"], 5);
  EXPECT_EQ(j["counters_within_1_lsb"]["within"], 4);
  EXPECT_TRUE(j["agree"].get<bool>());
  EXPECT_EQ(j["spikes"][0]["x"], 1);
  EXPECT_EQ(j["spikes"][0]["y"], 1);
}

TEST(NetworkAgreement, CountsFlippedLatchesUnpairedSpikesAndCounters) {
  const auto a = reference();
  auto b = reference();
  b.latches[0].d = "-DS";            // neuron 1 flips at the first input pulse
  b.spikes = {{0.0172, 1}};           // the spike 2.2 ms later: no longer the same spike
  b.latches[1].t = 0.0172;
  b.counters_final[5] = 3;            // W[1][2]: 1 -> 3, two LSB off
  const auto j = ebn::app::network_agreement(a, b, "x", "y");
  // Input pulses: 3 of 4 agree. Spike line: unpaired on both sides, 1 neuron each -> 0 of 2.
  EXPECT_EQ(j["decisions"]["agreeing"], 3);
  EXPECT_EQ(j["decisions"]["total"], 6);
  EXPECT_EQ(j["decisions"]["unpaired_pulses_x"], 1);
  EXPECT_EQ(j["decisions"]["unpaired_pulses_y"], 1);
  EXPECT_EQ(j["decisions"]["at_input_pulses"]["agreeing"], 3);
  EXPECT_EQ(j["decisions"]["before_first_spike"]["agreeing"], 1);  // only the 10 ms pulse is before 15 ms
  EXPECT_EQ(j["decisions"]["before_first_spike"]["total"], 2);
  EXPECT_EQ(j["counters_within_1_lsb"]["within"], 3);
  EXPECT_EQ(j["counters_within_1_lsb"]["exact"], 3);
  EXPECT_FALSE(j["agree_decisions"].get<bool>());
  EXPECT_TRUE(j["agree_spikes"].get<bool>());  // one spike each
  EXPECT_FALSE(j["agree_counters"].get<bool>());
  EXPECT_EQ(j["counters"][1]["k"], 2);  // rows n = 1, 2; columns k != n
  EXPECT_EQ(j["counters"][1]["x"], 1);
  EXPECT_EQ(j["counters"][1]["y"], 3);
}

TEST(NetworkAgreement, SpikesWithinAMillisecondPairUp) {
  const auto a = reference();
  auto b = reference();
  b.spikes = {{0.0158, 1}};
  b.latches[1].t = 0.0158;
  const auto j = ebn::app::network_agreement(a, b, "x", "y");
  EXPECT_EQ(j["decisions"]["agreeing"], 5);
  EXPECT_EQ(j["decisions"]["total"], 5);
}

}  // namespace
