#include "chip/stimulus.h"

#include <cmath>
#include <limits>

#include "chip/weight_dac.h"
#include "ebn/hw_encoding.h"

namespace chip {

StimulusParams parse_stimulus(ebn::ConfigReader& r) {
  StimulusParams s;
  s.duration_s = r.number("duration_s", s.duration_s, 0.0, 3600.0, true);
  s.grid_dt_s = r.number("grid_dt_s", s.grid_dt_s, 1e-7, 1.0);
  s.mean_A = r.number("mean_A", s.mean_A, -1.0, 1.0);
  s.std_A = r.number("std_A", s.std_A, 0.0, 1.0);
  s.tau_s = r.number("tau_s", s.tau_s, 0.0, 100.0, true);
  s.seed = static_cast<std::uint64_t>(r.integer("seed", 7, 0, std::numeric_limits<long>::max()));
  s.initial_weight_std_lsb = r.number("initial_weight_std_lsb", s.initial_weight_std_lsb, 0.0, 1e5);
  s.weight_seed = static_cast<std::uint64_t>(r.integer("weight_seed", 11, 0, std::numeric_limits<long>::max()));
  return s;
}

ebn::Json to_json(const StimulusParams& s) {
  ebn::Json j;
  j["duration_s"] = s.duration_s;
  j["grid_dt_s"] = s.grid_dt_s;
  j["mean_A"] = s.mean_A;
  j["std_A"] = s.std_A;
  j["tau_s"] = s.tau_s;
  j["seed"] = s.seed;
  j["initial_weight_std_lsb"] = s.initial_weight_std_lsb;
  j["weight_seed"] = s.weight_seed;
  return j;
}

TrialInput make_ou_input(int neurons, const StimulusParams& s, int pass) {
  TrialInput in;
  in.duration_s = s.duration_s;
  in.input_dt_s = s.grid_dt_s;
  const long rows = static_cast<long>(std::ceil(s.duration_s / s.grid_dt_s * (1.0 - 1e-12)));
  // One stream per pass: the seed is mixed with the pass index (splitmix-style constant).
  const std::uint64_t seed = s.seed ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(pass + 1));
  const std::vector<double> z = portable_normals(seed, static_cast<std::size_t>(rows) * neurons);
  const double a = std::exp(-s.grid_dt_s / s.tau_s);
  const double b = std::sqrt(1.0 - a * a);
  in.input_A.resize(z.size());
  for (int n = 0; n < neurons; ++n) {
    double y = s.mean_A + s.std_A * z[static_cast<std::size_t>(n)];
    for (long j = 0; j < rows; ++j) {
      const std::size_t i = static_cast<std::size_t>(j) * neurons + n;
      if (j > 0) y = s.mean_A + (y - s.mean_A) * a + s.std_A * b * z[i];
      in.input_A[i] = y;
    }
  }
  return in;
}

std::vector<int> random_counters(int neurons, int bits, double std_lsb, std::uint64_t seed) {
  const auto size = static_cast<std::size_t>(neurons) * neurons;
  const std::vector<double> z = portable_normals(seed, size);
  std::vector<int> w(size, 0);
  for (int n = 0; n < neurons; ++n)
    for (int k = 0; k < neurons; ++k) {
      if (n == k) continue;
      const std::size_t i = static_cast<std::size_t>(n) * neurons + k;
      const long v = std::lround(std_lsb * z[i]);
      w[i] = static_cast<int>(std::min<long>(std::max<long>(v, ebn::hw::counter_min(bits)), ebn::hw::counter_max(bits)));
    }
  return w;
}

}  // namespace chip
