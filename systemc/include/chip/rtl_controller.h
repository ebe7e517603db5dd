#pragma once
// The Verilated RTL learning controller (rtl/ebn_learning_ctrl.sv, verilator --sc) as the chip's
// ebn::LearningController (config `controller: rtl`), in place of ebn::ReferenceController.
//
// It is an sc_module wrapping the Verilated model with a GATED clock: the clock signal toggles
// only inside write_weight / on_spike (and the first call's reset pulse), as a clock-gated chip
// would, so an idle controller costs the kernel nothing. Those calls consume simulated time
// (sc_core::wait) and must therefore come from an SC_THREAD (the chip's controller thread);
// read_weight reads the DAC lines and may be called from anywhere.
//   on_spike:     1 clock period (parallel update style: the whole column on the accepting edge)
//   write_weight: 1 clock period
//   first call:   + 1 period for the asynchronous reset pulse
//
// RTL waveforms: enable_trace(path) (or RtlControllerOptions::trace_vcd) during elaboration writes
// a VCD of every RTL signal (Verilator --trace, VerilatedVcdSc opened in start_of_simulation);
// waves/rtl_controller.gtkw is the view. The Verilated class is forward-declared (compile firewall).
#include <systemc>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ebn/learning_controller.h"

namespace chip {

struct RtlControllerOptions {
  // Digital clock of the controller while it runs (100 MHz).
  sc_core::sc_time clock_period = sc_core::sc_time(10, sc_core::SC_NS);
  // VCD of the RTL signals; "" = none.
  std::string trace_vcd;
};

class RtlController : public sc_core::sc_module, public ebn::LearningController {
 public:
  // neurons <= the netlist's maximum (32), bits in [2, 16]; throws std::invalid_argument otherwise.
  RtlController(sc_core::sc_module_name name, int neurons, int bits, const RtlControllerOptions& options = {});
  ~RtlController() override;

  int neurons() const override { return neurons_; }
  int bits() const override { return bits_; }
  void write_weight(int n, int k, int value) override;  // SC_THREAD only
  int read_weight(int n, int k) override;                // from the DAC lines
  void set_learning_enabled(bool enabled) override;
  void on_spike(int k, const std::vector<ebn::Decision>& decisions) override;  // SC_THREAD only

  // W[n][k] through the register read port (two delta cycles); SC_THREAD only.
  int read_port(int n, int k);
  // Start the RTL VCD (before sc_start; throws std::logic_error later).
  void enable_trace(const std::string& vcd_path);
  const std::string& trace_path() const { return trace_vcd_; }
  // Flush and close the RTL VCD now (idempotent), e.g. to post-process it before exit.
  void close_trace();
  // Clock cycles run so far and the simulated time the clock ran (the gated-clock activity).
  std::uint64_t cycles() const { return cycles_; }
  sc_core::sc_time clock_time() const { return period_ * static_cast<double>(cycles_); }

 private:
  struct Impl;
  void start_of_simulation() override;
  void require_thread(const char* what) const;
  void ensure_reset();
  void low_half();
  void edge_and_high_half();
  void cycle();  // one clock period: low half, rising edge, high half
  void check_index(int n, int k) const;

  int neurons_;
  int bits_;
  sc_core::sc_time period_;
  sc_core::sc_time half_;
  std::string trace_vcd_;
  bool reset_done_ = false;
  bool dac_stale_ = true;
  std::uint64_t cycles_ = 0;
  std::vector<std::int16_t> dac_cache_;  // column-major [k * NMax + n]
  std::unique_ptr<Impl> impl_;
};

// The factory entry used by chip::make_controller("rtl", N, B): an RtlController named
// "rtl_controller" in the current elaboration context.
std::unique_ptr<ebn::LearningController> make_rtl_controller(int neurons, int bits,
                                                             const RtlControllerOptions& options = {});

// If `controller` is an RtlController, start its RTL VCD at `vcd_path` (during elaboration, e.g.
// beside the chip's VCD) and return true; return false for any other controller.
bool enable_rtl_trace(ebn::LearningController& controller, const std::string& vcd_path);
// If `controller` is an RtlController with a VCD open, flush and close it.
void close_rtl_trace(ebn::LearningController& controller);

}  // namespace chip
