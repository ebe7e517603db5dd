#include "chip/replay/window_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chip::replay {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double value_of(const WindowSample& s, double beta) { return s.value_A + beta * s.shift_A; }

struct ClassRange {
  double min = kInf, max = -kInf;
  int count = 0;
  void add(double v) { min = std::min(min, v); max = std::max(max, v); ++count; }
};

// Minimise misclassifications over candidate thresholds (mid-points between sorted values).
FixedWindowFit least_misclassified(const std::vector<WindowSample>& samples, double beta) {
  std::vector<double> values;
  for (const auto& s : samples) values.push_back(value_of(s, beta));
  std::sort(values.begin(), values.end());
  std::vector<double> cand;
  cand.push_back(values.front() - 1.0);
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[i - 1]) cand.push_back(0.5 * (values[i] + values[i - 1]));
  cand.push_back(values.back() + 1.0);
  const std::size_t m = cand.size();
  // err_low(L): INC at or above L + SL below L; err_high(U): SL above U + DEC at or below U.
  std::vector<int> err_low(m, 0), err_high(m, 0);
  for (std::size_t c = 0; c < m; ++c) {
    for (const auto& s : samples) {
      const double v = value_of(s, beta);
      if (s.decision == ebn::Decision::Inc && !(v < cand[c])) ++err_low[c];
      if (s.decision == ebn::Decision::Hold && v < cand[c]) ++err_low[c];
      if (s.decision == ebn::Decision::Hold && v > cand[c]) ++err_high[c];
      if (s.decision == ebn::Decision::Dec && !(v > cand[c])) ++err_high[c];
    }
  }
  // Best U at or after each L (suffix minimum).
  std::vector<std::size_t> best_u(m);
  best_u[m - 1] = m - 1;
  for (std::size_t c = m - 1; c-- > 0;) best_u[c] = err_high[c] < err_high[best_u[c + 1]] ? c : best_u[c + 1];
  FixedWindowFit f;
  int best = std::numeric_limits<int>::max();
  for (std::size_t c = 0; c < m; ++c) {
    const int e = err_low[c] + err_high[best_u[c]];
    if (e < best) { best = e; f.lower = cand[c]; f.upper = cand[best_u[c]]; }
  }
  f.feasible = false;
  f.misclassified = best;
  f.lower_lo = f.lower_hi = f.upper_lo = f.upper_hi = std::numeric_limits<double>::quiet_NaN();
  return f;
}
}  // namespace

int count_misclassified(const std::vector<WindowSample>& samples, double lower, double upper, double beta) {
  int n = 0;
  for (const auto& s : samples) n += ebn::decide(value_of(s, beta), lower, upper) != s.decision;
  return n;
}

FixedWindowFit fit_fixed_window(const std::vector<WindowSample>& samples, double beta) {
  FixedWindowFit f;
  if (samples.empty()) return f;
  ClassRange inc, sl, dec;
  for (const auto& s : samples) {
    const double v = value_of(s, beta);
    if (s.decision == ebn::Decision::Inc) inc.add(v);
    else if (s.decision == ebn::Decision::Hold) sl.add(v);
    else dec.add(v);
  }
  if (sl.count > 0) {
    f.lower_lo = inc.max; f.lower_hi = sl.min;  // (max INC, min SL]
    f.upper_lo = sl.max;  f.upper_hi = dec.min;  // [max SL, min DEC)
    f.feasible = inc.max < sl.min && sl.max < dec.min;
    // Centres; with a class absent the interval is unbounded and its finite edge is used.
    f.lower = std::isfinite(f.lower_lo) ? 0.5 * (f.lower_lo + f.lower_hi) : f.lower_hi;
    f.upper = std::isfinite(f.upper_hi) ? 0.5 * (f.upper_lo + f.upper_hi) : f.upper_lo;
  } else {
    // No stop-learning decision recorded: a zero-width window between the INC and DEC values.
    f.lower_lo = inc.max; f.lower_hi = dec.min;
    f.upper_lo = inc.max; f.upper_hi = dec.min;
    f.feasible = inc.max < dec.min;
    const double mid = std::isfinite(inc.max) && std::isfinite(dec.min) ? 0.5 * (inc.max + dec.min)
                                                                           : (std::isfinite(inc.max) ? inc.max + 1e-12 : dec.min - 1e-12);
    f.lower = f.upper = mid;
  }
  if (!f.feasible) {
    const double llo = f.lower_lo, lhi = f.lower_hi, ulo = f.upper_lo, uhi = f.upper_hi;
    f = least_misclassified(samples, beta);
    f.lower_lo = llo; f.lower_hi = lhi; f.upper_lo = ulo; f.upper_hi = uhi;  // report the (empty) intervals
    return f;
  }
  f.misclassified = count_misclassified(samples, f.lower, f.upper, beta);
  return f;
}

BetaInterval feasible_beta(const std::vector<WindowSample>& samples) {
  // Class order INC < SL < DEC must hold for v = value + beta * shift, strictly, pairwise.
  BetaInterval iv{-kInf, kInf};
  auto rank = [](ebn::Decision d) { return d == ebn::Decision::Inc ? 0 : (d == ebn::Decision::Hold ? 1 : 2); };
  for (const auto& a : samples) {
    for (const auto& b : samples) {
      if (rank(a.decision) >= rank(b.decision)) continue;
      // need (a.value - b.value) + beta * (a.shift - b.shift) < 0
      const double dv = a.value_A - b.value_A, ds = a.shift_A - b.shift_A;
      if (ds == 0.0) {
        if (!(dv < 0.0)) return {kInf, -kInf};
      } else if (ds > 0.0) {
        iv.hi = std::min(iv.hi, -dv / ds);
      } else {
        iv.lo = std::max(iv.lo, -dv / ds);
      }
    }
  }
  return iv;
}

}  // namespace chip::replay
