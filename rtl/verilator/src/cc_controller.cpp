// C++-mode wrapper of the Verilated controller: drives clk_i / rst_ni and the ports exactly as the
// chip's digital side would (valid/ready handshake, register port), one template for every
// Verilated variant (update style, mutation).
#include "ebn_rtl/cc_controller.h"

#include <verilated.h>
#include <verilated_vcd_c.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include "Vebn_ctrl_par.h"
#include "Vebn_ctrl_ser.h"
#include "ebn/hw_encoding.h"
#ifdef EBN_RTL_PLANTED_BUGS  // off in the mutation-run build (scripts/mutation_run.sh), to build less
#include "Vebn_ctrl_bug_diag.h"
#include "Vebn_ctrl_bug_sat.h"
#include "Vebn_ctrl_bug_swap.h"
#endif

namespace ebn::rtl {

namespace {

constexpr int kCounters = kNeuronsMax * kNeuronsMax;

template <class Model>
class CcControllerImpl final : public CcController {
  static_assert(sizeof(Model::dac_o) == kCounters * sizeof(std::int16_t),
                "DAC lines must be kNeuronsMax^2 counters of 16 bits (rtl/CMakeLists.txt NMax)");
  static_assert(kNeuronsMax <= 32, "decision vectors are 32-bit words on the C++ ports");

 public:
  CcControllerImpl(int neurons, int bits, UpdateStyle style, Mutation mutation)
      : neurons_(neurons), bits_(bits), style_(style), mutation_(mutation) {
    context_ = std::make_unique<VerilatedContext>();
    context_->traceEverOn(true);  // must precede the model; costs nothing until open_trace()
    model_ = std::make_unique<Model>(context_.get(), "ctrl");
    model_->cfg_neurons_i = static_cast<std::uint8_t>(neurons);
    model_->cfg_bits_i = static_cast<std::uint8_t>(bits);
    model_->learn_en_i = 1;
    model_->evt_valid_i = 0;
    model_->wr_en_i = 0;
    model_->clk_i = 0;
    model_->rst_ni = 1;
    model_->eval();
    reset();
  }

  ~CcControllerImpl() override {
    model_->final();
    if (trace_) trace_->close();
  }

  int neurons() const override { return neurons_; }
  int bits() const override { return bits_; }
  UpdateStyle style() const override { return style_; }
  Mutation mutation() const override { return mutation_; }
  std::uint64_t cycles() const override { return cycles_; }

  void reset() override {
    model_->rst_ni = 0;
    step_time();
    model_->rst_ni = 1;
    step_time();
  }

  void write_weight(int n, int k, int value) override {
    check_index(n, k);
    // The port is kBitsMax wide: clamp to it; the RTL clamps further to the configured width.
    value = std::clamp(value, hw::counter_min(kBitsMax), hw::counter_max(kBitsMax));
    model_->wr_post_i = static_cast<std::uint8_t>(n);
    model_->wr_pre_i = static_cast<std::uint8_t>(k);
    model_->wr_data_i = static_cast<std::uint16_t>(value);
    model_->wr_en_i = 1;
    tick();
    model_->wr_en_i = 0;
    model_->eval();  // evt_ready_o depends on wr_en_i
  }

  int read_weight(int n, int k) override {
    check_index(n, k);
    model_->rd_post_i = static_cast<std::uint8_t>(n);
    model_->rd_pre_i = static_cast<std::uint8_t>(k);
    model_->eval();  // combinational read port
    return static_cast<std::int16_t>(model_->rd_data_o);
  }

  void set_learning_enabled(bool enabled) override { model_->learn_en_i = enabled ? 1 : 0; }

  void on_spike(int k, const std::vector<Decision>& decisions) override {
    if (static_cast<int>(decisions.size()) != neurons_)
      throw std::invalid_argument("on_spike: decisions.size() must equal neurons()");
    std::uint32_t inc = 0;
    std::uint32_t dec = 0;
    for (int n = 0; n < neurons_; ++n) {
      inc |= static_cast<std::uint32_t>(hw::inc_wire(decisions[n])) << n;
      dec |= static_cast<std::uint32_t>(hw::dec_wire(decisions[n])) << n;
    }
    event_wires(k, inc, dec);
  }

