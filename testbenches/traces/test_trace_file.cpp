// Windowed traces (ebn/vcd_window.h) and trace formats (ebn/trace_file.h). The windowed file is
// checked against the source with an independent, naive VCD evaluator (full replay of every
// change up to a time): at every probe time tau, each signal in the window file at tau equals
// the source at start + tau.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ebn/errors.h"
#include "ebn/trace_file.h"
#include "ebn/vcd_window.h"

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("ebn_trace_" + std::to_string(::getpid()) + "_" + name)).string();
}

std::string read(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Naive evaluator: value of every identifier at time `t` (ticks), last change at or before t.
std::map<std::string, std::string> values_at(const std::string& vcd, long long t) {
  std::map<std::string, std::string> v;
  std::istringstream in(vcd.substr(vcd.find("$enddefinitions")));
  std::string tok;
  in >> tok >> tok;  // $enddefinitions $end
  long long now = 0;
  while (in >> tok) {
    if (tok[0] == '#') {
      now = std::stoll(tok.substr(1));
      if (now > t) break;
    } else if (tok == "$comment") {
      while (in >> tok && tok != "$end") {
      }
    } else if (tok[0] == '$') {
      continue;
    } else if (tok[0] == 'b' || tok[0] == 'r') {
      std::string id;
      in >> id;
      v[id] = tok;
    } else {
      v[tok.substr(1)] = tok.substr(0, 1);
    }
  }
  return v;
}

long long last_time(const std::string& vcd) {
  const auto p = vcd.rfind("\n#");
  return std::stoll(vcd.substr(p + 2));
}

// A SystemC-like VCD: idle from 0 to 110 s (nothing changes after the initial dump), then a
// burst of scalar, vector and real changes from 110 s to 111 s; 1 ps resolution.
std::string make_source() {
  std::mt19937 rng(5);
  std::ostringstream s;
  s << "$date\n  today\n$end\n$version\n SystemC 2.3.4\n$end\n$timescale\n     1 ps\n$end\n"
    << "$scope module SystemC $end\n$var wire 1 aa flag $end\n$var wire 32 ab count [31:0] $end\n"
    << "$var real 1 ac i_mem $end\n$upscope $end\n$enddefinitions  $end\n\n$comment\nAll initial values are dumped below at time 0 sec = 0 timescale units.\n$end\n\n"
    << "$dumpvars\n0aa\nb0 ab\nr0 ac\n$end\n\n";
  const long long start = 110'000'000'000'000LL;
  for (int i = 0; i < 400; ++i) {
    const long long t = start + static_cast<long long>(i) * 2'500'000'000LL;  // 2.5 ms
    s << "#" << t << "\n";
    if (rng() % 2) s << (rng() % 2 ? "1aa" : "0aa") << "\n";
    if (rng() % 2) s << "b" << std::to_string(rng() % 2) << std::to_string(rng() % 2) << "1 ab\n";
    s << "r" << (rng() % 1000) * 1e-12 << " ac\n";
  }
  return s.str();
}

TEST(VcdWindow, WindowStartsAtTheWindowAndMatchesTheSourceEverywhere) {
  const std::string src = temp_path("src.vcd"), out = temp_path("win.vcd");
  const std::string text = make_source();
  std::ofstream(src) << text;
  const double start_s = 110.2, end_s = 110.7;
  const ebn::VcdWindowResult r = ebn::window_vcd(src, out, {start_s, end_s}, "test window");
  const std::string w = read(out);
  EXPECT_DOUBLE_EQ(r.timescale_s, 1e-12);
  EXPECT_EQ(r.start_tick, 110'200'000'000'000LL);
  EXPECT_EQ(last_time(w), 500'000'000'000LL);  // the file spans exactly the 0.5 s window
  EXPECT_NE(w.find("time 0 of this file = 110.2 s"), std::string::npos);
  EXPECT_NE(w.find("(test window); SystemC 2.3.4"), std::string::npos);
  EXPECT_GT(r.changes, 100);
  for (long long tau = 0; tau <= 500'000'000'000LL; tau += 1'250'000'000LL) {  // half the change step
    const auto a = values_at(text, r.start_tick + tau), b = values_at(w, tau);
    ASSERT_EQ(a, b) << "tau = " << tau << " ps";
  }
  std::filesystem::remove(src);
  std::filesystem::remove(out);
}

TEST(VcdWindow, WindowAfterTheLastChangeHoldsTheFinalState) {
  const std::string src = temp_path("src2.vcd"), out = temp_path("win2.vcd");
  const std::string text = make_source();
  std::ofstream(src) << text;
  ebn::window_vcd(src, out, {200.0, 201.0}, "after the end");
  const std::string w = read(out);
  EXPECT_EQ(values_at(w, 0), values_at(text, 300'000'000'000'000LL));
  EXPECT_EQ(last_time(w), 1'000'000'000'000LL);
  std::filesystem::remove(src);
  std::filesystem::remove(out);
}

TEST(VcdWindow, MalformedInputIsAnInputErrorNamingTheFile) {
  const std::string src = temp_path("bad.vcd"), out = temp_path("bad_out.vcd");
  std::ofstream(src) << "$timescale 1 ps $end\n$var wire 1 ! a $end\n";  // no $enddefinitions
  try {
    ebn::window_vcd(src, out, {0.0, -1.0}, "x");
    FAIL() << "no error";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(src), std::string::npos);
  }
  std::ofstream(src) << "$timescale 1 parsec $end\n$enddefinitions $end\n#0\n";
  EXPECT_THROW(ebn::window_vcd(src, out, {0.0, -1.0}, "x"), ebn::InputError);
  std::filesystem::remove(src);
  std::filesystem::remove(out);
}

TEST(TraceFormat, FromOptionOrFileName) {
  EXPECT_EQ(ebn::resolve_trace_format("", "a.vcd"), ebn::TraceFormat::Vcd);
  EXPECT_EQ(ebn::resolve_trace_format("", "a.fst"), ebn::TraceFormat::Fst);
  EXPECT_EQ(ebn::resolve_trace_format("", "a"), ebn::TraceFormat::Fst);
  EXPECT_EQ(ebn::resolve_trace_format("vcd", "a"), ebn::TraceFormat::Vcd);
  EXPECT_THROW(ebn::resolve_trace_format("fst", "a.vcd"), ebn::InputError);
  EXPECT_THROW(ebn::resolve_trace_format("lxt", "a"), ebn::InputError);
  EXPECT_EQ(ebn::with_trace_extension("x/run.vcd", ebn::TraceFormat::Fst), "x/run.fst");
}

// FST through vcd2fst, read back with fst2vcd (both GTKWave tools): same values, same span, the
// offset kept in the header ($version survives the conversion; $comment does not).
TEST(TraceFormat, FstHoldsTheSameWindow) {
  if (std::system("command -v vcd2fst > /dev/null && command -v fst2vcd > /dev/null") != 0)
    GTEST_SKIP() << "vcd2fst/fst2vcd not installed (Debian package gtkwave)";
  const std::string src = temp_path("src3.vcd"), vcd = temp_path("w3.vcd"), fst = temp_path("w3.fst"),
                    back = temp_path("back3.vcd");
  const std::string text = make_source();
  std::ofstream(src) << text;
  std::ofstream(temp_path("src4.vcd")) << text;
  ebn::AtomicFile vcd_file(vcd), fst_file(fst);
  const ebn::TraceInfo iv = ebn::finish_trace(src, vcd_file, ebn::TraceFormat::Vcd, {110.2, 110.7}, "vcd");
  const ebn::TraceInfo inf = ebn::finish_trace(temp_path("src4.vcd"), fst_file, ebn::TraceFormat::Fst, {110.2, 110.7}, "fst");
  EXPECT_FALSE(std::filesystem::exists(src)) << "raw VCD not removed";
  EXPECT_FALSE(std::filesystem::exists(vcd_file.temp_path())) << "temporary file left";
  EXPECT_DOUBLE_EQ(iv.origin_s, 110.2);
  EXPECT_DOUBLE_EQ(inf.duration_s, 0.5);
  ASSERT_EQ(std::system(("fst2vcd " + fst + " > " + back).c_str()), 0);
  const std::string w = read(vcd), b = read(back);
  EXPECT_NE(b.find("time 0 of this file = 110.2 s"), std::string::npos);
  EXPECT_EQ(last_time(b), last_time(w));
  // fst2vcd renames identifiers and pads vectors: compare by signal count and real values.
  for (long long tau : {0LL, 100'000'000'000LL, 499'000'000'000LL}) {
    auto a = values_at(w, tau), c = values_at(b, tau);
    EXPECT_EQ(a.size(), c.size());
    double reals_a = 0, reals_c = 0;
    for (auto& [id, v] : a) reals_a += v[0] == 'r' ? std::stod(v.substr(1)) : 0.0;
    for (auto& [id, v] : c) reals_c += v[0] == 'r' ? std::stod(v.substr(1)) : 0.0;
    EXPECT_GT(reals_a, 0.0);
    EXPECT_DOUBLE_EQ(reals_a, reals_c) << "tau " << tau;
  }
  for (const auto& p : {vcd, fst, back}) std::filesystem::remove(p);
}

}  // namespace
