#include "learning_job.h"

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

#include "behavioral/ebn_network.h"
#include "behavioral/results_io.h"
#include "chip/chip_params.h"
#include "chip/ebn_chip_backend.h"
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
    options.trace_vcd = request.trace_vcd;
    chip::EbnChipFactory factory(c, chip_base_params(c), options);
    outcome.result = behavioral::run_experiment(c, factory.as_function(), request.on_pass);
    outcome.chip = factory.resolved_params();
    outcome.mismatch_csv = factory.mismatch_csv();
    outcome.trace_vcd = factory.close_trace();
    std::tie(outcome.trace_start_s, outcome.trace_duration_s) = factory.traced_trial();
  } else {
    if (c.reserved.contains("chip"))
      throw InputError(c.source + ": chip: only used with experiment.backend = \"chip\"");
    // Behavioral networks are independent objects: validation and evaluation use both cores.
    outcome.result = behavioral::run_experiment(c, behavioral::make_behavioral_backend, request.on_pass, true);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.summary = behavioral::summary_json(outcome.result, c, {request.source, wall});
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
// A GTKWave view of the traced pass: the committed chip view, opened on the last pass's time window
// (SystemC time is global, so the VCD's axis starts at the first pass).
std::string last_pass_view(const LearningOutcome& o) {
  std::ifstream in(std::string(EBN_SOURCE_DIR) + "/waves/chip.gtkw");
  std::stringstream view;
  view << in.rdbuf();
  const double t0_ps = o.trace_start_s * 1e12, span_ps = o.trace_duration_s * 1e12;
  // GTKWave 3.3 zoom level (one level halves the window); measured in the 1400-pixel view of
  // waves/chip.gtkw: level 2.16 - log2(span) shows `span` (1 s of a ps-resolution VCD: -37.7).
  const double zoom = 2.16 - std::log2(span_ps);
  std::ostringstream head;
  head << "[*] Last learning pass of `ebn learn --trace` (written by ebn; based on waves/chip.gtkw)\n"
       << "[timestart] " << static_cast<long long>(t0_ps) << "\n"
       << "*" << zoom << " " << static_cast<long long>(t0_ps) << " -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1\n";
  std::string text = view.str();
  const auto pos = text.find("[dumpfile]");
  text = (pos == std::string::npos ? text : text.substr(0, pos) + "[dumpfile] \"last_pass.vcd\"\n" +
                                               text.substr(text.find('\n', pos) + 1));
  return head.str() + text;
}
}  // namespace

void write_learning_results(OutputDir& out, const LearningOutcome& outcome) {
  behavioral::write_results(out, outcome.result, outcome.config, outcome.summary);
  if (!outcome.trace_vcd.empty() && outcome.trace_start_s >= 0) out.write_text("last_pass.gtkw", last_pass_view(outcome));
  if (!outcome.chip.is_null()) {
    out.write_text("chip_params.json", outcome.chip.dump(2) + "\n");
    out.write_text("mismatch.csv", outcome.mismatch_csv);
  }
}

}  // namespace ebn::app
