// Ladder preparation (level 2 vs 3): the ideal mapping of the float EBN onto the circuit model.
// Each check compares the chip with an independently written float formula (spec §1.4, §3.2).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "chip/chip_top.h"
#include "chip/ideal_mapping.h"
#include "chip/learning_block.h"
#include "chip/weight_dac.h"
#include "ebn/errors.h"

namespace {

chip::FloatEbnParams fig1(int neurons) {
  chip::FloatEbnParams f;
  f.neurons = neurons;
  f.threshold.assign(static_cast<std::size_t>(neurons), 1.5);
  f.v_rest.assign(static_cast<std::size_t>(neurons), 0.0);
  f.v_reset.assign(static_cast<std::size_t>(neurons), 0.0);
  return f;  // tau_m 50 ms, tau_f 1 ms, g = 2, h = 1, rho = tau_m (code units), 8 bits
}

// The Figure-1 rule in V units, written from the spec: s = 2V' + rho W - 2 V_rule.
ebn::Decision float_rule(double v, double w, const chip::FloatEbnParams& f) {
  const double s = 2 * v + f.omega_per_weight * w - 2 * f.v_rule_rest;
  return s < -f.band_half_width ? ebn::Decision::Inc : (s > f.band_half_width ? ebn::Decision::Dec : ebn::Decision::Hold);
}

TEST(ChipIdealMapping, DecisionsEqualTheFloatRule) {
  for (double rho : {0.05, 0.02}) {  // Ω units "code" (rho = tau_m) and "psp" (rho = tau_f / tau_m)
    chip::FloatEbnParams f = fig1(2);
    f.omega_per_weight = rho;
    const chip::CurrentScale s;
    const chip::ChipParams p = chip::ideal_mapping(f, s);
    chip::WeightDac dac(2, p.weight_bits, p.dac);
    chip::LearningBlock lb(2, p.window, p.pulse_width_s / p.tau_mem_s);
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> v_dist(-3.0, 3.0);
    std::uniform_int_distribution<int> code_dist(-128, 127);
    long compared = 0, near_bound = 0, differ = 0;
    std::vector<ebn::Decision> out;
    for (int trial = 0; trial < 200000; ++trial) {
      const int code = code_dist(rng);
      const double v = v_dist(rng);
      dac.set_code(0, 1, code);
      const double i_mem[2] = {chip::map_voltage(v, s), 0.0};
      lb.latch(1, i_mem, dac.column(1), out);
      const ebn::Decision expected = float_rule(v, f.weight_step * code, f);
      // Exactly on a bound the two sides may round differently; those draws are counted apart.
      const double s_val = 2 * v + f.omega_per_weight * f.weight_step * code;
      if (std::fabs(std::fabs(s_val) - f.band_half_width) < 1e-9) {
        ++near_bound;
        continue;
      }
      ++compared;
      if (out[0] != expected) ++differ;
    }
    EXPECT_EQ(differ, 0) << "rho = " << rho;
    EXPECT_GT(compared, 199000);
    EXPECT_LT(near_bound, 10);
  }
}

TEST(ChipIdealMapping, DeltaPulsePspEqualsFloatPsp) {
  // Float model (spec §1.4): a spike of k adds W to I^F; tau_m dV/dt = -V + I^F  =>
  //   V(t) = W tau_f / (tau_m - tau_f) (e^{-t/tau_m} - e^{-t/tau_f}).
  chip::FloatEbnParams f = fig1(2);
  f.threshold = {1e3, 1e3};  // no spikes of their own
  const chip::CurrentScale s;
  chip::ChipParams p = chip::ideal_mapping(f, s);
  chip::ChipTop top("chip", p);
  const double W = 2.0 * 23;  // code 23
  top.program_weights({0, chip::weight_to_code(W, f), 0, 0});
  chip::TrialInput in;
  in.duration_s = 0.1;
  in.injected = {{0.01, 1}};
  chip::TrialOptions opt;
  opt.learning = false;
  opt.sample_dt_s = 1e-3;
  const chip::TrialResult r = top.run_trial(in, opt);
  double worst = 0.0, peak = 0.0;
  for (int j = 0; j < r.sample_count; ++j) {
    const double t = j * 1e-3 - 0.01;
    const double v_float = t < 0 ? 0.0
                                 : W * f.tau_fast_s / (f.tau_mem_s - f.tau_fast_s) *
                                       (std::exp(-t / f.tau_mem_s) - std::exp(-t / f.tau_fast_s));
    const double v_chip = chip::unmap_current(r.samples_A[static_cast<std::size_t>(j) * 2], s);
    worst = std::max(worst, std::fabs(v_chip - v_float));
    peak = std::max(peak, v_float);
  }
  EXPECT_GT(peak, 0.0185 * W * 0.99);  // spec: peak ~0.0185 W
  EXPECT_LT(worst, 1e-9 * peak);       // rounding of I = I0 + sV only
}

TEST(ChipIdealMapping, WeightsOffTheGridAreRejected) {
  const chip::FloatEbnParams f = fig1(2);
  EXPECT_EQ(chip::weight_to_code(-114, f), -57);
  EXPECT_THROW(chip::weight_to_code(3, f), ebn::InputError);
  EXPECT_THROW(chip::weight_to_code(300, f), ebn::InputError);
}

}  // namespace
