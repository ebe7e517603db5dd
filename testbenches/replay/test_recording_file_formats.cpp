// Recording formats behind the one reader interface (recording/signal_reader.h):
//  * ngspice raw files written by ngspice itself (ASCII and binary) of a small RC circuit: read
//    back, the two agree, and the RC response matches its closed form;
//  * Spectre PSF-ASCII in the documented layout (written here by hand), and its defects;
//  * a generic CSV with columns found by name, another separator and units;
//  * the same recording converted into every format replays IDENTICALLY (report bit for bit).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "chip/replay/replay.h"
#include "ebn/errors.h"
#include "recording/ngspice_raw.h"
#include "recording/psf_ascii.h"
#include "recording/recording.h"
#include "recording/recording_writer.h"
#include "synthetic_recording.h"
#include "temp_recording.h"

namespace {

using ebn::test::TempDir;

bool have_ngspice() { return std::system("command -v ngspice > /dev/null 2>&1") == 0; }

// An RC low pass driven by a 1 V step at 0.5 ms, R = 1 kOhm, C = 1 uF (tau = 1 ms).
const char* kRcCircuit =
    "rc step\n"
    "V1 in 0 PULSE(0 1 0.5m 1n 1n 1 2)\n"
    "R1 in out 1k\n"
    "C1 out 0 1u\n";

TEST(NgspiceRaw, AsciiAndBinaryWrittenByNgspiceReadBackAndMatchTheRcResponse) {
  if (!have_ngspice()) GTEST_SKIP() << "ngspice not installed (Debian package ngspice)";
  TempDir d("ngraw");
  d.write("bin.cir", std::string(kRcCircuit) + ".tran 5u 5m\n.end\n");
  d.write("ascii.cir", std::string(kRcCircuit) +
                           ".control\nset filetype=ascii\ntran 5u 5m\nwrite " + d.file("ascii.raw") + "\nquit\n.endc\n.end\n");
  ASSERT_EQ(std::system(("cd " + d.path() + " && ngspice -b -r bin.raw bin.cir > bin.log 2>&1").c_str()), 0);
  ASSERT_EQ(std::system(("cd " + d.path() + " && ngspice -b ascii.cir > ascii.log 2>&1").c_str()), 0);
  const recording::SignalTable bin = recording::load_ngspice_raw(d.file("bin.raw"));
  const recording::SignalTable asc = recording::load_ngspice_raw(d.file("ascii.raw"));
  EXPECT_EQ(bin.time_name, "time");
  ASSERT_EQ(asc.t.size(), bin.t.size());
  const auto vout_bin = bin.trace("v(out)", 1.0), vout_asc = asc.trace("v(out)", 1.0);
  EXPECT_EQ(asc.trace("i(v1)", 1.0).size(), bin.t.size());
  EXPECT_EQ(vout_asc.line_of(0), asc.first_line + 2);  // time, v(in), v(out): third line of point 0
  // ASCII carries 16 significant digits; binary is exact.
  for (std::size_t i = 0; i < bin.t.size(); ++i) {
    ASSERT_NEAR(asc.t[i], bin.t[i], 1e-14 * std::max(1e-3, bin.t[i]));
    ASSERT_NEAR(vout_asc.v[i], vout_bin.v[i], 1e-14);
  }
  // Closed form of the RC step response (trapezoidal integration at <= 5 us steps: ~1e-4 V).
  int checked = 0;
  for (std::size_t i = 0; i < bin.t.size(); ++i) {
    const double t = bin.t[i];
    if (t < 0.6e-3) continue;
    EXPECT_NEAR(vout_bin.v[i], 1.0 - std::exp(-(t - 0.5e-3) / 1e-3), 2e-3) << "t = " << t;
    ++checked;
  }
  EXPECT_GT(checked, 100);
  EXPECT_THROW(bin.trace("v(nope)", 1.0), ebn::InputError);
}

TEST(NgspiceRaw, TruncatedAndComplexFilesAreErrorsNamingTheFile) {
  TempDir d("ngbad");
  const std::string head =
      "Title: x\nDate: y\nPlotname: Transient Analysis\nFlags: real\nNo. Variables: 2\nNo. Points: 3\n"
      "Variables:\n\t0\ttime\ttime\n\t1\tv(a)\tvoltage\nValues:\n";
  d.write("cut.raw", head + " 0\t0\n\t1\n\n 1\t1e-3\n\t2\n");
  try {
    recording::load_ngspice_raw(d.file("cut.raw"));
    FAIL();
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.raw"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  d.write("nonmono.raw", head + " 0\t0\n\t1\n 1\t1e-3\n\t2\n 2\t1e-3\n\t3\n");
  EXPECT_THROW(recording::load_ngspice_raw(d.file("nonmono.raw")), ebn::InputError);
  std::string cplx = head;
  cplx.replace(cplx.find("Flags: real"), 11, "Flags: complex");
  d.write("ac.raw", cplx + " 0\t0,0\n\t1,0\n");
  EXPECT_THROW(recording::load_ngspice_raw(d.file("ac.raw")), ebn::InputError);
  d.write("bin.raw", "Title: x\nPlotname: Transient Analysis\nFlags: real\nNo. Variables: 2\nNo. Points: 3\n"
                     "Variables:\n\t0\ttime\ttime\n\t1\tv(a)\tvoltage\nBinary:\n0123456789");
  EXPECT_THROW(recording::load_ngspice_raw(d.file("bin.raw")), ebn::InputError);
}

// The layout of Spectre's psfascii transient output (HEADER / TYPE / SWEEP / TRACE / VALUE / END).
const char* kPsfExample = R"(HEADER
"PSFversion" "1.00"
"simulator" "spectre"
"analysis type" "tran"
"xVecSorted" "ascending"
TYPE
"sweep" FLOAT DOUBLE PROP(
"key" "sweep"
)
"V" FLOAT DOUBLE PROP(
"units" "V"
"key" "node"
)
"I" FLOAT DOUBLE PROP(
"units" "A"
"key" "branch"
)
SWEEP
"time" "sweep" PROP(
"key" "sweep"
)
TRACE
"net010" "V"
"M2:d" "I"
VALUE
"time" 0.000000000000000e+00
"net010" 1.800000000000000e+00
"M2:d" 9.089000000000000e-09
"time" 1.000000000000000e-06
"net010" 0.000000000000000e+00
"M2:d" 9.100000000000000e-09
"time" 2.500000000000000e-06
"M2:d" 9.2e-09
"net010" 1.8
END
)";

TEST(PsfAscii, DocumentedExampleReadsWithUnitsAndLines) {
  TempDir d("psf");
  d.write("tran.tran", kPsfExample);
  const recording::SignalTable t = recording::load_psf_ascii(d.file("tran.tran"));
  ASSERT_EQ(t.names, (std::vector<std::string>{"net010", "M2:d"}));
  EXPECT_EQ(t.units, (std::vector<std::string>{"V", "A"}));
  EXPECT_EQ(t.t, (std::vector<double>{0.0, 1e-6, 2.5e-6}));
  const auto i = t.trace("M2:d", 1.0);
  EXPECT_EQ(i.v, (std::vector<double>{9.089e-9, 9.1e-9, 9.2e-9}));
  EXPECT_EQ(t.trace("net010", 1.0).v, (std::vector<double>{1.8, 0.0, 1.8}));
  EXPECT_EQ(i.line_of(1), 31);  // "M2:d" of point 1 sits on line 31 of the example
}

TEST(PsfAscii, DefectsAreErrorsNamingFileAndLine) {
  TempDir d("psfbad");
  const std::string ex = kPsfExample;
  auto expect_error = [&](const std::string& name, const std::string& text, const std::string& what) {
    d.write(name, text);
    try {
      recording::load_psf_ascii(d.file(name));
      ADD_FAILURE() << name << ": no error";
    } catch (const ebn::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(d.file(name)), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << name << ": " << e.what();
    }
  };
  expect_error("cut.tran", ex.substr(0, ex.find("END")), "truncated");
  std::string missing = ex;
  const std::string net_line = "\"net010\" 0.000000000000000e+00\n";
  missing.erase(missing.find(net_line), net_line.size());
  expect_error("missing.tran", missing, "no value of 'net010'");
  std::string cplx = ex;
  cplx.replace(cplx.find("9.1000"), 22, "(1 2)");
  expect_error("complex.tran", cplx, "complex");
  std::string group = ex;
  group.replace(group.find("\"net010\" \"V\""), 12, "\"g\" GROUP 2");
  expect_error("group.tran", group, "GROUP");
}

TEST(GenericCsv, ColumnsByNameSeparatorAndUnitsFromTheManifest) {
  TempDir d("gcsv");
  ebn::test::write_valid_recording(d);
  d.write("neuron.csv", "t_ms;other;Imem_nA\n0;1;9\n5;1;9.1\n10;1;9.05\n15;1;9.02\n");
  d.write("manifest.json", R"({"signals": {
      "input": {"file": "T_INPUT.csv"}, "inc": {"file": "T_INC.csv"}, "sl": {"file": "T_SL.csv"},
      "counter": {"file": "T_BitValue.csv"},
      "i_mem": {"file": "neuron.csv", "format": "csv", "delimiter": ";", "signal": "Imem_nA",
                "time_signal": "t_ms", "time_unit": "ms", "unit": "nA"}}})");
  const recording::Recording r = recording::read_recording_unchecked(d.path());
  ASSERT_EQ(r.i_mem.size(), 4u);
  EXPECT_DOUBLE_EQ(r.i_mem.t[1], 5e-3);
  EXPECT_DOUBLE_EQ(r.i_mem.v[1], 9.1e-9);
  EXPECT_EQ(r.i_mem.name, "Imem_nA");
  d.write("manifest.json", R"({"signals": {
      "input": {"file": "T_INPUT.csv"}, "inc": {"file": "T_INC.csv"}, "sl": {"file": "T_SL.csv"},
      "counter": {"file": "T_BitValue.csv"},
      "i_mem": {"file": "neuron.csv", "delimiter": ";", "signal": "Imem", "time_signal": "t_ms"}}})");
  try {
    recording::read_recording_unchecked(d.path());
    FAIL();
  } catch (const ebn::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("neuron.csv:1: no column 'Imem'"), std::string::npos) << e.what();
  }
}

