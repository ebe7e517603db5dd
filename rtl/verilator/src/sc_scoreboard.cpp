#include "ebn_rtl/sc_scoreboard.h"

#include <memory>
#include <stdexcept>
#include <systemc>

#include "Vebn_ctrl_sc.h"
#include "Vebn_ctrl_sc_ser.h"

namespace ebn::rtl {
namespace {

constexpr int kDacBits = kNeuronsMax * kNeuronsMax * kBitsMax;
static_assert(kBitsMax == 16, "two counters per 32-bit DAC word");

// RtlPorts over sc_signals bound to a Verilated SystemC model; every call waits, so it runs
// inside an SC_THREAD.
template <class Model>
struct ScPorts : sc_core::sc_module, RtlPorts {
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

  Model model;
  sc_core::sc_time half{5, sc_core::SC_NS};
  sc_core::sc_signal<bool> clk{"clk", false}, rst_n{"rst_n", true}, learn_en{"learn_en"}, evt_valid{"evt_valid"},
      wr_en{"wr_en"}, evt_ready{"evt_ready"}, busy{"busy"};
  sc_core::sc_signal<std::uint32_t> cfg_neurons{"cfg_neurons"}, cfg_bits{"cfg_bits"}, evt_pre{"evt_pre"},
      evt_inc{"evt_inc"}, evt_dec{"evt_dec"}, wr_post{"wr_post"}, wr_pre{"wr_pre"}, wr_data{"wr_data"},
      rd_post{"rd_post"}, rd_pre{"rd_pre"}, rd_data{"rd_data"};
  sc_core::sc_signal<sc_dt::sc_bv<kDacBits>> dac{"dac"};
};

// One model of the run's style and the thread that drives it; the last thread to finish stops
// the simulation.
struct Bench : sc_core::sc_module {
  SC_HAS_PROCESS(Bench);
  Bench(sc_core::sc_module_name name, const ScoreboardOptions& o, int& running) : sc_core::sc_module(name), options(o), running_(running) {
    if (o.style == UpdateStyle::Serial) ports = std::make_unique<ScPorts<Vebn_ctrl_sc_ser>>("serial");
    else ports = std::make_unique<ScPorts<Vebn_ctrl_sc>>("parallel");
    SC_THREAD(run);
  }
  void run() {
    result = run_scoreboard(*ports, options);
    if (--running_ == 0) sc_core::sc_stop();
  }
  ScoreboardOptions options;
  ScoreboardResult result;
  std::unique_ptr<RtlPorts> ports;

 private:
  int& running_;
};

}  // namespace

std::vector<ScoreboardResult> run_sc_scoreboards(const std::vector<ScoreboardOptions>& runs) {
  static bool elaborated = false;
  if (elaborated) throw std::logic_error("run_sc_scoreboards: SystemC elaborates once per process");
  elaborated = true;
  int running = static_cast<int>(runs.size());
  std::vector<std::unique_ptr<Bench>> benches;
  for (std::size_t i = 0; i < runs.size(); ++i)
    benches.push_back(std::make_unique<Bench>(("bench" + std::to_string(i)).c_str(), runs[i], running));
  if (!runs.empty()) sc_core::sc_start();
  std::vector<ScoreboardResult> results;
  for (const auto& b : benches) results.push_back(b->result);
  return results;
}

}  // namespace ebn::rtl
