// SystemC adapter of the Verilated learning controller (see chip/rtl_controller.h). The only file
// that includes the generated Vebn_ctrl_sc.h (compile firewall, notes P9).
#include "chip/rtl_controller.h"

#include <verilated.h>
#include <verilated_vcd_sc.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "Vebn_ctrl_sc.h"
#include "ebn/hw_encoding.h"

namespace chip {

namespace {
constexpr int kNeuronsMax = EBN_RTL_NEURONS_MAX;  // rtl/CMakeLists.txt (-GNMax)
constexpr int kBitsMax = ebn::hw::kMaxWeightBits;  // ebn_pkg::MaxWeightBits (test_rtl_pkg)
constexpr int kDacBits = kNeuronsMax * kNeuronsMax * kBitsMax;
static_assert(kNeuronsMax <= 32, "decision vectors are uint32_t ports");
static_assert(kBitsMax == 16, "the DAC decoder takes two counters per 32-bit word");

// Input signals are written from the elaboration context (set_learning_enabled) and from the
// caller's thread: many writers.
template <class T>
using In = sc_core::sc_signal<T, sc_core::SC_MANY_WRITERS>;
}  // namespace

struct RtlController::Impl {
  explicit Impl(const char* name) : model(name) {}
  Vebn_ctrl_sc model;
  In<bool> clk{"clk", false};
  In<bool> rst_n{"rst_n", true};
  In<std::uint32_t> cfg_neurons{"cfg_neurons"};
  In<std::uint32_t> cfg_bits{"cfg_bits"};
  In<bool> learn_en{"learn_en", true};
  In<bool> evt_valid{"evt_valid", false};
  sc_core::sc_signal<bool> evt_ready{"evt_ready"};
  In<std::uint32_t> evt_pre{"evt_pre"};
  In<std::uint32_t> evt_inc{"evt_inc"};
  In<std::uint32_t> evt_dec{"evt_dec"};
  sc_core::sc_signal<bool> busy{"busy"};
  In<bool> wr_en{"wr_en", false};
  In<std::uint32_t> wr_post{"wr_post"};
  In<std::uint32_t> wr_pre{"wr_pre"};
  In<std::uint32_t> wr_data{"wr_data"};
  In<std::uint32_t> rd_post{"rd_post"};
  In<std::uint32_t> rd_pre{"rd_pre"};
  sc_core::sc_signal<std::uint32_t> rd_data{"rd_data"};
  sc_core::sc_signal<sc_dt::sc_bv<kDacBits>> dac{"dac"};
  std::unique_ptr<VerilatedVcdSc> vcd;
};

RtlController::RtlController(sc_core::sc_module_name name, int neurons, int bits, const RtlControllerOptions& options)
    : sc_core::sc_module(name),
      neurons_(neurons),
      bits_(bits),
      period_(options.clock_period),
      half_(options.clock_period / 2.0),
      trace_vcd_(options.trace_vcd),
      dac_cache_(static_cast<std::size_t>(kNeuronsMax) * kNeuronsMax, 0) {
  if (neurons < 1 || neurons > kNeuronsMax)
    throw std::invalid_argument("RTL controller: neurons must be in [1, " + std::to_string(kNeuronsMax) + "], got " +
                                std::to_string(neurons));
  if (bits < ebn::hw::kMinWeightBits || bits > kBitsMax)
    throw std::invalid_argument("RTL controller: bits must be in [2, 16], got " + std::to_string(bits));
  if (period_ <= sc_core::SC_ZERO_TIME) throw std::invalid_argument("RTL controller: clock period must be > 0");
  Verilated::traceEverOn(true);  // before the model exists; costs nothing unless a VCD is opened
  impl_ = std::make_unique<Impl>("ctrl");
  auto& m = impl_->model;
  auto& s = *impl_;
  m.clk_i(s.clk);
  m.rst_ni(s.rst_n);
  m.cfg_neurons_i(s.cfg_neurons);
  m.cfg_bits_i(s.cfg_bits);
  m.learn_en_i(s.learn_en);
  m.evt_valid_i(s.evt_valid);
  m.evt_ready_o(s.evt_ready);
  m.evt_pre_i(s.evt_pre);
  m.evt_inc_i(s.evt_inc);
  m.evt_dec_i(s.evt_dec);
  m.busy_o(s.busy);
  m.wr_en_i(s.wr_en);
  m.wr_post_i(s.wr_post);
  m.wr_pre_i(s.wr_pre);
  m.wr_data_i(s.wr_data);
  m.rd_post_i(s.rd_post);
  m.rd_pre_i(s.rd_pre);
  m.rd_data_o(s.rd_data);
  m.dac_o(s.dac);
  s.cfg_neurons.write(static_cast<std::uint32_t>(neurons));
  s.cfg_bits.write(static_cast<std::uint32_t>(bits));
}

RtlController::~RtlController() { close_trace(); }

void RtlController::close_trace() {
  if (impl_ && impl_->vcd) {
    impl_->vcd->flush();
    impl_->vcd->close();
  }
}

void RtlController::enable_trace(const std::string& vcd_path) {
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION && sc_core::sc_get_status() != sc_core::SC_BEFORE_END_OF_ELABORATION)
    throw std::logic_error("RtlController::enable_trace must be called during elaboration (before sc_start)");
  trace_vcd_ = vcd_path;
}

void RtlController::start_of_simulation() {
  if (trace_vcd_.empty()) return;
  impl_->vcd = std::make_unique<VerilatedVcdSc>();  // legal only now, after elaboration (notes P12)
  impl_->model.trace(impl_->vcd.get(), 99);
  impl_->vcd->open(trace_vcd_.c_str());
  if (!impl_->vcd->isOpen()) throw std::runtime_error("RTL controller: cannot open trace file " + trace_vcd_);
}

