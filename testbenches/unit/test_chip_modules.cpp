// Unit tests of the chip's building blocks with directed stimuli (no SystemC elaboration):
// population integration against closed forms and an independent RK4 integration, threshold
// crossing, weight DAC (sign asymmetry, mismatch draw), learning-block window, parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <vector>

#include "chip/chip_params.h"
#include "chip/learning_block.h"
#include "chip/neuron_population.h"
#include "chip/threshold_crossing.h"
#include "chip/weight_dac.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace {

// Independent reference: classical RK4 on the two ODEs with a small step.
struct Rk4 {
  double tau_mem, tau_syn, i_inf;
  double x = 0.0, i = 0.0;
  void run(double u, double duration, double h = 1e-7) {
    const long steps = std::lround(duration / h);
    const double hh = duration / static_cast<double>(steps);
    for (long s = 0; s < steps; ++s) {
      auto dx = [&](double xv) { return (u - xv) / tau_syn; };
      auto di = [&](double xv, double iv) { return (i_inf + xv - iv) / tau_mem; };
      const double k1x = dx(x), k1i = di(x, i);
      const double k2x = dx(x + 0.5 * hh * k1x), k2i = di(x + 0.5 * hh * k1x, i + 0.5 * hh * k1i);
      const double k3x = dx(x + 0.5 * hh * k2x), k3i = di(x + 0.5 * hh * k2x, i + 0.5 * hh * k2i);
      const double k4x = dx(x + hh * k3x), k4i = di(x + hh * k3x, i + hh * k3i);
      x += hh / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
      i += hh / 6 * (k1i + 2 * k2i + 2 * k3i + k4i);
    }
  }
};

chip::ChipParams one_neuron(double i_inf, double i_init, double thr = 1.0, double reset = -1.0) {
  chip::ChipParams p = chip::ChipParams::defaults(1);
  p.tau_mem_s = 31e-3;
  p.tau_syn_s = 0.5e-3;
  p.i_inf_A = {i_inf};
  p.i_init_A = {i_init};
  p.i_threshold_A = {thr};
  p.i_reset_A = {reset};
  return p;
}

TEST(ChipPopulation, ExponentialDecayMatchesClosedForm) {
  // I_mem relaxes first-order from 2 nA to I_inf = 9 nA; irregular segment lengths must not matter.
  chip::NeuronPopulation pop(one_neuron(9e-9, 2e-9));
  const double steps[] = {1e-4, 3.3e-3, 7e-6, 0.02, 1.234e-3, 0.05};
  double t = 0.0, worst = 0.0;
  for (double dt : steps) {
    double elapsed = 0.0;
    ASSERT_EQ(pop.advance(t, dt, elapsed), -1);
    t += dt;
    const double expected = 9e-9 + (2e-9 - 9e-9) * std::exp(-t / 31e-3);
    worst = std::max(worst, std::fabs(pop.i_mem(0) - expected));
  }
  EXPECT_LT(worst, 1e-22) << "relative 1e-13 of the 7 nA swing";
  EXPECT_GT(t, 0.07);
}

TEST(ChipPopulation, SynapticFilterStepResponse) {
  // A constant DAC current u switched on at t = 0 from rest (x = 0, I = I_inf):
  // x(t) = u (1 - e^{-t/ts}),  I(t) = I_inf + u [1 - (tm e^{-t/tm} - ts e^{-t/ts}) / (tm - ts)].
  const double tm = 31e-3, ts = 0.5e-3, inf = 9e-9, u = 1.5e-9;
  chip::NeuronPopulation pop(one_neuron(inf, inf));
  pop.add_drive(&u, +1.0);
  Rk4 ref{tm, ts, inf, 0.0, inf};
  double t = 0.0;
  for (double dt : {2e-4, 3e-4, 5e-4, 1e-3, 4e-3, 0.03}) {
    double elapsed;
    ASSERT_EQ(pop.advance(t, dt, elapsed), -1);
    ref.run(u, dt);
    t += dt;
    const double x_cf = u * (1 - std::exp(-t / ts));
    const double i_cf = inf + u * (1 - (tm * std::exp(-t / tm) - ts * std::exp(-t / ts)) / (tm - ts));
    EXPECT_NEAR(pop.x(0), x_cf, 1e-21) << "t=" << t;
    EXPECT_NEAR(pop.i_mem(0), i_cf, 1e-21) << "t=" << t;
    EXPECT_NEAR(pop.i_mem(0), ref.i, 1e-19) << "RK4 reference, t=" << t;
  }
  // The filter really low-passes: after 0.2 ms (0.4 tau_syn) x is well below u.
  EXPECT_GT(pop.x(0), 0.99 * u);
}

