// Directed tests of the SystemC chip top. Every TEST elaborates at most one ChipTop (ctest runs
// each TEST in its own process, gtest_discover_tests); tests that compare runs fork children
// (ebn::run_in_child) so that each run has its own elaboration.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chip/chip_top.h"
#include "chip/controller_factory.h"
#include "chip/stimulus.h"
#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace {

constexpr double kNever = 1.0;  // 1 A threshold: this neuron never fires

// Independent RK4 of the neuron (x: filter, i: I_mem) for directed-stimulus references.
struct Rk4 {
  double tm, ts, inf, x = 0.0, i = 0.0;
  void run(double u, double duration, double h = 2e-8) {
    const long steps = std::max(1L, std::lround(duration / h));
    const double hh = duration / static_cast<double>(steps);
    for (long s = 0; s < steps; ++s) {
      auto fx = [&](double xv) { return (u - xv) / ts; };
      auto fi = [&](double xv, double iv) { return (inf + xv - iv) / tm; };
      const double a1 = fx(x), b1 = fi(x, i);
      const double a2 = fx(x + .5 * hh * a1), b2 = fi(x + .5 * hh * a1, i + .5 * hh * b1);
      const double a3 = fx(x + .5 * hh * a2), b3 = fi(x + .5 * hh * a2, i + .5 * hh * b2);
      const double a4 = fx(x + hh * a3), b4 = fi(x + hh * a3, i + hh * b3);
      x += hh / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
      i += hh / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
    }
  }
};

// N neurons that never fire by themselves; neuron `source` only emits injected spikes.
chip::ChipParams quiet_chip(int neurons, int bits) {
  chip::ChipParams p = chip::ChipParams::defaults(neurons);
  p.weight_bits = bits;
  p.i_threshold_A.assign(static_cast<std::size_t>(neurons), kNever);
  return p;
}

std::vector<chip::AerEvent> train(int k, double first, double period, int count) {
  std::vector<chip::AerEvent> v;
  for (int j = 0; j < count; ++j) v.push_back({first + j * period, k});
  return v;
}

TEST(ChipTop, LatchAtRisingEdgeCounterAtFallingEdge) {
  chip::ChipParams p = quiet_chip(2, 8);
  p.i_inf_A = {5e-9, 0.0};
  p.i_init_A = p.i_inf_A;
  chip::ChipTop top("chip", p);
  std::vector<int> w = {0, 3, 0, 0};  // W[0][1] = 3
  top.program_weights(w);
  chip::TrialInput in;
  in.duration_s = 0.04;
  in.injected = train(1, 0.010, 0.010, 3);  // 10, 20, 30 ms
  chip::TrialOptions opt;
  opt.record_decisions = opt.record_updates = true;
  opt.sample_dt_s = 1e-4;
  const chip::TrialResult r = top.run_trial(in, opt);

  ASSERT_EQ(r.decision_log.size(), 3u);
  ASSERT_EQ(r.update_log.size(), 3u);
  for (int j = 0; j < 3; ++j) {
    EXPECT_DOUBLE_EQ(r.decision_log[j].t_s, 0.010 * (j + 1));
    EXPECT_EQ(r.decision_log[j].k, 1);
    EXPECT_EQ(r.decision_log[j].decisions[0], ebn::Decision::Inc);  // 5 nA < I_L
    // The counter changes at the falling edge (onset + pulse width), not before.
    EXPECT_NEAR(r.update_log[j].t_s, 0.010 * (j + 1) + p.pulse_width_s, 1e-12);
    EXPECT_EQ(r.update_log[j].n, 0);
    EXPECT_EQ(r.update_log[j].k, 1);
    EXPECT_EQ(r.update_log[j].before, 3 + j);
    EXPECT_EQ(r.update_log[j].after, 4 + j);
  }
  EXPECT_EQ(r.counters[1], 6);
  EXPECT_EQ(r.updates, 3);
  EXPECT_EQ(r.pulses, 3);
  EXPECT_TRUE(r.spikes.empty());  // injected spikes are not the chip's own

  // The pulse at 10 ms drove the DAC current of code 3 (value BEFORE its update), not of code 4.
  Rk4 ref{p.tau_mem_s, p.tau_syn_s, 5e-9, 0.0, 5e-9};
  ref.run(0.0, 0.010);
  ref.run(chip::dac_nominal(p.dac, 3), p.pulse_width_s);
  ref.run(0.0, 0.015 - 0.010 - p.pulse_width_s);
  Rk4 wrong{p.tau_mem_s, p.tau_syn_s, 5e-9, 0.0, 5e-9};
  wrong.run(0.0, 0.010);
  wrong.run(chip::dac_nominal(p.dac, 4), p.pulse_width_s);
  wrong.run(0.0, 0.015 - 0.010 - p.pulse_width_s);
  const double at15 = r.samples_A[150 * 2 + 0];
  EXPECT_NEAR(at15, ref.i, 1e-17);
  EXPECT_GT(std::fabs(at15 - wrong.i), 1e-11);  // one LSB is ~0.04 nA of jump
}

