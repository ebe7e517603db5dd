#pragma once
// Figure-1-style input for the small network (spec ebn-learning-rule §1.6): per input channel a
// smooth random signal x_j(t) (white noise through a Gaussian kernel of std smoothing_s,
// normalised to unit std), turned into a pulse train whose rate follows it:
//   r_j(t) = max(0, rate_mean_hz * (1 + rate_depth * x_j(t))),
// by deterministic integrate-to-one (phase j/inputs at t = 0) with a minimum interval between
// pulses. Seeded (std::mt19937_64 + Box-Muller): same seed, same pulse times, bit for bit.
#include <cstdint>
#include <vector>

namespace spice {

struct NetworkInputParams {
  double rate_mean_hz = 120.0;
  double rate_depth = 0.8;
  double smoothing_s = 30e-3;
  double min_interval_s = 3e-3;   // > pulse width + edges + latch/update spacing
  double first_s = 4e-3;          // no pulse before
  double grid_s = 1e-4;
  std::uint64_t seed = 1;
};

struct InputPulse {
  double t_s;  // rising-edge start
  int channel;
};

// Pulses with t_s <= last_start_s, sorted by time (channel order on ties).
std::vector<InputPulse> make_network_input(int inputs, double last_start_s, const NetworkInputParams& p);

}  // namespace spice