TEST(ChipPopulation, PulseResponseMatchesRk4AndDeltaLimit) {
  // A 1.01 ms rectangular pulse, then free decay, against RK4; and the delta pulse of the same
  // charge converges to the same persistent jump q / tau_mem once the filter has settled.
  const double tm = 31e-3, ts = 0.5e-3, inf = 9e-9, w = 4.4e-9, T = 1.01e-3;
  chip::NeuronPopulation rect(one_neuron(inf, inf)), delta(one_neuron(inf, inf));
  rect.add_drive(&w, +1.0);
  double e;
  rect.advance(0.0, T, e);
  rect.add_drive(&w, -1.0);
  rect.clear_drive();
  rect.advance(T, 10e-3, e);
  Rk4 ref{tm, ts, inf, 0.0, inf};
  ref.run(w, T);
  ref.run(0.0, 10e-3);
  EXPECT_NEAR(rect.i_mem(0), ref.i, 1e-19);
  delta.inject_charge(&w, T);
  delta.advance(0.0, T + 10e-3, e);
  // Same charge, delivered ~T/2 earlier: the difference is the leak over ~T/2 of the jump.
  const double jump = w * T / tm;
  EXPECT_NEAR(delta.i_mem(0) - inf, rect.i_mem(0) - inf, jump * (T / tm));
  EXPECT_GT(rect.i_mem(0) - inf, 0.6 * jump);
}

TEST(ChipThreshold, CrossingTimeWithoutFilterMatchesLog) {
  // No drive, resting level above threshold: t* = tm ln((target - I0) / (target - thr)).
  const double tm = 31e-3, target = 15e-9, i0 = 6e-9, thr = 12e-9;
  chip::ChipParams p = one_neuron(target, i0, thr, 6e-9);
  chip::NeuronPopulation pop(p);
  double elapsed;
  ASSERT_EQ(pop.advance(0.0, 0.1, elapsed), 0);
  const double expected = tm * std::log((target - i0) / (target - thr));
  EXPECT_NEAR(elapsed, expected, 1e-14);
  EXPECT_NEAR(pop.i_mem(0), thr, 1e-21);
}

TEST(ChipThreshold, FindsCrossingNearInteriorMaximum) {
  // Filter loaded (x0 > 0), drive off, resting level below threshold: I rises, peaks, decays.
  // f(dt) < 0 at the segment end, so only the interior-maximum bracket can find the crossing.
  chip::MembraneConstants c{31e-3, 0.5e-3, 9e-9};
  chip::MembraneState s{60e-9, 9e-9};
  // Peak of I from the closed form, by dense scan (independent of the solver).
  double peak = 0, t_peak = 0;
  for (int j = 1; j <= 500000; ++j) {  // 0 .. 5 ms
    chip::MembraneState q = s;
    chip::advance_exact(c, q, 0.0, j * 1e-8);
    if (q.i > peak) peak = q.i, t_peak = j * 1e-8;
  }
  ASSERT_GT(t_peak, 1e-4);
  ASSERT_LT(t_peak, 4.9e-3);  // the scan saw the maximum inside its range
  const double thr = 9e-9 + 0.9 * (peak - 9e-9);
  const double dt = 20e-3;
  const double t = chip::first_crossing(c, s, {0.0, 9e-9}, thr, dt, std::exp(-dt / c.tau_mem_s), std::exp(-dt / c.tau_syn_s));
  ASSERT_GT(t, 0.0);
  EXPECT_LT(t, t_peak);
  // Independent root: bisection on advance_exact itself over [0, t_peak].
  double lo = 0.0, hi = t_peak;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    chip::MembraneState q = s;
    chip::advance_exact(c, q, 0.0, mid);
    (q.i >= thr ? hi : lo) = mid;
  }
  EXPECT_NEAR(t, hi, 1e-12);
  // Just below the peak value is found; just above it is not.
  const double miss = chip::first_crossing(c, s, {0.0, 9e-9}, peak * (1 + 1e-9), dt, std::exp(-dt / c.tau_mem_s),
                                           std::exp(-dt / c.tau_syn_s));
  EXPECT_LT(miss, 0.0);
}

