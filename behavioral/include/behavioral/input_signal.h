#pragma once
// Input signal of one trial (spec §1.6): per dimension z ~ N(0,1) (samples values), z = 0 for the
// first input_zero_start_s, smoothed with a normalised Gaussian kernel ('same' convolution, as
// numpy.convolve), target x on t = linspace(0, trial, samples), drive c = A·x resampled
// linearly onto the simulation grid 0, dt, ..., trial (samples + 1 points).
#include <Eigen/Dense>
#include <unsupported/Eigen/FFT>

#include <complex>
#include <memory>
#include <vector>

#include "behavioral/params.h"
#include "behavioral/fast_signal.h"
#include "behavioral/random.h"

namespace ebn::behavioral {

struct InputSignal {
  Eigen::MatrixXd target;  // samples × N_x (x, un-integrated; what the decoder must reproduce)
  Eigen::MatrixXd drive;   // (samples + 1) × N_x (c = A·x on the simulation grid)
  int samples() const { return static_cast<int>(target.rows()); }
};

// One generator per thread: the FFT plan and the work buffers are kept between draws (a fresh
// plan and freshly zeroed 20 000-point buffers per pass were half of a 20-neuron run), so draw()
// and smooth() write into members and must not be called concurrently on one generator.
class SignalGenerator {
 public:
  explicit SignalGenerator(const NetworkParams& params);
  ~SignalGenerator();
  // Draw order: all samples of dimension 0, then dimension 1, ... (standard normal, RunRng).
  // network.fast_mode: one draw of `rng` seeds a FastNormal, and the signal comes from FastSignal
  // (fast_signal.h; the same process, other values), or, for a kernel too narrow for it, from z
  // drawn by that FastNormal and smoothed as here.
  InputSignal draw(RunRng& rng) const;
  // The same draw into `out`, reusing its storage when the sizes already match.
  void draw_into(RunRng& rng, InputSignal& out) const;
  // Default mode in two steps, so that the draws and the smoothing may run on different threads
  // (training_prefetch.h): draw_noise makes exactly the draws of draw_into (z of every dimension
  // with its zeroed start, dimension after dimension: input_dims × samples values), finish_into
  // the rest (smoothing, drive). Together they give draw_into's values.
  void draw_noise(RunRng& rng, std::vector<double>& z) const;
  void finish_into(const std::vector<double>& z, InputSignal& out) const;
  // The smoothing step alone ('same'-mode convolution with the kernel), exposed for tests.
  Eigen::VectorXd smooth(const Eigen::VectorXd& z) const;
  const Eigen::VectorXd& kernel() const { return kernel_; }

 private:
  // The drive c = A·x from the target (both sized).
  void drive_from_target(InputSignal& s) const;
  // z (samples_ values) -> x into `x` (samples_ values), through the reused buffers.
  void smooth_into(const double* z, double* x) const;
  NetworkParams params_;
  int samples_;
  int fft_size_;
  Eigen::VectorXd kernel_;
  std::vector<std::complex<double>> kernel_spectrum_;  // bins 0 .. fft_size_/2 (real input)
  // Reused between draws (see the class comment). The padded input's tail stays zero.
  mutable Eigen::FFT<double> fft_;
  mutable std::vector<double> padded_, full_;
  mutable std::vector<std::complex<double>> spectrum_;
  mutable Eigen::VectorXd noise_;
  std::vector<int> interp_index_;     // drive sample i lies between target samples j and j + 1 ...
  std::vector<double> interp_frac_;   // ... at this fraction (samples + 1 entries)
  bool interp_shifted_ = false;       // j = i − 1 for 0 < i < samples (so the loop needs no gather)
  std::unique_ptr<FastSignal> fast_;  // fast mode only
  mutable std::vector<float> noise_f_;
};

}  // namespace ebn::behavioral
