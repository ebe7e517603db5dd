// Levels 1/2: random streams, input signal, readout, back-stepped Euler and config parsing.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "behavioral/ebn_network.h"
#include "behavioral/input_signal.h"
#include "behavioral/params.h"
#include "behavioral/random.h"
#include "behavioral/readout.h"
#include "ebn/errors.h"
#include "shared_data.h"

namespace ebn::behavioral {
namespace {

TEST(NumpyLegacyNormal, MatchesNumpyRandomStateRandn) {
  // np.random.seed(42); np.random.randn(5) (NumPy 1.24), computed by NumPy, not by this code.
  NumpyLegacyNormal g(42);
  EXPECT_EQ(g.gauss(), 0.4967141530112327);
  EXPECT_EQ(g.gauss(), -0.13826430117118466);
  EXPECT_EQ(g.gauss(), 0.6476885381006925);
  EXPECT_EQ(g.gauss(), 1.5230298564080254);
  EXPECT_EQ(g.gauss(), -0.23415337472333597);
  NumpyLegacyNormal u(7);
  EXPECT_EQ(u.uniform(), 0.07630828937395717);  // np.random.seed(7); np.random.rand()
}

TEST(ZigguratNormal, MomentsAndTails) {
  RunRng rng(123);
  const long n = 4000000;
  std::vector<double> x(n);
  standard_normal().fill(rng, x.data(), n);
  double m1 = 0, m2 = 0, m4 = 0;
  long beyond3 = 0, tail = 0;
  for (double v : x) {
    m1 += v, m2 += v * v, m4 += v * v * v * v;
    beyond3 += std::fabs(v) > 3.0;
    tail += v > 3.442619855899;  // only reachable through the tail algorithm
  }
  m1 /= n, m2 /= n, m4 /= n;
  EXPECT_NEAR(m1, 0.0, 0.002);
  EXPECT_NEAR(m2, 1.0, 0.003);
  EXPECT_NEAR(m4, 3.0, 0.03);
  EXPECT_NEAR(static_cast<double>(beyond3) / n, 0.0026998, 0.0002);  // 2·(1 − Φ(3))
  EXPECT_NEAR(static_cast<double>(tail) / n, 2.881e-4, 0.4e-4);       // 1 − Φ(3.4426)
}

TEST(InputSignal, FftSmoothingEqualsDirectConvolution) {
  const NetworkParams p;
  const SignalGenerator gen(p);
  const int n = p.samples();
  // Kernel width as stated in §1.6: std 300.3 samples.
  double mean = 0, var = 0;
  for (int j = 0; j < n; ++j) mean += j * gen.kernel()[j];
  for (int j = 0; j < n; ++j) var += (j - mean) * (j - mean) * gen.kernel()[j];
  EXPECT_NEAR(std::sqrt(var), 300.3, 0.05);
  RunRng rng(5);
  Eigen::VectorXd z(n);
  standard_normal().fill(rng, z.data(), n);
  const Eigen::VectorXd fast = gen.smooth(z);
  const int offset = (n - 1) / 2;  // numpy 'same'
  for (int i : {0, 1, 57, 4999, 5000, 9998, 9999}) {
    double direct = 0;
    for (int j = 0; j < n; ++j) {
      const int kk = i + offset - j;
      if (kk >= 0 && kk < n) direct += z[j] * gen.kernel()[kk];
    }
    EXPECT_NEAR(fast[i], direct, 1e-14) << "sample " << i;
  }
}

TEST(InputSignal, ZeroStartResamplingAndScale) {
  const NetworkParams p;
  const SignalGenerator gen(p);
  RunRng rng(11);
  const InputSignal s = gen.draw(rng);
  ASSERT_EQ(s.target.rows(), 10000);
  ASSERT_EQ(s.drive.rows(), 10001);
  // Grid point i = 5000 lies at position 5000·9999/10000 = 4999.5 between stamps 4999 and 5000.
  EXPECT_NEAR(s.drive(5000, 1), 5000.0 * 0.5 * (s.target(4999, 1) + s.target(5000, 1)), 1e-9);
  EXPECT_DOUBLE_EQ(s.drive(0, 0), 5000.0 * s.target(0, 0));
  EXPECT_DOUBLE_EQ(s.drive(10000, 0), 5000.0 * s.target(9999, 0));
  // Target std ≈ 0.03 (spec: 0.028, 0.025 in [D]); the zeroed start keeps x small but not 0.
  for (int d = 0; d < 2; ++d) {
    const double sd = std::sqrt((s.target.col(d).array() - s.target.col(d).mean()).square().mean());
    EXPECT_GT(sd, 0.01);
    EXPECT_LT(sd, 0.06);
  }
}

TEST(Readout, UnitKernelWithOneStepDelay) {
  NetworkParams p;
  p.noise_std = 0.0;
  Eigen::MatrixXd f(2, 2);
  f << 0.6, 1.0, 0.8, 0.0;
  RunRng rng(1);
  // Spike of neuron 0 at 0.15 ms -> bin 1 -> first visible at sample 2.
  const Eigen::MatrixXd r = readout({{0.00015, 0}}, f, p, rng);
  EXPECT_EQ(r(1, 0), 0.0);
  EXPECT_DOUBLE_EQ(r(2, 0), 0.6);
  EXPECT_DOUBLE_EQ(r(2, 1), 0.8);
  EXPECT_NEAR(r(3, 1), 0.8 * std::exp(-1e-4 / 0.01), 1e-15);
  EXPECT_NEAR(r(102, 0), 0.6 * std::exp(-100 * 1e-4 / 0.01), 1e-12);
}

// One neuron, constant drive D = τ_m·F·c, no noise, no recurrence: V_i = D·(1 − (1 − dt/τ_m)^i);
// the spike time is the linear interpolation of the crossing between the two Euler points.
TEST(ReferenceNetwork, BackSteppedEulerSpikeTimeOfOneNeuron) {
  EbnConfig c;
  c.network.neurons = 1;
  c.network.input_dims = 1;
  c.network.noise_std = 0.0;
  c.network.trial_s = 0.1;  // 1000 steps; the first crossing is at step ~459
  NetworkSetup setup{Eigen::MatrixXd::Constant(1, 1, 1.0), Eigen::VectorXd::Constant(1, 1.2),
                     Eigen::VectorXd::Zero(1), Eigen::VectorXd::Constant(1, -0.5), Eigen::MatrixXd::Zero(1, 1)};
  InputSignal in;
  in.target = Eigen::MatrixXd::Zero(1000, 1);
  in.drive = Eigen::MatrixXd::Constant(1001, 1, 40.0);  // D = 0.05·40 = 2
  ReferenceNetwork net(setup, c);
  RunRng rng(1);
  const TrialResult r = net.run_trial(in, false, rng);
  ASSERT_FALSE(r.spikes.empty());
  const double a = 1e-4 / 0.05, d = 2.0;
  int i = 0;
  double v = 0, v_prev = 0;
  while (v <= 1.2) v_prev = v, v = v + a * (d - v), ++i;  // same Euler recurrence
  const double expected = (i - 1) * 1e-4 + (1.2 - v_prev) * 1e-4 / (v - v_prev);
  EXPECT_NEAR(r.spikes[0].time_s, expected, 1e-15);
  EXPECT_EQ(r.spikes[0].neuron, 0);
  // Reset to −0.5: from there the crossing needs ln(0.8/2.5)/ln(0.998) ≈ 569 more steps, beyond
  // the end of the 1000-step trial, so there is exactly one spike (reset value is honoured).
  EXPECT_EQ(r.spikes.size(), 1u);
}

TEST(ReferenceNetwork, OneSpikePerIterationEarliestFirst) {
  EbnConfig c;
  c.network.neurons = 2;
  c.network.input_dims = 1;
  c.network.noise_std = 0.0;
  c.network.trial_s = 0.1;
  // Same drive, thresholds 1.2 and 1.2000001: both cross in the same step, neuron 0 first.
  NetworkSetup setup{Eigen::MatrixXd::Constant(1, 2, 1.0), Eigen::Vector2d(1.2, 1.2000001), Eigen::VectorXd::Zero(2),
                     Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Zero(2, 2)};
  InputSignal in;
  in.target = Eigen::MatrixXd::Zero(1000, 1);
  in.drive = Eigen::MatrixXd::Constant(1001, 1, 40.0);
  ReferenceNetwork net(setup, c);
  RunRng rng(1);
  const TrialResult r = net.run_trial(in, false, rng);
  ASSERT_GE(r.spikes.size(), 2u);
  EXPECT_EQ(r.spikes[0].neuron, 0);
  EXPECT_EQ(r.spikes[1].neuron, 1);
  // The second is re-examined in the next iteration: it crossed ~1e-7 after neuron 0, so its
  // interpolated time falls before t_prev + dt/10 and is clipped there (§1.5).
  EXPECT_NEAR(r.spikes[1].time_s - r.spikes[0].time_s, 1e-5, 1e-15);
}

std::string error_of(const std::string& json) {
  try {
    parse_config(Json::parse(json), "cfg.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, BuiltInDefaultEqualsFigure1Preset) {
  const std::string path = test::source_path("configs/figure1.json");
  const Json file = load_json_file(path);
  EXPECT_EQ(file, to_json(EbnConfig{})) << "configs/figure1.json must list exactly the built-in defaults";
  EXPECT_EQ(to_json(load_config_file(path)), to_json(EbnConfig{}));
}

TEST(Config, RangeErrorsNameTheKey) {
  EXPECT_NE(error_of(R"({"network": {"tau_mem_s": -0.05}})").find("cfg.json: network.tau_mem_s: value -0.05 out of range"), std::string::npos);
  EXPECT_NE(error_of(R"({"learning": {"weight_bits": 1}})").find("learning.weight_bits"), std::string::npos);
  EXPECT_NE(error_of(R"({"network": {"dt_s": 0.001}})").find("network.dt_s: value 0.001 must be smaller"), std::string::npos);
  EXPECT_NE(error_of(R"({"network": {"trial_s": 0.00015}})").find("network.trial_s"), std::string::npos);
  EXPECT_NE(error_of(R"({"learning": {"rule": "hebb"}})").find("learning.rule: unknown value 'hebb'"), std::string::npos);
  EXPECT_NE(error_of(R"({"learning": {"quantized": true, "rule": "continuous"}})").find("learning.quantized"), std::string::npos);
  EXPECT_EQ(error_of(R"({"experiment": {"sed": 1}})"), "cfg.json: experiment.sed: unknown key");
  EXPECT_EQ(error_of(R"({"netwrok": {}})"), "cfg.json: netwrok: unknown key");
}

TEST(Config, ReservedSectionsAreKeptNotRead) {
  const EbnConfig c = parse_config(Json::parse(R"({"chip": {"anything": 1}, "experiment": {"seed": 3}})"), "x");
  EXPECT_EQ(c.experiment.seed, 3u);
  EXPECT_EQ(to_json(c)["chip"]["anything"], 1);
  EXPECT_FALSE(to_json(c).contains("dendritic"));
}

}  // namespace
}  // namespace ebn::behavioral
