#include "behavioral/fast_signal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "behavioral/simd_kernels.h"

namespace ebn::behavioral {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
// |H_m| / |H_0| below this: the Gaussian's spectrum has fallen to the FFT's rounding floor (~1e-16)
// and, as it falls monotonically, so do all higher bins: dropped.
constexpr double kNegligible = 1e-14;
constexpr int kStep = 16;  // D: x is computed exactly on every D-th sample, ... (error 3.7e-9 of the
                           // std, below the float32 rounding of the fast trial; D = 8: 6e-11, 1.6x the time)
constexpr int kTaps = 6;   // ... and by Lagrange interpolation through 6 of them in between
constexpr int kMaxBins = 1024;         // wider kernels' spectra: not worth it (the caller smooths z)

// e^{2πi k j / P}, the phase reduced exactly in integers.
std::complex<double> unit(long k, long j, long period) {
  const long r = ((k * j) % period + period) % period;
  return std::polar(1.0, kTwoPi * static_cast<double>(r) / static_cast<double>(period));
}

// E(k) = Σ_{j=a}^{b−1} e^{2πi k j / P} in closed form (geometric sum).
std::complex<double> phase_sum(long k, long a, long b, long period) {
  const long kk = ((k % period) + period) % period;
  if (kk == 0) return static_cast<double>(b - a);
  const std::complex<double> one(1.0, 0.0);
  return unit(kk, a, period) * (one - unit(kk, b - a, period)) / (one - unit(kk, 1, period));
}

// What the draw needs that depends only on the parameters: H_m / P and the factor A of C.
struct Tables {
  int period = 0, bins = 0;
  std::vector<std::complex<double>> kernel_bins;
  Eigen::MatrixXd factor;
};

std::shared_ptr<const Tables> build_tables(int n, int zero_samples, const Eigen::VectorXd& kernel) {
  auto t = std::make_shared<Tables>();
  const int offset = (n - 1) / 2;  // numpy 'same': x_i = Σ_j z_j k_{i − j + offset}
  const long reach = std::max(offset, n - 1 - offset);
  int period = 1;
  while (period < n + reach) period *= 2;
  t->period = period;
  // The kernel on the circle: h[(t − offset) mod P] = k_t; H = DFT(h).
  std::vector<std::complex<double>> h(period, 0.0), spectrum(period);
  for (int j = 0; j < n; ++j) h[((j - offset) % period + period) % period] = kernel[j];
  Eigen::FFT<double> fft;
  fft.fwd(spectrum.data(), h.data(), period);
  int bins = 1;
  while (bins < period / 2 && std::abs(spectrum[bins]) >= kNegligible * std::abs(spectrum[0])) ++bins;
  t->bins = bins;
  if (t->bins > kMaxBins) return t;
  for (int m = 0; m < t->bins; ++m) t->kernel_bins.push_back(spectrum[m] / static_cast<double>(period));
  // Covariance of w = (Re Z_0..M, Im Z_1..M), z white on [zero_samples, n):
  // Σ cos·cos = ½Re[E(p−q) + E(p+q)], Σ sin·sin = ½Re[E(p−q) − E(p+q)],
  // Σ cos_p·sin_q = ½Im[E(p+q) − E(p−q)]; Im Z_m = −Σ z_j sin(θ_m j).
  const int dim = 2 * bins - 1;
  auto e = [&](long k) { return phase_sum(k, zero_samples, n, period); };
  Eigen::MatrixXd c(dim, dim);
  for (int p = 0; p < bins; ++p)
    for (int q = 0; q < bins; ++q) {
      const std::complex<double> minus = e(p - q), plus = e(p + q);
      c(p, q) = 0.5 * (minus.real() + plus.real());
      if (p >= 1 && q >= 1) c(bins + p - 1, bins + q - 1) = 0.5 * (minus.real() - plus.real());
      if (q >= 1) {
        const double cs = -0.5 * (plus.imag() - minus.imag());  // Cov(Re Z_p, Im Z_q)
        c(p, bins + q - 1) = cs;
        c(bins + q - 1, p) = cs;
      }
    }
  // A·Aᵀ = C by pivoted LDLᵀ (C is positive semi-definite: about (2M+1)·(n − a)/P of its directions
  // carry the variance; the rest are rounding-level, clipped at 0).
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(c);
  Eigen::MatrixXd l = ldlt.matrixL();
  const Eigen::VectorXd d = ldlt.vectorD().cwiseMax(0.0).cwiseSqrt();
  l = l * d.asDiagonal();
  t->factor = ldlt.transpositionsP().transpose() * l;
  return t;
}

// One table per parameter set per process (the trainer's and the prefetch worker's generators share it).
std::shared_ptr<const Tables> tables(int n, int zero_samples, const Eigen::VectorXd& kernel, double sigma, double trial) {
  static std::mutex mutex;
  static std::map<std::tuple<int, int, double, double>, std::shared_ptr<const Tables>> cache;
  const auto key = std::make_tuple(n, zero_samples, sigma, trial);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, build_tables(n, zero_samples, kernel)).first;
  return it->second;
}

}  // namespace

