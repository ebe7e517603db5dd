#pragma once
// The opt-in fast mode's N(0,1) generator (experiment.fast_mode; never the default, see
// docs/behavioral.md "Fast mode (opt-in)"): eight xoshiro256++ streams side by side (one 512-bit
// register of 64-bit lanes; the lane streams are 2^128 draws apart, made with the generator's
// jump), each draw pair turned into two normals by Box-Muller in float32 with polynomial log, sin
// and cos (no libm call, so the vector and scalar code compute the same IEEE operations).
//
// Values: per step the 8 lanes give 8 × 64 bits twice; the 16 low/high halves of the first draw
// give the radius (u1 = (2k+1)·2^-24, k = top 23 bits: |z| <= 5.77), the second the angle within a
// quadrant (23 bits) and two sign bits, so one step yields 32 normals: out[0..16) = ±R·cos a,
// out[16..32) = ±R·sin a (the signs pick the quadrant: the angle is uniform on the circle).
// Compiled for SSE2, AVX2 and AVX-512 and dispatched like simd_kernels.h (EBN_SIMD caps it);
// -ffp-contract=off, so all variants give the same bits (test FastNormal.EveryVariantGivesTheSameValues).
// Precision: float32 (relative error ~1e-6), far below the noise levels it draws.
#include <cstdint>

#include "behavioral/random.h"

namespace ebn::behavioral {

class FastNormal {
 public:
  static constexpr int kLanes = 8;
  static constexpr int kBlock = 32;  // normals per step of the eight streams
  // Lane 0 = xoshiro256++(seed) (splitmix64-seeded as RunRng), lane l = lane l−1 jumped 2^128.
  explicit FastNormal(std::uint64_t seed);
  // Sub-stream `index` of `seed` (the fast-mode trial's noise chunks, fast_noise_rows.h): lane l
  // is xoshiro256++ seeded by mix(seed, index·8 + l) (a splitmix64 finaliser of each), no jumps,
  // so a chunk's generator costs ~30 ns to set up and chunks can be drawn in any order, on any
  // thread. Streams of different (seed, index, lane) start from unrelated states.
  static FastNormal substream(std::uint64_t seed, std::uint64_t index);
  // out[0..count) = the next `count` values of the stream (any count; a partial block is buffered).
  void fill(float* out, long count);
  // The one 64-bit draw of the experiment stream that seeds a fast-mode consumer (a trial's input
  // noise, a signal, a readout): the experiment stream advances by exactly one draw per consumer.
  static FastNormal from(RunRng& rng) { return FastNormal(rng()); }

 private:
  FastNormal() = default;
  alignas(64) std::uint64_t state_[4][kLanes];
  alignas(64) float buffer_[kBlock];
  int buffered_ = 0;  // values left at the end of buffer_
};

}  // namespace ebn::behavioral
