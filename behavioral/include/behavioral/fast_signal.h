#pragma once
// The fast mode's input signal (network.fast_mode; docs/behavioral.md "Fast mode (opt-in)"): the
// same random process as input_signal.h -- x = z ∗ k ('same' convolution, z white on the samples
// after input_zero_start_s, 0 before) -- drawn from its few non-zero Fourier coefficients instead
// of 10 000 values of z and two 20 000-point FFTs per dimension.
//
// Why it is the same process: with P = a power of two >= n + the kernel's reach, the circular
// convolution of length P equals the linear one on the n outputs, so x_i = (1/P) Σ_m H_m Z_m e^{2πi
// m i/P} with H = DFT(kernel), Z = DFT(z). The Gaussian kernel's H_m falls below 1e-14·H_0 (the FFT's rounding floor) after a
// few dozen bins (M + 1 = 70 for the default σ of 300 samples), so only Z_0..Z_M matter, and these
// are jointly Gaussian with a covariance C known in closed form (sums of cos/sin over the support
// of z). The generator draws (Re Z_0..M, Im Z_1..M) = A·ξ, ξ ~ N(0, I) from FastNormal, A·Aᵀ = C
// (eigen-decomposition, computed once), then evaluates x on every D-th sample by one inverse FFT of
// length P/D (D = 8) and in between by 6-point Lagrange interpolation (error < 1e-9 of the signal's std, test
// FastSignal.SynthesisEqualsTheConvolution). The dimensions are drawn one after the other from one
// FastNormal seeded by one draw of the experiment stream.
//
// One generator per thread (FFT plan and buffers are reused), like SignalGenerator.
#include <Eigen/Dense>
#include <unsupported/Eigen/FFT>

#include <complex>
#include <vector>

#include "behavioral/fast_normal.h"
#include "behavioral/params.h"

namespace ebn::behavioral {

class FastSignal {
 public:
  // `kernel`: the normalised smoothing kernel of SignalGenerator (n values).
  FastSignal(const NetworkParams& params, const Eigen::VectorXd& kernel);
  // Whether the kernel is narrow-band enough for this construction (else the caller smooths z).
  bool usable() const { return usable_; }
  // target (n × dims): x of each dimension, drawn from `normal`.
  void draw(FastNormal& normal, Eigen::MatrixXd& target) const;
  // The synthesis alone, for the test: x from the one-sided coefficients Z_0..Z_M of z (length n).
  Eigen::VectorXd synthesise(const std::vector<std::complex<double>>& z_bins) const;
  int bins() const { return bins_; }  // M + 1

 private:
  // x of one or two dimensions (n values each) from their Z_0..Z_M (b: null = none), one transform.
  void synthesise_into(const std::complex<double>* bins_a, const std::complex<double>* bins_b, double* out_a,
                       double* out_b) const;
  // out[i] from the coarse values (part 0: real = first dimension, 1: imaginary = second).
  void interpolate(int part, double* out) const;
  int n_ = 0, period_ = 0, coarse_ = 0, step_ = 0;  // n, P, L = P/D, D
  int bins_ = 0;
  bool usable_ = false;
  std::vector<std::complex<double>> kernel_bins_;  // H_m / P, m = 0..M
  Eigen::MatrixXd factor_;                         // A (2M+1 × 2M+1)
  mutable Eigen::FFT<double> fft_;
  mutable std::vector<std::complex<double>> spectrum_, coarse_values_, bins_buffer_;
  mutable std::vector<float> xi_f_;
  mutable std::vector<double> padded_;  // one part of the coarse values, wrapped at both ends
  std::vector<double> weights_;         // Lagrange weights [tap k][offset r]
  mutable Eigen::VectorXd xi_, w_;
};

}  // namespace ebn::behavioral