FastSignal::FastSignal(const NetworkParams& params, const Eigen::VectorXd& kernel) : n_(params.samples()) {
  const int zero_samples = std::min(n_, static_cast<int>(std::lround(params.input_zero_start_s / params.dt_s)));
  const auto t = tables(n_, zero_samples, kernel, params.smoothing_sigma_ms, params.trial_s);
  period_ = t->period;
  bins_ = t->bins;
  step_ = kStep;
  coarse_ = period_ / step_;
  usable_ = bins_ <= kMaxBins && 2 * bins_ - 1 <= coarse_ && coarse_ >= kTaps;
  if (!usable_) return;
  kernel_bins_ = t->kernel_bins;
  factor_ = t->factor;
  fft_.SetFlag(Eigen::FFT<double>::Unscaled);
  spectrum_.assign(coarse_, 0.0);
  coarse_values_.assign(coarse_, 0.0);
  bins_buffer_.assign(static_cast<std::size_t>(bins_) * params.input_dims, 0.0);
  xi_f_.resize(2 * bins_ - 1);
  padded_.resize((n_ + kStep - 1) / kStep + 6);
  weights_.assign(kTaps * kStep, 0.0);
  for (int r = 0; r < kStep; ++r)  // Lagrange weight of point q − 2 + k at q + r/D
    for (int k = 0; k < kTaps; ++k) {
      double w = 1.0;
      for (int m = 0; m < kTaps; ++m)
        if (m != k) w *= (static_cast<double>(r) / kStep - (m - 2)) / static_cast<double>(k - m);
      weights_[k * kStep + r] = w;
    }
  xi_.resize(2 * bins_ - 1);
}

void FastSignal::synthesise_into(const std::complex<double>* bins_a, const std::complex<double>* bins_b, double* out_a,
                                 double* out_b) const {
  // y on the coarse grid: y_{qD} = Σ_{|m|<=M} Y_m e^{2πi m q / L}, Y_{−m} = conj(Y_m) (x is real);
  // two dimensions in one transform: y_a + i·y_b from the spectrum Y_a + i·Y_b.
  const std::complex<double> i_unit(0.0, 1.0);
  std::fill(spectrum_.begin(), spectrum_.end(), std::complex<double>(0.0));
  for (int m = 0; m < bins_; ++m) {
    const std::complex<double> ya = kernel_bins_[m] * bins_a[m];
    const std::complex<double> yb = bins_b ? kernel_bins_[m] * bins_b[m] : 0.0;
    spectrum_[m] += ya + i_unit * yb;
    if (m > 0) spectrum_[coarse_ - m] += std::conj(ya) + i_unit * std::conj(yb);
  }
  fft_.inv(coarse_values_.data(), spectrum_.data(), coarse_);
  interpolate(0, out_a);
  if (out_b) interpolate(1, out_b);
}

