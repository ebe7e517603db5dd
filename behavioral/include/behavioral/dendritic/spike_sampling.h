#pragma once
// Bernoulli spike decision of spec §1.4: spike iff r < p = 1/(1 + e^{-u}) for a uniform draw r.
// At the homeostatic rates p is ~1e-3, so almost every draw is far above p: a cheap upper bound
// decides those without the exp. The decision is exactly the one of the plain formula.
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ebn::dendritic {

// The plain formula (the reference; also used where the bound does not apply).
inline bool spike_decision_exact(double u, double r) { return r < 1.0 / (1.0 + std::exp(-u)); }

inline bool spike_decision(double u, double r) {
  if (u < -1.0 && u > -600.0) {  // NaN fails both tests and takes the exact path
    // k = ceil(u log2 e + 1e-6) (truncation is ceil for these negative values), so
    // 2^k >= e^u (1 + 6.9e-7) > p by far more than the rounding error of the computed p
    // (a few ulp): r >= 2^k implies r >= p, i.e. no spike.
    const int k = static_cast<int>(u * 1.4426950408889634 + 1e-6);
    const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;  // 2^k, k >= -866: normal
    double bound;
    std::memcpy(&bound, &bits, sizeof bound);
    if (r >= bound) return false;
  }
  return spike_decision_exact(u, r);
}

}  // namespace ebn::dendritic