TEST(ChipThreshold, FirstOfSeveralNeuronsWinsAndResetApplies) {
  chip::ChipParams p = chip::ChipParams::defaults(3);
  p.tau_syn_s = 0.5e-3;
  p.i_inf_A = {20e-9, 25e-9, 14e-9};
  p.i_init_A = {6e-9, 6e-9, 6e-9};
  p.i_threshold_A = {12e-9, 12e-9, 12e-9};
  p.i_reset_A = {6e-9, 6e-9, 6e-9};
  chip::NeuronPopulation pop(p);
  double elapsed;
  ASSERT_EQ(pop.advance(0.0, 0.5, elapsed), 1);  // highest resting level crosses first
  const double t1 = p.tau_mem_s * std::log((25e-9 - 6e-9) / (25e-9 - 12e-9));
  EXPECT_NEAR(elapsed, t1, 1e-14);
  pop.fire(1, t1);
  EXPECT_EQ(pop.i_mem(1), 6e-9);
  // Neuron 1 is held at reset for the refractory period: the segment ends there.
  ASSERT_EQ(pop.advance(t1, 5e-3, elapsed), -1);
  EXPECT_DOUBLE_EQ(elapsed, p.refractory_s);
  EXPECT_EQ(pop.i_mem(1), 6e-9);
  ASSERT_EQ(pop.advance(t1 + p.refractory_s, 0.5, elapsed), 0);
}

TEST(ChipDac, SignAsymmetricTransferModelD) {
  chip::DacParams d;  // defaults: c0p 1.012, c1p 1.470, c0n 0.289, c1n 1.336 nA
  chip::WeightDac dac(3, 6, d);
  const int codes[] = {1, 5, -1, -5, 0, 31, -32};
  for (int b : codes) {
    dac.set_code(0, 1, b);
    const double expected = b > 0 ? 1.012e-9 + 1.470e-9 * b : (b < 0 ? -(0.289e-9 + 1.336e-9 * -b) : 0.0);
    EXPECT_DOUBLE_EQ(dac.current(0, 1), expected) << "code " << b;
  }
  // Asymmetry: +b and -b do not cancel.
  dac.set_code(0, 1, 3);
  dac.set_code(0, 2, -3);
  EXPECT_NEAR(dac.current(0, 1) + dac.current(0, 2), (1.012e-9 - 0.289e-9) + 3 * (1.470e-9 - 1.336e-9), 1e-24);
  // No self-synapse; codes outside the range are rejected.
  dac.set_code(1, 1, 7);
  EXPECT_EQ(dac.current(1, 1), 0.0);
  EXPECT_THROW(dac.set_code(0, 1, 32), std::out_of_range);
  EXPECT_THROW(dac.set_code(0, 1, -33), std::out_of_range);
}

TEST(ChipDac, ConstantDriveW0AddsToEveryCode) {
  chip::DacParams d;
  d.w0_A = 0.25e-9;
  chip::WeightDac dac(2, 4, d);
  EXPECT_DOUBLE_EQ(dac.current(0, 1), 0.25e-9);  // code 0: only w0
  dac.set_code(0, 1, -2);
  EXPECT_DOUBLE_EQ(dac.current(0, 1), 0.25e-9 - (0.289e-9 + 2 * 1.336e-9));
  EXPECT_EQ(dac.current(1, 1), 0.0);
}

