// `ebn dendritic ...`: dendritic-balance networks (issue 6, spec/dendritic-balance.md).
//   bars    one run on the bars data set           -> DIR/summary.json, config.json, curve.csv, F/D CSV
//   fmnist  one run on the Fashion-MNIST subset     -> same, plus linear_accuracy
//   scenes  one run on natural image patches (Fig 4D / 5A / S10; data from python3-skimage)
//   speech  one run on the espeak-ng cochleogram stand-in (Fig 5E / S11), reconstructions + raster
//   sweep   a grid of runs on the shared sweep runner (common sweep_grid.h): --shard i/N,
//           resumable, DIR/grid.json + DIR/jobs/*.json, gathered into DIR/results.csv
// Settings come from defaults per experiment/rule (spec §4), then the "dendritic" section of
// --config FILE, then the command-line flags; the resolved config is written next to the results.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "behavioral/dendritic/experiment.h"
#include "command_registry.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"
#include "ebn/sweep_grid.h"
#include "dendritic_data.h"

namespace {

using ebn::Json;
using namespace ebn::dendritic;

#ifndef EBN_PLOT_DENDRITIC_SCRIPT
#define EBN_PLOT_DENDRITIC_SCRIPT EBN_SCRIPTS_DIR "/plot_dendritic.py"
#endif

struct RunArgs {
  std::string config_path, out, rule, rounding, data_dir, cache_dir, source, variant;
  double p = 0.0, dt_ms = 1.0, rate_hz = 5.0, sigma2_final = 0.13;
  long seed = 1, bits = 0, neurons = 0;
  bool quick = false, plot = false, one_spike = false;
  CLI::Option *rule_opt = nullptr, *p_opt = nullptr, *seed_opt = nullptr, *bits_opt = nullptr, *dt_opt = nullptr,
              *rounding_opt = nullptr, *quick_opt = nullptr, *data_opt = nullptr, *cache_opt = nullptr,
              *source_opt = nullptr, *variant_opt = nullptr, *rate_opt = nullptr, *sigma_opt = nullptr,
              *one_spike_opt = nullptr, *neurons_opt = nullptr;
};

const char* section_of(Experiment e) { return e == Experiment::Scenes ? "scenes" : e == Experiment::Speech ? "speech" : "fmnist"; }

// The "experiment" key a grid may set (dendritic.experiment): must match the command's.
Experiment take_experiment(Json& section, Experiment fallback, const std::string& source) {
  if (!section.is_object() || !section.contains("experiment")) return fallback;
  const Json v = section["experiment"];
  section.erase("experiment");
  for (Experiment e : {Experiment::Bars, Experiment::Fmnist, Experiment::Scenes, Experiment::Speech})
    if (v.is_string() && v.get<std::string>() == experiment_name(e)) return e;
  throw ebn::InputError(source + ": dendritic.experiment: expected bars, fmnist, scenes or speech");
}

// Environment overrides of the data sources (tests point them at missing paths).
void apply_source_environment(Json& section) {
  if (const char* dir = std::getenv("EBN_SKIMAGE_DATA"))
    if (!section.contains("scenes") || !section["scenes"].contains("source_dir")) section["scenes"]["source_dir"] = dir;
  if (const char* espeak = std::getenv("EBN_ESPEAK_NG"))
    if (!section.contains("speech") || !section["speech"].contains("espeak")) section["speech"]["espeak"] = espeak;
  if (const char* cache = std::getenv("EBN_DENDRITIC_CACHE")) {
    for (const char* s : {"scenes", "speech"})
      if (!section.contains(s) || !section[s].contains("cache_dir")) section[s]["cache_dir"] = cache;
  }
}

// The "dendritic" section of the config file (if any) with the command-line flags on top.
Json assemble_section(Experiment experiment, const RunArgs& a, std::string& source) {
  Json section = Json::object();
  source = "command line";
  if (!a.config_path.empty()) {
    const Json root = ebn::load_json_file(a.config_path);
    source = a.config_path;
    if (root.contains("dendritic")) {
      if (!root["dendritic"].is_object()) throw ebn::InputError(a.config_path + ": dendritic: must be an object");
      section = root["dendritic"];
    }
  }
  Json patch = Json::object();
  if (a.rule_opt && a.rule_opt->count()) patch["rule"] = a.rule;
  if (a.seed_opt && a.seed_opt->count()) patch["seed"] = a.seed;
  if (a.quick_opt && a.quick_opt->count()) patch["quick"] = a.quick;
  if (a.p_opt && a.p_opt->count()) patch["bars"]["p"] = a.p;
  if (a.bits_opt && a.bits_opt->count()) patch["hardware"]["weight_bits"] = a.bits;
  if (a.rounding_opt && a.rounding_opt->count()) patch["hardware"]["rounding"] = a.rounding;
  if (a.dt_opt && a.dt_opt->count()) patch["network"]["dt_ms"] = a.dt_ms;
  if (a.data_opt && a.data_opt->count()) patch["fmnist"]["data_dir"] = a.data_dir;
  const char* sec = section_of(experiment);
  if (a.cache_opt && a.cache_opt->count()) patch[sec]["cache_dir"] = a.cache_dir;
  if (a.source_opt && a.source_opt->count()) patch[sec][experiment == Experiment::Scenes ? "source_dir" : "espeak"] = a.source;
  if (a.neurons_opt && a.neurons_opt->count()) patch[sec]["n_neurons"] = a.neurons;
  if (a.variant_opt && a.variant_opt->count()) patch["speech"]["variant"] = a.variant;
  if (a.rate_opt && a.rate_opt->count()) patch["network"]["rate_per_ms"] = a.rate_hz / 1000.0;
  if (a.sigma_opt && a.sigma_opt->count()) patch["network"]["sigma2_final"] = a.sigma2_final;
  if (a.one_spike_opt && a.one_spike_opt->count()) patch["network"]["one_spike_per_step"] = a.one_spike;
  ebn::merge_json(section, patch);
  apply_source_environment(section);
  return section;
}

void write_run(ebn::OutputDir& out, const DendriticConfig& config, const RunResult& result) {
  out.write_text("summary.json", summary_json(config, result).dump(2) + "\n");
  Json resolved;
  resolved["dendritic"] = resolved_config_json(config);
  out.write_text("config.json", resolved.dump(2) + "\n");
  out.write_text("curve.csv", curve_csv(result));
  out.write_text("feedforward.csv", matrix_csv(result.feedforward));
  out.write_text("decoder.csv", matrix_csv(result.decoder));
  out.write_text("recurrent.csv", matrix_csv(result.recurrent));
  if (result.snapshot_input.size() > 0) {
    out.write_text("snapshot_input.csv", matrix_csv(result.snapshot_input));
    out.write_text("snapshot_reconstruction.csv", matrix_csv(result.snapshot_reconstruction));
    std::ostringstream raster;
    raster << "time_ms,neuron\n";
    for (const auto& [t, j] : result.raster) raster << t << "," << j << "\n";
    out.write_text("raster.csv", raster.str());
  }
}

void maybe_plot(const std::string& dir) {
  const std::string script = EBN_PLOT_DENDRITIC_SCRIPT;
  if (script.empty() || !std::filesystem::exists(script)) {
    ebn::progress("plot script not found; run scripts/plot_dendritic.py run " + dir);
    return;
  }
  const std::string command = "/usr/bin/python3 '" + script + "' run '" + dir + "'";
  if (std::system(command.c_str()) != 0) ebn::progress("plotting failed: " + command);
}

void run_single(Experiment experiment, const RunArgs& a) {
  std::string source;
  Json section = assemble_section(experiment, a, source);
  take_experiment(section, experiment, source);
  const DendriticConfig config = parse_dendritic_config(experiment, section, source);
  ebn::OutputDir out(a.out);  // fails early if the folder cannot be written
  ebn::app::ensure_dendritic_data(config);
  const auto progress = [](const std::string& line) { ebn::progress("dendritic: " + line); };
  const RunResult result = run_experiment(config, Mutation::None, progress);
  write_run(out, config, result);
  out.commit();
  std::ostringstream line;
  line << "dendritic " << experiment_name(experiment) << " rule=" << rule_name(config.rule) << " test_loss=" << result.test_loss;
  if (experiment == Experiment::Bars) line << " bars_found=" << result.bars_found << "/" << 2 * config.bars.side;
  else if (experiment == Experiment::Fmnist) line << " linear_accuracy=" << result.linear_accuracy;
  else if (experiment == Experiment::Scenes)
    line << " min_test_loss=" << min_loss(result.test_curve) << " heldout_test_loss=" << result.heldout_test_loss
         << " trace_correlation=" << result.trace_correlation << " n_neurons=" << config.scenes.n_neurons;
  else line << " min_test_loss=" << min_loss(result.test_curve) << " one_spike_per_step=" << config.network.one_spike_per_step;
  line << " wall_s=" << result.wall_s;
  std::printf("%s\n", line.str().c_str());
  if (a.plot) maybe_plot(a.out);
}

void add_run_options(CLI::App* cmd, RunArgs& a, Experiment experiment) {
  const bool bars = experiment == Experiment::Bars;
  cmd->add_option("--config", a.config_path, "JSON config; its top-level \"dendritic\" section is read")->check(CLI::ExistingFile);
  a.rule_opt = cmd->add_option("--rule", a.rule, "analytic | somatic | decay | simultaneous | slow | slow_pruning");
  a.seed_opt = cmd->add_option("--seed", a.seed, "seed (network, training data, test data and rounding streams derive from it)");
  a.quick_opt = cmd->add_flag("--quick", a.quick, "shortened schedule (seconds instead of minutes)");
  a.bits_opt = cmd->add_option("--bits", a.bits, "discretised weights: signed B-bit F and recurrent weights (0 = float)");
  a.rounding_opt = cmd->add_option("--rounding", a.rounding, "stochastic | deterministic rounding of discretised updates");
  a.dt_opt = cmd->add_option("--dt-ms", a.dt_ms, "time step in ms (also the recurrent transmission delay)");
  if (bars) a.p_opt = cmd->add_option("--p", a.p, "bar correlation p (probability of a cross)");
  else if (experiment == Experiment::Fmnist) a.data_opt = cmd->add_option("--data-dir", a.data_dir, "folder with the Fashion-MNIST *-ubyte.gz files");
  if (experiment == Experiment::Scenes || experiment == Experiment::Speech) {
    a.cache_opt = cmd->add_option("--cache-dir", a.cache_dir, "prepared-data cache (default runs/dendritic-data; env EBN_DENDRITIC_CACHE)");
    a.neurons_opt = cmd->add_option("--neurons", a.neurons, "number of coding neurons (scenes default: round(1/rate))");
  }
  if (experiment == Experiment::Scenes) {
    a.source_opt = cmd->add_option("--skimage-dir", a.source, "python3-skimage data folder (env EBN_SKIMAGE_DATA)");
    a.rate_opt = cmd->add_option("--rate-hz", a.rate_hz, "target rate per neuron in Hz (n_z = round(1000/rate) unless --neurons)");
    a.sigma_opt = cmd->add_option("--sigma2-final", a.sigma2_final, "sigma^2 anneal target (Fig 5A panels)");
  }
  if (experiment == Experiment::Speech) {
    a.source_opt = cmd->add_option("--espeak", a.source, "espeak-ng program (env EBN_ESPEAK_NG)");
    a.variant_opt = cmd->add_option("--variant", a.variant, "fig5e (whitened) | s11 (unwhitened)");
    a.one_spike_opt = cmd->add_flag("--one-spike-per-step", a.one_spike, "keep only the most probable spike of a step");
  }
  cmd->add_option("--out", a.out, "result folder")->required();
  cmd->add_flag("--plot", a.plot, "run scripts/plot_dendritic.py on the result folder");
}

// ---------------------------------------------------------------- sweep
struct SweepArgs {
  std::string grid_path, out, shard = "0/1", experiment = "bars", config_path, variant;
  std::vector<std::string> rules;
  std::vector<double> p_values, dt_values, rates_hz, sigma2_values;
  std::vector<long> seeds, bits;
  std::vector<std::string> one_spike;
  bool quick = false;
};

ebn::SweepGrid build_grid(const SweepArgs& a) {
  if (!a.grid_path.empty()) return ebn::load_sweep_grid(a.grid_path);
  ebn::SweepGrid grid;
  grid.source = "command line";
  if (!a.config_path.empty()) grid.base_config = ebn::load_json_file(a.config_path);
  if (a.quick) grid.fixed["dendritic"]["quick"] = true;
  if (a.experiment != "bars") grid.fixed["dendritic"]["experiment"] = a.experiment;
  if (!a.variant.empty()) grid.fixed["dendritic"]["speech"]["variant"] = a.variant;
  auto axis = [&](const std::string& key, const auto& values) {
    if (values.empty()) return;
    ebn::SweepAxis ax;
    ax.key = key;
    for (const auto& v : values) ax.values.push_back(v);
    grid.axes.push_back(ax);
  };
  std::vector<double> rates;
  for (double hz : a.rates_hz) rates.push_back(hz / 1000.0);
  std::vector<bool> one_spike;
  for (const auto& v : a.one_spike) {
    if (v != "true" && v != "false") throw ebn::InputError("--one-spike-per-step-values: expected true/false, got '" + v + "'");
    one_spike.push_back(v == "true");
  }
  axis("dendritic.rule", a.rules);
  axis("dendritic.bars.p", a.p_values);
  axis("dendritic.network.rate_per_ms", rates);
  axis("dendritic.network.sigma2_final", a.sigma2_values);
  axis("dendritic.network.one_spike_per_step", one_spike);
  axis("dendritic.hardware.weight_bits", a.bits);
  axis("dendritic.network.dt_ms", a.dt_values);
  axis("dendritic.seed", a.seeds);
  if (grid.axes.empty())
    throw ebn::InputError("sweep: give --grid FILE or at least one of --rules/--p-values/--rates-hz/--sigma2-values/--bits/--dt-values/--seeds");
  return grid;
}

Experiment experiment_from_name(const std::string& name) {
  for (Experiment e : {Experiment::Bars, Experiment::Fmnist, Experiment::Scenes, Experiment::Speech})
    if (experiment_name(e) == name) return e;
  throw ebn::InputError("--experiment: expected bars, fmnist, scenes or speech, got '" + name + "'");
}

// Columns of results.csv after the axes (summary.json keys; absent ones stay empty).
const std::vector<std::string> kResultColumns = {"test_loss", "min_test_loss", "mean_last9_test_loss", "heldout_test_loss",
                                                 "heldout_min_test_loss", "heldout_mean_last9_test_loss", "trace_correlation",
                                                 "bars_found", "linear_accuracy", "n_neurons", "mean_rate_per_ms", "wall_s"};

void run_sweep(const SweepArgs& a) {
  const Experiment fallback = experiment_from_name(a.experiment);
  const ebn::Shard shard = ebn::parse_shard(a.shard);
  const ebn::SweepGrid grid = build_grid(a);
  const auto jobs = grid.jobs();
  // Parse every job's config before running any: a bad grid fails at once, not after hours.
  std::vector<DendriticConfig> configs;
  for (const auto& job : jobs) {
    const std::string where = grid.source + " (" + job.id + ")";
    Json section = job.config.contains("dendritic") ? job.config["dendritic"] : Json::object();
    const Experiment experiment = take_experiment(section, fallback, where);
    apply_source_environment(section);
    configs.push_back(parse_dendritic_config(experiment, section, where));
  }
  // Data preparation once per distinct cache (a no-op when current).
  std::vector<std::string> prepared;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (!shard.contains(jobs[k].index)) continue;
    const auto& c = configs[k];
    const std::string key = experiment_name(c.experiment) + ":" + (c.experiment == Experiment::Speech ? c.speech.cache_dir : c.scenes.cache_dir);
    if (std::find(prepared.begin(), prepared.end(), key) != prepared.end()) continue;
    ebn::app::ensure_dendritic_data(c);
    prepared.push_back(key);
  }
  const ebn::SweepShardStats stats = ebn::run_sweep_shard(grid, shard, a.out, [&](const ebn::SweepJob& job) {
    const DendriticConfig& c = configs[static_cast<std::size_t>(job.index)];
    const RunResult r = run_experiment(c);
    Json record = summary_json(c, r);
    record["job"] = job.id;
    ebn::progress("sweep " + job.id + " " + job.point.dump() + ": test_loss " + std::to_string(r.test_loss));
    return record;
  });
  // Gather every finished job (from all shards) into results.csv.
  const auto results = ebn::gather_sweep_results(grid, a.out);
  std::ostringstream csv;
  csv.precision(10);
  csv << "job";
  for (const auto& ax : grid.axes) csv << "," << ax.key;
  for (const auto& col : kResultColumns) csv << "," << col;
  csv << "\n";
  for (const auto& r : results) {
    csv << r["id"].get<std::string>();
    for (const auto& ax : grid.axes) {
      const Json v = r["point"][ax.key];
      csv << "," << (v.is_string() ? v.get<std::string>() : v.dump());
    }
    for (const auto& col : kResultColumns) {
      const Json v = r.value(col, Json());
      csv << ",";
      if (v.is_number()) csv << v.get<double>();
    }
    csv << "\n";
  }
  ebn::write_file_atomically((std::filesystem::path(a.out) / "results.csv").string(), csv.str());
  std::printf("sweep: shard %d/%d ran %d jobs, %d already done; results.csv has %zu of %zu jobs\n", shard.index, shard.count,
              stats.ran, stats.skipped, results.size(), jobs.size());
}

