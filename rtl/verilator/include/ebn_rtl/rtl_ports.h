#pragma once
// Pin-level access to a Verilated learning controller, for the scoreboard (scoreboard.h): the
// testbench drives every input for one cycle, reads the scalar outputs and the DAC lines, and
// clocks. Implemented for the C++-mode models (make_cc_ports) and, in the SystemC-mode test, for
// the SystemC model (there every call waits, so it must run inside an SC_THREAD).
#include <cstdint>
#include <memory>
#include <string>

#include "ebn_rtl/cc_controller.h"
#include "ebn_rtl/port_signals.h"

namespace ebn::rtl {

class RtlPorts {
 public:
  virtual ~RtlPorts() = default;
  // Sets every input while the clock is low and lets the combinational logic settle.
  virtual void drive(const PortInputs& in) = 0;
  // evt_ready_o, busy_o, rd_data_o for the driven inputs.
  virtual PortOutputs outputs() = 0;
  // One clock period: rising edge, then the falling edge (inputs held).
  virtual void clock() = 0;
  // The DAC lines as kNeuronsMax^2 counters, column-major: out[k * kNeuronsMax + n] = W[n][k].
  virtual void read_dac(std::int16_t* out) = 0;
  // Writes the Verilator coverage counters (coverage-instrumented builds only; else false).
  virtual bool write_coverage(const std::string& path) { (void)path; return false; }
};

// Which Verilated C++-mode netlist to drive.
enum class Instrumentation { Plain, Coverage };

// A fresh C++-mode model (style, planted BugMode mutant, or the coverage-instrumented build),
// with every input low, reset released, not yet clocked. Throws std::invalid_argument for a
// combination that is not built (mutants and coverage exist for the styles listed in
// rtl/CMakeLists.txt).
std::unique_ptr<RtlPorts> make_cc_ports(UpdateStyle style, Mutation mutation = Mutation::None,
                                        Instrumentation instrumentation = Instrumentation::Plain);

}  // namespace ebn::rtl
