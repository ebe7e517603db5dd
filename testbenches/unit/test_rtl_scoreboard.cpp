// The port-level reference model (directed, against the specification in rtl/README.md), the
// scoreboard on the Verilated C++-mode netlists of both styles (and its must-fail side: planted
// mutants and corrupted pins are reported with cycle, signal, expected and actual), and the
// Verilator coverage-file reader with its waivers.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ebn/errors.h"
#include "ebn_rtl/coverage_report.h"
#include "ebn_rtl/port_model.h"
#include "ebn_rtl/scoreboard.h"

namespace ebn::rtl {
namespace {

PortInputs idle(int neurons, int bits) {
  PortInputs in;
  in.cfg_neurons = neurons;
  in.cfg_bits = bits;
  return in;
}

// Reset, then the inputs for the first cycle.
PortModel fresh(UpdateStyle style, const PortInputs& in) {
  PortModel m(style);
  PortInputs r = in;
  r.rst_n = false;
  m.drive(r);
  m.clock();
  m.drive(in);
  return m;
}

TEST(PortModel, ParallelWriteHasPriorityAndTheEventWaits) {
  PortInputs in = idle(4, 4);
  in.evt_valid = true;
  in.evt_pre = 1;
  in.evt_inc = 0xF;
  in.wr_en = true;
  in.wr_post = 0;
  in.wr_pre = 1;
  in.wr_data = 100;  // clamped to +7
  PortModel m = fresh(UpdateStyle::Parallel, in);
  EXPECT_FALSE(m.outputs().evt_ready);
  auto a = m.clock();
  EXPECT_TRUE(a.wrote);
  EXPECT_FALSE(a.fired);
  EXPECT_EQ(m.weight(0, 1), 7);
  in.wr_en = false;
  m.drive(in);
  EXPECT_TRUE(m.outputs().evt_ready);
  a = m.clock();
  EXPECT_TRUE(a.applied);
  EXPECT_EQ(m.weight(0, 1), 7);  // held at +max
  EXPECT_EQ(m.weight(2, 1), 1);
  EXPECT_EQ(m.weight(1, 1), 0);  // diagonal
  EXPECT_EQ(m.weight(4, 1), 0);  // outside N
}

TEST(PortModel, SerialWalkTakesOnePlusNCyclesAndAWriteStallsIt) {
  const int N = 3;
  PortInputs in = idle(N, 8);
  in.evt_valid = true;
  in.evt_pre = 2;
  in.evt_dec = 0x7;
  PortModel m = fresh(UpdateStyle::Serial, in);
  EXPECT_TRUE(m.clock().applied);  // accepting edge: nothing stepped yet
  EXPECT_EQ(m.weight(0, 2), 0);
  in.evt_valid = false;
  m.drive(in);
  EXPECT_TRUE(m.outputs().busy);
  EXPECT_FALSE(m.outputs().evt_ready);
  m.clock();  // row 0
  EXPECT_EQ(m.weight(0, 2), -1);
  in.wr_en = true;  // stalls row 1
  in.wr_post = 5;
  in.wr_pre = 5;
  in.wr_data = -3;
  m.drive(in);
  EXPECT_TRUE(m.clock().walk_stalled);
  EXPECT_EQ(m.weight(1, 2), 0);
  EXPECT_EQ(m.weight(5, 5), -3);  // outside the network: a write may go anywhere
  in.wr_en = false;
  m.drive(in);
  m.clock();  // row 1
  EXPECT_EQ(m.weight(1, 2), -1);
  EXPECT_TRUE(m.outputs().busy);
  m.clock();  // row 2 = k: the diagonal is skipped, the walk ends
  EXPECT_EQ(m.weight(2, 2), 0);
  EXPECT_FALSE(m.outputs().busy);
  EXPECT_TRUE(m.outputs().evt_ready);
}

TEST(PortModel, DropsEventsFromOutsideOrWithLearningOffAndResetsAsynchronously) {
  PortInputs in = idle(2, 2);
  in.evt_valid = true;
  in.evt_pre = 2;  // k >= N
  in.evt_inc = 0x3;
  in.evt_dec = 0x1;  // row 0: both high = hold
  PortModel m = fresh(UpdateStyle::Parallel, in);
  auto a = m.clock();
  EXPECT_TRUE(a.fired);
  EXPECT_FALSE(a.applied);
  in.evt_pre = 0;
  in.learn_en = false;
  m.drive(in);
  EXPECT_FALSE(m.clock().applied);
  in.learn_en = true;
  in.evt_pre = 1;
  m.drive(in);
  m.clock();
  EXPECT_EQ(m.weight(0, 1), 0);  // inc & dec: hold
  in.evt_pre = 0;
  m.drive(in);
  m.clock();
  EXPECT_EQ(m.weight(1, 0), 1);  // B = 2: +max = 1
  m.clock();
  EXPECT_EQ(m.weight(1, 0), 1);
  in.rst_n = false;
  m.drive(in);  // no clock needed
  EXPECT_EQ(m.weight(1, 0), 0);
}

TEST(PortModel, ClampsTheConfiguredWidth) {
  PortInputs in = idle(2, 0);
  PortModel m = fresh(UpdateStyle::Parallel, in);
  EXPECT_EQ(m.effective_bits(), 2);
  in.cfg_bits = 31;
  m.drive(in);
  EXPECT_EQ(m.effective_bits(), 16);
  EXPECT_EQ(m.counter_max(), 32767);
  EXPECT_EQ(m.counter_min(), -32768);
}

ScoreboardOptions options(UpdateStyle style, std::int64_t cycles, std::uint64_t seed = 7) {
  ScoreboardOptions o;
  o.style = style;
  o.cycles = cycles;
  o.seed = seed;
  return o;
}

TEST(Scoreboard, BothStylesMatchAndHitEveryBin) {
  for (UpdateStyle style : {UpdateStyle::Parallel, UpdateStyle::Serial}) {
    auto ports = make_cc_ports(style);
    const auto o = options(style, 200000);
    const auto r = run_scoreboard(*ports, o);
    EXPECT_TRUE(r.matched) << summary(o, r);
    EXPECT_EQ(r.cycles, 200000);
    EXPECT_GT(r.events, 10000);
    EXPECT_TRUE(r.coverage.uncovered().empty()) << summary(o, r) << ": " << r.coverage.uncovered().front();
    EXPECT_NE(summary(o, r).find("matched 200000 cycles / "), std::string::npos);
  }
}

TEST(Scoreboard, SameSeedSameRun) {
  auto run = [](std::uint64_t seed) {
    auto ports = make_cc_ports(UpdateStyle::Serial);
    return run_scoreboard(*ports, options(UpdateStyle::Serial, 20000, seed));
  };
  const auto a = run(5), b = run(5), c = run(6);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.writes, b.writes);
  EXPECT_EQ(a.resets, b.resets);
  EXPECT_NE(a.events * 1000003 + a.writes, c.events * 1000003 + c.writes);
}

TEST(Scoreboard, CatchesThePlantedMutantsAtOnce) {
  for (Mutation m : {Mutation::Saturation, Mutation::SwapKn, Mutation::Diagonal}) {
    auto ports = make_cc_ports(UpdateStyle::Parallel, m);
    const auto o = options(UpdateStyle::Parallel, 200000);
    const auto r = run_scoreboard(*ports, o);
    EXPECT_FALSE(r.matched) << name_of(m);
    EXPECT_LT(r.cycles, 20000) << name_of(m) << " caught late: " << r.mismatch;
    EXPECT_NE(r.mismatch.find("MISMATCH at cycle " + std::to_string(r.cycles)), std::string::npos) << r.mismatch;
    EXPECT_NE(r.mismatch.find("dac_o W[n="), std::string::npos) << r.mismatch;
  }
}

// A netlist whose pins lie in one way: the scoreboard must name that pin.
class CorruptPorts : public RtlPorts {
 public:
  enum class Lie { ReadyDuringWrite, BusyStuck, ReadAddressSwapped, LastCounterStuck };
  CorruptPorts(UpdateStyle style, Lie lie) : inner_(make_cc_ports(style)), lie_(lie) {}
  void drive(const PortInputs& in) override {
    in_ = in;
    PortInputs sent = in;
    if (lie_ == Lie::ReadAddressSwapped) std::swap(sent.rd_post, sent.rd_pre);
    inner_->drive(sent);
  }
  PortOutputs outputs() override {
    PortOutputs o = inner_->outputs();
    if (lie_ == Lie::ReadyDuringWrite && in_.wr_en) o.evt_ready = true;
    if (lie_ == Lie::BusyStuck && !in_.rst_n) o.busy = true;
    return o;
  }
  void clock() override { inner_->clock(); }
  void read_dac(std::int16_t* out) override {
    inner_->read_dac(out);
    if (lie_ == Lie::LastCounterStuck) out[PortModel::kCounters - 1] = 5;
  }

