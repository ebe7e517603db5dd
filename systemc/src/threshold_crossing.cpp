#include "chip/threshold_crossing.h"

#include <algorithm>
#include <cmath>

namespace chip {

double first_crossing(const MembraneConstants& c, const MembraneState& s, const SegmentDrive& d, double threshold,
                      double dt, double em, double es) {
  const double target = d.i_inf + d.u;
  const double b = c.tau_mem_s, a = c.tau_syn_s;
  const bool filtered = a > 0.0;
  const double C = filtered ? (s.x - d.u) * a / (a - b) : 0.0;
  const double A = s.i - target - C;
  const double f0 = s.i - threshold;
  if (f0 >= 0.0) return 0.0;
  // 1. Upper bound of I on [0, dt]: each term is monotone, so its max is at one of the ends.
  const double bound = target + std::max(A, A * em) + (filtered ? std::max(C, C * es) : 0.0);
  if (bound < threshold) return -1.0;

  auto f = [&](double t) {
    return target + A * std::exp(-t / b) + (filtered ? C * std::exp(-t / a) : 0.0) - threshold;
  };
  auto df = [&](double t) { return -A / b * std::exp(-t / b) - (filtered ? C / a * std::exp(-t / a) : 0.0); };

  // 2. Bracket the first root.
  double lo = 0.0, hi = dt;
  if (f(dt) < 0.0) {
    // Two roots are possible only around an interior maximum: A/b e^{-t/b} = -C/a e^{-t/a}.
    if (!filtered) return -1.0;
    const double ratio = -C * b / (A * a);
    if (!(ratio > 0.0)) return -1.0;
    const double t_star = std::log(ratio) / (1.0 / a - 1.0 / b);
    if (!(t_star > 0.0 && t_star < dt) || f(t_star) < 0.0) return -1.0;
    hi = t_star;
  }
  // 3. Safeguarded Newton on f(lo) < 0 <= f(hi).
  double t = 0.5 * (lo + hi);
  for (int iter = 0; iter < 200; ++iter) {
    const double ft = f(t);
    if (ft >= 0.0) hi = t; else lo = t;
    const double slope = df(t);
    double next = slope != 0.0 ? t - ft / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // Newton left the bracket: bisect
    const double step = std::fabs(next - t);
    t = next;
    if (step < 1e-15 || hi - lo < 1e-15) break;
  }
  return std::min(std::max(t, 0.0), dt);
}

}  // namespace chip
