// Level 5 building blocks without a transient: netlist expansion (includes, .lib sections,
// corners, model map, origins), seeded mismatch, digital lines, VCD, and the recording writer
// read back by the recording library (the format `ebn calibrate` / `ebn replay` use).
#include <gtest/gtest.h>

#include <cmath>

#include <filesystem>
#include <fstream>
#include <string>

#include "ebn/errors.h"
#include "recording/events.h"
#include "recording/recording.h"
#include "recording/recording_writer.h"
#include "spice/digital_line.h"
#include "spice/netlist_deck.h"
#include "spice/vcd_writer.h"

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("ebn_spice_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

const char* kLib =
    "* lib\n.lib tt\n.param dvt=0\n.include core.inc\n.endl tt\n.lib ff\n.param dvt=-0.04\n.include core.inc\n"
    ".endl ff\n";
const char* kCore = ".model nch nmos level=8\n+ vth0={0.37+dvt}\n.model pch pmos level=8\n";

}  // namespace

TEST(SpiceDeck, ExpandsLibSectionsIncludesAndKeepsOrigins) {
  const auto d = scratch("deck");
  fs::create_directories(d / "models");
  write(d / "models/lib.lib", kLib);
  write(d / "models/core.inc", kCore);
  write(d / "top.cir",
        "title\n.lib \"models/lib.lib\" tt\nm1 a b 0 0 nch w=1u\n+ l=2u\n.tran 1u 1m\n.control\nrun\n.endc\n.end\n");
  const auto deck = spice::read_deck((d / "top.cir").string(), {});
  // title, .param, 2 models (continuation joined), m1 -- .tran/.control/.end dropped
  ASSERT_EQ(deck.lines.size(), 5u);
  EXPECT_NE(deck.lines[2].text.find("vth0={0.37+dvt}"), std::string::npos);
  EXPECT_EQ(deck.lines[4].text, "m1 a b 0 0 nch w=1u l=2u");
  EXPECT_EQ(deck.origin_of("m1 a b"), (d / "top.cir").string() + ":3");
  EXPECT_NE(deck.origin_of(".model nch").find("core.inc:1"), std::string::npos);

  spice::DeckOptions ff;
  ff.corner = "ff";
  ff.model_map = {{"nch", "nch_pdk"}};
  const auto deck_ff = spice::read_deck((d / "top.cir").string(), ff);
  EXPECT_EQ(deck_ff.lines[1].text, ".param dvt=-0.04");
  EXPECT_EQ(deck_ff.lines[4].text, "m1 a b 0 0 nch_pdk w=1u l=2u");
}

TEST(SpiceDeck, MissingModelFileOrSectionNamesTheLine) {
  const auto d = scratch("missing");
  write(d / "top.cir", "title\n* comment\n.lib \"nowhere.lib\" tt\n");
  try {
    spice::read_deck((d / "top.cir").string(), {});
    FAIL() << "no error";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("top.cir:3: model library"), std::string::npos) << e.what();
  }
  write(d / "lib.lib", kLib);
  write(d / "core.inc", kCore);
  write(d / "top2.cir", "title\n.lib lib.lib xx\n");
  try {
    spice::read_deck((d / "top2.cir").string(), {});
    FAIL() << "no error";
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("section 'xx' not found"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("top2.cir:2"), std::string::npos) << e.what();
  }
}

TEST(SpiceDeck, MismatchIsSeededPelgromAndSkipsSubckts) {
  const auto d = scratch("mc");
  write(d / "top.cir",
        "t\nm1 a b 0 0 nch w=1u l=1u\nm2 a b 0 0 nch w=4u l=4u m=4\nm3 a b v v pch w=1u l=1u\n"
        ".subckt s x\nm4 x x 0 0 nch w=1u l=1u\n.ends\n");
  auto a = spice::read_deck((d / "top.cir").string());
  auto b = spice::read_deck((d / "top.cir").string());
  auto c = spice::read_deck((d / "top.cir").string());
  spice::MismatchOptions o;
  o.seed = 7;
  const auto da = spice::apply_mismatch(a, o, "nch", "pch");
  const auto db = spice::apply_mismatch(b, o, "nch", "pch");
  o.seed = 8;
  const auto dc = spice::apply_mismatch(c, o, "nch", "pch");
  ASSERT_EQ(da.devices.size(), 3u);
  EXPECT_EQ(da.skipped_in_subckt, 1);
  EXPECT_EQ(da.delvto_V, db.delvto_V);  // same seed -> same draw, bit for bit
  EXPECT_NE(da.delvto_V, dc.delvto_V);
  EXPECT_NE(a.lines[1].text.find(" delvto="), std::string::npos);
  // Pelgrom: over many seeds the spread of the 1x1 device is 16x that of the 4x4 (m = 4) one.
  double s1 = 0, s2 = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    auto x = spice::read_deck((d / "top.cir").string());
    o.seed = seed;
    const auto dx = spice::apply_mismatch(x, o, "nch", "pch");
    s1 += dx.delvto_V[0] * dx.delvto_V[0];
    s2 += dx.delvto_V[1] * dx.delvto_V[1];
  }
  EXPECT_NEAR(std::sqrt(s1 / 400), 5e-3, 0.8e-3);
  EXPECT_NEAR(std::sqrt(s1 / s2), 8.0, 1.6);
}

