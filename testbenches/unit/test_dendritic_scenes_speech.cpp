// Scenes and speech inputs (spec §4.3, §4.4), the speech plasticity of §3.8, one spike per step,
// the §4.3 metrics and the prepared-data reader -- each against a hand or independent computation.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "behavioral/dendritic/experiment.h"
#include "behavioral/dendritic/natural_scenes.h"
#include "behavioral/dendritic/network.h"
#include "behavioral/dendritic/prepared_data.h"
#include "behavioral/dendritic/speech_input.h"
#include "ebn/errors.h"

using namespace ebn::dendritic;
namespace fs = std::filesystem;

// The public code's grids on a 512 image resized x0.5: 30,30,30,30,30,28 patches per axis, so
// 178^2 per image and 316 840 for ten images (spec §4.3).
TEST(DendriticScenes, PatchGridCountsMatchSpec) {
  const int expected[] = {30, 30, 30, 30, 30, 28};
  int sum = 0;
  for (int i = 0; i <= 5; ++i) {
    EXPECT_EQ(PatchSet::patches_per_axis(512, 0.5, 8, i), expected[i]) << "offset " << i;
    sum += PatchSet::patches_per_axis(512, 0.5, 8, i);
  }
  EXPECT_EQ(sum, 178);
  SceneImages one;
  one.images.push_back(Eigen::MatrixXd::Zero(512, 512));
  EXPECT_EQ(PatchSet(one).size(), 178L * 178L);
}

// Halving with centre alignment samples source (2d + 0.5): the mean of each 2x2 block.
TEST(DendriticScenes, HalvingResizeAveragesBlocks) {
  Eigen::MatrixXd img(4, 4);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) img(r, c) = r * 10 + c * c;
  const Eigen::MatrixXd half = resize_bilinear(img, 0.5);
  ASSERT_EQ(half.rows(), 2);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c)
      EXPECT_NEAR(half(r, c), img.block(2 * r, 2 * c, 2, 2).mean(), 1e-12);
}

// Pattern = g([p; -p]) of the patch at the grid position, column-major.
TEST(DendriticScenes, InputIsSplitNonlinearPatch) {
  SceneImages s;
  Eigen::MatrixXd img(64, 64);
  for (int r = 0; r < 64; ++r)
    for (int c = 0; c < 64; ++c) img(r, c) = 0.01 * (r - 2 * c);
  s.images.push_back(img);
  const PatchSet patches(s);
  const Eigen::MatrixXd half = resize_bilinear(img, 0.5);
  // First patch: grid offset (0,0), 1-based row/column 5 -> 0-based 4.
  const Eigen::VectorXd x = patches.input(0);
  ASSERT_EQ(x.size(), 128);
  for (int c = 0; c < 8; ++c)
    for (int r = 0; r < 8; ++r) {
      const double v = half(4 + r, 4 + c);
      EXPECT_NEAR(x[c * 8 + r], 1.0 / (1.0 + std::exp(-16.0 * (v - 0.15))), 1e-12);
      EXPECT_NEAR(x[64 + c * 8 + r], 1.0 / (1.0 + std::exp(-16.0 * (-v - 0.15))), 1e-12);
    }
}

namespace {
Eigen::MatrixXd toy_cochleogram(int channels = 4, int samples = 500) {
  Eigen::MatrixXd d(channels, samples);
  for (int t = 0; t < samples; ++t)
    for (int c = 0; c < channels; ++c) d(c, t) = 1.0 + std::sin(0.05 * t * (c + 1)) + 0.3 * std::cos(0.011 * t * t + c);
  return d;
}
}  // namespace

