#pragma once
// Comparator window from recorded decisions (spec §4 and §10): with the decision value v = I_before
// (+ beta * s(b) for a weight-dependent shift), INC needs v < lower, SL lower <= v <= upper, DEC
// v > upper (ebn::decide). Feasible intervals: lower in (max v|INC, min v|SL], upper in
// [max v|SL, min v|DEC); the centres are taken. If no window reproduces every decision, the pair
// (lower, upper) with the fewest misclassifications is taken. The feasible beta interval is exact:
// every pair of spikes of different classes gives one linear inequality in beta.
#include <functional>
#include <vector>

#include "ebn/decision.h"

namespace chip::replay {

struct WindowSample {
  double value_A;  // I_before
  double shift_A;  // s(b): bounds move by -beta * s(b) (J(b)/2 of the DAC model)
  ebn::Decision decision;
};

struct FixedWindowFit {
  double lower = 0.0, upper = 0.0;
  double lower_lo = 0.0, lower_hi = 0.0;  // feasible (lo, hi]; +-inf when one class is absent
  double upper_lo = 0.0, upper_hi = 0.0;  // feasible [lo, hi)
  bool feasible = true;
  int misclassified = 0;
};

// Fixed window for decision values v = value + beta * shift.
FixedWindowFit fit_fixed_window(const std::vector<WindowSample>& samples, double beta = 0.0);

struct BetaInterval {
  double lo = 0.0, hi = 0.0;  // open interval (lo, hi); lo > hi = empty
  bool empty() const { return !(lo < hi); }
};
BetaInterval feasible_beta(const std::vector<WindowSample>& samples);

int count_misclassified(const std::vector<WindowSample>& samples, double lower, double upper, double beta);

}  // namespace chip::replay
