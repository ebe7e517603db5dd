#include "behavioral/readout.h"

#include <algorithm>
#include <cmath>

#include "behavioral/fast_normal.h"
#include "behavioral/predrawn_noise.h"

namespace ebn::behavioral {

Eigen::MatrixXd readout(const std::vector<Spike>& spikes, const Eigen::MatrixXd& encoder, const NetworkParams& params,
                        RunRng& rng, const PredrawnNoise* predrawn) {
  const int n = params.samples();
  const int dims = static_cast<int>(encoder.rows());
  // Per-bin input F·o[j] (row-major over time so one bin is contiguous).
  Eigen::MatrixXd in = Eigen::MatrixXd::Zero(dims, n + 1);
  for (const Spike& s : spikes) {
    const long bin = std::clamp<long>(static_cast<long>(std::floor(s.time_s / params.dt_s)), 0, n);
    in.col(bin) += encoder.col(s.neuron);
  }
  const double noise = params.noise_std * std::sqrt(2.0 * params.dt_s / params.tau_syn_readout_s);
  const auto& normal = standard_normal();
  const long count = static_cast<long>(n - 1) * dims;
  std::vector<double> eta(static_cast<std::size_t>(count));
  if (!params.fast_mode && predrawn && predrawn->rows() == 1 && predrawn->usable(rng, static_cast<int>(count))) {
    predrawn->row_into(0, eta.data());  // drawn ahead (two-core validation, training_prefetch.h)
    rng = predrawn->end();
  } else if (params.fast_mode) {  // one draw of the stream seeds the fast generator (fast_normal.h)
    std::vector<float> z(eta.size());
    FastNormal::from(rng).fill(z.data(), static_cast<long>(z.size()));
    std::copy(z.begin(), z.end(), eta.begin());
  } else {
    normal.fill(rng, eta.data(), static_cast<long>(eta.size()));
  }
  for (int j = 1; j < n; ++j)
    for (int d = 0; d < dims; ++d) in(d, j) += noise * eta[static_cast<std::size_t>(j - 1) * dims + d];
  const double decay = std::exp(-params.dt_s / params.tau_syn_readout_s);
  Eigen::MatrixXd out(n, dims);
  std::vector<double> x(dims, 0.0);
  for (int i = 0; i < n; ++i)
    for (int d = 0; d < dims; ++d) {
      out(i, d) = x[d];
      x[d] = decay * x[d] + in(d, i);
    }
  return out;
}

}  // namespace ebn::behavioral
