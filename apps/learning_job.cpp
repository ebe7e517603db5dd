#include "learning_job.h"

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "behavioral/ebn_network.h"
#include "behavioral/results_io.h"
#include "chip/chip_params.h"
#include "chip/ebn_chip_backend.h"
#include "ebn/build_info.h"
#include "ebn/errors.h"

namespace ebn::app {

namespace {
// The "chip" section for a chip run: circuit keys that the EBN mapping derives are refused.
chip::ChipParams chip_base_params(const behavioral::EbnConfig& c) {
  const Json section = c.reserved.contains("chip") ? c.reserved.at("chip") : Json::object();
  if (!section.is_object()) throw InputError(c.source + ": chip: must be an object");
  for (const auto& key : chip::ebn_derived_chip_keys())
    if (section.contains(key))
      throw InputError(c.source + ": chip." + key +
                       ": derived from the network/learning sections by the EBN chip mapping; remove it");
  ConfigReader reader(section, c.source, "chip.");
  chip::ChipParams base = chip::parse_chip_params(reader);
  reader.finish();
  // One chip instance per seed unless the user pins the draw: the mismatch seed follows the run.
  if (!section.contains("mismatch_seed")) base.dac.mismatch_seed = c.experiment.seed;
  return base;
}
}  // namespace

void validate_learning_config(const Json& config, const std::string& source) {
  const behavioral::EbnConfig c = behavioral::parse_config(config, source);
  if (c.experiment.backend == "chip")
    chip_base_params(c);
  else if (c.reserved.contains("chip"))
    throw InputError(c.source + ": chip: only used with experiment.backend = \"chip\"");
}

LearningOutcome run_learning(const LearningRequest& request) {
  // Every trial allocates and frees readout/signal/decoder buffers of 80-160 kB; by default glibc
  // hands them back to the kernel (mmap, heap trim) and the next trial pays page faults to get
  // them again (a tenth of a 20-neuron run). Keep freed memory in the process instead.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  LearningOutcome outcome;
  outcome.config = behavioral::parse_config(request.config, request.source);
  const auto& c = outcome.config;
  const auto start = std::chrono::steady_clock::now();
  if (c.experiment.backend == "chip") {
    chip::EbnChipOptions options;
    options.trace_vcd = request.trace_path;
    chip::EbnChipFactory factory(c, chip_base_params(c), options);
    outcome.result = behavioral::run_experiment(c, factory.as_function(), request.on_pass);
    outcome.chip = factory.resolved_params();
    outcome.mismatch_csv = factory.mismatch_csv();
    outcome.trace_path = factory.close_trace();
    std::tie(outcome.trace_start_s, outcome.trace_duration_s) = factory.traced_trial();
  } else {
    if (c.reserved.contains("chip"))
      throw InputError(c.source + ": chip: only used with experiment.backend = \"chip\"");
    // Behavioral networks are independent objects: validation and evaluation use both cores.
    outcome.result = behavioral::run_experiment(c, behavioral::make_behavioral_backend, request.on_pass, true);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.summary = behavioral::summary_json(outcome.result, c, {request.source, wall});
  outcome.summary["build"] = build_info_json();
  if (!outcome.chip.is_null()) {
    outcome.summary["chip"] = {{"controller", outcome.chip.value("controller", "")},
                               {"mismatch_sigma", outcome.chip.value("mismatch_sigma", 0.0)},
                               {"mismatch_seed", outcome.chip.value("mismatch_seed", 0)},
                               {"weight_bits", outcome.chip.value("weight_bits", 0)},
                               {"distance_reference", "optimum of the mismatched chip (nearest realisable W*)"}};
  }
  return outcome;
}

namespace {
// A GTKWave view of the traced pass: the committed chip view on the windowed trace (the trace
// file starts at the pass, so GTKWave's zoom-to-fit shows exactly the pass).
std::string last_pass_view(const std::string& trace_name) {
  std::ifstream in(std::string(EBN_SOURCE_DIR) + "/waves/chip.gtkw");
  std::stringstream view;
  view << in.rdbuf();
  std::string text = view.str();
  const auto pos = text.find("[dumpfile]");
  text = (pos == std::string::npos ? text : text.substr(0, pos) + "[dumpfile] \"" + trace_name + "\"\n" +
                                               text.substr(text.find('\n', pos) + 1));
  return "[*] Last learning pass of `ebn learn --trace` (written by ebn; based on waves/chip.gtkw)\n" + text;
}
}  // namespace

std::string last_pass_trace_name(TraceFormat format) { return std::string("last_pass") + trace_extension(format); }

void write_learning_results(OutputDir& out, const LearningOutcome& outcome, TraceFormat trace_format) {
  Json summary = outcome.summary;
  if (!outcome.trace_path.empty() && outcome.trace_start_s >= 0) {
    const std::string name = last_pass_trace_name(trace_format);
    TraceInfo info;
    if (outcome.trace_path == out.staged_path(name)) {
      // Written directly by the chip (FST, time 0 = pass start); OutputDir::commit checks it.
      info.format = trace_format;
      info.origin_s = outcome.trace_start_s;
      info.duration_s = outcome.trace_duration_s;
      info.bytes = static_cast<long long>(std::filesystem::file_size(outcome.trace_path));
    } else {
      // The raw VCD runs on SystemC's global time: cut it to the pass, time 0 = pass start.
      AtomicFile file(out.staged_path(name));
      info = finish_trace(outcome.trace_path, file, trace_format,
                          {outcome.trace_start_s, outcome.trace_start_s + outcome.trace_duration_s},
                          "last learning pass");
    }
    info.file = name;
    summary["trace"] = info.to_json();
    out.write_text("last_pass.gtkw", last_pass_view(name));
  }
  behavioral::write_results(out, outcome.result, outcome.config, summary);
  if (!outcome.chip.is_null()) {
    out.write_text("chip_params.json", outcome.chip.dump(2) + "\n");
    out.write_text("mismatch.csv", outcome.mismatch_csv);
  }
}

}  // namespace ebn::app
