#pragma once
// Single source of truth for bit widths and counter semantics shared by the C++ models and the
// RTL (rtl/ebn_pkg.sv mirrors these; testbenches/unit/test_rtl_pkg.cpp checks they agree).
#include <cstdint>

#include "ebn/decision.h"

namespace ebn::hw {

constexpr int kMinWeightBits = 2;   // a signed counter needs at least a sign and one magnitude bit
constexpr int kMaxWeightBits = 16;  // the RTL weight port and the C++ int16 storage
constexpr int kDefaultWeightBits = 8;

// Signed two's-complement counter range for B bits.
constexpr int counter_min(int bits) { return -(1 << (bits - 1)); }
constexpr int counter_max(int bits) { return (1 << (bits - 1)) - 1; }

// One learning step: +1 / 0 / -1, saturating at both ends.
constexpr int step_counter(int value, Decision d, int bits) {
  const int next = value + step_of(d);
  return next > counter_max(bits) ? counter_max(bits) : (next < counter_min(bits) ? counter_min(bits) : next);
}

// Decision on the two wires of the controller port.
constexpr bool inc_wire(Decision d) { return d == Decision::Inc; }
constexpr bool dec_wire(Decision d) { return d == Decision::Dec; }
constexpr Decision from_wires(bool inc, bool dec) {
  return inc && !dec ? Decision::Inc : (dec && !inc ? Decision::Dec : Decision::Hold);
}

}  // namespace ebn::hw
