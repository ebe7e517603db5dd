#pragma once
// Random numbers of levels 1 and 2. Two streams, both seeded with experiment.seed:
//
//  * NumpyLegacyNormal: std::mt19937 (32-bit MT19937, init_genrand(seed)) + NumPy's legacy
//    polar Box-Muller (RandomState.randn / legacy_gauss, with its cached second value). Used only
//    for the network initialisation (decoder F, initial weights Ω₀), so that seed 42 reproduces the
//    published W_initial, W_optimal and thresholds bit for bit (spec §8.3).
//  * RunRng = xoshiro256++ (Blackman & Vigna; state seeded by splitmix64 from the seed) for
//    everything that happens during the experiment (signals, input
//    noise, readout noise), with ZigguratNormal, an N(0,1) sampler that costs about half a
//    64-bit draw per sample: the input noise needs N normals per step, which dominates the cost
//    of a step (std::normal_distribution would cost ~4x more).
#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace ebn::behavioral {

// xoshiro256++: a small, fast, well-tested 64-bit generator (the reference algorithm of
// prng.di.unimi.it). The input noise needs N normals per step and dominated the cost of a step
// with std::mt19937_64 (its refill alone was a third of the run time); this one is ~3x cheaper
// per draw. Satisfies UniformRandomBitGenerator.
class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  explicit Xoshiro256pp(std::uint64_t seed) {
    for (auto& word : s_) {  // splitmix64 expands the seed into a non-zero state
      seed += 0x9e3779b97f4a7c15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      word = z ^ (z >> 31);
    }
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  // Same state = same future stream (the parallel trainer checks its speculation with this).
  bool operator==(const Xoshiro256pp& o) const {
    return s_[0] == o.s_[0] && s_[1] == o.s_[1] && s_[2] == o.s_[2] && s_[3] == o.s_[3];
  }
  bool operator!=(const Xoshiro256pp& o) const { return !(*this == o); }
  // Advances the state by 2^128 draws (the reference jump()): non-overlapping sub-streams for the
  // lanes of the fast mode's generator (fast_normal.h).
  void jump() {
    static constexpr std::uint64_t kJump[] = {0x180ec6d33cfd0abaull, 0xd5a61266f0c9392cull, 0xa9582618e03fc9aaull,
                                              0x39abdc4529b1661cull};
    std::uint64_t t[4] = {0, 0, 0, 0};
    for (std::uint64_t word : kJump)
      for (int b = 0; b < 64; ++b) {
        if (word & (std::uint64_t{1} << b))
          for (int i = 0; i < 4; ++i) t[i] ^= s_[i];
        (*this)();
      }
    for (int i = 0; i < 4; ++i) s_[i] = t[i];
  }
  std::uint64_t state_word(int i) const { return s_[i]; }
  result_type operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

using RunRng = Xoshiro256pp;

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

// Marsaglia & Tsang ziggurat (128 layers) on 32-bit halves of the 64-bit draws: the low 7 bits
// of a half pick the layer, its upper 25 bits (signed) the position, so one 64-bit draw gives
// two normals (~99 % of the time; rejections fall back to the exact density test with fresh
// draws). Output resolution: 2^-24 of the layer width -- far below any noise level used here.
class ZigguratNormal {
 public:
  ZigguratNormal();
  // out[0..count) = independent N(0,1) values, consuming ⌈count/2⌉ draws plus rejections.
  void fill(RunRng& rng, double* out, long count) const {
    long i = 0;
    for (; i + 1 < count; i += 2) {
      const std::uint64_t u = rng();
      out[i] = from_bits(rng, static_cast<std::uint32_t>(u));
      out[i + 1] = from_bits(rng, static_cast<std::uint32_t>(u >> 32));
    }
    if (i < count) out[i] = from_bits(rng, static_cast<std::uint32_t>(rng()));
  }
  double operator()(RunRng& rng) const { return from_bits(rng, static_cast<std::uint32_t>(rng())); }
  // fill's draws with each value kept as a 32-bit code, half the memory of the double (values
  // drawn ahead, predrawn_noise.h): the fast path's bits as drawn, a rejection's value appended
  // to `slow` with its index in the code (as layer 1, which never takes the fast path: k_[1] = 0).
  // value(code, slow) gives back exactly the value fill would have written.
  void fill_codes(RunRng& rng, std::uint32_t* out, long count, std::vector<double>& slow) const {
    long i = 0;
    for (; i + 1 < count; i += 2) {
      const std::uint64_t u = rng();
      out[i] = code_bits(rng, static_cast<std::uint32_t>(u), slow);
      out[i + 1] = code_bits(rng, static_cast<std::uint32_t>(u >> 32), slow);
    }
    if (i < count) out[i] = code_bits(rng, static_cast<std::uint32_t>(rng()), slow);
  }
  double value(std::uint32_t code, const double* slow) const {
    const unsigned layer = code & 0x7Fu;
    if (layer == 1) return slow[code >> 7];
    return (static_cast<std::int32_t>(code) >> 7) * w_[layer];  // from_bits' fast path
  }
  // Advances `rng` exactly as fill(rng, out, count) would, without computing the values (the
  // fast-path test is integer only; a rejection runs the same slow path): the stream predictions
  // of the two-core trainer (parallel_chain.h, training_prefetch.h) cost about half a fill.
  void skip(RunRng& rng, long count) const {
    long i = 0;
    for (; i + 1 < count; i += 2) {
      const std::uint64_t u = rng();
      skip_bits(rng, static_cast<std::uint32_t>(u));
      skip_bits(rng, static_cast<std::uint32_t>(u >> 32));
    }
    if (i < count) skip_bits(rng, static_cast<std::uint32_t>(rng()));
  }

 private:
  double from_bits(RunRng& rng, std::uint32_t bits) const {
    const unsigned layer = bits & 0x7Fu;
    const std::int32_t h = static_cast<std::int32_t>(bits) >> 7;  // uniform in [-2^24, 2^24)
    const std::uint32_t mag = static_cast<std::uint32_t>(h < 0 ? -h : h);
    if (mag < k_[layer]) return h * w_[layer];
    return slow_path(rng, h, layer);
  }
  std::uint32_t code_bits(RunRng& rng, std::uint32_t bits, std::vector<double>& slow) const {
    const unsigned layer = bits & 0x7Fu;
    const std::int32_t h = static_cast<std::int32_t>(bits) >> 7;
    const std::uint32_t mag = static_cast<std::uint32_t>(h < 0 ? -h : h);
    if (mag < k_[layer]) return bits;
    slow.push_back(slow_path(rng, h, layer));
    return static_cast<std::uint32_t>(slow.size() - 1) << 7 | 1u;
  }
  void skip_bits(RunRng& rng, std::uint32_t bits) const {
    const unsigned layer = bits & 0x7Fu;
    const std::int32_t h = static_cast<std::int32_t>(bits) >> 7;
    const std::uint32_t mag = static_cast<std::uint32_t>(h < 0 ? -h : h);
    if (__builtin_expect(mag >= k_[layer], 0)) slow_path(rng, h, layer);
  }
  double slow_path(RunRng& rng, std::int32_t h, unsigned layer) const;
  std::array<std::uint32_t, 128> k_{};
  std::array<double, 128> w_{};
  std::array<double, 128> f_{};
};

// The process-wide sampler (tables computed once).
const ZigguratNormal& standard_normal();
// Uniform in (0, 1] from 53 bits of one draw.
inline double uniform_open0(RunRng& rng) { return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53; }

}  // namespace ebn::behavioral
