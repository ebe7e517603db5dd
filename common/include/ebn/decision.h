#pragma once
// The learning decision, defined once for every level of the ladder (float, quantized, SystemC,
// RTL). The hardware encoding (two wires inc/dec, never both high) is in hw_encoding.h.
#include <cstdint>

namespace ebn {

enum class Decision : std::uint8_t { Hold = 0, Inc = 1, Dec = 2 };

// The comparator semantics, written once: strictly below the lower bound -> Inc, strictly above
// the upper bound -> Dec, on a bound or inside the window -> Hold (stop learning).
constexpr Decision decide(double value, double lower, double upper) {
  return value < lower ? Decision::Inc : (value > upper ? Decision::Dec : Decision::Hold);
}

constexpr int step_of(Decision d) { return d == Decision::Inc ? 1 : (d == Decision::Dec ? -1 : 0); }

constexpr char letter_of(Decision d) { return d == Decision::Inc ? 'I' : (d == Decision::Dec ? 'D' : 'S'); }

const char* name_of(Decision d);

}  // namespace ebn