// The level-5 floor's perturbation: a second, independent draw of scale x the same sigma, added
// to the die's draw (or alone); the die's own draw is unchanged when there is none.
TEST(SpiceDeck, MismatchPerturbationAddsAScaledIndependentDraw) {
  const auto d = scratch("perturb");
  write(d / "top.cir", "t\nm1 a b 0 0 nch w=1u l=1u\nm2 a b v v pch w=4u l=4u m=4\n");
  auto draw = [&](std::uint64_t seed, bool die, double scale, std::uint64_t perturbation_seed) {
    auto deck = spice::read_deck((d / "top.cir").string());
    spice::MismatchOptions o;
    o.seed = seed;
    o.die = die;
    o.perturbation_scale = scale;
    o.perturbation_seed = perturbation_seed;
    return spice::apply_mismatch(deck, o, "nch", "pch").delvto_V;
  };
  const auto die = draw(7, true, 0.0, 1), other = draw(9, true, 0.0, 1);
  const auto alone = draw(7, false, 1e-3, 9), both = draw(7, true, 1e-3, 9);
  ASSERT_EQ(die.size(), 2u);
  for (std::size_t i = 0; i < die.size(); ++i) {
    EXPECT_NEAR(alone[i], 1e-3 * other[i], 1e-15 * std::abs(other[i]));  // seed 9's draw, scaled
    EXPECT_NEAR(both[i], die[i] + 1e-3 * other[i], 1e-15 * std::abs(die[i]));
    EXPECT_NE(both[i], die[i]);
  }
}

TEST(SpiceDeck, SpiceNumbers) {
  EXPECT_DOUBLE_EQ(spice::parse_spice_number("2u"), 2e-6);
  EXPECT_DOUBLE_EQ(spice::parse_spice_number("1.5MEG"), 1.5e6);
  EXPECT_DOUBLE_EQ(spice::parse_spice_number("30p"), 30e-12);
  EXPECT_DOUBLE_EQ(spice::parse_spice_number("1e-9"), 1e-9);
  EXPECT_THROW(spice::parse_spice_number("x1"), std::invalid_argument);
}

TEST(SpiceDigitalLine, RampsAndHolds) {
  spice::DigitalLine l(0.0);
  l.set(1e-3, 1.8, 10e-6);
  l.set(2e-3, 0.0, 10e-6);
  EXPECT_DOUBLE_EQ(l.value(0.5e-3), 0.0);
  EXPECT_NEAR(l.value(1e-3 + 5e-6), 0.9, 1e-12);
  EXPECT_DOUBLE_EQ(l.value(1.5e-3), 1.8);
  EXPECT_DOUBLE_EQ(l.value(0.2e-3), 0.0);  // backwards query after forward ones
  EXPECT_DOUBLE_EQ(l.value(3e-3), 0.0);
  EXPECT_THROW(l.set(1.5e-3, 1.8, 1e-6), std::logic_error);
}

TEST(SpiceVcd, UsesChipScopesAndSortsChanges) {
  spice::VcdWriter v;
  const int a = v.add("SystemC.chip.n01.I_mem", spice::VcdWriter::Kind::Real);
  const int b = v.add("SystemC.chip.w.w01_00", spice::VcdWriter::Kind::Integer);
  v.change(2e-9, a, 1e-9);
  v.change(1e-9, b, -2);
  const auto s = v.render();
  EXPECT_NE(s.find("$scope module n01 $end"), std::string::npos);
  EXPECT_NE(s.find("w01_00 [31:0]"), std::string::npos);
  EXPECT_LT(s.find("#1\n"), s.find("#2\n"));
  EXPECT_NE(s.find("b11111111111111111111111111111110"), std::string::npos);
}

