// Port-level scoreboard of the learning controller (see scoreboard.h).
#include "ebn_rtl/scoreboard.h"

#include <array>
#include <cstring>
#include <sstream>

namespace ebn::rtl {
namespace {

std::string describe_inputs(const PortInputs& in) {
  std::ostringstream s;
  s << "rst_ni=" << in.rst_n << " N=" << in.cfg_neurons << " B=" << in.cfg_bits << " learn_en=" << in.learn_en
    << " evt_valid=" << in.evt_valid << " k=" << in.evt_pre << std::hex << " inc=0x" << in.evt_inc << " dec=0x"
    << in.evt_dec << std::dec << " wr_en=" << in.wr_en << " wr=W[" << in.wr_post << "][" << in.wr_pre
    << "]:=" << in.wr_data << " rd=W[" << in.rd_post << "][" << in.rd_pre << "]";
  return s.str();
}

class Board {
 public:
  Board(RtlPorts& rtl, const ScoreboardOptions& o) : rtl_(rtl), o_(o), model_(o.style), stim_(o.seed, o.weights) {
    result_.coverage = FunctionalCoverage(o.style);
  }

  ScoreboardResult run() {
    for (std::int64_t c = 0; c < o_.cycles; ++c) {
      cycle_ = c;
      if (!one_cycle()) return result_;
      result_.cycles = c + 1;
    }
    result_.matched = true;
    return result_;
  }

 private:
  bool fail(const std::string& where, const std::string& signal, long expected, long actual) {
    std::ostringstream s;
    s << "MISMATCH at cycle " << cycle_ << " (" << where << "): " << signal << " expected " << expected << " actual "
      << actual << "; inputs " << describe_inputs(model_.inputs()) << "; " << result_.events << " events before";
    result_.mismatch = s.str();
    return false;
  }

  bool compare_outputs(const char* where) {
    const PortOutputs e = model_.outputs();
    const PortOutputs a = rtl_.outputs();
    ++result_.port_reads;
    if (e.evt_ready != a.evt_ready) return fail(where, "evt_ready_o", e.evt_ready, a.evt_ready);
    if (e.busy != a.busy) return fail(where, "busy_o", e.busy, a.busy);
    if (e.rd_data != a.rd_data) {
      const auto& in = model_.inputs();
      return fail(where, "rd_data_o (W[" + std::to_string(in.rd_post) + "][" + std::to_string(in.rd_pre) + "])",
                  e.rd_data, a.rd_data);
    }
    return true;
  }

  bool compare_counters(const char* where) {
    rtl_.read_dac(dac_.data());
    result_.counter_compares += PortModel::kCounters;
    if (std::memcmp(dac_.data(), model_.counters(), sizeof dac_) == 0) return true;
    for (int i = 0; i < PortModel::kCounters; ++i) {
      if (dac_[static_cast<std::size_t>(i)] == model_.counters()[i]) continue;
      const int k = i / kNeuronsMax;
      const int n = i % kNeuronsMax;
      int differing = 0;
      for (int j = 0; j < PortModel::kCounters; ++j) differing += dac_[static_cast<std::size_t>(j)] != model_.counters()[j];
      std::string signal = "dac_o W[n=" + std::to_string(n) + "][k=" + std::to_string(k) + "]";
      if (n >= model_.neurons() || k >= model_.neurons()) signal += " (outside the N x N network)";
      if (n == k) signal += " (diagonal)";
      signal += ", " + std::to_string(differing) + " counter(s) differ,";
      return fail(where, signal, model_.counters()[i], dac_[static_cast<std::size_t>(i)]);
    }
    return true;
  }

  // Every counter through the combinational read port (no clock).
  bool read_back_all() {
    PortInputs in = model_.inputs();
    for (int k = 0; k < kNeuronsMax; ++k)
      for (int n = 0; n < kNeuronsMax; ++n) {
        in.rd_post = n;
        in.rd_pre = k;
        model_.drive(in);
        rtl_.drive(in);
        if (!compare_outputs("read-back of every counter after reset")) return false;
      }
    return true;
  }

