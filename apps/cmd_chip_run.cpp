// `ebn chip-run`: run the level-3 chip model (systemc/) from the "chip" section of a config for
// one or more passes, optionally with a VCD waveform (--trace), and write a result folder:
//   resolved_config.json  the chip parameters and stimulus actually used (every key)
//   mismatch.csv          the frozen DAC mismatch draw (n,k,gain_pos,gain_neg)
//   spikes.csv            pass,t_s,neuron (AER words)
//   counters_initial.csv / counters_final.csv   W[n][k] as N x N matrices
//   summary.json          per pass: spikes, pulses, updates, INC/SL/DEC, wall time, realtime factor
// One elaboration per invocation (SystemC); passes reuse it (neuron state reset, counters kept).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "chip/chip_params.h"
#include "chip/chip_top.h"
#include "chip/stimulus.h"
#include "chip/rtl_controller.h"
#include "command_registry.h"
#include "ebn/build_info.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"
#include "ebn/trace_file.h"

namespace {

struct Options {
  std::string config;
  std::string out = "chip_run_out";
  std::string trace;
  std::string trace_format;  // "" = from the file name (.vcd / .fst), else fst
  double from_s = 0.0;       // traced window in run time (pass p covers [p*duration, (p+1)*duration))
  double to_s = -1.0;        // < 0 = to the end of the last pass
  std::string controller;
  int passes = 1;
  double duration_s = 0.0;  // 0 = from the config
  bool no_learning = false;
};

std::string matrix_csv(const std::vector<int>& w, int n) {
  std::ostringstream s;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) s << (c ? "," : "") << w[static_cast<std::size_t>(r) * n + c];
    s << "\n";
  }
  return s.str();
}