void RtlController::require_thread(const char* what) const {
  if (sc_core::sc_get_current_process_handle().proc_kind() != sc_core::SC_THREAD_PROC_)
    throw std::logic_error(std::string("RtlController::") + what +
                           " must be called from an SC_THREAD (it clocks the RTL and waits)");
}

void RtlController::check_index(int n, int k) const {
  if (n < 0 || n >= neurons_ || k < 0 || k >= neurons_)
    throw std::out_of_range("RTL controller index (" + std::to_string(n) + ", " + std::to_string(k) + ") outside " +
                            std::to_string(neurons_) + " neurons");
}

// The clock is low between calls. Low half: the inputs written by the caller settle and the
// model's combinational outputs (evt_ready_o) follow. Then the rising edge and the high half, in
// which the registered outputs (dac_o) settle; the falling edge is written at its end and takes
// effect in the next delta cycle (the RTL uses the rising edge only).
void RtlController::low_half() { sc_core::wait(half_); }

void RtlController::edge_and_high_half() {
  impl_->clk.write(true);
  sc_core::wait(half_);
  impl_->clk.write(false);
  ++cycles_;
  dac_stale_ = true;
}

void RtlController::cycle() {
  low_half();
  edge_and_high_half();
}

void RtlController::ensure_reset() {
  if (reset_done_) return;
  impl_->rst_n.write(false);  // asynchronous reset pulse: all counters 0
  sc_core::wait(half_);
  impl_->rst_n.write(true);
  sc_core::wait(half_);
  reset_done_ = true;
  dac_stale_ = true;
}

void RtlController::write_weight(int n, int k, int value) {
  require_thread("write_weight");
  check_index(n, k);
  ensure_reset();
  value = std::clamp(value, ebn::hw::counter_min(kBitsMax), ebn::hw::counter_max(kBitsMax));  // port width
  auto& s = *impl_;
  s.wr_post.write(static_cast<std::uint32_t>(n));
  s.wr_pre.write(static_cast<std::uint32_t>(k));
  s.wr_data.write(static_cast<std::uint32_t>(value) & 0xFFFFu);
  s.wr_en.write(true);
  cycle();
  s.wr_en.write(false);
}

void RtlController::set_learning_enabled(bool enabled) { impl_->learn_en.write(enabled); }

void RtlController::on_spike(int k, const std::vector<ebn::Decision>& decisions) {
  require_thread("on_spike");
  check_index(k, k);
  if (static_cast<int>(decisions.size()) != neurons_)
    throw std::invalid_argument("RTL controller: on_spike needs one decision per neuron");
  ensure_reset();
  std::uint32_t inc = 0;
  std::uint32_t dec = 0;
  for (int n = 0; n < neurons_; ++n) {
    inc |= static_cast<std::uint32_t>(ebn::hw::inc_wire(decisions[n])) << n;
    dec |= static_cast<std::uint32_t>(ebn::hw::dec_wire(decisions[n])) << n;
  }
  auto& s = *impl_;
  s.evt_pre.write(static_cast<std::uint32_t>(k));
  s.evt_inc.write(inc);
  s.evt_dec.write(dec);
  s.evt_valid.write(true);
  // Handshake: the event is taken on the first rising edge with evt_ready_o high. The ready seen
  // here is the one of the low half that precedes the edge (cycle() waits it out first).
  for (;;) {
    low_half();
    const bool ready = s.evt_ready.read();
    edge_and_high_half();
    if (ready) break;
  }
  s.evt_valid.write(false);
  while (s.busy.read()) cycle();  // never with the chip's parallel netlist; kept for the serial style
}

int RtlController::read_weight(int n, int k) {
  check_index(n, k);
  if (dac_stale_) {
    const auto& bits = impl_->dac.read();
    for (int w = 0; w < kDacBits / 32; ++w) {
      const std::uint32_t word = bits.get_word(w);
      dac_cache_[2 * w] = static_cast<std::int16_t>(word & 0xFFFFu);
      dac_cache_[2 * w + 1] = static_cast<std::int16_t>(word >> 16);
    }
    dac_stale_ = false;
  }
  return dac_cache_[static_cast<std::size_t>(k) * kNeuronsMax + n];
}

int RtlController::read_port(int n, int k) {
  require_thread("read_port");
  check_index(n, k);
  impl_->rd_post.write(static_cast<std::uint32_t>(n));
  impl_->rd_pre.write(static_cast<std::uint32_t>(k));
  sc_core::wait(sc_core::SC_ZERO_TIME);  // the address reaches the model, which evaluates
  sc_core::wait(sc_core::SC_ZERO_TIME);  // its rd_data_o update becomes visible
  return static_cast<std::int16_t>(impl_->rd_data.read() & 0xFFFFu);
}

std::unique_ptr<ebn::LearningController> make_rtl_controller(int neurons, int bits, const RtlControllerOptions& options) {
  return std::make_unique<RtlController>("rtl_controller", neurons, bits, options);
}

bool enable_rtl_trace(ebn::LearningController& controller, const std::string& vcd_path) {
  auto* rtl = dynamic_cast<RtlController*>(&controller);
  if (!rtl) return false;
  rtl->enable_trace(vcd_path);
  return true;
}

void close_rtl_trace(ebn::LearningController& controller) {
  if (auto* rtl = dynamic_cast<RtlController*>(&controller)) rtl->close_trace();
}

}  // namespace chip
