// Level 3 with the C++ controller vs level 3 with the RTL controller (issue 4): the full 20-neuron
// chip, one 1 s learning pass, mismatch off, the same seeded input and initial counters; once with
// controller "cpp" (ebn::ReferenceController) and once with "rtl" (the Verilated netlist through
// chip::RtlController). Each run elaborates its own chip in a forked child (one elaboration per
// process). Counters, the update trajectory (every counter change, in order) and the spikes must
// be identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "chip/chip_top.h"
#include "chip/controller_factory.h"
#include "ebn/child_process.h"
#include "ebn/hw_encoding.h"

namespace {

constexpr int kNeurons = 20;

// Seeded feed-forward drive: per neuron an Ornstein-Uhlenbeck current (mean 4 nA, std 2 nA,
// 30 ms correlation) on a 0.1 ms grid -- enough to make the network spike and learn.
chip::TrialInput drive(double duration_s) {
  chip::TrialInput in;
  in.duration_s = duration_s;
  in.input_dt_s = 1e-4;
  const long rows = std::lround(duration_s / in.input_dt_s);
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> z(0.0, 1.0);
  const double a = std::exp(-in.input_dt_s / 30e-3), mean = 4e-9, sd = 2e-9;
  std::vector<double> y(kNeurons);
  for (auto& v : y) v = mean + sd * z(rng);
  for (long j = 0; j < rows; ++j)
    for (int n = 0; n < kNeurons; ++n) {
      y[n] = mean + (y[n] - mean) * a + sd * std::sqrt(1 - a * a) * z(rng);
      in.input_A.push_back(y[n]);
    }
  return in;
}

std::vector<int> initial_counters(int bits) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> z(0.0, 8.0);
  std::vector<int> w(kNeurons * kNeurons, 0);
  for (int n = 0; n < kNeurons; ++n)
    for (int k = 0; k < kNeurons; ++k)
      if (n != k)
        w[n * kNeurons + k] = std::clamp(static_cast<int>(std::lround(z(rng))), ebn::hw::counter_min(bits),
                                         ebn::hw::counter_max(bits));
  return w;
}

struct RunText {
  std::string counters, updates, spikes, summary;
};

// One chip run, serialised: counters; every update (n, k, before, after) in order; every spike
// (time as hex float, neuron); counts.
std::string chip_run(const std::string& controller, int bits) {
  chip::ChipParams p = chip::ChipParams::defaults(kNeurons);
  p.controller = controller;
  p.weight_bits = bits;
  p.dac.mismatch_sigma = 0.0;
  chip::ChipTop top("chip", p);
  top.program_weights(initial_counters(p.weight_bits));
  chip::TrialOptions opt;
  opt.record_updates = true;
  const chip::TrialResult r = top.run_trial(drive(1.0), opt);
  std::ostringstream out;
  for (int v : r.counters) out << v << ',';
  out << "\n";
  for (const auto& u : r.update_log) out << u.n << ':' << u.k << ':' << u.before << ':' << u.after << ' ';
  out << "\n";
  char buf[64];
  for (const auto& e : r.spikes) {
    std::snprintf(buf, sizeof buf, "%a:%d ", e.t_s, e.neuron);
    out << buf;
  }
  out << "\n" << r.updates << ' ' << r.spikes.size() << ' ' << r.pulses << "\n";
  return out.str();
}

RunText split(const std::string& s) {
  std::istringstream in(s);
  RunText t;
  std::getline(in, t.counters);
  std::getline(in, t.updates);
  std::getline(in, t.spikes);
  std::getline(in, t.summary);
  return t;
}

// Counters of the final state at either saturation limit.
int saturated(const std::string& counters, int bits) {
  std::istringstream in(counters);
  int count = 0;
  for (std::string v; std::getline(in, v, ',');)
    count += std::stoi(v) == ebn::hw::counter_max(bits) || std::stoi(v) == ebn::hw::counter_min(bits);
  return count;
}

void expect_identical_runs(int bits) {
  ASSERT_TRUE(chip::rtl_controller_available());
  const RunText cpp = split(ebn::run_in_child([bits] { return chip_run("cpp", bits); }));
  const RunText rtl = split(ebn::run_in_child([bits] { return chip_run("rtl", bits); }));
  // Non-trivial: the pass learned (hundreds of counter changes) and spiked.
  long updates = 0, spikes = 0, pulses = 0;
  std::istringstream(cpp.summary) >> updates >> spikes >> pulses;
  EXPECT_GT(updates, 100) << cpp.summary;
  EXPECT_GT(spikes, 100) << cpp.summary;
  EXPECT_EQ(cpp.counters, rtl.counters) << "final counters differ";
  EXPECT_EQ(cpp.updates, rtl.updates) << "counter trajectories differ";
  EXPECT_EQ(cpp.spikes, rtl.spikes) << "spike trains differ";
  EXPECT_EQ(cpp.summary, rtl.summary);
  std::printf("B=%d, cpp run: %ld counter updates, %ld spikes, %ld pulses, %d saturated counters\n", bits,
              updates, spikes, pulses, saturated(cpp.counters, bits));
}

// The chip's default 8-bit counters: one pass moves them by a few LSB, far from saturation.
TEST(RtlChip, OneSecondPassBitIdenticalWithCppAndRtlController) { expect_identical_runs(8); }

// 4-bit counters: the same pass drives many counters into saturation, so the saturation logic of
// the RTL is exercised in the closed loop too (an RTL with the saturation off by one fails here).
TEST(RtlChip, OneSecondPassBitIdenticalAtFourBitsWithSaturation) {
  expect_identical_runs(4);
  EXPECT_GT(saturated(split(ebn::run_in_child([] { return chip_run("cpp", 4); })).counters, 4), 20);
}

}  // namespace