// Whitening: the [y; -y] parts recombine to y = L^{-1}(x - mean) whose covariance over all
// columns is the identity (computed here independently, by explicit sums).
TEST(DendriticSpeech, WhitenedInputHasIdentityCovariance) {
  const Eigen::MatrixXd d = toy_cochleogram();
  const SpeechInput in(d, SpeechVariant::Fig5E);
  ASSERT_EQ(in.n_inputs(), 8);
  const long n = d.cols();
  std::vector<Eigen::VectorXd> ys;
  for (long t = 0; t < n; ++t) {
    const Eigen::VectorXd x = in.input(t);
    EXPECT_GE(x.minCoeff(), 0.0);  // ReLU of both halves
    ys.push_back(x.head(4) - x.tail(4));
  }
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) {
      double ma = 0, mb = 0, cov = 0;
      for (const auto& y : ys) ma += y[a] / n, mb += y[b] / n;
      for (const auto& y : ys) cov += (y[a] - ma) * (y[b] - mb) / (n - 1);
      EXPECT_NEAR(cov, a == b ? 1.0 : 0.0, 1e-9) << a << "," << b;
    }
}

TEST(DendriticSpeech, UnwhitenedInputHasUnitStd) {
  const Eigen::MatrixXd d = toy_cochleogram();
  const SpeechInput in(d, SpeechVariant::S11);
  ASSERT_EQ(in.n_inputs(), 4);
  double sum = 0, sq = 0;
  const double n = static_cast<double>(d.size());
  for (long t = 0; t < d.cols(); ++t) {
    const Eigen::VectorXd x = in.input(t);
    // Scaling: 1.5 / max, then / std (a positive factor): the ratio to the raw data is constant.
    EXPECT_NEAR(x[0] / d(0, t), in.input(0)[0] / d(0, 0), 1e-12);
    sum += x.sum();
    sq += x.squaredNorm();
  }
  EXPECT_NEAR(std::sqrt((sq - sum * sum / n) / (n - 1)), 1.0, 1e-9);
}

// Blocks of floor(T/50) consecutive columns; a new random start after each block.
TEST(DendriticSpeech, StreamTakesConsecutiveBlocks) {
  const Eigen::MatrixXd d = toy_cochleogram(4, 1000);
  const SpeechInput in(d, SpeechVariant::S11);
  ASSERT_EQ(in.block_length(), 20);
  Rng rng(5);
  SpeechInput::Stream stream(in, rng);
  long first = -1;
  int jumps = 0;
  for (int k = 0; k < 200; ++k) {
    const Eigen::VectorXd x = stream.next();
    const long col = stream.column() - 1;
    EXPECT_TRUE(x.isApprox(in.input(col)));
    if (k % 20 == 0) first = col;
    else EXPECT_EQ(col, first + k % 20);
    if (k % 20 == 0 && k > 0) ++jumps;
    EXPECT_LT(col, 1000);
  }
  EXPECT_EQ(jumps, 9);
}

namespace {
NetworkParams speech_params(Rule rule) {
  NetworkParams p = default_network_params(Experiment::Speech, rule, true, "fig5e");
  p.eta_b = 0.0;
  return p;
}

// One learning step from a hand-set state; returns the network after it.
DendriticNetwork speech_step(Rule rule, Mutation mutation, const Eigen::MatrixXd& f, const Eigen::MatrixXd& d,
                             const Eigen::VectorXd& z, const Eigen::VectorXd& x) {
  DendriticNetwork net(speech_params(rule), static_cast<int>(x.size()), static_cast<int>(z.size()), 3, mutation);
  net.set_feedforward(f);
  net.set_decoder(d);
  net.set_trace(z);
  net.step(x, /*learn=*/true);
  return net;
}
}  // namespace