  bool one_cycle() {
    const bool busy_before = model_.busy();
    const PortInputs in = stim_.next(model_);
    auto& cov = result_.coverage;
    if (stim_.reconfigured_neurons()) cov.hit(Bin::ReconfiguredNeurons);
    if (stim_.reconfigured_bits()) cov.hit(Bin::ReconfiguredBits);
    if (stim_.mid_stream_reset()) cov.hit(Bin::ResetMidStream);
    if (!in.rst_n && prev_rst_n_) {
      ++result_.resets;
      if (busy_before) cov.hit(Bin::ResetDuringWalk);
    }
    if (in.learn_en != prev_learn_en_ && (in.evt_valid || busy_before)) cov.hit(Bin::LearnToggledInFlight);
    if (in.evt_valid && busy_before) cov.hit(Bin::EventWhileBusy);
    if (in.evt_valid && in.wr_en && in.rst_n) cov.hit(Bin::EventAndWriteSameCycle);
    prev_rst_n_ = in.rst_n;
    prev_learn_en_ = in.learn_en;

    model_.drive(in);
    rtl_.drive(in);
    if (!compare_outputs("clock low, inputs driven")) return false;
    if (!in.rst_n && !compare_counters("reset asserted")) return false;

    // Coverage of what this edge does, from the state before it.
    const int N = in.cfg_neurons;
    const int max = model_.counter_max();
    const int min = model_.counter_min();
    const EdgeActivity act = model_.clock();
    rtl_.clock();
    if (!compare_counters("after the rising edge") || !compare_outputs("after the rising edge")) return false;
    stim_.observe(act);

    if (act.fired) {
      ++result_.events;
      if (valid_since_fire_) cov.hit(Bin::BackToBackEvents);
      if (!in.learn_en && in.evt_pre < N) cov.hit(Bin::EventLearningDisabled);
      if (in.evt_pre >= N) cov.hit(Bin::EventFromOutside);
    }
    if (act.applied) {
      ++result_.applied;
      if (in.evt_pre == N - 1 && N > 1) cov.hit(Bin::EventFromLastColumn);
      if (N == 1) cov.hit(Bin::NeuronsOne);
      if (N == kNeuronsMax) cov.hit(Bin::NeuronsMax);
    }
    valid_since_fire_ = in.rst_n && (act.fired || (valid_since_fire_ && in.evt_valid));
    if (act.wrote) {
      ++result_.writes;
      if (in.wr_data > max) cov.hit(Bin::WriteClampedHigh);
      if (in.wr_data < min) cov.hit(Bin::WriteClampedLow);
      if (in.wr_post >= N || in.wr_pre >= N) cov.hit(Bin::WriteOutsideNetwork);
      if (in.wr_post == in.wr_pre) cov.hit(Bin::WriteDiagonal);
    }
    if (act.walk_stalled) cov.hit(Bin::WriteStallsWalk);
    if (act.stepped_rows > 0) {
      if (in.cfg_bits < 2) cov.hit(Bin::BitsBelowTwoClamped);
      if (in.cfg_bits > kBitsMax) cov.hit(Bin::BitsAboveMaxClamped);
      if (in.cfg_bits == 2) cov.hit(Bin::BitsTwo);
      if (in.cfg_bits == kBitsMax) cov.hit(Bin::BitsMax);
      for (int code = 0; code < 4; ++code)
        for (int state = 0; state < 3; ++state)
          if (act.steps_by_code[static_cast<std::size_t>(code)][static_cast<std::size_t>(state)])
            cov.hit_step(code, state, act.steps_by_code[static_cast<std::size_t>(code)][static_cast<std::size_t>(state)]);
    }
    if (stim_.take_read_back_request()) {
      if (!read_back_all()) return false;
      cov.hit(Bin::ReadBackAfterReset);
    }
    return true;
  }

  RtlPorts& rtl_;
  ScoreboardOptions o_;
  PortModel model_;
  ProtocolStimulus stim_;
  ScoreboardResult result_;
  std::array<std::int16_t, PortModel::kCounters> dac_{};
  std::int64_t cycle_ = 0;
  bool prev_rst_n_ = true;
  bool prev_learn_en_ = true;
  bool valid_since_fire_ = false;
};

}  // namespace

ScoreboardResult run_scoreboard(RtlPorts& rtl, const ScoreboardOptions& options) { return Board(rtl, options).run(); }

std::string summary(const ScoreboardOptions& o, const ScoreboardResult& r) {
  std::ostringstream s;
  if (!r.matched) {
    s << r.mismatch << " (style " << name_of(o.style) << ", seed " << o.seed << ")";
    return s.str();
  }
  const auto uncovered = r.coverage.uncovered();
  s << "matched " << r.cycles << " cycles / " << r.events << " events (style " << name_of(o.style) << ", seed "
    << o.seed << "; " << r.applied << " applied, " << r.writes << " writes, " << r.resets << " resets, "
    << r.port_reads << " port reads, " << r.counter_compares << " counter compares; functional bins "
    << r.coverage.bins() - static_cast<int>(uncovered.size()) << "/" << r.coverage.bins() << " hit)";
  return s.str();
}

}  // namespace ebn::rtl
