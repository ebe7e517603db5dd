// Recordings that are fine but formatted differently must replay exactly like the original
// (issue 10): the Sim1 recording is copied into a temporary folder and rewritten with CRLF line
// ends, a UTF-8 byte-order mark, trailing spaces, extra columns, extra files, or with signals on
// a different time grid (extra samples on the same straight segments). Calibration and replay
// run on each copy and on the original; the reports must agree (the data never enters the
// repository: it is rewritten at test time).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "chip/replay/replay.h"
#include "ebn/config_reader.h"
#include "recording/recording.h"
#include "shared_data.h"
#include "temp_recording.h"

namespace {

const std::string kSim1 = ebn::test::shared_path("sim_data/spectre/sim1");
const char* const kFiles[] = {"Sim1_INPUT.csv", "Sim1_I_mem.csv", "Sim1_INC.csv", "Sim1_SL.csv", "Sim1_BitValue.csv"};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;
}

// The report without what legitimately differs (paths, wall-clock timing, warnings of the copy).
ebn::Json comparable(const std::string& dir) {
  const auto rec = recording::load_recording(dir);
  ebn::Json j = chip::replay::report_json(chip::replay::run_replay(rec, nullptr));
  j.erase("timing_s");
  j.erase("recording");
  j["params"].erase("source");
  return j;
}

const ebn::Json& original() {
  static const ebn::Json j = comparable(kSim1);
  return j;
}

// Writes every Sim1 file through `rewrite(name, text)` into a fresh folder and returns its report.
ebn::Json rewritten(const std::string& tag, const std::function<std::string(const std::string&, const std::string&)>& rewrite,
                  const std::function<void(const ebn::test::TempDir&)>& extra = nullptr) {
  ebn::test::TempDir d("format_" + tag);
  for (const char* f : kFiles) d.write(f, rewrite(f, slurp(kSim1 + "/" + f)));
  if (extra) extra(d);
  return comparable(d.path());
}

std::string map_lines(const std::string& text, const std::function<std::string(std::size_t, const std::string&)>& f,
                      const std::string& eol = "\n") {
  std::string out;
  const auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) out += f(i, lines[i]) + eol;
  return out;
}

TEST(RecordingFormats, CrlfLineEnds) {
  EBN_REQUIRE_SHARED(kSim1);
  EXPECT_EQ(rewritten("crlf", [](auto&, auto& t) { return map_lines(t, [](auto, auto& l) { return l; }, "\r\n"); }),
            original());
}

TEST(RecordingFormats, ByteOrderMark) {
  EBN_REQUIRE_SHARED(kSim1);
  EXPECT_EQ(rewritten("bom", [](auto&, auto& t) { return "\xEF\xBB\xBF" + t; }), original());
}

TEST(RecordingFormats, TrailingSpaces) {
  EBN_REQUIRE_SHARED(kSim1);
  EXPECT_EQ(rewritten("spaces", [](auto&, auto& t) { return map_lines(t, [](auto, auto& l) { return l + "  \t "; }); }),
            original());
}

TEST(RecordingFormats, ExtraColumns) {
  EBN_REQUIRE_SHARED(kSim1);
  EXPECT_EQ(rewritten("columns",
                    [](auto&, auto& t) {
                      return map_lines(t, [](std::size_t i, auto& l) { return l + (i == 0 ? ",/vdd Y" : ",1.8"); });
                    }),
            original());
}

TEST(RecordingFormats, ExtraFiles) {
  EBN_REQUIRE_SHARED(kSim1);
  EXPECT_EQ(rewritten("files", [](auto&, auto& t) { return t; },
                    [](const ebn::test::TempDir& d) {
                      d.write("Sim1_VDD.csv", "/vdd X,/vdd Y\n0,1.8\n0.5,1.8\n");
                      d.write("notes.txt", "exported from Spectre\n");
                      d.write("Sim1_INPUT.csv.orig", "not a signal");
                    }),
            original());
}

// Extra samples at the midpoints of I_mem's and the counter's segments: the same piecewise-linear
// signals on another (finer, no longer shared) time grid. Decisions and counters must be
// identical; analog figures agree to rounding (the midpoint values are rounded to 17 digits).
TEST(RecordingFormats, SignalsOnDifferentTimeGrids) {
  EBN_REQUIRE_SHARED(kSim1);
  const ebn::Json v = rewritten("grid", [](const std::string& name, const std::string& t) {
    if (name != "Sim1_I_mem.csv" && name != "Sim1_BitValue.csv") return t;
    const auto lines = lines_of(t);
    std::string out = lines[0] + "\n";
    double t0 = 0, v0 = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      double t1, v1;
      std::sscanf(lines[i].c_str(), "%lf,%lf", &t1, &v1);
      if (i > 1 && i % 3 == 0) {  // a third of the segments get a midpoint
        char b[96];
        std::snprintf(b, sizeof b, "%.17g,%.17g\n", 0.5 * (t0 + t1), 0.5 * (v0 + v1));
        out += b;
      }
      out += lines[i] + "\n";
      t0 = t1;
      v0 = v1;
    }
    return out;
  });
  const ebn::Json& o = original();
  EXPECT_EQ(v["open_loop"], o["open_loop"]);
  EXPECT_EQ(v["events"]["spikes"], o["events"]["spikes"]);
  for (const char* k : {"matched", "total", "confusion", "final_counter_model", "final_counter_recorded",
                        "turning_points_model", "turning_points_recorded", "counts_model", "updates_model"})
    EXPECT_EQ(v["closed_loop"][k], o["closed_loop"][k]) << k;
  EXPECT_NEAR(v["replay_imem_rmse_nA"].get<double>(), o["replay_imem_rmse_nA"].get<double>(), 1e-4);
  EXPECT_NEAR(v["closed_loop"]["imem_rmse_nA"].get<double>(), o["closed_loop"]["imem_rmse_nA"].get<double>(), 1e-3);
  EXPECT_NEAR(v["params"]["window"]["i_lower_A"].get<double>(), o["params"]["window"]["i_lower_A"].get<double>(), 1e-13);
  EXPECT_NEAR(v["params"]["window"]["i_upper_A"].get<double>(), o["params"]["window"]["i_upper_A"].get<double>(), 1e-13);
  std::printf("different grids: replay RMSE %.6f vs %.6f nA, closed loop %d/%d vs %d/%d\n",
              v["replay_imem_rmse_nA"].get<double>(), o["replay_imem_rmse_nA"].get<double>(),
              v["closed_loop"]["matched"].get<int>(), v["closed_loop"]["total"].get<int>(),
              o["closed_loop"]["matched"].get<int>(), o["closed_loop"]["total"].get<int>());
}

// The original itself passes the plausibility checks without any warning.
TEST(RecordingFormats, Sim1IsPlausibleWithoutWarnings) {
  EBN_REQUIRE_SHARED(kSim1);
  const auto rec = recording::load_recording(kSim1);
  EXPECT_TRUE(rec.warnings.empty()) << rec.warnings.front();
}

}  // namespace