// §3.8 per-step rules, hand-computed: DB delta rule dF = m z (x - F^T z)^T, SB Oja-like
// dF_ji = m z_j (x_i - F_ji z_j), decoder dD = eta_D dt (x - D z) z^T. A sign-flipped rule fails.
TEST(DendriticSpeech, PerStepUpdatesMatchHandComputation) {
  Eigen::MatrixXd f(2, 3), d(3, 2);
  f << 0.2, 0.1, 0.0, 0.05, 0.3, 0.1;
  d << 0.1, 0.2, 0.0, 0.3, 0.4, 0.1;
  Eigen::VectorXd z(2), x(3);
  z << 0.7, 1.3;
  x << 0.5, 0.2, 0.9;
  for (Rule rule : {Rule::Analytic, Rule::Somatic}) {
    const NetworkParams p = speech_params(rule);
    const double m = p.eta_f * p.dt_ms;
    Eigen::MatrixXd f_expected = f;
    for (int j = 0; j < 2; ++j)
      for (int i = 0; i < 3; ++i) {
        double ftz = 0;
        for (int k = 0; k < 2; ++k) ftz += f(k, i) * z[k];
        f_expected(j, i) += rule == Rule::Analytic ? m * z[j] * (x[i] - ftz) : m * z[j] * (x[i] - f(j, i) * z[j]);
      }
    Eigen::MatrixXd d_expected = d;
    for (int i = 0; i < 3; ++i) {
      double dz = 0;
      for (int k = 0; k < 2; ++k) dz += d(i, k) * z[k];
      for (int k = 0; k < 2; ++k) d_expected(i, k) += p.eta_d * p.dt_ms * (x[i] - dz) * z[k];
    }
    const DendriticNetwork good = speech_step(rule, Mutation::None, f, d, z, x);
    EXPECT_LT((good.feedforward() - f_expected).cwiseAbs().maxCoeff(), 1e-15) << rule_name(rule);
    EXPECT_LT((good.decoder() - d_expected).cwiseAbs().maxCoeff(), 1e-15) << rule_name(rule);
    const DendriticNetwork bad = speech_step(rule, Mutation::FlipSign, f, d, z, x);
    EXPECT_GT((bad.feedforward() - f_expected).cwiseAbs().maxCoeff(), 1e-9) << "mutation must be detected";
  }
}

// With every neuron near-certain to spike, the constraint leaves exactly one spike per step: the
// neuron with the highest potential.
TEST(DendriticSpeech, OneSpikePerStepKeepsTheMostProbable) {
  NetworkParams p = speech_params(Rule::Analytic);
  p.one_spike_per_step = true;
  DendriticNetwork net(p, 3, 5, 11);
  Eigen::VectorXd b(5);
  b << 40, 41, 45, 42, 40;  // u_j = b_j (F = 0): neuron 2 highest
  net.set_bias(b);
  net.set_feedforward(Eigen::MatrixXd::Zero(5, 3));
  for (int t = 0; t < 20; ++t) {
    const Eigen::VectorXd& s = net.step(Eigen::VectorXd::Zero(3), false);
    EXPECT_EQ(s.sum(), 1.0);
    EXPECT_EQ(s[2], 1.0);
  }
  p.one_spike_per_step = false;
  DendriticNetwork free_net(p, 3, 5, 11);
  free_net.set_bias(b);
  free_net.set_feedforward(Eigen::MatrixXd::Zero(5, 3));
  EXPECT_EQ(free_net.step(Eigen::VectorXd::Zero(3), false).sum(), 5.0);  // the control: all spike
}

// The public code starts a learned somatic W at -F(0) F(0)^T (analytic_speech/net.jl): checked
// against a loop over the initial F; without the flag W starts at 0 (the control). A W that no
// learned inhibition uses is a config error.
TEST(DendriticSpeech, LearnedInhibitionStartsBalancedToInitialF) {
  const NetworkParams p = speech_params(Rule::Somatic);
  ASSERT_TRUE(p.init_w_gram);
  const DendriticNetwork net(p, 4, 3, 5);
  const Eigen::MatrixXd& f = net.feedforward();
  ASSERT_GT(f.cwiseAbs().maxCoeff(), 0.0);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 3; ++k) {
      double dot = 0;
      for (int i = 0; i < 4; ++i) dot += f(j, i) * f(k, i);
      EXPECT_NEAR(net.somatic_recurrent()(j, k), -dot, 1e-15) << j << "," << k;
    }
  NetworkParams off = p;
  off.init_w_gram = false;
  EXPECT_EQ(DendriticNetwork(off, 4, 3, 5).somatic_recurrent().cwiseAbs().maxCoeff(), 0.0);
  const ebn::Json bad = ebn::Json::parse(R"({"rule": "analytic", "network": {"init_w_gram": true}})");
  EXPECT_THROW(parse_dendritic_config(Experiment::Speech, bad, "test.json"), ebn::InputError);
}

