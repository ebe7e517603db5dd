#include "behavioral/fast_normal.h"

#include <algorithm>
#include <cstring>

#include "behavioral/simd_kernels.h"

namespace ebn::behavioral {

namespace {

// GCC vector extensions: element-wise IEEE operations whatever the target, so the SSE2, AVX2 and
// AVX-512 builds of one body compute the same bits (the file is compiled with -ffp-contract=off).
// Each target works on chunks of its register width (Bytes = 16, 32, 64: 2, 4 or 8 streams at a
// time); the values do not depend on the chunking (each lane's stream and each output position is
// fixed), only the speed does: GCC lowers wider generic vectors badly (scalar compares).
#define EBN_KERNEL static inline __attribute__((always_inline))

template <int Bytes>
struct Vec {
  typedef std::uint64_t U64 __attribute__((vector_size(Bytes)));  // Bytes/8 streams
  typedef std::uint32_t U32 __attribute__((vector_size(Bytes)));  // their halves
  typedef std::int32_t I32 __attribute__((vector_size(Bytes)));
  typedef float F32 __attribute__((vector_size(Bytes)));
  static constexpr int kHalves = Bytes / 4;
};

// a·b + c rounded once (IEEE fused multiply-add) in every lane: one vfmadd where the target has it,
// the C library's exact fmaf in the SSE2 build, so every build computes the same bits.
template <class F32>
EBN_KERNEL F32 fma(F32 a, F32 b, F32 c) {
  F32 r;
  for (int l = 0; l < static_cast<int>(sizeof(F32) / sizeof(float)); ++l) r[l] = __builtin_fmaf(a[l], b[l], c[l]);
  return r;
}

template <class U64>
EBN_KERNEL U64 rotl(U64 x, int k) {
  return (x << k) | (x >> (64 - k));
}

template <class U64>
EBN_KERNEL U64 next(U64& s0, U64& s1, U64& s2, U64& s3) {  // xoshiro256++ on every lane
  const U64 result = rotl(s0 + s3, 23) + s0;
  const U64 t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 45);
  return result;
}

// sqrt(−2 ln u) for u = (2k+1)·2^-24, k = bits >> 9: ln u = e·ln 2 + ln m with m ∈ [√½, √2],
// ln m = 2 atanh(t), t = (m−1)/(m+1), |t| <= 0.172: the odd series to t^9 (relative error < 3e-9).
template <int Bytes>
EBN_KERNEL typename Vec<Bytes>::F32 radius(typename Vec<Bytes>::U32 bits) {
  using V = Vec<Bytes>;
  using F32 = typename V::F32;
  using I32 = typename V::I32;
  const F32 one = F32{} + 1.0f;
  const F32 u = __builtin_convertvector((I32)((bits >> 9) * 2u + 1u), F32) * 0x1p-24f;
  const I32 b = (I32)u;
  I32 e = ((b >> 23) & 0xff) - 127;
  I32 m_bits = (b & 0x7fffff) | 0x3f800000;
  const I32 big = m_bits > 0x3fb504f3;  // -1 where m > √2 (float bits order as values): m/2, e + 1
  m_bits -= big & 0x00800000;
  e -= big;
  const F32 m = (F32)m_bits;
  const F32 t = (m - one) / (m + one);
  const F32 t2 = t * t;
  const F32 series =
      fma(fma(fma(fma(one * (1.0f / 9.0f), t2, one * (1.0f / 7.0f)), t2, one * (1.0f / 5.0f)), t2, one * (1.0f / 3.0f)), t2, one);
  const F32 ln_u = fma(__builtin_convertvector(e, F32), one * 0.693147181f, 2.0f * t * series);
  const F32 r2 = -2.0f * ln_u;
  F32 r;
  for (int l = 0; l < V::kHalves; ++l) r[l] = __builtin_sqrtf(r2[l]);  // exact-rounded on every target
  return r;
}

// z1 = ±R·cos a, z2 = ±R·sin a; a = (2k+1)·π/2·2^-24 ∈ (0, π/2) from bits 7..29, bit 31 / bit 30
// = the signs. Polynomials in x² fitted on [0, π/2] (error < 1.8e-7; session 8: Taylor series to x^12 /
// x^13 before, 1e-8, 6 % slower).
template <int Bytes>
EBN_KERNEL void pair(typename Vec<Bytes>::U32 radius_bits, typename Vec<Bytes>::U32 angle_bits, float* z1_out,
                     float* z2_out) {
  using V = Vec<Bytes>;
  using F32 = typename V::F32;
  using I32 = typename V::I32;
  using U32 = typename V::U32;
  const F32 r = radius<Bytes>(radius_bits);
  const F32 one = F32{} + 1.0f;
  const F32 x = __builtin_convertvector((I32)(((angle_bits >> 7) & 0x7fffffu) * 2u + 1u), F32) *
                (1.5707963267948966f * 0x1p-24f);
  const F32 x2 = x * x;
  // Least-squares fits on [0, π/2] (Chebyshev nodes) of cos and sin/x in x², five terms each:
  // |error| < 1.8e-7 in float32, the float32 rounding of values near 1.
  const F32 c = fma(fma(fma(fma(one * 2.3188348e-05f, x2, one * -1.3855526e-03f), x2, one * 4.1663896e-02f), x2,
                        one * -0.49999925f),
                    x2, one);
  const F32 s = fma(fma(fma(fma(one * 2.6083901e-06f, x2, one * -1.9810750e-04f), x2, one * 8.3330795e-03f), x2,
                        one * -0.16666660f) *
                        x2,
                    x, x);
  const U32 z1 = (U32)(r * c) ^ (angle_bits & 0x80000000u);
  const U32 z2 = (U32)(r * s) ^ ((angle_bits << 1) & 0x80000000u);
  std::memcpy(z1_out, &z1, sizeof z1);
  std::memcpy(z2_out, &z2, sizeof z2);
}

template <int Bytes>
EBN_KERNEL void blocks_body(std::uint64_t (*state)[FastNormal::kLanes], float* out, long blocks) {
  using U64 = typename Vec<Bytes>::U64;
  using U32 = typename Vec<Bytes>::U32;
  constexpr int kStreams = Bytes / 8, kChunks = FastNormal::kLanes / kStreams, kHalves = Bytes / 4;
  U64 s0[kChunks], s1[kChunks], s2[kChunks], s3[kChunks];
  for (int c = 0; c < kChunks; ++c) {
    std::memcpy(&s0[c], state[0] + c * kStreams, Bytes);
    std::memcpy(&s1[c], state[1] + c * kStreams, Bytes);
    std::memcpy(&s2[c], state[2] + c * kStreams, Bytes);
    std::memcpy(&s3[c], state[3] + c * kStreams, Bytes);
  }
  for (long b = 0; b < blocks; ++b) {
    float* o = out + b * FastNormal::kBlock;
    for (int c = 0; c < kChunks; ++c) {
      const U64 r = next(s0[c], s1[c], s2[c], s3[c]);
      const U64 a = next(s0[c], s1[c], s2[c], s3[c]);
      pair<Bytes>((U32)r, (U32)a, o + c * kHalves, o + FastNormal::kBlock / 2 + c * kHalves);
    }
  }
  for (int c = 0; c < kChunks; ++c) {
    std::memcpy(state[0] + c * kStreams, &s0[c], Bytes);
    std::memcpy(state[1] + c * kStreams, &s1[c], Bytes);
    std::memcpy(state[2] + c * kStreams, &s2[c], Bytes);
    std::memcpy(state[3] + c * kStreams, &s3[c], Bytes);
  }
}

using BlocksFn = void (*)(std::uint64_t (*)[FastNormal::kLanes], float*, long);
void blocks_scalar(std::uint64_t (*st)[FastNormal::kLanes], float* out, long blocks) { blocks_body<16>(st, out, blocks); }
__attribute__((target("avx2,fma"))) void blocks_avx2(std::uint64_t (*st)[FastNormal::kLanes], float* out, long blocks) {
  blocks_body<32>(st, out, blocks);
}
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma"))) void blocks_avx512(
    std::uint64_t (*st)[FastNormal::kLanes], float* out, long blocks) {
  blocks_body<64>(st, out, blocks);
}