TEST(ChipTop, DecisionUsesImemBeforeTheJump) {
  // I_mem rests 1 pA below I_L; a large excitatory weight lifts it well above I_L during and
  // after the pulse. A latch at the rising edge sees "below" -> INC; any later sample would not.
  chip::ChipParams p = quiet_chip(2, 8);
  p.i_inf_A = {p.window.i_lower_A - 1e-12, 0.0};
  p.i_init_A = p.i_inf_A;
  chip::ChipTop top("chip", p);
  top.program_weights({0, 100, 0, 0});
  chip::TrialInput in;
  in.duration_s = 0.02;
  in.injected = train(1, 0.005, 0.004, 2);
  chip::TrialOptions opt;
  opt.record_decisions = true;
  opt.sample_dt_s = 1e-4;
  const chip::TrialResult r = top.run_trial(in, opt);
  ASSERT_EQ(r.decision_log.size(), 2u);
  EXPECT_EQ(r.decision_log[0].decisions[0], ebn::Decision::Inc);
  // 4 ms later I_mem is far above the window: the next latch says DEC.
  EXPECT_GT(r.samples_A[90 * 2], p.window.i_upper_A);
  EXPECT_EQ(r.decision_log[1].decisions[0], ebn::Decision::Dec);
  EXPECT_EQ(r.counters[1], 100);  // +1 then -1
}

TEST(ChipTop, CounterSaturatesAtBothEnds) {
  // 3-bit counters [-4, 3]: neuron 0 sits below the window (INC every pulse), neuron 2 above (DEC).
  chip::ChipParams p = quiet_chip(3, 3);
  p.i_inf_A = {5e-9, 0.0, 12e-9};
  p.i_init_A = p.i_inf_A;
  chip::ChipTop top("chip", p);
  chip::TrialInput in;
  in.duration_s = 0.07;
  in.injected = train(1, 0.002, 0.005, 12);
  chip::TrialOptions opt;
  opt.record_updates = true;
  const chip::TrialResult r = top.run_trial(in, opt);
  EXPECT_EQ(r.counters[0 * 3 + 1], ebn::hw::counter_max(3));
  EXPECT_EQ(r.counters[2 * 3 + 1], ebn::hw::counter_min(3));
  EXPECT_EQ(r.updates, 3 + 4);  // saturated steps change nothing
  EXPECT_EQ(r.decisions[static_cast<int>(ebn::Decision::Inc)], 12);
  EXPECT_EQ(r.decisions[static_cast<int>(ebn::Decision::Dec)], 12);
  for (const auto& u : r.update_log) EXPECT_EQ(std::abs(u.after - u.before), 1);
}

TEST(ChipTop, ThresholdResetPeriodAndAerOrdering) {
  // Zero DAC currents (all codes 0, no w0): every neuron is an independent relaxation
  // oscillator with closed-form spike times t1 = tm ln((inf-init)/(inf-thr)), period
  // P = t_refractory + tm ln((inf-reset)/(inf-thr)). Neurons 1 and 2 are identical: simultaneous spikes come
  // out in neuron-id order.
  chip::ChipParams p = chip::ChipParams::defaults(3);
  p.i_inf_A = {20e-9, 16e-9, 16e-9};
  p.i_init_A = {9e-9, 9e-9, 9e-9};
  p.i_threshold_A = {12e-9, 12e-9, 12e-9};
  p.i_reset_A = {6e-9, 6e-9, 6e-9};
  chip::ChipTop top("chip", p);
  chip::TrialInput in;
  in.duration_s = 0.3;
  chip::TrialOptions frozen;
  frozen.learning = false;  // keep every counter at 0 (learning would couple the neurons)
  const chip::TrialResult r = top.run_trial(in, frozen);
  std::vector<chip::AerEvent> expected;
  for (int n = 0; n < 3; ++n) {
    const double inf = p.i_inf_A[n], thr = p.i_threshold_A[n];
    const double t1 = p.tau_mem_s * std::log((inf - p.i_init_A[n]) / (inf - thr));
    const double period = p.refractory_s + p.tau_mem_s * std::log((inf - p.i_reset_A[n]) / (inf - thr));
    for (double t = t1; t <= in.duration_s; t += period) expected.push_back({t, n});
  }
  // Order by time; spikes closer than 1 ps (the identical neurons 1 and 2) by neuron id, on both
  // sides, since their order is decided by the last bits of the refractory arithmetic.
  auto by_time_then_id = [](const chip::AerEvent& a, const chip::AerEvent& b) {
    if (std::fabs(a.t_s - b.t_s) > 1e-12) return a.t_s < b.t_s;
    return a.neuron < b.neuron;
  };
  std::sort(expected.begin(), expected.end(), by_time_then_id);
  std::vector<chip::AerEvent> actual = r.spikes;
  for (std::size_t j = 1; j < actual.size(); ++j) EXPECT_GE(actual[j].t_s, actual[j - 1].t_s) << "AER order";
  std::sort(actual.begin(), actual.end(), by_time_then_id);
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t j = 0; j < expected.size(); ++j) {
    EXPECT_NEAR(actual[j].t_s, expected[j].t_s, 1e-12) << "spike " << j;
    EXPECT_EQ(actual[j].neuron, expected[j].neuron) << "spike " << j;
  }
  EXPECT_GT(r.spikes.size(), 20u);
  EXPECT_EQ(r.pulses, static_cast<long>(r.spikes.size()));
}