TEST(DendriticMetrics, MinAndMeanBeforeLast) {
  const std::vector<CurvePoint> c = {{1, 5.0}, {2, 3.0}, {3, 4.0}, {4, 1.0}};
  EXPECT_DOUBLE_EQ(min_loss(c), 1.0);
  EXPECT_DOUBLE_EQ(mean_before_last(c, 9), 4.0);  // (5 + 3 + 4) / 3: the last pass is left out
  EXPECT_DOUBLE_EQ(mean_before_last(c, 2), 3.5);
  EXPECT_DOUBLE_EQ(mean_before_last({{1, 2.0}}), 2.0);
}

TEST(DendriticMetrics, MeanPairwiseCorrelation) {
  Eigen::MatrixXd t(4, 4);
  t << 1, 2, 3, 4,    // a
      2, 4, 6, 8,     // 2a: r = 1 with a
      4, 3, 2, 1,     // reversed: r = -1 with both
      7, 7, 7, 7;     // constant: left out
  EXPECT_NEAR(mean_pairwise_correlation(t), (1.0 - 1.0 - 1.0) / 3.0, 1e-12);
}

namespace {
void write_cache(const fs::path& dir, const std::vector<float>& values, long side, bool corrupt) {
  fs::create_directories(dir);
  std::string bytes(reinterpret_cast<const char*>(values.data()), values.size() * 4);
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08lx",
                static_cast<unsigned long>(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                                                 static_cast<uInt>(bytes.size()))));
  if (corrupt) bytes[5] ^= 1;
  std::ofstream(dir / "scenes.f32", std::ios::binary) << bytes;
  std::ofstream(dir / "scenes.json") << "{\"format\": \"ebn-dendritic-scenes-1\", \"fingerprint\": \"x\", \"data_file\": "
                                        "\"scenes.f32\", \"data_bytes\": "
                                     << bytes.size() << ", \"data_crc32\": \"" << crc << "\", \"images\": [{\"name\": \"a\", "
                                     << "\"side\": " << side << ", \"offset\": 0}]}";
}
}  // namespace

TEST(DendriticPreparedData, ReadsCacheAndRejectsDamage) {
  const fs::path dir = fs::temp_directory_path() / "ebn_test_dendritic_cache";
  fs::remove_all(dir);
  std::vector<float> v(32 * 32);
  for (std::size_t k = 0; k < v.size(); ++k) v[k] = 0.001f * static_cast<float>(k);
  write_cache(dir, v, 32, false);
  const SceneImages s = load_scene_cache(dir.string());
  ASSERT_EQ(s.images.size(), 1u);
  EXPECT_FLOAT_EQ(static_cast<float>(s.images[0](3, 5)), v[3 * 32 + 5]);  // row-major
  write_cache(dir, v, 32, true);
  try {
    load_scene_cache(dir.string());
    FAIL() << "corrupt data accepted";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CRC-32"), std::string::npos) << e.what();
  }
  write_cache(dir, v, 64, false);  // manifest promises more than the file holds
  EXPECT_THROW(load_scene_cache(dir.string()), ebn::InputError);
  fs::remove_all(dir);
  try {
    load_scene_cache(dir.string());
    FAIL() << "missing cache accepted";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("prepared data missing"), std::string::npos) << e.what();
  }
}