ebn::app::CommandRegistrar reg(60, [](CLI::App& root) {
  auto* dendritic = root.add_subcommand("dendritic", "dendritic-balance networks: bars, Fashion-MNIST, natural scenes, speech, sweeps (float and B-bit)");
  dendritic->require_subcommand(1);

  static RunArgs bars_args, fmnist_args, scenes_args, speech_args;
  auto* bars = dendritic->add_subcommand("bars", "learn the bars data set; writes summary.json (test_loss, bars_found, ...)");
  add_run_options(bars, bars_args, Experiment::Bars);
  bars->callback([] { run_single(Experiment::Bars, bars_args); });

  auto* fmnist = dendritic->add_subcommand("fmnist", "learn a 3-class 16x16 Fashion-MNIST subset; test loss and linear read-out accuracy");
  add_run_options(fmnist, fmnist_args, Experiment::Fmnist);
  fmnist->callback([] { run_single(Experiment::Fmnist, fmnist_args); });

  auto* scenes = dendritic->add_subcommand("scenes", "natural image patches (Fig 4D rate scan, 5A time-step scan, S10 correlations)");
  add_run_options(scenes, scenes_args, Experiment::Scenes);
  scenes->callback([] { run_single(Experiment::Scenes, scenes_args); });

  auto* speech = dendritic->add_subcommand("speech", "cochleogram of espeak-ng speech (Fig 5E / S11): reconstructions and rasters");
  add_run_options(speech, speech_args, Experiment::Speech);
  speech->callback([] { run_single(Experiment::Speech, speech_args); });

  static SweepArgs sweep_args;
  auto* sweep = dendritic->add_subcommand("sweep", "grid of runs (one JSON per job in DIR/jobs, DIR/results.csv); --shard i/N");
  sweep->add_option("--grid", sweep_args.grid_path, "sweep grid JSON (axes on keys like dendritic.bars.p)")->check(CLI::ExistingFile);
  sweep->add_option("--config", sweep_args.config_path, "base config (without --grid)")->check(CLI::ExistingFile);
  sweep->add_option("--experiment", sweep_args.experiment, "bars | fmnist | scenes | speech (a grid may set dendritic.experiment)")
      ->check(CLI::IsMember({"bars", "fmnist", "scenes", "speech"}));
  sweep->add_option("--variant", sweep_args.variant, "speech variant fig5e | s11");
  sweep->add_option("--rates-hz", sweep_args.rates_hz, "rate axis in Hz (dendritic.network.rate_per_ms)")->delimiter(',');
  sweep->add_option("--sigma2-values", sweep_args.sigma2_values, "sigma_f^2 axis")->delimiter(',');
  sweep->add_option("--one-spike-per-step-values", sweep_args.one_spike, "axis true,false")->delimiter(',');
  sweep->add_option("--rules", sweep_args.rules, "rule axis")->delimiter(',');
  sweep->add_option("--p-values", sweep_args.p_values, "bar correlation axis")->delimiter(',');
  sweep->add_option("--bits", sweep_args.bits, "weight-bits axis (0 = float)")->delimiter(',');
  sweep->add_option("--dt-values", sweep_args.dt_values, "time-step axis (ms)")->delimiter(',');
  sweep->add_option("--seeds", sweep_args.seeds, "seed axis")->delimiter(',');
  sweep->add_flag("--quick", sweep_args.quick, "quick schedule for every job");
  sweep->add_option("--shard", sweep_args.shard, "run the jobs j with j % N == i");
  sweep->add_option("--out", sweep_args.out, "sweep folder")->required();
  sweep->callback([] { run_sweep(sweep_args); });
});

}  // namespace