// The same signals on one time base go into one multi-signal file and come back exactly.
TEST(RecordingWriter, SharedTimeBaseMakesOneFilePerRecordingAndRoundTripsExactly) {
  TempDir src("rtsrc");
  ebn::test::write_valid_recording(src);
  recording::Recording r = recording::read_recording_unchecked(src.path());
  for (auto* s : {&r.input, &r.inc, &r.sl, &r.counter, &r.i_mem}) {  // resample on I_mem's times
    recording::SignalTrace c = *s;
    c.t = r.i_mem.t;
    c.v = recording::sample_sorted(*s, c.t);
    *s = c;
  }
  for (auto f : {recording::WriteFormat::NgspiceRawAscii, recording::WriteFormat::NgspiceRawBinary,
                 recording::WriteFormat::PsfAscii}) {
    TempDir out(std::string("rt_") + recording::write_format_name(f));
    recording::write_recording(r, out.path() + "/rec", f);
    const recording::Recording back = recording::read_recording_unchecked(out.path() + "/rec");
    EXPECT_EQ(back.i_mem.t, r.i_mem.t) << recording::write_format_name(f);
    EXPECT_EQ(back.i_mem.v, r.i_mem.v) << recording::write_format_name(f);
    EXPECT_EQ(back.counter.v, r.counter.v) << recording::write_format_name(f);
    EXPECT_EQ(back.input.v, r.input.v) << recording::write_format_name(f);
  }
}