// A fitted line may cross zero at a low code (a negative offset, docs/spice.md "Network"): the
// branch follows the line above that code and gives 0 below it (a sink does not reverse); a
// negative gain is still refused.
TEST(ChipDac, NegativeOffsetFollowsTheLineAndClampsAtZero) {
  chip::DacParams d;
  d.c0p_A = -7e-9;
  d.c1p_A = 3.5e-9;
  d.c0n_A = -1e-9;
  d.c1n_A = 2e-9;
  chip::WeightDac dac(2, 6, d);
  const int codes[] = {1, 2, 3, 20, -1, -4};
  const double expected[] = {0.0, 0.0, 3.5e-9, 63e-9, -1e-9, -7e-9};
  for (int i = 0; i < 6; ++i) {
    dac.set_code(0, 1, codes[i]);
    EXPECT_NEAR(dac.current(0, 1), expected[i], 1e-21) << "code " << codes[i];
  }
  ebn::ConfigReader r(ebn::Json::parse(R"({"dac_c0p_A": -7e-9, "dac_c1n_A": -1e-9})"), "cfg.json", "chip.");
  EXPECT_THROW(chip::parse_chip_params(r), ebn::InputError);  // the gain, not the offset
  ebn::ConfigReader ok(ebn::Json::parse(R"({"dac_c0p_A": -7e-9})"), "cfg.json", "chip.");
  EXPECT_DOUBLE_EQ(chip::parse_chip_params(ok).dac.c0p_A, -7e-9);
}

TEST(ChipDac, MismatchDrawIsReproducibleAndStored) {
  chip::DacParams d;
  d.mismatch_sigma = 0.1;
  d.mismatch_seed = 1234;
  chip::WeightDac a(20, 8, d), b(20, 8, d);
  d.mismatch_seed = 1235;
  chip::WeightDac c(20, 8, d);
  EXPECT_EQ(a.mismatch_csv(), b.mismatch_csv());
  EXPECT_NE(a.mismatch_csv(), c.mismatch_csv());
  // Statistics of the 800 factors: mean 1, std sigma (5-sigma bounds of the estimators).
  double sum = 0, sum2 = 0;
  int count = 0;
  for (int n = 0; n < 20; ++n)
    for (int k = 0; k < 20; ++k)
      for (double g : {a.gain_pos(n, k), a.gain_neg(n, k)}) sum += g, sum2 += g * g, ++count;
  const double mean = sum / count, sd = std::sqrt(sum2 / count - mean * mean);
  EXPECT_NEAR(mean, 1.0, 5 * 0.1 / std::sqrt(count));
  EXPECT_NEAR(sd, 0.1, 5 * 0.1 / std::sqrt(2.0 * count));
  // The draw order is the documented one: (n,k) row-major, positive then negative branch.
  const std::vector<double> z = chip::portable_normals(1234, 2 * 400);
  EXPECT_DOUBLE_EQ(a.gain_pos(0, 0), 1 + 0.1 * z[0]);
  EXPECT_DOUBLE_EQ(a.gain_neg(0, 0), 1 + 0.1 * z[1]);
  EXPECT_DOUBLE_EQ(a.gain_pos(3, 7), 1 + 0.1 * z[2 * (3 * 20 + 7)]);
  // The stored CSV holds the factors exactly (17 significant digits round-trip).
  std::istringstream csv(a.mismatch_csv());
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "n,k,gain_pos,gain_neg");
  int rows = 0;
  while (std::getline(csv, line)) {
    int n, k;
    double gp, gn;
    ASSERT_EQ(std::sscanf(line.c_str(), "%d,%d,%lf,%lf", &n, &k, &gp, &gn), 4);
    EXPECT_EQ(gp, a.gain_pos(n, k));
    EXPECT_EQ(gn, a.gain_neg(n, k));
    ++rows;
  }
  EXPECT_EQ(rows, 400);
  // A mismatched synapse scales its branch: current = gain * nominal.
  a.set_code(3, 7, 4);
  EXPECT_DOUBLE_EQ(a.current(3, 7), a.gain_pos(3, 7) * chip::dac_nominal(a.params(), 4));
  a.set_code(3, 7, -4);
  EXPECT_DOUBLE_EQ(a.current(3, 7), a.gain_neg(3, 7) * chip::dac_nominal(a.params(), -4));
}

