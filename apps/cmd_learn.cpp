// `ebn learn`: the Figure-1 learning experiment on level 1 (float) or level 2 (quantized),
// spec ebn-learning-rule.md §4. Writes summary.json, weights, rasters, reconstruction and the
// resolved config into --out (all or nothing, via OutputDir).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "behavioral/ebn_network.h"
#include "behavioral/neuron_scaling.h"
#include "behavioral/params.h"
#include "behavioral/results_io.h"
#include "behavioral/trainer.h"
#include "learning_job.h"
#include "command_registry.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"

namespace {

struct LearnOptions {
  std::string config;
  long seed = -1;
  long passes = -1;
  long neurons = -1;
  std::string rule;
  std::string out = "runs/learn";
  bool quiet = false;
  bool fast = false;       // network.fast_mode
  std::string backend;     // reference | quantized | chip
  std::string controller;  // cpp | rtl (chip)
  double mismatch = -1.0;  // chip.mismatch_sigma
  long mismatch_seed = -1;
  bool trace = false;
  std::string trace_format = "fst";
};

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

void run_learn(const LearnOptions& o) {
  using namespace ebn::behavioral;
  ebn::set_quiet(o.quiet);
  // Command-line overrides are applied to the JSON before parsing, so they are range-checked
  // with the config keys they set and appear in resolved_config.json.
  ebn::Json json = o.config.empty() ? to_json(EbnConfig{}) : ebn::load_json_file(o.config);
  const std::string source = o.config.empty() ? "built-in default" : o.config;
  ebn::Json overrides = ebn::Json::object();
  if (o.seed != -1) overrides["experiment"]["seed"] = o.seed;
  if (o.passes != -1) overrides["experiment"]["passes"] = o.passes;
  if (o.neurons != -1) {
    // Scale the experiment to N neurons by the config's network.neuron_scaling rule
    // (behavioral/neuron_scaling.h): same 2-D input, a fresh random unit-norm decoder.
    if (o.neurons < 1) throw ebn::InputError("--neurons: must be >= 1, got " + std::to_string(o.neurons));
    ebn::merge_json(overrides, neuron_scaling_patch(parse_config(json, source), static_cast<int>(o.neurons)));
  }
  if (!o.rule.empty()) overrides["learning"]["rule"] = o.rule;
  if (o.fast) overrides["network"]["fast_mode"] = true;
  if (!o.backend.empty()) {
    overrides["experiment"]["backend"] = o.backend == "chip" ? "chip" : "behavioral";
    if (o.backend != "chip") overrides["learning"]["quantized"] = o.backend == "quantized";
    // The chip has no diagonal learning: unless the user's file chose, run with fixed V_rest / V_reset.
    const bool user_chose = !o.config.empty() && json.contains("learning") && json["learning"].contains("diagonal");
    if (o.backend == "chip" && !user_chose) overrides["learning"]["diagonal"] = "off";
  }
  if (!o.controller.empty()) overrides["chip"]["controller"] = o.controller;
  if (o.mismatch >= 0) overrides["chip"]["mismatch_sigma"] = o.mismatch;
  if (o.mismatch_seed >= 0) overrides["chip"]["mismatch_seed"] = o.mismatch_seed;
  ebn::merge_json(json, overrides);
  ebn::OutputDir out(o.out);  // fails before the run if the folder is not writable

  const ebn::TraceFormat trace_format = ebn::resolve_trace_format(o.trace_format, "");
  // FST: the chip writes the final file directly (time 0 = pass start); VCD: a raw file on SystemC
  // time that write_learning_results windows.
  const std::string trace_target = trace_format == ebn::TraceFormat::Fst
                                       ? out.staged_path(ebn::app::last_pass_trace_name(trace_format))
                                       : out.staged_path("last_pass.raw.vcd");
  ebn::app::LearningRequest request{json, source, o.trace ? trace_target : "", nullptr};
  request.on_pass = [](const PassReport& r) {
    std::string line = "pass " + std::to_string(r.pass + 1) + "/" + std::to_string(r.passes) + "  dist " +
                       fixed(r.distance, 4) + "  updates " + std::to_string(r.weight_updates) + "  spikes " +
                       std::to_string(r.spikes);
    if (r.validation)
      line += "  (validation after " + std::to_string(r.validation->pass) + " passes: E " +
              fixed(r.validation->decoding_error, 4) + ")";
    ebn::progress(line);
  };
  const ebn::app::LearningOutcome outcome = ebn::app::run_learning(request);
  if (o.trace && outcome.trace_path.empty())
    throw ebn::InputError("--trace: waveforms are written by the chip backend only (use --backend chip)");
  ebn::app::write_learning_results(out, outcome, trace_format);
  out.commit();

  const ExperimentResult& result = outcome.result;
  const EbnConfig& config = outcome.config;
  const double wall = outcome.summary.value("wall_s", 0.0);
  std::printf("ebn learn: rule %s, backend %s, N = %d, seed %u, %d passes\n", config.learning.rule.c_str(),
              result.backend.c_str(), config.network.neurons, config.experiment.seed, config.experiment.passes);
  if (!outcome.chip.is_null())
    std::printf("chip: controller %s, %d-bit counters, mismatch sigma %.3g (seed %llu)\n",
                outcome.chip.value("controller", "").c_str(), outcome.chip.value("weight_bits", 0),
                outcome.chip.value("mismatch_sigma", 0.0),
                static_cast<unsigned long long>(outcome.chip.value("mismatch_seed", 0ull)));
  std::printf("%-8s %12s %12s %10s %8s\n", "network", "E (R.B^T)", "E (R.B)", "rate_hz", "spikes");
  const std::pair<const char*, const Evaluation*> rows[] = {
      {"initial", &result.initial}, {"learned", &result.learned}, {"optimal", &result.optimal}};
  for (const auto& [name, e] : rows)
    std::printf("%-8s %12.4f %12.4f %10.2f %8zu\n", name, e->error.transposed, e->error.least_squares, e->rate_hz,
                e->spikes.size());
  std::printf("distance to optimal: %.4f -> %.4f   weight correlation with W*: %.4f\n", result.distance_initial,
              result.distance_final, result.correlation_final);
  std::printf("simulated %.1f s in %.2f s wall (realtime factor %.1f)\n", result.simulated_s, wall,
              wall > 0 ? result.simulated_s / wall : 0.0);
  std::printf("learning passes: %.1f s simulated in %.3f s wall (learning realtime factor %.1f)\n",
              result.learning_simulated_s, result.learning_wall_s,
              result.learning_wall_s > 0 ? result.learning_simulated_s / result.learning_wall_s : 0.0);
  if (o.trace) std::printf("waveform of the last pass: %s (open: scripts/gtkwave_open.sh %s %s)\n",
                           out.final_path(ebn::app::last_pass_trace_name(trace_format)).c_str(),
                           out.final_path(ebn::app::last_pass_trace_name(trace_format)).c_str(),
                           out.final_path("last_pass.gtkw").c_str());
  std::printf("results in %s\n", out.dir().c_str());
}

const ebn::app::CommandRegistrar reg(10, [](CLI::App& root) {
  auto opts = std::make_shared<LearnOptions>();
  CLI::App* cmd = root.add_subcommand("learn", "Run the EBN learning experiment (Figure 1) on any level: reference, quantized, chip");
  cmd->add_option("--config", opts->config, "JSON config (default: built-in Figure-1 preset = configs/figure1.json)");
  cmd->add_option("--seed", opts->seed, "Override experiment.seed")->check(ebn::app::at_least(0));
  cmd->add_option("--passes", opts->passes, "Override experiment.passes")->check(ebn::app::at_least(1));
  cmd->add_option("--neurons", opts->neurons, "Scale the experiment to N neurons by network.neuron_scaling (rate: input amplitude x N/N0; initial weights, learning steps x sqrt(N0/N))");
  cmd->add_option("--rule", opts->rule, "Override learning.rule: discrete-fig1, discrete-paper, continuous");
  cmd->add_option("--out", opts->out, "Result folder")->capture_default_str();
  cmd->add_option("--backend", opts->backend, "Level of the ladder: reference (1), quantized (2), chip (3, SystemC)")
      ->check(CLI::IsMember({"reference", "quantized", "chip"}));
  cmd->add_option("--controller", opts->controller, "Chip learning controller: cpp or rtl (Verilated)")
      ->check(CLI::IsMember({"cpp", "rtl"}));
  cmd->add_option("--mismatch", opts->mismatch, "Chip device mismatch: relative sigma of the DAC gains (chip.mismatch_sigma)")
      ->check(ebn::app::at_least(0));
  cmd->add_option("--mismatch-seed", opts->mismatch_seed, "Seed of the frozen mismatch draw (chip.mismatch_seed)")
      ->check(ebn::app::at_least(0));
  cmd->add_flag("--trace", opts->trace, "Chip: write the waveform of the last learning pass (DIR/last_pass.fst|vcd, time 0 = pass start)");
  cmd->add_option("--trace-format", opts->trace_format, "Waveform format: fst (GTKWave's compact format) or vcd")
      ->check(CLI::IsMember({"vcd", "fst"}))
      ->capture_default_str();
  cmd->add_flag("--fast", opts->fast,
                "Opt-in fast mode (network.fast_mode): vectorised float32 noise, signals from their Fourier bins; "
                "same statistics, different values than the default (levels 1/2 only)");
  cmd->add_flag("--quiet", opts->quiet, "No progress lines");
  cmd->callback([opts] { run_learn(*opts); });
});

}  // namespace