  void event_wires(int k, std::uint32_t inc, std::uint32_t dec) override {
    check_index(k, k);
    model_->evt_pre_i = static_cast<std::uint8_t>(k);
    model_->evt_inc_i = inc;
    model_->evt_dec_i = dec;
    model_->evt_valid_i = 1;
    // evt_ready_o depends only on state and wr_en_i (low here), so it is current without eval().
    while (!model_->evt_ready_o) tick();
    tick();  // the accepting edge (the parallel style applies the whole column on it)
    model_->evt_valid_i = 0;
    while (model_->busy_o) tick();  // the serial style walks the column one row per cycle
  }

  int dac_weight(int n, int k) const override {
    check_index(n, k);
    return dac_counters()[k * kNeuronsMax + n];
  }

  const std::int16_t* dac_counters() const override {
    if (!dac_fresh_) {  // memcpy, not a cast: the Verilated words are uint32 (strict aliasing)
      std::memcpy(dac_.data(), model_->dac_o.data(), sizeof(model_->dac_o));
      dac_fresh_ = true;
    }
    return dac_.data();
  }

  void open_trace(const std::string& vcd_path) override {
    trace_ = std::make_unique<VerilatedVcdC>();
    model_->trace(trace_.get(), 99);
    trace_->open(vcd_path.c_str());
    if (!trace_->isOpen()) throw std::runtime_error("cannot open trace file " + vcd_path);
    trace_->dump(context_->time());
  }

 private:
  void check_index(int n, int k) const {
    if (n < 0 || n >= neurons_ || k < 0 || k >= neurons_)
      throw std::out_of_range("controller index (" + std::to_string(n) + ", " + std::to_string(k) +
                              ") outside " + std::to_string(neurons_) + " neurons");
  }

  // Half a clock period of simulated time (5 ns at 100 MHz), with the trace sample.
  void step_time() {
    model_->eval();
    dac_fresh_ = false;
    if (trace_) trace_->dump(context_->time());
    context_->timeInc(5000);  // time precision is 1 ps
  }

  void tick() {
    model_->clk_i = 1;
    step_time();
    model_->clk_i = 0;
    step_time();
    ++cycles_;
  }

  int neurons_;
  int bits_;
  UpdateStyle style_;
  Mutation mutation_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedVcdC> trace_;
  std::uint64_t cycles_ = 0;
  mutable std::array<std::int16_t, kCounters> dac_{};
  mutable bool dac_fresh_ = false;
};

}  // namespace

std::unique_ptr<CcController> CcController::create(int neurons, int bits, UpdateStyle style,
                                                   Mutation mutation) {
  if (neurons < 1 || neurons > kNeuronsMax)
    throw std::invalid_argument("RTL controller: neurons must be in [1, " + std::to_string(kNeuronsMax) +
                                "], got " + std::to_string(neurons));
  if (bits < hw::kMinWeightBits || bits > kBitsMax)
    throw std::invalid_argument("RTL controller: bits must be in [" + std::to_string(hw::kMinWeightBits) +
                                ", " + std::to_string(kBitsMax) + "], got " + std::to_string(bits));
  if (style == UpdateStyle::Serial && mutation != Mutation::None)
    throw std::invalid_argument("RTL controller: mutations are built for the parallel style only");
#ifndef EBN_RTL_PLANTED_BUGS
  if (mutation != Mutation::None)
    throw std::invalid_argument("RTL controller: this build has no planted mutants (EBN_RTL_PLANTED_BUGS=OFF)");
#else
  switch (mutation) {
    case Mutation::Saturation:
      return std::make_unique<CcControllerImpl<Vebn_ctrl_bug_sat>>(neurons, bits, style, mutation);
    case Mutation::SwapKn:
      return std::make_unique<CcControllerImpl<Vebn_ctrl_bug_swap>>(neurons, bits, style, mutation);
    case Mutation::Diagonal:
      return std::make_unique<CcControllerImpl<Vebn_ctrl_bug_diag>>(neurons, bits, style, mutation);
    case Mutation::None: break;
  }
#endif
  if (style == UpdateStyle::Serial) return std::make_unique<CcControllerImpl<Vebn_ctrl_ser>>(neurons, bits, style, mutation);
  return std::make_unique<CcControllerImpl<Vebn_ctrl_par>>(neurons, bits, style, mutation);
}

}  // namespace ebn::rtl