TEST(ChipLearningBlock, FixedWindowSemanticsAndDiagonal) {
  chip::WindowParams w;  // fixed 8.590 / 9.356 nA
  chip::LearningBlock lb(4, w, 1.01e-3 / 31e-3);
  const double i_mem[] = {8.0e-9, 8.590e-9, 9.356e-9, 9.5e-9};
  const double column[] = {0, 0, 0, 0};
  std::vector<ebn::Decision> out;
  lb.latch(3, i_mem, column, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], ebn::Decision::Inc);
  EXPECT_EQ(out[1], ebn::Decision::Hold);  // on the bound: hold (ebn::decide semantics)
  EXPECT_EQ(out[2], ebn::Decision::Hold);
  EXPECT_EQ(out[3], ebn::Decision::Hold);  // no self-synapse: not latched
  EXPECT_EQ(lb.flag(3), ebn::Decision::Hold);
  lb.latch(0, i_mem, column, out);
  EXPECT_EQ(out[3], ebn::Decision::Dec);
  EXPECT_EQ(lb.flag(3), ebn::Decision::Dec);
  EXPECT_EQ(lb.flag(0), ebn::Decision::Inc);  // kept from the previous latch (own pulse)
  EXPECT_EQ(lb.counts()[static_cast<int>(ebn::Decision::Inc)], 1);
  EXPECT_EQ(lb.counts()[static_cast<int>(ebn::Decision::Hold)], 4);
  EXPECT_EQ(lb.counts()[static_cast<int>(ebn::Decision::Dec)], 1);
}

TEST(ChipLearningBlock, WeightDependentWindowShiftsByHalfOmega) {
  chip::WindowParams w;
  w.kind = chip::WindowKind::WeightDependent;
  w.i_rest_A = 9e-9;
  w.i_sl_A = 0.3e-9;
  w.beta = 1.0;
  const double omega_per_amp = 1.01e-3 / 31e-3;
  chip::LearningBlock lb(2, w, omega_per_amp);
  const double current = 6e-9;  // I_Omega = 0.195 nA
  const double omega = current * omega_per_amp;
  EXPECT_DOUBLE_EQ(lb.lower(current), 9e-9 - omega / 2 - 0.3e-9);
  EXPECT_DOUBLE_EQ(lb.upper(current), 9e-9 - omega / 2 + 0.3e-9);
  // A value inside the unshifted window but above the shifted one: Dec only with the weight term.
  const double i_mem[] = {0.0, 9e-9 + 0.3e-9 - omega / 4};
  const double column[] = {current, 0};
  std::vector<ebn::Decision> out;
  lb.latch(1, i_mem, column, out);  // out[0]: neuron 0 sees synapse (0,1)
  EXPECT_EQ(out[0], ebn::Decision::Inc);
  const double i_mem2[] = {9e-9 + 0.3e-9 - omega / 4, 0.0};
  lb.latch(1, i_mem2, column, out);
  EXPECT_EQ(out[0], ebn::Decision::Dec);
  EXPECT_EQ(out[1], ebn::Decision::Hold);
}

// A per-synapse gain scale of 2 on (n,k) = the DAC line doubled, for that synapse only; an empty
// array leaves every current as it was.
TEST(ChipDac, PerSynapseGainScaleActsOnItsSynapseOnly) {
  chip::DacParams base;
  base.c0p_A = -1e-9, base.c1p_A = 2e-9, base.c0n_A = 0.5e-9, base.c1n_A = 1.5e-9, base.w0_A = 0.1e-9;
  chip::DacParams twice = base;
  twice.c0p_A *= 2, twice.c1p_A *= 2, twice.c0n_A *= 2, twice.c1n_A *= 2;
  chip::DacParams scaled = base;
  scaled.gain_scale_per_synapse.assign(9, 1.0);
  scaled.gain_scale_per_synapse[2 * 3 + 0] = 2.0;  // W[2][0]
  chip::WeightDac a(3, 6, base), b(3, 6, twice), c(3, 6, scaled), d(3, 6, base);
  for (int code : {-20, -3, 1, 4, 17}) {
    for (int n = 0; n < 3; ++n)
      for (int k = 0; k < 3; ++k) a.set_code(n, k, code), b.set_code(n, k, code), c.set_code(n, k, code), d.set_code(n, k, code);
    for (int n = 0; n < 3; ++n)
      for (int k = 0; k < 3; ++k) {
        if (n == k) continue;
        const double want = n == 2 && k == 0 ? b.current(n, k) : a.current(n, k);
        EXPECT_DOUBLE_EQ(c.current(n, k), want) << "W[" << n << "][" << k << "] code " << code;
        EXPECT_EQ(d.current(n, k), a.current(n, k));
      }
  }
  EXPECT_NE(c.current(2, 0), a.current(2, 0));  // the scale did act (code 17: 2 x 33 nA)
}

