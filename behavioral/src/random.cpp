#include "behavioral/random.h"

#include <cmath>

namespace ebn::behavioral {

double NumpyLegacyNormal::uniform() {
  const std::uint32_t a = mt_() >> 5, b = mt_() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyLegacyNormal::gauss() {
  if (has_cached_) {
    has_cached_ = false;
    return cached_;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * uniform() - 1.0;
    x2 = 2.0 * uniform() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  cached_ = f * x1;  // NumPy returns f·x2 first and keeps f·x1 for the next call
  has_cached_ = true;
  return f * x2;
}

namespace {
constexpr double kR = 3.442619855899;          // start of the tail for 128 layers
constexpr double kV = 9.91256303526217e-3;     // area of each layer
constexpr double kScale = 16777216.0;          // 2^24: range of the signed 25-bit position
}  // namespace

ZigguratNormal::ZigguratNormal() {
  // Layer boundaries x_127 = r > x_126 > ... > x_1 > x_0 = 0 (Marsaglia & Tsang 2000, zigset).
  double dn = kR, tn = kR;
  const double q = kV / std::exp(-0.5 * dn * dn);
  k_[0] = static_cast<std::uint32_t>((dn / q) * kScale);
  k_[1] = 0;
  w_[0] = q / kScale;
  w_[127] = dn / kScale;
  f_[0] = 1.0;
  f_[127] = std::exp(-0.5 * dn * dn);
  for (int i = 126; i >= 1; --i) {
    dn = std::sqrt(-2.0 * std::log(kV / dn + std::exp(-0.5 * dn * dn)));
    k_[i + 1] = static_cast<std::uint32_t>((dn / tn) * kScale);
    tn = dn;
    f_[i] = std::exp(-0.5 * dn * dn);
    w_[i] = dn / kScale;
  }
}

double ZigguratNormal::slow_path(RunRng& rng, std::int32_t h, unsigned layer) const {
  for (;;) {
    const double x = h * w_[layer];
    if (layer == 0) {  // tail beyond r: Marsaglia's exponential rejection
      double xx, yy;
      do {
        xx = -std::log(uniform_open0(rng)) / kR;
        yy = -std::log(uniform_open0(rng));
      } while (yy + yy < xx * xx);
      return h > 0 ? kR + xx : -kR - xx;
    }
    if (f_[layer] + uniform_open0(rng) * (f_[layer - 1] - f_[layer]) < std::exp(-0.5 * x * x)) return x;
    const std::uint32_t bits = static_cast<std::uint32_t>(rng());
    layer = bits & 0x7Fu;
    h = static_cast<std::int32_t>(bits) >> 7;
    const std::uint32_t mag = static_cast<std::uint32_t>(h < 0 ? -h : h);
    if (mag < k_[layer]) return h * w_[layer];
  }
}

const ZigguratNormal& standard_normal() {
  static const ZigguratNormal sampler;
  return sampler;
}

}  // namespace ebn::behavioral
