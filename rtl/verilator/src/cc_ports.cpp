// Pin-level driver of the Verilated C++-mode controllers (see rtl_ports.h).
#include <verilated.h>
#include <verilated_cov.h>

#include <cstring>
#include <stdexcept>

#include "Vebn_ctrl_par.h"
#include "Vebn_ctrl_par_cov.h"
#include "Vebn_ctrl_ser.h"
#include "Vebn_ctrl_ser_cov.h"
#include "ebn_rtl/rtl_ports.h"
#ifdef EBN_RTL_PLANTED_BUGS
#include "Vebn_ctrl_bug_diag.h"
#include "Vebn_ctrl_bug_sat.h"
#include "Vebn_ctrl_bug_swap.h"
#endif

namespace ebn::rtl {
namespace {

template <class Model, bool kCoverage = false>
class CcPorts final : public RtlPorts {
  static_assert(sizeof(Model::dac_o) == kNeuronsMax * kNeuronsMax * sizeof(std::int16_t),
                "DAC lines must be kNeuronsMax^2 counters of 16 bits");

 public:
  CcPorts() : context_(std::make_unique<VerilatedContext>()) {
    model_ = std::make_unique<Model>(context_.get(), "ctrl");
    model_->clk_i = 0;
    drive(PortInputs{});
  }
  ~CcPorts() override { model_->final(); }

  void drive(const PortInputs& in) override {
    Model& m = *model_;
    m.rst_ni = in.rst_n;
    m.cfg_neurons_i = static_cast<std::uint8_t>(in.cfg_neurons);
    m.cfg_bits_i = static_cast<std::uint8_t>(in.cfg_bits);
    m.learn_en_i = in.learn_en;
    m.evt_valid_i = in.evt_valid;
    m.evt_pre_i = static_cast<std::uint8_t>(in.evt_pre);
    m.evt_inc_i = in.evt_inc;
    m.evt_dec_i = in.evt_dec;
    m.wr_en_i = in.wr_en;
    m.wr_post_i = static_cast<std::uint8_t>(in.wr_post);
    m.wr_pre_i = static_cast<std::uint8_t>(in.wr_pre);
    m.wr_data_i = static_cast<std::uint16_t>(in.wr_data);
    m.rd_post_i = static_cast<std::uint8_t>(in.rd_post);
    m.rd_pre_i = static_cast<std::uint8_t>(in.rd_pre);
    m.eval();
  }

  PortOutputs outputs() override {
    return {model_->evt_ready_o != 0, model_->busy_o != 0, static_cast<std::int16_t>(model_->rd_data_o)};
  }

  void clock() override {
    context_->timeInc(5000);
    model_->clk_i = 1;
    model_->eval();
    context_->timeInc(5000);
    model_->clk_i = 0;
    model_->eval();
  }

  void read_dac(std::int16_t* out) override {  // memcpy: the Verilated words are uint32
    std::memcpy(out, model_->dac_o.data(), sizeof(model_->dac_o));
  }

  bool write_coverage(const std::string& path) override {
    if constexpr (kCoverage) {
      context_->coveragep()->write(path.c_str());
      return true;
    }
    return false;
  }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
};

}  // namespace

std::unique_ptr<RtlPorts> make_cc_ports(UpdateStyle style, Mutation mutation, Instrumentation instrumentation) {
  if (mutation != Mutation::None) {
    if (style != UpdateStyle::Parallel || instrumentation != Instrumentation::Plain)
      throw std::invalid_argument("RTL ports: the planted mutants are built plain, parallel style only");
#ifdef EBN_RTL_PLANTED_BUGS
    switch (mutation) {
      case Mutation::Saturation: return std::make_unique<CcPorts<Vebn_ctrl_bug_sat>>();
      case Mutation::SwapKn: return std::make_unique<CcPorts<Vebn_ctrl_bug_swap>>();
      case Mutation::Diagonal: return std::make_unique<CcPorts<Vebn_ctrl_bug_diag>>();
      case Mutation::None: break;
    }
#endif
    throw std::invalid_argument("RTL ports: this build has no planted mutants (EBN_RTL_PLANTED_BUGS=OFF)");
  }
  if (instrumentation == Instrumentation::Coverage) {
    if (style == UpdateStyle::Serial) return std::make_unique<CcPorts<Vebn_ctrl_ser_cov, true>>();
    return std::make_unique<CcPorts<Vebn_ctrl_par_cov, true>>();
  }
  if (style == UpdateStyle::Serial) return std::make_unique<CcPorts<Vebn_ctrl_ser>>();
  return std::make_unique<CcPorts<Vebn_ctrl_par>>();
}

}  // namespace ebn::rtl