// Per-neuron window edges: each neuron latches against its own; without them, the shared edges.
TEST(ChipLearningBlock, PerNeuronEdgesReplaceTheSharedOnes) {
  chip::WindowParams shared;
  shared.kind = chip::WindowKind::Fixed;
  shared.i_lower_A = 8e-9, shared.i_upper_A = 9e-9;
  chip::WindowParams own = shared;
  own.i_lower_per_neuron_A = {8e-9, 10e-9, 6e-9};
  own.i_upper_per_neuron_A = {9e-9, 11e-9, 7e-9};
  chip::LearningBlock a(3, shared, 0.0), b(3, own, 0.0);
  const double i_mem[] = {8.5e-9, 8.5e-9, 8.5e-9};
  const double column[] = {0, 0, 0};
  std::vector<ebn::Decision> oa, ob;
  a.latch(0, i_mem, column, oa);
  b.latch(0, i_mem, column, ob);
  EXPECT_EQ(oa[1], ebn::Decision::Hold);
  EXPECT_EQ(oa[2], ebn::Decision::Hold);
  EXPECT_EQ(ob[1], ebn::Decision::Inc);  // below its own lower edge 10 nA
  EXPECT_EQ(ob[2], ebn::Decision::Dec);  // above its own upper edge 7 nA
  // Weight dependent: the per-neuron edges are the edges at zero current, beta shifts them.
  own.kind = chip::WindowKind::WeightDependent;
  own.beta = 1.0;
  chip::LearningBlock c(3, own, 0.5);
  EXPECT_DOUBLE_EQ(c.lower(1, 0.0), 10e-9);
  EXPECT_DOUBLE_EQ(c.upper(2, 2e-9), 7e-9 - 0.5e-9);
}

TEST(ChipParams, PerNeuronEdgesAndPerSynapseScaleRoundTrip) {
  ebn::Json j = ebn::Json::parse(R"({"neurons": 2, "i_lower_per_neuron_A": [8e-9, 8.5e-9],
      "i_upper_per_neuron_A": [9e-9, 9.2e-9], "dac_gain_scale_per_synapse": [1, 0.8, 1.3, 1]})");
  ebn::ConfigReader r(j, "cfg.json", "chip.");
  chip::ChipParams p = chip::parse_chip_params(r);
  r.finish();
  EXPECT_EQ(p.window.i_upper_per_neuron_A[1], 9.2e-9);
  EXPECT_EQ(p.dac.gain_scale_per_synapse[2], 1.3);
  ebn::ConfigReader r2(chip::to_json(p), "resolved", "chip.");
  chip::ChipParams q = chip::parse_chip_params(r2);
  r2.finish();
  EXPECT_EQ(chip::to_json(q).dump(), chip::to_json(p).dump());
  // Absent arrays: the resolved parameters carry none of the new keys.
  const ebn::Json d = chip::to_json(chip::ChipParams::defaults(2));
  EXPECT_FALSE(d.contains("dac_gain_scale_per_synapse"));
  EXPECT_FALSE(d.contains("i_lower_per_neuron_A"));
}