namespace {

// One block of D outputs per coarse point q: out[qD + r] = Σ_k w[k][r]·y[q + k], the taps summed in
// order k = 0..5 from 0.0 for each output (the scalar loop's order), the D outputs side by side in
// vectors of the register width; compiled for SSE2, AVX2 and AVX-512 like simd_kernels.h, the same
// bits on each (-ffp-contract=off). The exact coarse value replaces offset 0.
template <int Bytes>
static inline __attribute__((always_inline)) void interpolate_body(const double* y, const double* w, int points, int n,
                                                                   double* out) {
  typedef double V __attribute__((vector_size(Bytes)));
  constexpr int kLanes = Bytes / 8, kVectors = kStep / kLanes;
  V weight[kTaps][kVectors];
  for (int k = 0; k < kTaps; ++k)
    for (int v = 0; v < kVectors; ++v) __builtin_memcpy(&weight[k][v], w + k * kStep + v * kLanes, Bytes);
  for (int q = 0; q < points; ++q) {
    alignas(64) double block[kStep];
    for (int v = 0; v < kVectors; ++v) {
      V sum = V{} + 0.0;
      for (int k = 0; k < kTaps; ++k) sum += weight[k][v] * y[q + k];
      __builtin_memcpy(block + v * kLanes, &sum, Bytes);
    }
    block[0] = y[q + 2];  // on a coarse point: the exact value
    const int count = std::min(kStep, n - q * kStep);
    double* dst = out + static_cast<long>(q) * kStep;
    if (count == kStep)
      __builtin_memcpy(dst, block, sizeof block);  // a constant size: register moves, not a memmove call per block
    else
      std::copy(block, block + count, dst);
  }
}

void interpolate_scalar(const double* y, const double* w, int points, int n, double* out) {
  interpolate_body<16>(y, w, points, n, out);
}
__attribute__((target("avx2"))) void interpolate_avx2(const double* y, const double* w, int points, int n, double* out) {
  interpolate_body<32>(y, w, points, n, out);
}
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) void interpolate_avx512(const double* y, const double* w,
                                                                                       int points, int n, double* out) {
  interpolate_body<64>(y, w, points, n, out);
}

}  // namespace

void FastSignal::interpolate(int part, double* out) const {
  // Lagrange through the coarse points q−2 .. q+3 (y has period P, so the coarse values wrap
  // around): padded_[q + 2] = y_{qD} for q = −2 .. ⌈n/D⌉ + 3.
  const int points = (n_ + kStep - 1) / kStep;
  for (int q = -2; q <= points + 3; ++q) {
    const std::complex<double> v = coarse_values_[(q + coarse_) % coarse_];
    padded_[q + 2] = part == 0 ? v.real() : v.imag();
  }
  switch (simd::active()) {
    case simd::Level::Avx512: return interpolate_avx512(padded_.data(), weights_.data(), points, n_, out);
    case simd::Level::Avx2: return interpolate_avx2(padded_.data(), weights_.data(), points, n_, out);
    case simd::Level::Scalar: break;
  }
  interpolate_scalar(padded_.data(), weights_.data(), points, n_, out);
}

Eigen::VectorXd FastSignal::synthesise(const std::vector<std::complex<double>>& z_bins) const {
  Eigen::VectorXd x(n_);
  synthesise_into(z_bins.data(), nullptr, x.data(), nullptr);
  return x;
}

void FastSignal::draw(FastNormal& normal, Eigen::MatrixXd& target) const {
  const int dim = 2 * bins_ - 1;
  const auto dims = static_cast<int>(target.cols());
  for (int d = 0; d < dims; ++d) {  // the coefficients of dimension d, drawn in dimension order
    normal.fill(xi_f_.data(), dim);
    for (int i = 0; i < dim; ++i) xi_[i] = xi_f_[i];
    w_.noalias() = factor_ * xi_;
    std::complex<double>* b = bins_buffer_.data() + static_cast<long>(d) * bins_;
    b[0] = w_[0];
    for (int m = 1; m < bins_; ++m) b[m] = {w_[m], w_[bins_ + m - 1]};
  }
  for (int d = 0; d < dims; d += 2) {
    const bool pair = d + 1 < dims;
    synthesise_into(bins_buffer_.data() + static_cast<long>(d) * bins_,
                    pair ? bins_buffer_.data() + static_cast<long>(d + 1) * bins_ : nullptr, target.col(d).data(),
                    pair ? target.col(d + 1).data() : nullptr);
  }
}

}  // namespace ebn::behavioral
