#pragma once
// Readout filter (spec §1.6): spikes binned on the dt grid (bin ⌊t/dt⌋), o[j]; 
//   x̂[0] = 0,  x̂[i] = e^{-dt/τ_s}·x̂[i-1] + F·o[i-1] + η_{i-1}
// (unit-height exponential kernel, one-step delay), η_0 = 0, η_j ~ N(0, (noise_std·√(2dt/τ_s))²).
// Returns the first `samples` values (samples × N_x). Draw order: η_1..η_{samples-1}, dimension
// fastest.
#include <Eigen/Dense>

#include <vector>

#include "behavioral/network_backend.h"

namespace ebn::behavioral {

class PredrawnNoise;

// noise: the η drawn ahead (one row of (samples − 1)·N_x values, predrawn_noise.h), used when `rng`
// is where it was drawn from (default mode); otherwise η is drawn here. Same values either way.
Eigen::MatrixXd readout(const std::vector<Spike>& spikes, const Eigen::MatrixXd& encoder, const NetworkParams& params,
                        RunRng& rng, const PredrawnNoise* noise = nullptr);

}  // namespace ebn::behavioral