// One run of a 20-neuron chip with mismatch, random counters and OU input, 2 passes with learning;
// the result as text (every spike time in hex float, counters, mismatch CSV).
std::string full_run(std::uint64_t mismatch_seed) {
  chip::ChipParams p = chip::ChipParams::defaults(20);
  p.dac.mismatch_sigma = 0.1;
  p.dac.mismatch_seed = mismatch_seed;
  chip::ChipTop top("chip", p);
  chip::StimulusParams s;
  s.duration_s = 0.5;
  top.program_weights(chip::random_counters(20, p.weight_bits, s.initial_weight_std_lsb, s.weight_seed));
  std::ostringstream out;
  for (int pass = 0; pass < 2; ++pass) {
    const chip::TrialResult r = top.run_trial(chip::make_ou_input(20, s, pass), {});
    char buf[64];
    for (const auto& e : r.spikes) {
      std::snprintf(buf, sizeof buf, "%a:%d ", e.t_s, e.neuron);
      out << buf;
    }
    out << "\nupdates " << r.updates << " spikes " << r.spikes.size() << "\n";
    for (int v : r.counters) out << v << ',';
    out << "\n";
  }
  out << top.dac().mismatch_csv();
  return out.str();
}

TEST(ChipTop, SameSeedSameSpikesAndCountersBitForBit) {
  const std::string a = ebn::run_in_child([] { return full_run(42); });
  const std::string b = ebn::run_in_child([] { return full_run(42); });
  const std::string c = ebn::run_in_child([] { return full_run(43); });
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);  // the mismatch seed matters
  // The runs are not trivial: spikes and learning happened.
  EXPECT_NE(a.find("updates "), std::string::npos);
  EXPECT_EQ(a.find("updates 0 "), std::string::npos);
  EXPECT_EQ(a.find("spikes 0\n"), std::string::npos);
}

TEST(ChipTop, TrialsResetNeuronStateButKeepCounters) {
  chip::ChipParams p = chip::ChipParams::defaults(20);
  chip::ChipTop top("chip", p);
  chip::StimulusParams s;
  s.duration_s = 0.3;
  top.program_weights(chip::random_counters(20, p.weight_bits, 8.0, 3));
  // Checked before any simulation ran: an exception thrown after SystemC's coroutines ran trips a
  // known ASan false positive in the sanitizer build (unannotated stack switches).
  std::vector<double> init(20, 8.5e-9);
  EXPECT_THROW(top.set_neuron_levels(p.i_inf_A, p.i_threshold_A, p.i_threshold_A, init), ebn::InputError);
  chip::TrialOptions learn;
  learn.sample_dt_s = 1e-3;
  const chip::TrialResult first = top.run_trial(chip::make_ou_input(20, s, 0), learn);
  EXPECT_GT(first.updates, 0);
  EXPECT_EQ(first.counters, top.counters());
  chip::TrialOptions frozen = learn;
  frozen.learning = false;
  // New per-neuron levels between trials (the EBN's diagonal rule moves V_rest / V_reset).
  top.set_neuron_levels(p.i_inf_A, p.i_threshold_A, p.i_reset_A, init);
  p.i_init_A = init;
  const chip::TrialResult second = top.run_trial(chip::make_ou_input(20, s, 1), frozen);
  EXPECT_EQ(second.counters, first.counters);  // learning off: counters untouched
  EXPECT_EQ(second.updates, 0);
  EXPECT_GT(second.decisions[0] + second.decisions[1] + second.decisions[2], 0);  // latches still run
  for (int n = 0; n < 20; ++n) EXPECT_EQ(second.samples_A[n], p.i_init_A[n]);  // state reset
  EXPECT_EQ(second.sample_count, 301);
  EXPECT_GT(second.t_start_s, first.t_start_s);
  EXPECT_EQ(top.trials_run(), 2);
}

