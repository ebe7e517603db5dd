// The vectorised population loops (population_kernels.h) against the scalar functions they
// replace, neuron by neuron and bit for bit: the candidate scan against first_crossing()'s verdict
// "certainly no crossing", and integrate() against advance_exact_factors(), at every SIMD level
// this CPU has, for filtered, unfiltered and degenerate (tau_syn == tau_mem) neurons.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "behavioral/simd_kernels.h"
#include "chip/population_kernels.h"
#include "chip/threshold_crossing.h"

namespace {

using ebn::behavioral::simd::Level;

struct Population {
  std::vector<chip::MembraneState> state;
  std::vector<double> i_copy, inf, input, drive, threshold;
  double tau_mem, tau_syn;
  chip::kernels::PopulationView view() {
    return {static_cast<int>(state.size()), state.data(), i_copy.data(), inf.data(), input.data(), drive.data(),
            threshold.data(), tau_mem, tau_syn};
  }
};

// States around the threshold (20 nA scale): some above it, some crossing within dt, most not.
Population random_population(std::mt19937_64& rng, int n, double tau_mem, double tau_syn) {
  std::uniform_real_distribution<double> level(15e-9, 30e-9), small(-5e-9, 5e-9);
  Population p;
  p.tau_mem = tau_mem;
  p.tau_syn = tau_syn;
  for (int k = 0; k < n; ++k) {
    p.state.push_back({small(rng) + 2e-9, level(rng)});
    p.i_copy.push_back(0.0);
    p.inf.push_back(level(rng) - 5e-9);
    p.input.push_back(small(rng));
    p.drive.push_back(small(rng));
    p.threshold.push_back(26e-9);
  }
  return p;
}

class PopulationKernels : public ::testing::TestWithParam<Level> {
 protected:
  void SetUp() override {
    if (ebn::behavioral::simd::set_active(GetParam()) != GetParam()) GTEST_SKIP() << "CPU lacks this SIMD level";
  }
  void TearDown() override { ebn::behavioral::simd::set_active(ebn::behavioral::simd::detected()); }
};

TEST_P(PopulationKernels, CandidatesKeepEveryNeuronFirstCrossingMightFire) {
  std::mt19937_64 rng(7);
  long candidates = 0, crossings = 0, checked = 0;
  for (double tau_syn : {0.0, 0.002, 0.005}) {
    for (int trial = 0; trial < 200; ++trial) {
      Population p = random_population(rng, 37, 0.01, tau_syn);  // 37: a vector tail at every width
      const double dt = trial % 2 ? 1e-4 : 3e-3;
      const double em = std::exp(-dt / p.tau_mem), es = tau_syn > 0 ? std::exp(-dt / tau_syn) : 0.0;
      std::vector<unsigned char> mark(p.state.size(), 2);
      const bool any = chip::kernels::crossing_candidates(p.view(), em, es, mark.data());
      bool any_expected = false;
      for (std::size_t k = 0; k < p.state.size(); ++k) {
        const chip::MembraneConstants c{p.tau_mem, tau_syn, p.inf[k] + p.input[k]};
        const double t = chip::first_crossing(c, p.state[k], {p.drive[k], c.i_inf_A}, p.threshold[k], dt, em, es);
        ASSERT_LE(mark[k], 1);
        if (t >= 0.0) {
          ASSERT_EQ(mark[k], 1) << "neuron " << k << " crosses at " << t << " but was excluded";
        }
        // The scan is first_crossing's own early-out: it may only keep neurons the bound cannot exclude.
        const double target = c.i_inf_A + p.drive[k];
        const double C = tau_syn > 0 ? (p.state[k].x - p.drive[k]) * tau_syn / (tau_syn - p.tau_mem) : 0.0;
        const double A = p.state[k].i - target - C;
        const double bound = target + std::max(A, A * em) + (tau_syn > 0 ? std::max(C, C * es) : 0.0);
        const bool keep = p.state[k].i - p.threshold[k] >= 0.0 || !(bound < p.threshold[k]);
        EXPECT_EQ(mark[k], keep ? 1 : 0);
        any_expected |= keep;
        candidates += mark[k];
        crossings += t >= 0.0;
        ++checked;
      }
      EXPECT_EQ(any, any_expected);
    }
  }
  // The sample exercises both verdicts (and crossings), so the comparison is not vacuous.
  EXPECT_GT(crossings, checked / 20);
  EXPECT_LT(candidates, checked * 9 / 10);
}

TEST_P(PopulationKernels, IntegrateIsAdvanceExactFactorsBitForBit) {
  std::mt19937_64 rng(11);
  for (double tau_syn : {0.0, 0.002, 0.01 /* == tau_mem: the degenerate branch */}) {
    Population p = random_population(rng, 37, 0.01, tau_syn);
    Population reference = p;
    const double dt = 2.5e-4;
    const double em = std::exp(-dt / p.tau_mem), es = tau_syn > 0 ? std::exp(-dt / tau_syn) : 0.0;
    chip::kernels::integrate(p.view(), dt, em, es);
    for (std::size_t k = 0; k < p.state.size(); ++k) {
      const chip::MembraneConstants c{reference.tau_mem, tau_syn, reference.inf[k] + reference.input[k]};
      chip::advance_exact_factors(c, reference.state[k], reference.drive[k], dt, em, es);
      EXPECT_EQ(std::memcmp(&p.state[k], &reference.state[k], sizeof(chip::MembraneState)), 0)
          << "tau_syn " << tau_syn << " neuron " << k;
      EXPECT_EQ(p.i_copy[k], reference.state[k].i);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Levels, PopulationKernels, ::testing::Values(Level::Scalar, Level::Avx2, Level::Avx512),
                         [](const auto& info) { return ebn::behavioral::simd::name(info.param); });

}  // namespace