// The writer level 5 uses (recording::write_recording, Spectre CSV) read back by the recording
// library through the plausibility gate: signals, units and the events calibration uses (spikes,
// decisions, counter steps, latencies). The recording is a realistic one: 12 pulses of 1 ms every
// 5 ms, INC for the first 4, SL for 4, DEC for 4, the counter stepping on the falling edges.
TEST(RecordingWriter, Level5RecordingRoundTripsThroughLoaderAndEvents) {
  const int pulses = 12;
  const double period = 5e-3, width = 1e-3, ramp = 10e-6, first = 4e-3, t_end = first + pulses * period;
  const double vdd = 1.8, flag_ramp = 1e-9, update_delay = 6e-6;
  auto decision = [](int k) { return k < 4 ? 0 : (k < 8 ? 1 : 2); };  // 0 INC, 1 SL, 2 DEC
  recording::Recording w;
  w.input = {"pre0", "", {0.0}, {0.0}};
  w.inc = {"INC", "", {0.0}, {0.0}};
  w.sl = {"SL", "", {0.0}, {vdd}};
  w.counter = {"BitValue", "", {0.0}, {3.0}};
  int counter = 3;
  std::vector<int> before;
  for (int k = 0; k < pulses; ++k) {
    const double on = first + k * period - ramp / 2, off = on + width;
    for (double t : {on, on + ramp, off, off + ramp}) w.input.t.push_back(t);
    for (double v : {0.0, vdd, vdd, 0.0}) w.input.v.push_back(v);
    const int d = decision(k);
    const double inc = d == 0 ? vdd : 0.0, sl = d == 1 ? vdd : 0.0;
    if (inc != w.inc.v.back()) w.inc.t.insert(w.inc.t.end(), {on, on + flag_ramp}), w.inc.v.insert(w.inc.v.end(), {w.inc.v.back(), inc});
    if (sl != w.sl.v.back()) w.sl.t.insert(w.sl.t.end(), {on, on + flag_ramp}), w.sl.v.insert(w.sl.v.end(), {w.sl.v.back(), sl});
    before.push_back(counter);
    const int next = counter + (d == 0 ? 1 : (d == 2 ? -1 : 0));
    if (next != counter) {
      const double tu = off + ramp + update_delay;
      w.counter.t.insert(w.counter.t.end(), {tu, tu + flag_ramp});
      w.counter.v.insert(w.counter.v.end(), {static_cast<double>(counter), static_cast<double>(next)});
      counter = next;
    }
  }
  for (auto* s : {&w.input, &w.inc, &w.sl, &w.counter}) {
    s->t.push_back(t_end);
    s->v.push_back(s->v.back());
  }
  // I_mem: a subthreshold current rising towards 10 nA with a small jump per pulse, 10 us grid.
  w.i_mem.name = "/M2/D";
  for (double t = 0.0; t < t_end; t += 10e-6) {
    w.i_mem.t.push_back(t);
    w.i_mem.v.push_back(1e-9 + 9e-9 * (1.0 - std::exp(-t / 20e-3)) + 0.05e-9 * std::sin(2 * M_PI * t / period));
  }
  w.i_mem.t.push_back(t_end);
  w.i_mem.v.push_back(w.i_mem.v.back());

  const auto dir = scratch("rec");
  fs::remove_all(dir);
  recording::write_recording(w, dir.string(), recording::WriteFormat::SpectreCsv, {"spice", "synthetic level 5"});
  EXPECT_TRUE(fs::exists(dir / "spice_INPUT.csv"));
  const auto r = recording::load_recording(dir.string());  // through the plausibility gate
  EXPECT_EQ(r.i_mem.v, w.i_mem.v);
  EXPECT_EQ(r.counter.v, w.counter.v);
  const auto ev = recording::extract_events(r);
  ASSERT_EQ(ev.spikes.size(), static_cast<std::size_t>(pulses));
  for (int k = 0; k < pulses; ++k) {
    const auto expected = decision(k) == 0 ? ebn::Decision::Inc : (decision(k) == 1 ? ebn::Decision::Hold : ebn::Decision::Dec);
    EXPECT_EQ(ev.spikes[static_cast<std::size_t>(k)].decision, expected) << "pulse " << k;
    EXPECT_EQ(ev.spikes[static_cast<std::size_t>(k)].bit_before, before[static_cast<std::size_t>(k)]) << "pulse " << k;
  }
  EXPECT_NEAR(ev.spikes[0].t_on, first, 1e-9);
  EXPECT_NEAR(ev.update_latency_s, ramp / 2 + update_delay, 2e-6);
  // Non-increasing time is refused before anything is written.
  w.i_mem.t[2] = w.i_mem.t[1];
  const auto dir2 = scratch("rec_bad");
  fs::remove_all(dir2);
  EXPECT_THROW(recording::write_recording(w, dir2.string(), recording::WriteFormat::SpectreCsv), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir2 / "manifest.json"));
}