TEST(ChipParams, ParsesValidatesAndRoundTrips) {
  ebn::Json j = ebn::Json::parse(R"({"neurons": 3, "weight_bits": 5, "tau_mem_s": 0.05, "tau_syn_s": 0.001,
      "i_threshold_per_neuron_A": [1e-8, 1.1e-8, 1.2e-8], "i_reset_A": 2e-9, "window": "weight_dependent",
      "beta": 2.5, "i_sl_A": 1e-10, "i_rest_A": 5e-9, "mismatch_sigma": 0.05, "mismatch_seed": 99,
      "pulse_shape": "delta", "controller": "cpp"})");
  ebn::ConfigReader r(j, "cfg.json", "chip.");
  chip::ChipParams p = chip::parse_chip_params(r);
  r.finish();
  EXPECT_EQ(p.neurons, 3);
  EXPECT_EQ(p.i_threshold_A[2], 1.2e-8);
  EXPECT_EQ(p.i_reset_A[1], 2e-9);
  EXPECT_EQ(p.window.kind, chip::WindowKind::WeightDependent);
  EXPECT_EQ(p.pulse_shape, chip::PulseShape::Delta);
  EXPECT_EQ(p.dac.mismatch_seed, 99u);
  // The resolved config reads back to the same parameters.
  ebn::ConfigReader r2(chip::to_json(p), "resolved", "chip.");
  chip::ChipParams q = chip::parse_chip_params(r2);
  r2.finish();
  EXPECT_EQ(chip::to_json(q).dump(), chip::to_json(p).dump());
}

TEST(ChipParams, BadInputNamesTheKey) {
  auto parse = [](const char* text) {
    ebn::ConfigReader r(ebn::Json::parse(text), "cfg.json", "chip.");
    chip::parse_chip_params(r);
    r.finish();
  };
  auto message = [&](const char* text) {
    try {
      parse(text);
    } catch (const ebn::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(R"({"tau_mem_s": -1})").find("chip.tau_mem_s"), std::string::npos);
  EXPECT_NE(message(R"({"tau_mem_s": 0.01, "tau_syn_s": 0.008})").find("chip.tau_syn_s"), std::string::npos);
  EXPECT_NE(message(R"({"i_threshold_A": 1e-8, "i_threshold_per_neuron_A": [1e-8]})").find("not both"), std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "i_inf_per_neuron_A": [1e-8]})").find("expected neurons = 2"), std::string::npos);
  EXPECT_NE(message(R"({"i_reset_A": 2e-8})").find("below the threshold"), std::string::npos);
  EXPECT_NE(message(R"({"window": "fixed", "beta": 1})").find("chip.beta"), std::string::npos);
  EXPECT_NE(message(R"({"controller": "verilog"})").find("chip.controller"), std::string::npos);
  EXPECT_NE(message(R"({"tau_mem": 0.01})").find("chip.tau_mem: unknown key"), std::string::npos);
  EXPECT_NE(message(R"({"weight_bits": 17})").find("chip.weight_bits"), std::string::npos);
  // The one-die arrays: wrong length, a negative gain scale, one edge without the other, a shared
  // edge beside the per-neuron ones, crossed edges.
  EXPECT_NE(message(R"({"neurons": 2, "dac_gain_scale_per_synapse": [1, 1, 1]})")
                .find("chip.dac_gain_scale_per_synapse: has 3 entries, expected neurons x neurons = 4"),
            std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "dac_gain_scale_per_synapse": [1, -0.5, 1, 1]})")
                .find("chip.dac_gain_scale_per_synapse: value -0.5 out of range"),
            std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "i_lower_per_neuron_A": [1e-9, 2e-9]})").find("chip.i_upper_per_neuron_A: missing"),
            std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "i_lower_per_neuron_A": [1e-9], "i_upper_per_neuron_A": [2e-9]})")
                .find("chip.i_lower_per_neuron_A: has 1 entries, expected neurons = 2"),
            std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "i_lower_A": 1e-9, "i_lower_per_neuron_A": [1e-9, 1e-9], "i_upper_per_neuron_A": [2e-9, 2e-9]})")
                .find("chip.i_lower_A"),
            std::string::npos);
  EXPECT_NE(message(R"({"neurons": 2, "i_lower_per_neuron_A": [1e-9, 3e-9], "i_upper_per_neuron_A": [2e-9, 2e-9]})")
                .find("chip.i_upper_per_neuron_A: must be >= i_lower_per_neuron_A (neuron 1)"),
            std::string::npos);
}

}  // namespace