 private:
  std::unique_ptr<RtlPorts> inner_;
  Lie lie_;
  PortInputs in_;
};

TEST(Scoreboard, NamesTheLyingPin) {
  const struct {
    CorruptPorts::Lie lie;
    UpdateStyle style;
    const char* signal;
  } cases[] = {{CorruptPorts::Lie::ReadyDuringWrite, UpdateStyle::Parallel, "evt_ready_o expected 0 actual 1"},
               {CorruptPorts::Lie::BusyStuck, UpdateStyle::Serial, "busy_o expected 0 actual 1"},
               {CorruptPorts::Lie::ReadAddressSwapped, UpdateStyle::Parallel, "rd_data_o (W["},
               {CorruptPorts::Lie::LastCounterStuck, UpdateStyle::Serial,
                "dac_o W[n=31][k=31] (outside the N x N network) (diagonal)"}};
  for (const auto& c : cases) {
    CorruptPorts ports(c.style, c.lie);
    const auto r = run_scoreboard(ports, options(c.style, 100000));
    EXPECT_FALSE(r.matched);
    EXPECT_NE(r.mismatch.find(c.signal), std::string::npos) << r.mismatch;
  }
}

// --- coverage files ------------------------------------------------------------------------------

std::string point(const std::string& page, const std::string& file, int line, const std::string& comment, int count) {
  return "C '\001f\002/x/" + file + "\001l\002" + std::to_string(line) + "\001page\002" + page + "/m\001o\002" + comment +
         "\001h\002top.m' " + std::to_string(count) + "\n";
}

TEST(CoverageReport, SumsFilesAndAppliesWaiversBySourceText) {
  const auto dir = std::filesystem::temp_directory_path() / "ebn_test_coverage_report";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "m.sv") << "line one\n  DecisionInc: foo\nline three\n";
  std::ofstream(dir / "a.dat") << "# SystemC::Coverage-3\n"
                               << point("v_line", "m.sv", 1, "block", 5) << point("v_line", "m.sv", 2, "case", 0)
                               << point("v_toggle", "m.sv", 3, "sig[0]", 0) << point("v_toggle", "m.sv", 3, "sig[1]", 0);
  std::ofstream(dir / "b.dat") << "# SystemC::Coverage-3\n" << point("v_toggle", "m.sv", 3, "sig[1]", 2);
  CoverageData data;
  data.add_file((dir / "a.dat").string());
  data.add_file((dir / "b.dat").string());
  auto s = data.summarize();
  EXPECT_EQ(s.line.points, 2);
  EXPECT_EQ(s.line.covered, 1);
  EXPECT_EQ(s.toggle.points, 2);
  EXPECT_EQ(s.toggle.covered, 1);  // sig[1] hit in b.dat
  ASSERT_EQ(s.line.uncovered.size(), 1u);
  EXPECT_EQ(s.line.uncovered[0], "m.sv:2: case (top.m)");

