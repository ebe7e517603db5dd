#include "spice/network_input.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace spice {

std::vector<InputPulse> make_network_input(int inputs, double last_start_s, const NetworkInputParams& p) {
  const auto steps = static_cast<std::size_t>(std::ceil(last_start_s / p.grid_s)) + 1;
  std::mt19937_64 rng(p.seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  auto gauss = [&] { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform()); };
  const double sigma = p.smoothing_s / p.grid_s;
  const int half = static_cast<int>(std::ceil(4 * sigma));
  std::vector<double> kernel(static_cast<std::size_t>(2 * half + 1));
  for (int i = -half; i <= half; ++i) kernel[static_cast<std::size_t>(i + half)] = std::exp(-0.5 * i * i / (sigma * sigma));
  std::vector<InputPulse> out;
  for (int j = 0; j < inputs; ++j) {
    // Noise over the window plus the kernel's reach on both sides ('same' convolution without taper).
    std::vector<double> z(steps + 2 * static_cast<std::size_t>(half));
    for (double& v : z) v = gauss();
    std::vector<double> x(steps, 0.0);
    for (std::size_t t = 0; t < steps; ++t)
      for (std::size_t i = 0; i < kernel.size(); ++i) x[t] += kernel[i] * z[t + i];
    double mean = 0, var = 0;
    for (double v : x) mean += v;
    mean /= static_cast<double>(steps);
    for (double v : x) var += (v - mean) * (v - mean);
    const double sd = std::sqrt(var / static_cast<double>(steps));
    double phase = static_cast<double>(j) / inputs, last = -1.0;
    for (std::size_t t = 0; t < steps; ++t) {
      const double time = static_cast<double>(t) * p.grid_s;
      const double xn = sd > 0 ? (x[t] - mean) / sd : 0.0;
      phase = std::min(1.0, phase + std::max(0.0, p.rate_mean_hz * (1.0 + p.rate_depth * xn)) * p.grid_s);
      if (phase >= 1.0 && time >= p.first_s && time <= last_start_s && (last < 0 || time - last >= p.min_interval_s - 1e-12)) {
        out.push_back({time, j});
        last = time;
        phase -= 1.0;
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const InputPulse& a, const InputPulse& b) { return a.t_s < b.t_s; });
  return out;
}

}  // namespace spice
