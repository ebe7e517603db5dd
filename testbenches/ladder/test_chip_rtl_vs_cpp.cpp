// Level 3 with the C++ controller vs level 3 with the RTL controller (rtl/, Verilated) inside the
// same chip: the chip refreshes its DAC mirror from the controller after every update, so a
// controller difference would change the analog dynamics. Same config and seeds -> the spike
// trains and counters must be bit-identical. Skipped when the RTL controller is not built.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "chip/chip_top.h"
#include "chip/controller_factory.h"
#include "chip/stimulus.h"
#include "ebn/child_process.h"

namespace {

std::string run_with(const std::string& controller) {
  chip::ChipParams p = chip::ChipParams::defaults(20);
  p.controller = controller;
  p.weight_bits = 6;  // small counters: saturation happens too
  p.dac.mismatch_sigma = 0.1;
  p.dac.mismatch_seed = 9;
  chip::ChipTop top("chip", p);
  chip::StimulusParams s;
  s.duration_s = 0.5;
  top.program_weights(chip::random_counters(20, p.weight_bits, 12.0, 4));
  std::ostringstream out;
  long updates = 0;
  for (int pass = 0; pass < 3; ++pass) {
    const chip::TrialResult r = top.run_trial(chip::make_ou_input(20, s, pass), {});
    char buf[64];
    for (const auto& e : r.spikes) {
      std::snprintf(buf, sizeof buf, "%a:%d ", e.t_s, e.neuron);
      out << buf;
    }
    out << "\n";
    for (int v : r.counters) out << v << ',';
    out << "\n";
    updates += r.updates;
  }
  out << "updates " << updates << "\n";
  return out.str();
}

TEST(ChipRtlVsCpp, SameSpikesAndCountersBitForBit) {
  if (!chip::rtl_controller_available()) GTEST_SKIP() << "RTL controller not built (EBN_HAVE_RTL_CONTROLLER undefined)";
  const std::string cpp = ebn::run_in_child([] { return run_with("cpp"); });
  const std::string rtl = ebn::run_in_child([] { return run_with("rtl"); });
  EXPECT_EQ(cpp, rtl);
  EXPECT_EQ(cpp.find("updates 0\n"), std::string::npos);  // learning happened
}

}  // namespace
