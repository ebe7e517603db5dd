// `ebn replay --recording DIR [--params PARAMS.json] [--json] [--trace FILE] [--out DIR]`:
// replay the recorded input pulses through the circuit model and report open loop (decisions
// from the recorded I_mem), replay (I_mem with the recorded counter forced) and closed loop (the
// model's own decisions from t = 0). Without --params it calibrates on the recording first.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <unistd.h>

#include "recording/recording.h"
#include "chip/replay/circuit_params.h"
#include "chip/replay/replay.h"
#include "chip/replay/vcd_playback.h"
#include "command_registry.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/trace_file.h"

namespace {

struct Args {
  std::string recording;
  std::string params;
  std::string trace;
  std::string trace_format;  // "" = from the file name, else fst
  std::string out;
  bool json = false;
  std::string inject_bug;
  std::size_t csv_decimate = 2;
};

void run(const Args& a) {
  // Every input is validated before any output exists: recording (format and plausibility),
  // parameters, output targets.
  const ebn::TraceFormat trace_format = ebn::resolve_trace_format(a.trace_format, a.trace);
  const auto rec = recording::load_recording(a.recording);
  for (const auto& w : rec.warnings) std::fprintf(stderr, "ebn: warning: %s\n", w.c_str());
  std::unique_ptr<chip::replay::CircuitParams> given;
  if (!a.params.empty()) given = std::make_unique<chip::replay::CircuitParams>(chip::replay::load_params(a.params));
  std::unique_ptr<ebn::AtomicFile> trace_file;
  if (!a.trace.empty()) trace_file = std::make_unique<ebn::AtomicFile>(a.trace);
  std::unique_ptr<ebn::OutputDir> out;
  if (!a.out.empty()) out = std::make_unique<ebn::OutputDir>(a.out);

  // Deliberate semantic bugs, for tests proving that the checks catch them.
  chip::replay::Semantics sem;
  if (a.inject_bug == "latch-falling") sem.latch_edge = chip::replay::Edge::Falling;
  else if (a.inject_bug == "update-rising") sem.update_edge = chip::replay::Edge::Rising;
  else if (!a.inject_bug.empty() && a.inject_bug != "dac-sign")
    throw ebn::InputError("--inject-bug: unknown bug '" + a.inject_bug + "' (latch-falling, update-rising, dac-sign)");

  auto rep = chip::replay::run_replay(rec, given.get(), sem);
  if (a.inject_bug == "dac-sign") {
    for (auto* m : {&rep.params.model, &rep.params.closed_loop_model}) {
      m->dac_gain_pos_A_per_lsb = -m->dac_gain_pos_A_per_lsb;
      m->dac_offset_pos_A = -m->dac_offset_pos_A;
      m->dac_gain_neg_A_per_lsb = -m->dac_gain_neg_A_per_lsb;
      m->dac_offset_neg_A = -m->dac_offset_neg_A;
    }
    const auto params = rep.params;
    rep = chip::replay::run_replay(rec, &params, sem);
  }

  ebn::Json report = chip::replay::report_json(rep);
  report["warnings"] = rec.warnings;
  // Outputs first, the summary last: "written" is only printed for files that were written.
  if (trace_file) {
    // The playback starts at the recording's t = 0: the window is the whole run.
    const std::string raw = trace_file->temp_path() + ".raw.vcd";
    chip::replay::write_replay_vcd(rep, raw);
    ebn::finish_trace(raw, *trace_file, trace_format, {0.0, -1.0}, "replay of " + a.recording);
  }
  if (out) {
    out->write_text("waveforms.csv", chip::replay::waveforms_csv(rep, a.csv_decimate));
    out->write_text("spikes.csv", chip::replay::spikes_csv(rep));
    out->write_text("params.json", chip::replay::to_json(rep.params).dump(2) + "\n");
    out->write_text("report.json", report.dump(2) + "\n");
    out->commit();
  }
  if (a.json)
    std::cout << report.dump(2) << "\n";
  else
    std::cout << chip::replay::report_text(rep);
  if (!a.json && out) std::cout << "waveforms written to " << a.out << "\n";
  if (!a.json && !a.trace.empty())
    std::cout << "trace written to " << a.trace << " (view: gtkwave " << a.trace << " waves/replay.gtkw)\n";
}

const ebn::app::CommandRegistrar reg(61, [](CLI::App& root) {
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "replay",
      "Replay a recording through the circuit model: open loop (decisions from the recorded I_mem), I_mem replay with "
      "the recorded counter, closed loop from t = 0; calibrates on the recording unless --params is given");
  cmd->add_option("--recording", args->recording, "recording folder (or its manifest .json)")->required();
  cmd->add_option("--params", args->params, "parameters from `ebn calibrate` (default: calibrate on this recording)");
  cmd->add_flag("--json", args->json, "print one JSON object instead of text");
  cmd->add_option("--trace", args->trace, "write a waveform (FST or VCD) of recorded and model waveforms (SystemC tracing)");
  cmd->add_option("--trace-format", args->trace_format, "fst or vcd (default: from the file name's extension, else fst)")
      ->check(CLI::IsMember({"vcd", "fst"}));
  cmd->add_option("--out", args->out, "folder for waveforms.csv, spikes.csv, params.json, report.json (plot_replay.py)");
  cmd->add_option("--csv-decimate", args->csv_decimate, "keep every n-th 5 us grid sample in waveforms.csv")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--inject-bug", args->inject_bug)->group("");  // hidden: latch-falling | update-rising | dac-sign
  cmd->callback([args] { run(*args); });
});

}  // namespace