void blocks(std::uint64_t (*st)[FastNormal::kLanes], float* out, long count) {
  static constexpr BlocksFn kFns[] = {blocks_scalar, blocks_avx2, blocks_avx512};
  kFns[static_cast<int>(simd::active())](st, out, count);
}

}  // namespace

FastNormal::FastNormal(std::uint64_t seed) {
  RunRng lane(seed);
  for (int l = 0; l < kLanes; ++l) {
    if (l > 0) lane.jump();
    for (int w = 0; w < 4; ++w) state_[w][l] = lane.state_word(w);
  }
}

FastNormal FastNormal::substream(std::uint64_t seed, std::uint64_t index) {
  const auto mix = [](std::uint64_t z) {  // splitmix64's finaliser: a bijection with full avalanche
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  FastNormal g;
  for (int l = 0; l < kLanes; ++l) {
    const RunRng lane(mix(seed ^ mix(index * kLanes + static_cast<std::uint64_t>(l) + 0x9e3779b97f4a7c15ull)));
    for (int w = 0; w < 4; ++w) g.state_[w][l] = lane.state_word(w);
  }
  return g;
}

void FastNormal::fill(float* out, long count) {
  const long from_buffer = std::min<long>(count, buffered_);
  std::memcpy(out, buffer_ + (kBlock - buffered_), sizeof(float) * from_buffer);
  buffered_ -= static_cast<int>(from_buffer);
  out += from_buffer;
  count -= from_buffer;
  const long whole = count / kBlock;
  if (whole > 0) blocks(state_, out, whole);
  out += whole * kBlock;
  count -= whole * kBlock;
  if (count > 0) {
    blocks(state_, buffer_, 1);
    std::memcpy(out, buffer_, sizeof(float) * count);
    buffered_ = kBlock - static_cast<int>(count);
  }
}

}  // namespace ebn::behavioral