TEST(ChipTop, TraceWritesVcdWithExpectedSignals) {
  const std::string path = std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".vcd";
  std::remove(path.c_str());
  chip::ChipParams p = chip::ChipParams::defaults(4);
  chip::ChipTop top("chip", p, path);
  top.program_weights(chip::random_counters(4, p.weight_bits, 8.0, 3));
  chip::StimulusParams s;
  s.duration_s = 0.1;
  const chip::TrialResult r = top.run_trial(chip::make_ou_input(4, s, 0), {});
  EXPECT_EQ(top.close_trace(), path);
  std::ifstream f(path);
  ASSERT_TRUE(f.good());
  std::stringstream text;
  text << f.rdbuf();
  const std::string vcd = text.str();
  for (const char* name : {"I_mem", "INC", "SL", "DEC", "spike", "aer_id", "aer_strobe", "w00_01", "w03_02"})
    EXPECT_NE(vcd.find(name), std::string::npos) << name;
  EXPECT_NE(vcd.find("$var real"), std::string::npos);
  // Roughly one time stamp per 10-us trace sample (10 001; fewer where events coincide).
  long stamps = 0;
  std::istringstream lines(vcd);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty() && line[0] == '#') ++stamps;
  EXPECT_GE(stamps, 9900);
  EXPECT_GT(r.spikes.size(), 0u);
}

TEST(ChipTop, BadTrialInputIsAnInputErrorAndTheChipStaysUsable) {
  chip::ChipTop top("chip", chip::ChipParams::defaults(2));
  chip::TrialInput in;
  in.duration_s = 0.01;
  in.injected = {{0.005, 1}, {0.002, 1}};
  EXPECT_THROW(top.run_trial(in, {}), ebn::InputError);
  in.injected = {{0.005, 2}};
  EXPECT_THROW(top.run_trial(in, {}), ebn::InputError);
  in.injected.clear();
  in.input_A = {1e-9, 2e-9, 3e-9};  // not a multiple of 2 neurons
  in.input_dt_s = 1e-3;
  EXPECT_THROW(top.run_trial(in, {}), ebn::InputError);
  in.input_A = {1e-9, std::nan("")};
  EXPECT_THROW(top.run_trial(in, {}), ebn::InputError);
  EXPECT_THROW(top.program_weights({0, 200, 0, 0}), ebn::InputError);  // > 8-bit range
  in.input_A = {1e-9, 2e-9};
  const chip::TrialResult r = top.run_trial(in, {});
  EXPECT_EQ(top.trials_run(), 1);
  EXPECT_TRUE(r.spikes.empty());
}

TEST(ChipTop, RunawaySpikingIsReportedNotSimulatedForever) {
  // Strong all-to-all excitation (127 LSB, ~190 nA for 1 ms) re-fires every neuron at once.
  chip::ChipParams p = chip::ChipParams::defaults(5);
  p.max_rate_hz = 2000.0;
  p.refractory_s = 0.0;  // nothing limits the rate
  p.i_inf_A.assign(5, 11e-9);  // above threshold: every neuron fires by itself
  chip::ChipTop top("chip", p);
  std::vector<int> w(25, 127);
  top.program_weights(w);
  chip::TrialInput in;
  in.duration_s = 1.0;
  try {
    top.run_trial(in, {});
    FAIL() << "expected InputError";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("runaway spiking"), std::string::npos) << e.what();
  }
  EXPECT_THROW(top.run_trial(in, {}), std::logic_error);  // the chip refuses to continue
}

TEST(ChipTop, RtlControllerKindWithoutRtlBuildIsAnInputError) {
  if (chip::rtl_controller_available()) GTEST_SKIP() << "RTL controller is built; covered by the RTL crosscheck";
  try {
    chip::make_controller("rtl", 20, 8);
    FAIL() << "expected InputError";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("RTL controller not built"), std::string::npos);
  }
  EXPECT_THROW(chip::make_controller("vhdl", 20, 8), ebn::InputError);
}

}  // namespace
