#pragma once
// The pins of ebn_learning_ctrl as plain values, shared by the port-level reference model
// (port_model.h), the protocol stimulus and the drivers of the Verilated models (rtl_ports.h).
// Widths are those of the netlist built with NMax = kNeuronsMax, BMax = kBitsMax.
#include <cstdint>

namespace ebn::rtl {

// Everything the testbench drives for one clock cycle (held while the clock is low and across
// the rising edge). Field = port without the _i suffix.
struct PortInputs {
  bool rst_n = true;          // asynchronous, active low
  int cfg_neurons = 1;        // 6-bit port: 0..63 (spec: 1..NMax)
  int cfg_bits = 8;           // 5-bit port: 0..31 (clamped by the RTL to [2, BMax])
  bool learn_en = true;
  bool evt_valid = false;
  int evt_pre = 0;            // 0..NMax-1
  std::uint32_t evt_inc = 0;  // bit n = inc wire of neuron n
  std::uint32_t evt_dec = 0;
  bool wr_en = false;
  int wr_post = 0;
  int wr_pre = 0;
  int wr_data = 0;            // signed 16-bit
  int rd_post = 0;
  int rd_pre = 0;
};

// The scalar outputs (the DAC lines are read separately: NMax x NMax counters).
struct PortOutputs {
  bool evt_ready = false;
  bool busy = false;
  int rd_data = 0;  // signed 16-bit
};

}  // namespace ebn::rtl
