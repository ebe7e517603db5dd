// The SystemC-mode adapter of the Verilated controller (chip::RtlController), driven the way the
// chip drives it: from an SC_THREAD, on_spike(k) followed by read_weight(n, k) for every n. Each
// TEST elaborates once (one process per TEST via ctest). The reference is ebn::ReferenceController.
#include <gtest/gtest.h>

#include <systemc>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>

#include "chip/rtl_controller.h"
#include "ebn/hw_encoding.h"
#include "ebn/learning_controller.h"

namespace {

using chip::RtlController;
using ebn::Decision;

// A minimal "chip": owns the controller (built during elaboration, like ChipTop) and runs `body`
// in its SC_THREAD.
struct Bench : sc_core::sc_module {
  SC_HAS_PROCESS(Bench);
  Bench(sc_core::sc_module_name name, int neurons, int bits, std::function<void(RtlController&)> body,
        const chip::RtlControllerOptions& options = {})
      : sc_core::sc_module(name), body_(std::move(body)) {
    controller = chip::make_rtl_controller(neurons, bits, options);
    SC_THREAD(run);
  }
  void run() {
    body_(dynamic_cast<RtlController&>(*controller));
    done = true;
    sc_core::sc_stop();
  }
  std::unique_ptr<ebn::LearningController> controller;
  bool done = false;

 private:
  std::function<void(RtlController&)> body_;
};

TEST(RtlScController, RandomStreamMatchesReferenceControllerLikeTheChip) {
  constexpr int N = 20, B = 6;
  constexpr int kEvents = 3000;
  std::uint64_t writes = 0;
  Bench bench("chip", N, B, [&](RtlController& rtl) {
    ebn::ReferenceController ref(N, B);
    std::mt19937 rng(99);
    const int lo = ebn::hw::counter_min(B), hi = ebn::hw::counter_max(B);
    for (int n = 0; n < N; ++n)
      for (int k = 0; k < N; ++k) {
        const int r = static_cast<int>(rng() % 4);
        const int v = r == 0 ? lo : (r == 1 ? hi : lo + static_cast<int>(rng() % (hi - lo + 1)));
        rtl.write_weight(n, k, v);
        ref.write_weight(n, k, v);
        ++writes;
      }
    std::vector<Decision> d(N);
    for (int e = 0; e < kEvents; ++e) {
      const int k = static_cast<int>(rng() % N);
      for (auto& x : d) x = static_cast<Decision>(rng() % 3);
      const bool enabled = rng() % 20 != 0;
      rtl.set_learning_enabled(enabled);
      ref.set_learning_enabled(enabled);
      const sc_core::sc_time t0 = sc_core::sc_time_stamp();
      rtl.on_spike(k, d);
      ref.on_spike(k, d);
      if (e > 0) {
        EXPECT_EQ(sc_core::sc_time_stamp() - t0, sc_core::sc_time(10, sc_core::SC_NS)) << "one clock per event";
      }
      for (int n = 0; n < N; ++n) {  // what the chip reads back after every spike
        ASSERT_EQ(rtl.read_weight(n, k), ref.read_weight(n, k)) << "event " << e << " W[" << n << "][" << k << "]";
      }
      if (e % 250 != 0) continue;
      for (int n = 0; n < N; ++n) {
        for (int kk = 0; kk < N; ++kk) {
          ASSERT_EQ(rtl.read_weight(n, kk), ref.read_weight(n, kk)) << "event " << e << " W[" << n << "][" << kk << "]";
        }
      }
    }
    for (int n = 0; n < N; ++n) {  // the register read port agrees with the DAC lines
      for (int k = 0; k < N; ++k) {
        ASSERT_EQ(rtl.read_port(n, k), ref.read_weight(n, k)) << "read port W[" << n << "][" << k << "]";
      }
    }
  });
  sc_core::sc_start();
  ASSERT_TRUE(bench.done);
  auto& rtl = dynamic_cast<RtlController&>(*bench.controller);
  // Gated clock: it ran exactly one cycle per write and per event, nothing else (+ the reset pulse).
  EXPECT_EQ(rtl.cycles(), writes + kEvents);
  EXPECT_EQ(rtl.clock_time(), sc_core::sc_time(10.0 * static_cast<double>(writes + kEvents), sc_core::SC_NS));
}

TEST(RtlScController, IdleControllerRunsNoClock) {
  Bench bench("chip", 4, 8, [&](RtlController& rtl) {
    rtl.on_spike(1, std::vector<Decision>(4, Decision::Inc));
    const auto cycles = rtl.cycles();
    sc_core::wait(1, sc_core::SC_MS);  // the chip integrates; the controller has no work
    EXPECT_EQ(rtl.cycles(), cycles);
    EXPECT_EQ(rtl.read_weight(0, 1), 1);
    EXPECT_EQ(rtl.read_weight(1, 1), 0);  // diagonal
  });
  const auto deltas_before = sc_core::sc_delta_count();
  sc_core::sc_start();
  ASSERT_TRUE(bench.done);
  // Reset pulse + one event: a handful of delta cycles, not 100k clock periods over the idle 1 ms.
  EXPECT_LT(sc_core::sc_delta_count() - deltas_before, 50u);
}

TEST(RtlScController, TraceWritesTheRtlSignals) {
  const std::string vcd = "test_rtl_sc_controller_trace.vcd";
  std::filesystem::remove(vcd);
  {
    Bench bench("chip", 5, 4, [&](RtlController& rtl) {
      rtl.write_weight(2, 1, 7);
      rtl.on_spike(1, std::vector<Decision>(5, Decision::Inc));
    });
    ASSERT_TRUE(chip::enable_rtl_trace(*bench.controller, vcd));
    sc_core::sc_start();
    ASSERT_TRUE(bench.done);
  }  // the controller's destructor closes the VCD
  std::ifstream in(vcd);
  ASSERT_TRUE(in) << vcd;
  std::stringstream s;
  s << in.rdbuf();
  for (const char* signal : {"clk_i", "evt_valid_i", "evt_ready_o", "evt_pre_i", "wr_en_i", "dac_o", "w_q"})
    EXPECT_NE(s.str().find(signal), std::string::npos) << signal;
  std::filesystem::remove(vcd);
}

TEST(RtlScController, CallsOutsideAThreadAndBadIndicesThrow) {
  Bench bench("chip", 4, 8, [](RtlController&) {});
  auto& rtl = dynamic_cast<RtlController&>(*bench.controller);
  EXPECT_THROW(rtl.on_spike(0, std::vector<Decision>(4)), std::logic_error);
  EXPECT_THROW(rtl.write_weight(0, 1, 3), std::logic_error);
  EXPECT_THROW(rtl.read_weight(4, 0), std::out_of_range);
  EXPECT_EQ(rtl.read_weight(3, 0), 0);  // the DAC lines can be read from anywhere
  EXPECT_THROW(chip::make_rtl_controller(33, 8), std::invalid_argument);
  EXPECT_THROW(chip::make_rtl_controller(4, 17), std::invalid_argument);
}

}  // namespace
