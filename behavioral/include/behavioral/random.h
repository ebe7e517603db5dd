#pragma once
// Random numbers of levels 1 and 2. Two streams, both seeded with experiment.seed:
//
//  * NumpyLegacyNormal: std::mt19937 (32-bit MT19937, init_genrand(seed)) + NumPy's legacy
//    polar Box-Muller (RandomState.randn / legacy_gauss, with its cached second value). Used only
//    for the network initialisation (decoder F, initial weights Ω₀), so that seed 42 reproduces the
//    published W_initial, W_optimal and thresholds bit for bit (spec §8.3).
//  * RunRng = std::mt19937_64 for everything that happens during the experiment (signals, input
//    noise, readout noise), with ZigguratNormal, an exact N(0,1) sampler that costs ~one 64-bit
//    draw per sample: the input noise needs N normals per step, which dominates at N = 1000.
#include <array>
#include <cstdint>
#include <random>

namespace ebn::behavioral {

using RunRng = std::mt19937_64;

class NumpyLegacyNormal {
 public:
  explicit NumpyLegacyNormal(std::uint32_t seed) : mt_(seed) {}
  double uniform();  // NumPy random_double: 53 bits from two 32-bit draws
  double gauss();    // NumPy legacy_gauss
 private:
  std::mt19937 mt_;
  bool has_cached_ = false;
  double cached_ = 0.0;
};

// Marsaglia & Tsang ziggurat (256 layers): the low 8 bits of one 64-bit draw pick the layer,
// the upper 56 bits (signed) the position; rare rejections fall back to the exact density test.
class ZigguratNormal {
 public:
  ZigguratNormal();
  double operator()(RunRng& rng) const {
    const std::uint64_t u = rng();
    const unsigned layer = static_cast<unsigned>(u & 0xFFu);
    const std::int64_t h = static_cast<std::int64_t>(u) >> 8;  // uniform in [-2^55, 2^55)
    const std::uint64_t mag = static_cast<std::uint64_t>(h < 0 ? -h : h);
    if (mag < k_[layer]) return static_cast<double>(h) * w_[layer];
    return slow_path(rng, h, layer);
  }

 private:
  double slow_path(RunRng& rng, std::int64_t h, unsigned layer) const;
  std::array<std::uint64_t, 256> k_{};
  std::array<double, 256> w_{};
  std::array<double, 256> f_{};
};

// The process-wide sampler (tables computed once).
const ZigguratNormal& standard_normal();
// Uniform in (0, 1] from 53 bits of one draw.
inline double uniform_open0(RunRng& rng) { return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53; }

}  // namespace ebn::behavioral
