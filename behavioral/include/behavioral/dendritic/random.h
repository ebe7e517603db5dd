#pragma once
// Random-number helpers with results that depend only on the seed (no std:: distributions whose
// algorithm is implementation-defined), so same seed -> same run bit for bit on any platform.
#include <cstdint>
#include <random>

namespace ebn::dendritic {

using Rng = std::mt19937_64;

// Uniform in [0, 1) with 53 random bits.
inline double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Uniform integer in [0, n) (multiply-shift; bias < n / 2^64, irrelevant here).
inline int uniform_index(Rng& rng, int n) {
  return static_cast<int>((static_cast<unsigned __int128>(rng()) * static_cast<unsigned>(n)) >> 64);
}

// Standard normal by Box-Muller (one value per call; the second is discarded for simplicity).
double standard_normal(Rng& rng);

// Independent stream seeds derived from one user seed (splitmix64 of seed and stream id), so
// network, training data, test data and rounding never share a generator (spec §6 defect 4).
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream);

enum SeedStream : std::uint64_t { kNetworkStream = 1, kTrainStream = 2, kTestStream = 3, kRoundingStream = 4 };

}  // namespace ebn::dendritic
