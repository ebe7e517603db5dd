// The opt-in fast mode (network.fast_mode, docs/behavioral.md "Fast mode (opt-in)"): its results
// differ from the default run by construction, so these tests pin what it must keep instead:
//  * FastNormal: N(0,1) moments, tails, no lag or cross-neuron correlation; the same values on every
//    SIMD variant and however the stream is cut into fills; seeds reproduce.
//  * FastSignal: the synthesis from Fourier bins equals the FFT convolution of the default path;
//    the drawn signals have the spec's variance profile (zeroed start, tapered ends) and lag
//    correlation, and independent dimensions.
//  * A fast experiment reproduces bit for bit (parallel = sequential, every SIMD variant) and learns
//    like the default one (distance, correlation with W*, rates over several seeds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "behavioral/ebn_network.h"
#include "behavioral/fast_normal.h"
#include "behavioral/fast_signal.h"
#include "behavioral/input_signal.h"
#include "behavioral/simd_kernels.h"
#include "behavioral/trainer.h"
#include "ebn/errors.h"

namespace ebn::behavioral {
namespace {

std::vector<float> draw(std::uint64_t seed, long count) {
  FastNormal g(seed);
  std::vector<float> v(count);
  g.fill(v.data(), count);
  return v;
}

TEST(FastNormal, MomentsAndTailsAreThoseOfN01) {
  const long count = 1 << 22;
  const std::vector<float> v = draw(11, count);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, beyond2 = 0, beyond3 = 0, beyond4 = 0, max_abs = 0;
  for (float f : v) {
    const double x = f;
    m1 += x, m2 += x * x, m3 += x * x * x, m4 += x * x * x * x;
    beyond2 += std::fabs(x) > 2, beyond3 += std::fabs(x) > 3, beyond4 += std::fabs(x) > 4;
    max_abs = std::max(max_abs, std::fabs(x));
  }
  const double n = count;
  m1 /= n, m2 /= n, m3 /= n, m4 /= n;
  std::printf("mean %.2e var %.5f skew %.2e kurtosis %.4f P(>2) %.5f P(>3) %.6f P(>4) %.2e max %.3f\n", m1, m2, m3,
              m4 / (m2 * m2), beyond2 / n, beyond3 / n, beyond4 / n, max_abs);
  // Bounds: 5 standard errors of each estimate for N(0,1) samples (SE: 1/√n, √(2/n), √(15/n), √(96/n)).
  EXPECT_NEAR(m1, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(m2, 1.0, 5 * std::sqrt(2 / n));
  EXPECT_NEAR(m3, 0.0, 5 * std::sqrt(15 / n));
  EXPECT_NEAR(m4, 3.0, 5 * std::sqrt(96 / n));
  // Two-sided tail probabilities of N(0,1), binomial standard errors.
  for (auto [got, p] : {std::pair{beyond2 / n, 0.0455003}, {beyond3 / n, 0.0026998}, {beyond4 / n, 6.3342e-5}})
    EXPECT_NEAR(got, p, 5 * std::sqrt(p * (1 - p) / n)) << p;
  EXPECT_LE(max_abs, 5.78);  // the documented cap: u1 >= 2^-24
  EXPECT_GT(max_abs, 4.5);   // but the far tail is there (P(|z| > 4.5) = 6.8e-6: ~28 expected)
}

TEST(FastNormal, NoLagCorrelationAndIndependentNeurons) {
  const int neurons = 20;
  const long rows = 100000;
  const std::vector<float> v = draw(12, rows * neurons);  // row r = the values of one step
  const double bound = 5 / std::sqrt(static_cast<double>(rows));
  // Lags within a row and across rows, including those where the generator's block structure
  // (32 values per step of the 8 streams, 16 per half) could show.
  for (long lag : {1L, 2L, 7L, 8L, 16L, 31L, 32L, 64L, 20L, 40L}) {
    double s = 0, q = 0;
    for (long i = 0; i + lag < static_cast<long>(v.size()); ++i) s += double(v[i]) * v[i + lag], q += double(v[i]) * v[i];
    EXPECT_NEAR(s / q, 0.0, 5 / std::sqrt(static_cast<double>(v.size()))) << "lag " << lag;
  }
  double worst = 0;
  for (int a = 0; a < neurons; ++a)
    for (int b = a + 1; b < neurons; ++b) {
      double sab = 0, saa = 0, sbb = 0;
      for (long r = 0; r < rows; ++r) {
        const double x = v[r * neurons + a], y = v[r * neurons + b];
        sab += x * y, saa += x * x, sbb += y * y;
      }
      worst = std::max(worst, std::fabs(sab / std::sqrt(saa * sbb)));
    }
  std::printf("largest correlation between two neurons' noise: %.4f (bound %.4f)\n", worst, bound);
  EXPECT_LT(worst, bound);
}

TEST(FastNormal, EverySimdVariantAndEveryCutOfTheStreamGivesTheSameValues) {
  const std::vector<float> whole = draw(13, 5000);
  for (int level = 0; level <= static_cast<int>(simd::detected()); ++level) {
    simd::set_active(static_cast<simd::Level>(level));
    FastNormal g(13);
    std::vector<float> pieces(whole.size());
    long at = 0;
    for (long len : {1L, 7L, 31L, 32L, 33L, 100L, 1000L}) {  // partial blocks on both sides
      g.fill(pieces.data() + at, len);
      at += len;
    }
    g.fill(pieces.data() + at, static_cast<long>(whole.size()) - at);
    EXPECT_EQ(pieces, whole) << simd::name(static_cast<simd::Level>(level));
  }
  simd::set_active(simd::detected());
  EXPECT_NE(draw(14, 64), draw(13, 64));
  RunRng a(3), b(3);  // one draw of the experiment stream per consumer
  FastNormal::from(a);
  b();
  EXPECT_TRUE(a == b);
}

// The bins of z from a full FFT, fed to the synthesis, give the default path's convolution.
TEST(FastSignal, SynthesisEqualsTheConvolution) {
  NetworkParams p;
  p.fast_mode = true;
  const SignalGenerator exact(p);
  const FastSignal fast(p, exact.kernel());
  ASSERT_TRUE(fast.usable());
  std::printf("bins kept: %d\n", fast.bins());
  EXPECT_LT(fast.bins(), 120);  // the Gaussian kernel's spectrum is negligible beyond a few dozen bins
  const int n = p.samples();
  int period = 1;
  while (period < n + n / 2 + 1) period *= 2;
  RunRng rng(4);
  Eigen::VectorXd z(n);
  standard_normal().fill(rng, z.data(), n);
  z.head(100).setZero();
  std::vector<std::complex<double>> padded(period, 0.0), spectrum(period);
  for (int j = 0; j < n; ++j) padded[j] = z[j];
  Eigen::FFT<double> fft;
  fft.fwd(spectrum.data(), padded.data(), period);
  spectrum.resize(fast.bins());
  const Eigen::VectorXd got = fast.synthesise(spectrum), expected = exact.smooth(z);
  const double scale = std::sqrt(exact.kernel().squaredNorm());  // std of x
  const double err = (got - expected).cwiseAbs().maxCoeff() / scale;
  std::printf("largest difference to the FFT convolution: %.2e of the signal's std\n", err);
  // Below the float32 rounding the fast trial applies to the drive (2^-24 of its value, and the
  // drive's typical size is this std): session 8's coarser grid (every 16th sample) measures 3.7e-9.
  EXPECT_LT(err, 0x1p-24);
}

// Var x_i = Σ_{j >= zero start} k²_{i − j + offset}: small at the zeroed start, full inside, tapered
// at the end; corr(x_i, x_{i+L}) = exp(−L²/4σ²) inside; the two dimensions independent.
TEST(FastSignal, DrawsHaveTheSpecsVarianceProfileAndCorrelation) {
  NetworkParams p;
  p.fast_mode = true;
  const SignalGenerator gen(p);
  const Eigen::VectorXd& k = gen.kernel();
  const int n = p.samples(), offset = (n - 1) / 2, zero = 100;
  auto variance_at = [&](int i) {
    double v = 0;
    for (int j = zero; j < n; ++j) {
      const int t = i - j + offset;
      if (t >= 0 && t < n) v += k[t] * k[t];
    }
    return v;
  };
  const std::vector<int> at = {0, 60, 300, 2000, 5000, 9000, 9999};
  std::vector<double> sum_sq(at.size(), 0.0);
  double lag_sum = 0, lag_sq = 0, cross = 0, sq0 = 0, sq1 = 0;
  const int draws = 500, lag = 300;
  RunRng rng(8);
  InputSignal s;
  for (int draw = 0; draw < draws; ++draw) {
    gen.draw_into(rng, s);
    for (int d = 0; d < 2; ++d)
      for (std::size_t a = 0; a < at.size(); ++a) sum_sq[a] += s.target(at[a], d) * s.target(at[a], d);
    for (int i = 2000; i < 7700; i += 50) {
      for (int d = 0; d < 2; ++d) lag_sum += s.target(i, d) * s.target(i + lag, d), lag_sq += s.target(i, d) * s.target(i, d);
      cross += s.target(i, 0) * s.target(i, 1), sq0 += s.target(i, 0) * s.target(i, 0), sq1 += s.target(i, 1) * s.target(i, 1);
    }
    EXPECT_EQ(s.drive(0, 0), p.input_amplitude * s.target(0, 0));
  }
  for (std::size_t a = 0; a < at.size(); ++a) {
    const double got = sum_sq[a] / (2 * draws), expected = variance_at(at[a]);
    std::printf("sample %d: variance %.4g, spec %.4g\n", at[a], got, expected);
    // 1000 squared normals: relative SE √(2/1000) = 0.045; 4.5 SE.
    EXPECT_NEAR(got / expected, 1.0, 0.2) << at[a];
  }
  const double corr = lag_sum / lag_sq, expected_corr = std::exp(-lag * lag / (4 * 300.3 * 300.3));
  std::printf("lag-%d correlation %.3f (expected %.3f), between dimensions %.3f\n", lag, corr, expected_corr,
              cross / std::sqrt(sq0 * sq1));
  EXPECT_NEAR(corr, expected_corr, 0.05);
  EXPECT_NEAR(cross / std::sqrt(sq0 * sq1), 0.0, 0.05);
}

// The fast mode's back-step x′ + (x − x′)·(δ/dt) is the default's x′ + (x − x′)/dt·δ up to rounding
// (each differs from the exact value by a few units in the last place of |x − x′| + |x′|), on
// every SIMD level.
TEST(FastMode, RatioBackStepIsTheDivisionFormUpToRounding) {
  const int n = 37;
  RunRng rng(11);
  std::vector<double> v(n), cur(n), vp(n), ip(n);
  for (auto* x : {&v, &cur, &vp, &ip})
    for (double& e : *x) e = 3.0 * standard_normal()(rng);
  const double dt = 1e-4;
  for (double delta : {1e-5, 0.37e-4, 0.999e-4})
    for (int level = 0; level <= static_cast<int>(simd::detected()); ++level) {
      simd::set_active(static_cast<simd::Level>(level));
      std::vector<double> v1 = v, c1 = cur, v2 = v, c2 = cur;
      simd::interpolate(n, v1.data(), c1.data(), vp.data(), ip.data(), dt, delta);
      simd::interpolate_ratio(n, v2.data(), c2.data(), vp.data(), ip.data(), dt, delta);
      const double eps = std::numeric_limits<double>::epsilon();
      for (int i = 0; i < n; ++i) {
        EXPECT_NEAR(v2[i], v1[i], 4 * eps * (std::abs(v[i] - vp[i]) + std::abs(vp[i]))) << i;
        EXPECT_NEAR(c2[i], c1[i], 4 * eps * (std::abs(cur[i] - ip[i]) + std::abs(ip[i]))) << i;
      }
    }
  simd::set_active(simd::detected());
}

// The fused kernel of a new grid row computes what noise_and_drive + euler_step compute, on every
// SIMD variant, with and without a kick, for sizes with and without vector tails.
// The fused spike iteration equals interpolate_ratio, reset, [noise + drive,] euler_step and
// earliest_crossing called one after the other, on every SIMD level; sizes cover each chunk width
// and tail, states with none / some / most neurons above threshold after the step, and a tie.
TEST(FastMode, SpikeStepEqualsBackStepEulerAndScan) {
  for (int n : {20, 37, 8, 3, 1000}) {
    for (double above_bias : {-50.0, 0.0, 3.0}) {
      RunRng rng(n * 7 + static_cast<int>(above_bias));
      auto fill = [&](std::vector<double>& x, double scale, double shift = 0.0) {
        for (double& e : x) e = shift + scale * standard_normal()(rng);
      };
      std::vector<double> v(n), cur(n), vp(n), ip(n), rest(n), thr(n), kick(n), f(2 * n), ext(n);
      std::vector<float> z(n);
      fill(v, 1.0, above_bias), fill(cur, 3.0), fill(vp, 1.0), fill(ip, 3.0), fill(rest, 0.3), fill(thr, 1.0, 1.0);
      fill(kick, 2.0), fill(f, 0.05), fill(ext, 0.5);
      for (float& e : z) e = static_cast<float>(standard_normal()(rng));
      if (n >= 20) {  // neurons 5 and 17 identical: the same crossing time, the lower index must win
        v[17] = v[5], cur[17] = cur[5], vp[17] = vp[5], ip[17] = ip[5], rest[17] = rest[5], thr[17] = thr[5];
        kick[17] = kick[5], f[17] = f[5], f[n + 17] = f[n + 5], ext[17] = ext[5], z[17] = z[5];
      }
      const double c[2] = {12.5, -7.25};
      const int k = n / 2;
      const double dt = 1e-4, delta = 0.37e-4, reset = std::min(-0.8, above_bias), a = 0.05, decay = 0.9, sigma = 0.014;
      for (int level = 0; level <= static_cast<int>(simd::detected()); ++level)
        for (bool new_row : {false, true}) {
          simd::set_active(static_cast<simd::Level>(level));
          std::vector<double> v1 = v, c1 = cur, vp1 = vp, ip1 = ip, e1 = ext;
          std::vector<double> v2 = v, c2 = cur, vp2 = vp, ip2 = ip, e2 = ext;
          simd::interpolate_ratio(n, v1.data(), c1.data(), vp1.data(), ip1.data(), dt, delta);
          v1[k] = reset;
          if (new_row) simd::noise_and_drive(n, e1.data(), z.data(), sigma, f.data(), c, 2);
          const bool a1 = simd::euler_step(n, v1.data(), c1.data(), vp1.data(), ip1.data(), kick.data(), rest.data(),
                                           e1.data(), thr.data(), a, decay);
          double best1 = 0.0;
          const int k1 = simd::earliest_crossing(n, v1.data(), vp1.data(), thr.data(), dt, &best1);
          int k2 = -2;
          double best2 = 0.0;
          const bool a2 = simd::spike_step(n, k, reset, dt, delta, v2.data(), c2.data(), vp2.data(), ip2.data(),
                                           kick.data(), rest.data(), e2.data(), new_row ? z.data() : nullptr, sigma,
                                           f.data(), c, 2, thr.data(), a, decay, &k2, &best2);
          const std::string where = std::to_string(n) + " " + std::to_string(above_bias) + " level " +
                                    std::to_string(level) + " new row " + std::to_string(new_row);
          EXPECT_EQ(a1, a2) << where;
          EXPECT_EQ(k1, k2) << where;
          if (k1 >= 0) {
            EXPECT_EQ(best1, best2) << where;
          }
          EXPECT_EQ(v1, v2) << where;
          EXPECT_EQ(c1, c2) << where;
          EXPECT_EQ(vp1, vp2) << where;
          EXPECT_EQ(ip1, ip2) << where;
          EXPECT_EQ(e1, e2) << where;
          if (above_bias > 0 && n >= 20) {  // the cases exercise the scan
            EXPECT_GE(k1, 0) << where;
          }
          if (above_bias < 0) {
            EXPECT_EQ(k1, -1) << where;
          }
        }
      simd::set_active(simd::detected());
    }
  }
}

// The quiet-step loop equals run_trial's iterations one at a time (euler_step_new_row with no kick,
// then t_prev = t, t += dt) on every SIMD level, for each way it stops: a neuron above threshold,
// the end of the noise chunk, the end of the trial.
TEST(FastMode, QuietStepsEqualTheIterationsOneAtATime) {
  for (int n : {20, 37, 3, 8, 16, 32, 33}) {  // every register count on every level, and memory
    for (int stop = 0; stop < 3; ++stop) {
      RunRng rng(n * 3 + stop);
      auto fill = [&](std::vector<double>& x, double scale, double shift = 0.0) {
        for (double& e : x) e = shift + scale * standard_normal()(rng);
      };
      const long rows = 300, first = 100, last_grid = 1000;
      const double dt = 1e-4;
      std::vector<double> v(n), cur(n), rest(n), thr(n), f(2 * n), d0(last_grid + 1), d1(last_grid + 1);
      std::vector<float> z(rows * n + simd::kQuietRowPad);
      fill(v, 0.1), fill(cur, 3.0), fill(rest, 0.1), fill(thr, 0.1, stop == 0 ? 0.5 : 50.0), fill(f, 0.05);
      fill(d0, 20.0), fill(d1, 20.0);
      for (float& e : z) e = static_cast<float>(standard_normal()(rng));
      if (stop > 0) {  // NaN thresholds of either sign never count as "above" (V − T > 0 is false)
        thr[1] = std::numeric_limits<double>::quiet_NaN();
        thr[2] = -std::numeric_limits<double>::quiet_NaN();
      }
      const double t0 = 120.37 * dt;  // off the grid, as after a spike; row 119 was the last, 120 is next
      const double t_end = stop == 2 ? 250.5 * dt : 2000 * dt;
      for (int level = 0; level <= static_cast<int>(simd::detected()); ++level) {
        simd::set_active(static_cast<simd::Level>(level));
        std::vector<double> v1 = v, c1 = cur, vp1(n), ip1(n), e1(n), v2 = v, c2 = cur, vp2(n), ip2(n), e2(n);
        double t = t0, t_prev = 0.0;
        long row = 119, steps1 = 0;
        bool above1 = false;
        while (t < t_end) {
          const long idx = std::min(static_cast<long>(t / dt), last_grid);
          if (idx != row + 1 || idx >= first + rows) break;
          row = idx;
          const double c[2] = {d0[row], d1[row]};
          above1 = simd::euler_step_new_row(n, v1.data(), c1.data(), vp1.data(), ip1.data(), nullptr, rest.data(),
                                            e1.data(), z.data() + (row - first) * n, 0.014, f.data(), c, 2,
                                            thr.data(), 0.05, 0.9);
          ++steps1;
          t_prev = t;
          t += dt;
          if (above1) break;
        }
        simd::QuietSteps q{n, v2.data(), c2.data(), vp2.data(), ip2.data(), e2.data(), rest.data(), thr.data(),
                           f.data(), 0.014, 0.05, 0.9, z.data(), first, first + rows, d0.data(), d1.data(), dt,
                           t_end, last_grid, t0, 0.0, 119, false};
        const long steps2 = simd::quiet_steps(q);
        const std::string where = std::to_string(n) + " stop " + std::to_string(stop) + " level " + std::to_string(level);
        EXPECT_EQ(steps1, steps2) << where;
        EXPECT_GT(steps1, 0) << where;
        EXPECT_EQ(above1, q.above) << where;
        EXPECT_EQ(stop == 0, above1) << where;                      // stops on a spike only when asked to
        if (stop == 1) {
          EXPECT_EQ(row, first + rows - 1) << where;  // the chunk's last row
        }
        if (stop == 2) {
          EXPECT_GE(t, t_end) << where;
        }
        EXPECT_EQ(t, q.t) << where;
        EXPECT_EQ(t_prev, q.t_prev) << where;
        EXPECT_EQ(row, q.row) << where;
        EXPECT_EQ(v1, v2) << where;
        EXPECT_EQ(c1, c2) << where;
        EXPECT_EQ(vp1, vp2) << where;
        EXPECT_EQ(ip1, ip2) << where;
        EXPECT_EQ(e1, e2) << where;
      }
      simd::set_active(simd::detected());
    }
  }
}

TEST(FastMode, NewRowKernelEqualsNoiseThenEuler) {
  for (int n : {20, 37, 8}) {
    RunRng rng(n);
    auto fill = [&](std::vector<double>& x, double scale) {
      for (double& e : x) e = scale * standard_normal()(rng);
    };
    std::vector<double> v(n), cur(n), rest(n), thr(n), kick(n), f(2 * n);
    std::vector<float> z(n);
    fill(v, 1.0), fill(cur, 3.0), fill(rest, 0.3), fill(thr, 1.0), fill(kick, 2.0), fill(f, 0.05);
    for (float& e : z) e = static_cast<float>(standard_normal()(rng));
    const double c[2] = {12.5, -7.25};
    for (int level = 0; level <= static_cast<int>(simd::detected()); ++level)
      for (bool with_kick : {false, true}) {
        simd::set_active(static_cast<simd::Level>(level));
        std::vector<double> v1 = v, c1 = cur, vp1(n), ip1(n), e1(n), v2 = v, c2 = cur, vp2(n), ip2(n), e2(n);
        const double* k = with_kick ? kick.data() : nullptr;
        simd::noise_and_drive(n, e1.data(), z.data(), 0.014, f.data(), c, 2);
        const bool a1 = simd::euler_step(n, v1.data(), c1.data(), vp1.data(), ip1.data(), k, rest.data(), e1.data(),
                                         thr.data(), 0.002, 0.9);
        const bool a2 = simd::euler_step_new_row(n, v2.data(), c2.data(), vp2.data(), ip2.data(), k, rest.data(),
                                                 e2.data(), z.data(), 0.014, f.data(), c, 2, thr.data(), 0.002, 0.9);
        EXPECT_EQ(a1, a2);
        EXPECT_EQ(v1, v2) << n << " " << level << " " << with_kick;
        EXPECT_EQ(c1, c2);
        EXPECT_EQ(vp1, vp2);
        EXPECT_EQ(ip1, ip2);
        EXPECT_EQ(e1, e2);
      }
    simd::set_active(simd::detected());
  }
}

EbnConfig fast_config(int passes, std::uint32_t seed) {
  EbnConfig c;
  c.network.fast_mode = true;
  c.experiment.passes = passes;
  c.experiment.seed = seed;
  return c;
}

void expect_identical(const ExperimentResult& a, const ExperimentResult& b) {
  EXPECT_EQ(a.distance_after_pass, b.distance_after_pass);
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (std::size_t i = 0; i < a.curve.size(); ++i) EXPECT_EQ(a.curve[i].decoding_error, b.curve[i].decoding_error);
  EXPECT_TRUE((a.w_learned.array() == b.w_learned.array()).all());
  EXPECT_TRUE((a.evaluation_signal.target.array() == b.evaluation_signal.target.array()).all());
  for (auto member : {&ExperimentResult::learned, &ExperimentResult::optimal, &ExperimentResult::initial}) {
    ASSERT_EQ((a.*member).spikes.size(), (b.*member).spikes.size());
    for (std::size_t i = 0; i < (a.*member).spikes.size(); ++i)
      EXPECT_EQ((a.*member).spikes[i].time_s, (b.*member).spikes[i].time_s);
    EXPECT_EQ((a.*member).error.transposed, (b.*member).error.transposed);
  }
}

TEST(FastMode, RunsReproduceOnBothCoresAndEverySimdVariant) {
  EbnConfig c = fast_config(6, 5);
  c.experiment.validate_every = 3;
  c.experiment.validation_signals = 4;
  const ExperimentResult seq = run_experiment(c, make_behavioral_backend, nullptr, false);
  setenv("EBN_PREFETCH", "on", 1);
  const ExperimentResult par = run_experiment(c, make_behavioral_backend, nullptr, true);
  unsetenv("EBN_PREFETCH");
  expect_identical(seq, par);
  simd::set_active(simd::Level::Scalar);
  const ExperimentResult scalar = run_experiment(c, make_behavioral_backend, nullptr, false);
  simd::set_active(simd::detected());
  expect_identical(seq, scalar);
  // It is its own run: not the default one (the noise and signals are other values).
  c.network.fast_mode = false;
  const ExperimentResult plain = run_experiment(c, make_behavioral_backend, nullptr, false);
  EXPECT_NE(plain.distance_after_pass, seq.distance_after_pass);
}

// Accuracy: the fast mode learns like the default over several seeds (N = 20, 51 passes). Bounds
// from the default run's own seed-to-seed spread (docs/behavioral.md "Fast mode (opt-in)"):
// every fast run must reach what every default run reaches (distance < 0.1, correlation with W*
// > 0.9, learned rate within 2x of the optimal network's), and the seed means of the distance and
// of E_learned / E_optimal (the learned network's error relative to the optimum on the same
// evaluation signal; E itself varies by 2x from signal to signal) must agree within 0.03 / 0.1,
// about 2.3 standard errors of a difference of two 4-seed means (seed-to-seed std of the default
// runs: 0.017 / 0.06).
TEST(FastMode, LearnsLikeTheDefault) {
  double dist[2] = {0, 0}, err_ratio[2] = {0, 0};
  const std::uint32_t seeds[] = {1, 2, 3, 42};
  for (int fast = 0; fast < 2; ++fast)
    for (std::uint32_t seed : seeds) {
      EbnConfig c = fast_config(51, seed);
      c.network.fast_mode = fast == 1;
      const ExperimentResult r = run_experiment(c, make_behavioral_backend, nullptr, true);
      std::printf("%s seed %u: distance %.4f -> %.4f, correlation %.4f, E learned %.4f optimal %.4f, rate learned "
                  "%.2f optimal %.2f Hz\n",
                  fast ? "fast   " : "default", seed, r.distance_initial, r.distance_final, r.correlation_final,
                  r.learned.error.transposed, r.optimal.error.transposed, r.learned.rate_hz, r.optimal.rate_hz);
      EXPECT_LT(r.distance_final, 0.1) << fast << " " << seed;
      EXPECT_GT(r.correlation_final, 0.9) << fast << " " << seed;
      EXPECT_LT(r.learned.rate_hz, 2.0 * r.optimal.rate_hz) << fast << " " << seed;
      EXPECT_GT(r.learned.rate_hz, 0.5 * r.optimal.rate_hz) << fast << " " << seed;
      dist[fast] += r.distance_final / std::size(seeds);
      err_ratio[fast] += r.learned.error.transposed / r.optimal.error.transposed / std::size(seeds);
    }
  std::printf("seed means: distance default %.4f fast %.4f; E learned / E optimal default %.4f fast %.4f\n", dist[0],
              dist[1], err_ratio[0], err_ratio[1]);
  EXPECT_NEAR(dist[1], dist[0], 0.03);
  EXPECT_NEAR(err_ratio[1], err_ratio[0], 0.1);
}

TEST(FastMode, ConfigKeyIsCheckedAndLimitedToLevels1And2) {
  Json j = to_json(EbnConfig{});
  EXPECT_FALSE(parse_config(j, "x.json").network.fast_mode);
  j["network"]["fast_mode"] = true;
  EXPECT_TRUE(parse_config(j, "x.json").network.fast_mode);
  EXPECT_EQ(to_json(parse_config(j, "x.json"))["network"]["fast_mode"], true);
  j["network"]["fast_mode"] = "yes";
  try {
    parse_config(j, "x.json");
    ADD_FAILURE() << "a string was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: network.fast_mode: must be true or false"), std::string::npos)
        << e.what();
  }
  j["network"]["fast_mode"] = true;
  j["experiment"]["backend"] = "chip";
  try {
    parse_config(j, "x.json");
    ADD_FAILURE() << "fast mode on the chip backend was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: network.fast_mode: the fast mode exists for levels 1/2 only"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ebn::behavioral