  std::ofstream(dir / "w.json") << R"({"waivers": [
    {"kind": "line", "file": "m.sv", "source": "DecisionInc:", "comment": "case", "reason": "false zero", "requires_bins": ["inc"]},
    {"kind": "toggle", "file": "m.sv", "comment": "sig[0]", "reason": "constant"}]})";
  const auto waivers = load_coverage_waivers((dir / "w.json").string());
  auto with_bins = apply_waivers(s, waivers, dir.string(), "3\tparallel: inc\n4\tserial: inc\n");
  EXPECT_TRUE(with_bins.line.uncovered.empty());
  EXPECT_TRUE(with_bins.toggle.uncovered.empty());
  EXPECT_EQ(with_bins.line.waived.size(), 1u);
  // The evidence is missing in one style: the waiver does not hold.
  EXPECT_EQ(apply_waivers(s, waivers, dir.string(), "3\tparallel: inc\n0\tserial: inc\n").line.uncovered.size(), 1u);
  // The source line no longer says what the waiver is about (RTL changed): not waived.
  std::ofstream(dir / "m.sv") << "line one\n  something else\nline three\n";
  EXPECT_EQ(apply_waivers(s, waivers, dir.string(), "3\tparallel: inc\n").line.uncovered.size(), 1u);
  std::filesystem::remove_all(dir);
}

TEST(CoverageReport, BadInputNamesFileAndLine) {
  const auto dir = std::filesystem::temp_directory_path() / "ebn_test_coverage_bad";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.dat") << "# SystemC::Coverage-3\nC 'x' 1\nnonsense\n";
  CoverageData data;
  try {
    data.add_file((dir / "bad.dat").string());
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.dat:3"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "w.json") << R"({"waivers": [{"kind": "branch", "file": "m.sv", "comment": "x", "reason": "y"}]})";
  EXPECT_THROW(load_coverage_waivers((dir / "w.json").string()), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ebn::rtl
