// The port-level scoreboard on the SystemC-mode netlists (Vebn_ctrl_sc, the one inside the chip,
// and Vebn_ctrl_sc_ser, the serial style): the same protocol stimulus and full-state comparison
// as in C++ mode, with every pin an sc_signal and the clock, reset and inputs driven from an
// SC_THREAD, so the Verilated SystemC model's own scheduling (asynchronous reset, combinational
// read port, delta cycles) is checked. Both styles run side by side in one elaboration (SystemC
// elaborates once per process).
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

#include "ebn_rtl/sc_scoreboard.h"

namespace {

using ebn::rtl::ScoreboardOptions;
using ebn::rtl::UpdateStyle;

TEST(RtlScScoreboard, BothStylesMatchThePortModelEveryCycle) {
  ScoreboardOptions parallel, serial;
  parallel.style = UpdateStyle::Parallel;
  parallel.cycles = 30000;
  parallel.seed = 11;
  serial.style = UpdateStyle::Serial;
  serial.cycles = 30000;
  serial.seed = 12;
  const auto results = ebn::rtl::run_sc_scoreboards({parallel, serial});
  ASSERT_EQ(results.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& o = i == 0 ? parallel : serial;
    const auto& r = results[i];
    EXPECT_TRUE(r.matched) << ebn::rtl::summary(o, r);
    EXPECT_EQ(r.cycles, 30000);
    EXPECT_GT(r.resets, 10);
    EXPECT_GT(r.writes, 1000);
    EXPECT_GT(r.applied, 1000);  // events that stepped a column: the learning path was exercised
    // The SystemC run must reach the same protocol corners (short run: most bins).
    EXPECT_LE(r.coverage.uncovered().size(), 4u) << ebn::rtl::summary(o, r);
    std::printf("%s\n", ebn::rtl::summary(o, r).c_str());
  }
  // The serial walk's own corners are reached in SystemC mode too (the serial-only bins).
  int walk_bins = 0;
  for (const auto& e : results[1].coverage.entries())
    if (e.name == "serial: event while busy" || e.name == "serial: write stalls the walk") {
      ++walk_bins;
      EXPECT_GT(e.count, 0u) << e.name;
    }
  EXPECT_EQ(walk_bins, 2);
  // SystemC elaborates once per process: a second call is refused, never a silent empty result.
  EXPECT_THROW(ebn::rtl::run_sc_scoreboards({ScoreboardOptions{}}), std::logic_error);
}

}  // namespace
