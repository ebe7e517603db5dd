#include "behavioral/input_signal.h"

#include <unsupported/Eigen/FFT>

#include <cmath>

namespace ebn::behavioral {

SignalGenerator::SignalGenerator(const NetworkParams& params)
    : params_(params), samples_(params.samples()), fft_size_(2 * params.samples()) {
  // [S]: exp(-(u - 500)^2 / (2·30^2)) over u = linspace(1, 1000, 10000), normalised to sum 1.
  // The axis is the trial in "ms" (1..1000 for 1 s), so for other trial lengths it stretches.
  const int n = samples_;
  const double last = 1000.0 * params.trial_s;
  const double centre = last / 2.0;
  const double sigma = params.smoothing_sigma_ms;
  kernel_.resize(n);
  for (int j = 0; j < n; ++j) {
    const double u = 1.0 + (last - 1.0) * j / (n - 1);
    kernel_[j] = std::exp(-(u - centre) * (u - centre) / (2.0 * sigma * sigma));
  }
  kernel_ /= kernel_.sum();
  // Linear convolution through a zero-padded FFT of length 2n >= 2n - 1 (exact up to rounding;
  // a direct convolution would cost n^2 per dimension and dominate a 20-neuron pass).
  std::vector<double> padded(fft_size_, 0.0);
  for (int j = 0; j < n; ++j) padded[j] = kernel_[j];
  Eigen::FFT<double> fft;
  fft.fwd(kernel_spectrum_, padded);
}

Eigen::VectorXd SignalGenerator::smooth(const Eigen::VectorXd& z) const {
  const int n = samples_;
  std::vector<double> padded(fft_size_, 0.0);
  for (int j = 0; j < n; ++j) padded[j] = z[j];
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, padded);
  for (std::size_t i = 0; i < spectrum.size(); ++i) spectrum[i] *= kernel_spectrum_[i];
  std::vector<double> full;
  fft.inv(full, spectrum);
  // numpy.convolve(z, k, 'same') keeps full[(n-1)/2 ...] (n values).
  const int offset = (n - 1) / 2;
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) x[i] = full[offset + i];
  return x;
}

InputSignal SignalGenerator::draw(RunRng& rng) const {
  const int n = samples_;
  const int dims = params_.input_dims;
  const int zero_samples = static_cast<int>(std::lround(params_.input_zero_start_s / params_.dt_s));
  InputSignal s;
  s.target.resize(n, dims);
  s.drive.resize(n + 1, dims);
  const auto& normal = standard_normal();
  Eigen::VectorXd z(n);
  for (int d = 0; d < dims; ++d) {
    normal.fill(rng, z.data(), n);
    z.head(std::min(zero_samples, n)).setZero();
    s.target.col(d) = smooth(z);
  }
  // np.interp of c (stamps j·trial/(n-1)) onto i·dt: position i·(n-1)/n in sample units.
  for (int i = 0; i <= n; ++i) {
    const double pos = static_cast<double>(i) * (n - 1) / n;
    const int j = static_cast<int>(pos);
    const double frac = pos - j;
    for (int d = 0; d < dims; ++d) {
      const double x = j >= n - 1 ? s.target(n - 1, d) : s.target(j, d) + frac * (s.target(j + 1, d) - s.target(j, d));
      s.drive(i, d) = params_.input_amplitude * x;
    }
  }
  return s;
}

}  // namespace ebn::behavioral