void run(const Options& o) {
  ebn::Json root = o.config.empty() ? ebn::Json::object() : ebn::load_json_file(o.config);
  const std::string source = o.config.empty() ? "built-in default" : o.config;
  ebn::ConfigReader top(root, source);
  ebn::ConfigReader chip_section = top.section("chip");
  chip::ChipParams p = chip::parse_chip_params(chip_section);
  ebn::ConfigReader stim_section = chip_section.section("stimulus");
  chip::StimulusParams stim = chip::parse_stimulus(stim_section);
  stim_section.finish();
  chip_section.finish();  // other top-level sections belong to other commands
  if (!o.controller.empty()) p.controller = o.controller;
  if (o.duration_s > 0.0) stim.duration_s = o.duration_s;
  chip::validate(p);

  // Traced window in run time, and the passes it touches (only those are traced).
  const double run_s = stim.duration_s * o.passes;
  const double to_s = o.to_s < 0 ? run_s : o.to_s;
  if (o.trace.empty() && (o.from_s != 0.0 || o.to_s >= 0)) throw ebn::InputError("--from/--to: only with --trace");
  if (!(o.from_s >= 0.0 && o.from_s < to_s && to_s <= run_s * (1 + 1e-12)))
    throw ebn::InputError("--from/--to: window [" + std::to_string(o.from_s) + ", " + std::to_string(to_s) +
                          "] s must lie inside the run [0, " + std::to_string(run_s) + "] s and not be empty");
  const int first_traced = static_cast<int>(o.from_s / stim.duration_s);
  const int last_traced = std::min(o.passes - 1, static_cast<int>(std::ceil(to_s / stim.duration_s)) - 1);
  // Trace files: the simulator writes a raw VCD beside the target; finish_trace windows it,
  // converts it and renames it into place (ebn::AtomicFile, validated here before the run).
  ebn::TraceFormat trace_format = ebn::TraceFormat::Fst;
  std::unique_ptr<ebn::AtomicFile> trace_file, rtl_file;
  std::string trace_staged;
  if (!o.trace.empty()) {
    trace_format = ebn::resolve_trace_format(o.trace_format, o.trace);
    trace_file = std::make_unique<ebn::AtomicFile>(o.trace);
    trace_staged = trace_file->temp_path() + ".raw.vcd";
  }
  ebn::OutputDir out(o.out);  // fails now, not after the simulation, if --out is unusable

  chip::ChipTop chip("chip", p, trace_staged);
  // RTL waveforms land beside the chip's: NAME_rtl.vcd (view waves/rtl_controller.gtkw).
  std::string rtl_trace, rtl_staged;
  if (!trace_staged.empty() && p.controller == "rtl") {
    const std::string base = ebn::with_trace_extension(o.trace, ebn::TraceFormat::Vcd);
    rtl_trace = base.substr(0, base.size() - 4) + "_rtl" + ebn::trace_extension(trace_format);
    rtl_file = std::make_unique<ebn::AtomicFile>(rtl_trace);
    rtl_staged = rtl_file->temp_path() + ".raw.vcd";
    chip::enable_rtl_trace(chip.controller(), rtl_staged);
  }
  const std::vector<int> initial = chip::random_counters(p.neurons, p.weight_bits, stim.initial_weight_std_lsb, stim.weight_seed);
  chip.program_weights(initial);

  ebn::Json resolved;
  resolved["chip"] = chip::to_json(p);
  resolved["chip"]["stimulus"] = chip::to_json(stim);
  ebn::Json passes = ebn::Json::array();
  std::string spikes_csv = "pass,t_s,neuron\n";
  chip::TrialOptions opt;
  opt.learning = !o.no_learning;
  std::vector<int> final_counters = initial;
  ebn::VcdWindow window;  // in SystemC time (the RTL controller may take simulated time between passes)
  try {
    for (int pass = 0; pass < o.passes; ++pass) {
      const chip::TrialInput in = chip::make_ou_input(p.neurons, stim, pass);
      if (chip.tracing()) chip.set_trace_enabled(pass >= first_traced && pass <= last_traced);
      const auto t0 = std::chrono::steady_clock::now();
      const chip::TrialResult r = chip.run_trial(in, opt);
      if (pass == first_traced) window.start_s = r.t_start_s + (o.from_s - pass * stim.duration_s);
      if (pass == last_traced) window.end_s = r.t_start_s + (to_s - pass * stim.duration_s);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      char line[96];
      for (const auto& e : r.spikes) {
        std::snprintf(line, sizeof line, "%d,%.17g,%d\n", pass, e.t_s, e.neuron);
        spikes_csv += line;
      }
      ebn::Json j;
      j["pass"] = pass;
      j["spikes"] = r.spikes.size();
      j["pulses"] = r.pulses;
      j["updates"] = r.updates;
      j["inc"] = r.decisions[static_cast<int>(ebn::Decision::Inc)];
      j["sl"] = r.decisions[static_cast<int>(ebn::Decision::Hold)];
      j["dec"] = r.decisions[static_cast<int>(ebn::Decision::Dec)];
      j["wall_s"] = wall;
      j["realtime_factor"] = stim.duration_s / wall;
      passes.push_back(j);
      std::printf("pass %d: %zu spikes, %ld updates, INC/SL/DEC %ld/%ld/%ld, %.1f ms wall, %.3gx real time\n", pass,
                  r.spikes.size(), r.updates, r.decisions[1], r.decisions[0], r.decisions[2], wall * 1e3,
                  stim.duration_s / wall);
      final_counters = r.counters;
    }
  } catch (...) {
    chip.close_trace();
    std::error_code ec;
    if (!trace_staged.empty()) std::filesystem::remove(trace_staged, ec);
    if (!rtl_staged.empty()) std::filesystem::remove(rtl_staged, ec);
    throw;
  }
  ebn::Json summary;
  summary["passes"] = passes;
  summary["controller"] = p.controller;
  summary["learning"] = opt.learning;
  summary["mismatch_seed"] = p.dac.mismatch_seed;
  summary["stimulus_seed"] = stim.seed;
  summary["weight_seed"] = stim.weight_seed;
  summary["build"] = ebn::build_info_json();
  if (!trace_staged.empty()) {
    chip.close_trace();
    std::string note = "ebn chip-run window [" + std::to_string(o.from_s) + ", " + std::to_string(to_s) + "] s of the run";
    ebn::TraceInfo info = ebn::finish_trace(trace_staged, *trace_file, trace_format, window, note);
    summary["trace"] = info.to_json();
    summary["trace"]["run_window_s"] = {o.from_s, to_s};
    std::printf("trace: %s (%s, %lld bytes; time 0 = %.6g s of the run; open: scripts/gtkwave_open.sh %s)\n",
                o.trace.c_str(), ebn::trace_format_name(trace_format), info.bytes, o.from_s, o.trace.c_str());
    if (!rtl_staged.empty()) {
      chip::close_rtl_trace(chip.controller());  // flush the Verilator VCD before windowing it
      ebn::TraceInfo rtl = ebn::finish_trace(rtl_staged, *rtl_file, trace_format, window, note + " (RTL controller)");
      summary["rtl_trace"] = rtl.to_json();
      std::printf("RTL trace: %s (open: scripts/gtkwave_open.sh %s waves/rtl_controller.gtkw)\n", rtl_trace.c_str(),
                  rtl_trace.c_str());
    }
  }
  out.write_text("resolved_config.json", resolved.dump(2) + "\n");
  out.write_text("summary.json", summary.dump(2) + "\n");
  out.write_text("mismatch.csv", chip.dac().mismatch_csv());
  out.write_text("spikes.csv", spikes_csv);
  out.write_text("counters_initial.csv", matrix_csv(initial, p.neurons));
  out.write_text("counters_final.csv", matrix_csv(final_counters, p.neurons));
  out.commit();
  std::printf("results: %s\n", o.out.c_str());
}

const ebn::app::CommandRegistrar reg(40, [](CLI::App& root) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = root.add_subcommand("chip-run", "Run the SystemC chip model (level 3) for one or more passes");
  cmd->add_option("--config", opts->config, "JSON config; its \"chip\" section (missing = built-in defaults)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--passes", opts->passes, "Number of passes (trials), counters carried over")->check(CLI::Range(1, 100000));
  cmd->add_option("--duration", opts->duration_s, "Seconds per pass (overrides chip.stimulus.duration_s)")
      ->check(CLI::Range(1e-6, 3600.0));
  cmd->add_flag("--no-learning", opts->no_learning, "Freeze the counters");
  cmd->add_option("--controller", opts->controller, "Learning controller (overrides chip.controller)")
      ->check(CLI::IsMember({"cpp", "rtl"}));
  cmd->add_option("--trace", opts->trace, "Write a waveform, FST or VCD (view: waves/chip.gtkw); time 0 = --from");
  cmd->add_option("--trace-format", opts->trace_format, "fst or vcd (default: from the file name's extension, else fst)")
      ->check(CLI::IsMember({"vcd", "fst"}));
  cmd->add_option("--from", opts->from_s, "Trace from this time of the run (s; pass p starts at p * duration)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--to", opts->to_s, "Trace up to this time of the run (s; default: the end)")->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--out", opts->out, "Result folder (created; written all-or-nothing)");
  cmd->callback([opts] { run(*opts); });
});

}  // namespace
