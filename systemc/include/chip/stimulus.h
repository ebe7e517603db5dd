#pragma once
// Seeded synthetic stimuli for running the chip on its own (`ebn chip-run`, benchmark, tests):
// per-neuron feed-forward currents as Ornstein-Uhlenbeck processes on a uniform grid (a smooth,
// random drive with a given mean, std and correlation time) and random initial counters.
// The EBN experiment (issue 5) instead maps its own input tau_m F^T c(t) to currents.
#include <cstdint>
#include <vector>

#include "chip/trial.h"
#include "ebn/config_reader.h"

namespace chip {

struct StimulusParams {
  double duration_s = 1.0;
  double grid_dt_s = 1e-4;
  double mean_A = 2e-9;
  double std_A = 2e-9;
  double tau_s = 30e-3;           // correlation time of the OU process
  std::uint64_t seed = 7;
  double initial_weight_std_lsb = 8.0;  // initial counters ~ round(N(0, std)), clamped, diagonal 0
  std::uint64_t weight_seed = 11;
};

// Reads the "stimulus" section of "chip" (all keys optional); the caller calls finish().
StimulusParams parse_stimulus(ebn::ConfigReader& r);
ebn::Json to_json(const StimulusParams& s);

// OU currents, exact discretisation: y <- mean + (y - mean) a + std sqrt(1 - a^2) z, y0 ~ stationary.
// `pass` selects an independent stream per pass (seed, pass) so passes differ but are reproducible.
TrialInput make_ou_input(int neurons, const StimulusParams& s, int pass);

// Row-major W[n][k] counters ~ round(N(0, std)) clamped to the B-bit range; zero diagonal.
std::vector<int> random_counters(int neurons, int bits, double std_lsb, std::uint64_t seed);

}  // namespace chip