// A replay of the same circuit from each format: calibration, open loop, I_mem replay and closed
// loop give the same report bit for bit (only the wall-clock timing differs).
TEST(RecordingFormats, EveryFormatReplaysIdentically) {
  TempDir d("fmt_syn");
  ebn::test::SyntheticSpec spec;
  spec.truth = ebn::test::reference_circuit();
  spec.truth.timing.pulse_width_s = spec.width_s;
  spec.spikes = 60;
  ebn::test::write_synthetic_recording(d, spec);
  const recording::Recording original = recording::load_recording(d.path());
  auto report = [](const recording::Recording& r) {
    auto j = chip::replay::report_json(chip::replay::run_replay(r, nullptr));
    j.erase("timing_s");             // wall clock
    j.erase("recording");            // where it was loaded from: the folder of each format
    j["params"].erase("source");
    return j.dump();
  };
  const std::string reference = report(original);
  ASSERT_NE(reference.find("closed_loop"), std::string::npos);
  for (auto f : {recording::WriteFormat::SpectreCsv, recording::WriteFormat::GenericCsv,
                 recording::WriteFormat::NgspiceRawAscii, recording::WriteFormat::NgspiceRawBinary,
                 recording::WriteFormat::PsfAscii}) {
    const std::string dir = d.path() + "/" + recording::write_format_name(f);
    recording::write_recording(original, dir, f);
    const recording::Recording converted = recording::load_recording(dir);
    EXPECT_EQ(converted.i_mem.v, original.i_mem.v) << recording::write_format_name(f);
    EXPECT_EQ(converted.input.t, original.input.t) << recording::write_format_name(f);
    EXPECT_EQ(report(converted), reference) << recording::write_format_name(f);
  }
}

}  // namespace
