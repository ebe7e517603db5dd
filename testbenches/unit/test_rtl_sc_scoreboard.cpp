// The port-level scoreboard on the SystemC-mode netlist (Vebn_ctrl_sc, the one inside the chip):
// the same protocol stimulus and full-state comparison as in C++ mode, with every pin an
// sc_signal and the clock, reset and inputs driven from an SC_THREAD, so the Verilated SystemC
// model's own scheduling (asynchronous reset, combinational read port, delta cycles) is checked.
// The SystemC-mode library is built in the parallel style only (rtl/CMakeLists.txt).
#include <gtest/gtest.h>

#include <systemc>

#include "Vebn_ctrl_sc.h"
#include "ebn_rtl/scoreboard.h"

namespace {

using ebn::rtl::kNeuronsMax;
using ebn::rtl::PortInputs;
using ebn::rtl::PortOutputs;
constexpr int kDacBits = kNeuronsMax * kNeuronsMax * ebn::rtl::kBitsMax;
static_assert(ebn::rtl::kBitsMax == 16, "two counters per 32-bit DAC word");

// RtlPorts over sc_signals; every call waits, so it runs inside the bench's SC_THREAD.
struct ScPorts : sc_core::sc_module, ebn::rtl::RtlPorts {
  explicit ScPorts(sc_core::sc_module_name name) : sc_core::sc_module(name), model("ctrl") {
    model.clk_i(clk);
    model.rst_ni(rst_n);
    model.cfg_neurons_i(cfg_neurons);
    model.cfg_bits_i(cfg_bits);
    model.learn_en_i(learn_en);
    model.evt_valid_i(evt_valid);
    model.evt_ready_o(evt_ready);
    model.evt_pre_i(evt_pre);
    model.evt_inc_i(evt_inc);
    model.evt_dec_i(evt_dec);
    model.busy_o(busy);
    model.wr_en_i(wr_en);
    model.wr_post_i(wr_post);
    model.wr_pre_i(wr_pre);
    model.wr_data_i(wr_data);
    model.rd_post_i(rd_post);
    model.rd_pre_i(rd_pre);
    model.rd_data_o(rd_data);
    model.dac_o(dac);
  }

  void drive(const PortInputs& in) override {  // clock low: inputs settle for half a period
    rst_n.write(in.rst_n);
    cfg_neurons.write(static_cast<std::uint32_t>(in.cfg_neurons));
    cfg_bits.write(static_cast<std::uint32_t>(in.cfg_bits));
    learn_en.write(in.learn_en);
    evt_valid.write(in.evt_valid);
    evt_pre.write(static_cast<std::uint32_t>(in.evt_pre));
    evt_inc.write(in.evt_inc);
    evt_dec.write(in.evt_dec);
    wr_en.write(in.wr_en);
    wr_post.write(static_cast<std::uint32_t>(in.wr_post));
    wr_pre.write(static_cast<std::uint32_t>(in.wr_pre));
    wr_data.write(static_cast<std::uint32_t>(in.wr_data) & 0xFFFFu);
    rd_post.write(static_cast<std::uint32_t>(in.rd_post));
    rd_pre.write(static_cast<std::uint32_t>(in.rd_pre));
    sc_core::wait(half);
  }
  PortOutputs outputs() override {
    return {evt_ready.read(), busy.read(), static_cast<std::int16_t>(rd_data.read() & 0xFFFFu)};
  }
  void clock() override {  // rising edge, high half, falling edge settled
    clk.write(true);
    sc_core::wait(half);
    clk.write(false);
    sc_core::wait(sc_core::SC_ZERO_TIME);
    sc_core::wait(sc_core::SC_ZERO_TIME);
  }
  void read_dac(std::int16_t* out) override {
    const sc_dt::sc_bv<kDacBits> bits = dac.read();
    for (int w = 0; w < kDacBits / 32; ++w) {
      const std::uint32_t word = bits.get_word(w);
      out[2 * w] = static_cast<std::int16_t>(word & 0xFFFFu);
      out[2 * w + 1] = static_cast<std::int16_t>(word >> 16);
    }
  }

  Vebn_ctrl_sc model;
  sc_core::sc_time half{5, sc_core::SC_NS};
  sc_core::sc_signal<bool> clk{"clk", false}, rst_n{"rst_n", true}, learn_en{"learn_en"}, evt_valid{"evt_valid"},
      wr_en{"wr_en"}, evt_ready{"evt_ready"}, busy{"busy"};
  sc_core::sc_signal<std::uint32_t> cfg_neurons{"cfg_neurons"}, cfg_bits{"cfg_bits"}, evt_pre{"evt_pre"},
      evt_inc{"evt_inc"}, evt_dec{"evt_dec"}, wr_post{"wr_post"}, wr_pre{"wr_pre"}, wr_data{"wr_data"},
      rd_post{"rd_post"}, rd_pre{"rd_pre"}, rd_data{"rd_data"};
  sc_core::sc_signal<sc_dt::sc_bv<kDacBits>> dac{"dac"};
};

struct Bench : sc_core::sc_module {
  SC_HAS_PROCESS(Bench);
  explicit Bench(sc_core::sc_module_name name) : sc_core::sc_module(name), ports("ports") { SC_THREAD(run); }
  void run() {
    result = ebn::rtl::run_scoreboard(ports, options);
    sc_core::sc_stop();
  }
  ScPorts ports;
  ebn::rtl::ScoreboardOptions options;
  ebn::rtl::ScoreboardResult result;
};

TEST(RtlScScoreboard, ParallelNetlistMatchesThePortModelEveryCycle) {
  Bench bench("bench");
  bench.options.style = ebn::rtl::UpdateStyle::Parallel;
  bench.options.cycles = 30000;
  bench.options.seed = 11;
  sc_core::sc_start();
  const auto& r = bench.result;
  EXPECT_TRUE(r.matched) << ebn::rtl::summary(bench.options, r);
  EXPECT_EQ(r.cycles, 30000);
  EXPECT_GT(r.resets, 10);
  EXPECT_GT(r.writes, 1000);
  // The SystemC run must reach the same protocol corners (short run: most bins).
  const auto uncovered = r.coverage.uncovered();
  EXPECT_LE(uncovered.size(), 4u) << ebn::rtl::summary(bench.options, r);
  std::printf("%s\n", ebn::rtl::summary(bench.options, r).c_str());
}

}  // namespace
