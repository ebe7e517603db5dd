#pragma once
// The Verilated learning controller in C++ mode (verilator --cc), behind the same
// ebn::LearningController interface as the C++ reference controller. Used by the C++-mode unit
// tests, the benchmark and the cross-check (ebn-rtl-crosscheck); the chip uses the SystemC-mode
// build instead (systemc/include/chip/rtl_controller.h). The Verilated headers stay in the .cpp.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ebn/learning_controller.h"

namespace ebn::rtl {

// Compile-time maxima of the Verilated netlist (rtl/CMakeLists.txt: -GNMax, ebn_pkg::MaxWeightBits).
constexpr int kNeuronsMax = EBN_RTL_NEURONS_MAX;
constexpr int kBitsMax = 16;

// ebn_pkg::UpdateParallel / UpdateSerial.
enum class UpdateStyle { Parallel, Serial };

// ebn_pkg::Bug*: deliberately broken netlists for the cross-checks' must-fail tests.
enum class Mutation { None, Saturation, SwapKn, Diagonal };

const char* name_of(UpdateStyle style);
const char* name_of(Mutation mutation);

class CcController : public LearningController {
 public:
  // Builds the Verilated model for `neurons` <= kNeuronsMax and `bits` in [2, kBitsMax], resets it
  // and programs the configuration. Throws std::invalid_argument on out-of-range parameters.
  static std::unique_ptr<CcController> create(int neurons, int bits,
                                               UpdateStyle style = UpdateStyle::Parallel,
                                               Mutation mutation = Mutation::None);

  // LearningController. read_weight uses the register read port; write_weight the write port.
  // on_spike drives one event through the valid/ready handshake and clocks until it is applied.

  // Asynchronous reset pulse (all counters 0). The configuration inputs are kept.
  virtual void reset() = 0;
  // One event with raw decision wires (bit n of inc/dec = neuron n), e.g. the illegal inc&dec code.
  virtual void event_wires(int k, std::uint32_t inc, std::uint32_t dec) = 0;
  // Counter W[n][k] as seen on the DAC lines (no clock, no port access).
  virtual int dac_weight(int n, int k) const = 0;
  // All kNeuronsMax x kNeuronsMax counters from the DAC lines, column-major: [k * kNeuronsMax + n].
  virtual const std::int16_t* dac_counters() const = 0;
  // Clock cycles run since construction (each event, write and reset counts its cycles).
  virtual std::uint64_t cycles() const = 0;
  // Starts a VCD of every port and internal signal (Verilator --trace); one file per controller.
  virtual void open_trace(const std::string& vcd_path) = 0;
  virtual UpdateStyle style() const = 0;
  virtual Mutation mutation() const = 0;
};

}  // namespace ebn::rtl
