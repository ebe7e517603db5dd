#include "behavioral/input_signal.h"

#include <algorithm>
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
  // Real input: only bins 0 .. 2n/2 are computed and used (the inverse reads no others).
  fft_.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  padded_.assign(fft_size_, 0.0);
  full_.assign(fft_size_, 0.0);
  spectrum_.assign(fft_size_ / 2 + 1, {});
  kernel_spectrum_.assign(fft_size_ / 2 + 1, {});
  std::copy(kernel_.data(), kernel_.data() + n, padded_.begin());
  fft_.fwd(kernel_spectrum_.data(), padded_.data(), fft_size_);
  noise_.resize(n);
  interp_index_.resize(n + 1);
  interp_frac_.resize(n + 1);
  for (int i = 0; i <= n; ++i) {
    const double pos = static_cast<double>(i) * (n - 1) / n;
    interp_index_[i] = static_cast<int>(pos);
    interp_frac_[i] = pos - interp_index_[i];
  }
  interp_shifted_ = n >= 2 && interp_index_[0] == 0 && interp_index_[n] == n - 1;
  for (int i = 1; i < n; ++i) interp_shifted_ = interp_shifted_ && interp_index_[i] == i - 1;
  if (params.fast_mode) {
    fast_ = std::make_unique<FastSignal>(params, kernel_);
    noise_f_.resize(n);
  }
}

SignalGenerator::~SignalGenerator() = default;

void SignalGenerator::smooth_into(const double* z, double* x) const {
  const int n = samples_;
  std::copy(z, z + n, padded_.begin());  // padded_[n..2n) stays 0
  fft_.fwd(spectrum_.data(), padded_.data(), fft_size_);
  for (std::size_t i = 0; i < spectrum_.size(); ++i) spectrum_[i] *= kernel_spectrum_[i];
  fft_.inv(full_.data(), spectrum_.data(), fft_size_);
  // numpy.convolve(z, k, 'same') keeps full[(n-1)/2 ...] (n values).
  const int offset = (n - 1) / 2;
  std::copy(full_.begin() + offset, full_.begin() + offset + n, x);
}

Eigen::VectorXd SignalGenerator::smooth(const Eigen::VectorXd& z) const {
  Eigen::VectorXd x(samples_);
  smooth_into(z.data(), x.data());
  return x;
}

InputSignal SignalGenerator::draw(RunRng& rng) const {
  InputSignal s;
  draw_into(rng, s);
  return s;
}

void SignalGenerator::draw_into(RunRng& rng, InputSignal& s) const {
  const int n = samples_;
  const int dims = params_.input_dims;
  const int zero_samples = static_cast<int>(std::lround(params_.input_zero_start_s / params_.dt_s));
  s.target.resize(n, dims);  // no-op when the sizes match
  s.drive.resize(n + 1, dims);
  if (fast_) {
    FastNormal fast = FastNormal::from(rng);
    if (fast_->usable()) {
      fast_->draw(fast, s.target);
    } else {
      for (int d = 0; d < dims; ++d) {
        fast.fill(noise_f_.data(), n);
        for (int i = 0; i < n; ++i) noise_[i] = noise_f_[i];
        noise_.head(std::min(zero_samples, n)).setZero();
        smooth_into(noise_.data(), s.target.col(d).data());
      }
    }
  } else {
    const auto& normal = standard_normal();
    for (int d = 0; d < dims; ++d) {
      normal.fill(rng, noise_.data(), n);
      noise_.head(std::min(zero_samples, n)).setZero();
      smooth_into(noise_.data(), s.target.col(d).data());
    }
  }
  drive_from_target(s);
}

void SignalGenerator::draw_noise(RunRng& rng, std::vector<double>& z) const {
  const int n = samples_;
  const int dims = params_.input_dims;
  const int zero_samples = static_cast<int>(std::lround(params_.input_zero_start_s / params_.dt_s));
  z.resize(static_cast<std::size_t>(n) * dims);
  const auto& normal = standard_normal();
  for (int d = 0; d < dims; ++d) {  // as draw_into: dimension after dimension
    double* zd = z.data() + static_cast<std::size_t>(d) * n;
    normal.fill(rng, zd, n);
    std::fill(zd, zd + std::min(zero_samples, n), 0.0);
  }
}

void SignalGenerator::finish_into(const std::vector<double>& z, InputSignal& s) const {
  const int n = samples_;
  const int dims = params_.input_dims;
  s.target.resize(n, dims);
  s.drive.resize(n + 1, dims);
  for (int d = 0; d < dims; ++d) smooth_into(z.data() + static_cast<std::size_t>(d) * n, s.target.col(d).data());
  drive_from_target(s);
}

void SignalGenerator::drive_from_target(InputSignal& s) const {
  const int n = samples_;
  const int dims = params_.input_dims;
  // np.interp of c (stamps j·trial/(n-1)) onto i·dt: position i·(n-1)/n in sample units, split
  // into interp_index_/interp_frac_ once (the same expressions as per draw before, so the same values).
  const double amplitude = params_.input_amplitude;
  for (int d = 0; d < dims; ++d) {
    const double* x = s.target.col(d).data();
    double* c = s.drive.col(d).data();
    if (interp_shifted_) {  // the usual table (i·(n−1)/n lies in (i − 1, i)): the same values, contiguous loads
      const double* frac = interp_frac_.data();
      c[0] = amplitude * (x[0] + frac[0] * (x[1] - x[0]));
      for (int i = 1; i < n; ++i) c[i] = amplitude * (x[i - 1] + frac[i] * (x[i] - x[i - 1]));
      c[n] = amplitude * x[n - 1];
      continue;
    }
    for (int i = 0; i <= n; ++i) {
      const int j = interp_index_[i];
      const double xi = j >= n - 1 ? x[n - 1] : x[j] + interp_frac_[i] * (x[j + 1] - x[j]);
      c[i] = params_.input_amplitude * xi;
    }
  }
}

}  // namespace ebn::behavioral
