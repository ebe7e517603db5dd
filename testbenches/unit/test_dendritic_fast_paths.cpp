// The per-step shortcuts of DendriticNetwork (issue 13: cheap spike decisions, W z and F^T z reused
// within a step, in-place F updates, a faster diag(F D)) must not change a single bit:
//  * the spike decision is compared with the plain formula r < 1/(1 + e^-u), including draws one
//    ulp either side of p;
//  * whole trajectories (every weight, bias, trace and the summed loss after 20 000 steps) of each
//    code path are compared with fingerprints recorded by the code before the shortcuts
//    (commit 2d40770), so any change of rounding shows up here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "behavioral/dendritic/experiment.h"
#include "behavioral/dendritic/input_stream.h"
#include "behavioral/dendritic/network.h"
#include "behavioral/dendritic/spike_sampling.h"

using namespace ebn::dendritic;

TEST(DendriticFastPaths, SpikeDecisionMatchesFormula) {
  Rng rng(7);
  long decided = 0, spikes = 0;
  const double special[] = {-599.999, -600.0, -600.001, -700.0, -1.0, -1.0000001, -0.5, 0.0, 3.0, 40.0,
                            -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN()};
  auto check = [&](double u, double r) {
    ++decided;
    const bool exact = spike_decision_exact(u, r);
    spikes += exact;
    ASSERT_EQ(spike_decision(u, r), exact) << "u " << u << " r " << r;
  };
  for (int k = 0; k < 200000; ++k) {
    const double u = k < 13 ? special[k] : -650.0 + 660.0 * uniform01(rng);
    const double p = 1.0 / (1.0 + std::exp(-u));
    check(u, uniform01(rng));
    check(u, uniform01(rng) * std::min(1.0, 4.0 * p));  // draws in the interesting range
    if (std::isfinite(p)) {
      check(u, p);
      check(u, std::nextafter(p, 0.0));
      check(u, std::nextafter(p, 1.0));
    }
    check(u, 0.0);
  }
  EXPECT_GT(spikes, 100000);  // both outcomes are exercised
  EXPECT_GT(decided - spikes, 100000);
}

namespace {
std::uint64_t fnv1a(std::uint64_t h, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < bytes; ++k) h = (h ^ p[k]) * 0x100000001b3ull;
  return h;
}
template <class M>
std::uint64_t fnv1a(std::uint64_t h, const M& m) {
  return fnv1a(h, m.data(), sizeof(double) * static_cast<std::size_t>(m.size()));
}

// 20 000 training steps on a fading random input, then 2000 test steps; fingerprint of the state.
std::uint64_t trajectory_fingerprint(const NetworkParams& p, int n_x, int n_z, long* spikes, double* loss_sum) {
  DendriticNetwork net(p, n_x, n_z, 3);
  Rng data(11);
  FadingInput input(p.steps_per_pattern(), p.fade_fraction, [&]() {
    Eigen::VectorXd x(n_x);
    for (int i = 0; i < n_x; ++i) x[i] = uniform01(data);
    return x;
  });
  double loss = 0.0;
  for (int t = 0; t < 22000; ++t) {
    const Eigen::VectorXd& x = input.step();
    *spikes += static_cast<long>(net.step(x, t < 20000, input.changed()).sum());
    loss += net.loss(x);
  }
  std::uint64_t h = 0xcbf29ce484222325ull;
  h = fnv1a(h, net.feedforward());
  h = fnv1a(h, net.decoder());
  h = fnv1a(h, net.somatic_recurrent());
  h = fnv1a(h, net.bias());
  h = fnv1a(h, net.trace());
  h = fnv1a(h, &loss, sizeof loss);
  *loss_sum = loss;
  const double s2 = net.sigma2();
  return fnv1a(h, &s2, sizeof s2);
}

HardwareParams hardware(Rule rule, int bits) {
  HardwareParams h;
  h.weight_bits = bits;
  h.f_max = 1.0;
  h.w_max = rule == Rule::Analytic ? 40.0 : 6.0;
  return h;
}

struct Case {
  std::string name;
  NetworkParams params;
  std::uint64_t recorded;  // fingerprint of the pre-shortcut code
};

NetworkParams scenes(Rule rule, int bits) {
  NetworkParams p = default_network_params(Experiment::Scenes, rule, false);
  p.dt_ms = 1.0;  // 100 steps per pattern, busy spiking: every path is taken often
  p.rate_per_ms = 0.05;
  p.eta_sigma = 1e-4;
  p.late_stage_pattern = 100;
  p.hardware = hardware(rule, bits);
  return p;
}
NetworkParams speech(Rule rule, const std::string& variant, bool one_spike, int bits) {
  NetworkParams p = default_network_params(Experiment::Speech, rule, false, variant);
  p.rate_per_ms = variant == "s11" ? 0.05 : 0.5;
  p.sigma2_final = 0.01;  // the public code's schedule (drives grow, coincident spikes)
  p.eta_sigma = 1e-3;
  p.one_spike_per_step = one_spike;
  p.hardware = hardware(rule, bits);
  return p;
}
}  // namespace

TEST(DendriticFastPaths, TrajectoriesMatchRecordedOldCode) {
  const Case cases[] = {
      {"scenes DB float", scenes(Rule::Analytic, 0), 0xaae75f4396bf57cbull},
      {"scenes SB float", scenes(Rule::Somatic, 0), 0x356843fcad360b22ull},
      {"scenes DB 6-bit", scenes(Rule::Analytic, 6), 0x8193e7a72b6b61d1ull},
      {"scenes SB 6-bit", scenes(Rule::Somatic, 6), 0x61f3ef449b25c9b9ull},
      {"speech fig5e DB", speech(Rule::Analytic, "fig5e", false, 0), 0xb413c30b22c80e11ull},
      {"speech fig5e SB", speech(Rule::Somatic, "fig5e", false, 0), 0xeba7c9367a663f0cull},
      {"speech fig5e SB one spike", speech(Rule::Somatic, "fig5e", true, 0), 0xd2a6a5221443fb76ull},
      {"speech fig5e DB 8-bit", speech(Rule::Analytic, "fig5e", false, 8), 0xc6f127c66fb87dc6ull},
      {"speech fig5e SB 8-bit", speech(Rule::Somatic, "fig5e", true, 8), 0x2210f20e3e836c45ull},
      {"speech s11 DB", speech(Rule::Analytic, "s11", false, 0), 0x95e7dc9952e9e2e0ull},
      {"speech s11 SB", speech(Rule::Somatic, "s11", false, 0), 0xe513096d26fffee7ull},
  };
  for (const Case& c : cases) {
    long spikes = 0;
    double loss = 0.0;
    const std::uint64_t got = trajectory_fingerprint(c.params, 12, 10, &spikes, &loss);
    EXPECT_GT(spikes, 500) << c.name << ": the plasticity paths need spikes";
    EXPECT_TRUE(std::isfinite(loss)) << c.name;
    EXPECT_EQ(got, c.recorded) << c.name << ": fingerprint 0x" << std::hex << got;
  }
}
