// `ebn dendritic ...`: dendritic-balance networks (issue 6, spec/dendritic-balance.md).
//   bars    one run on the bars data set           -> DIR/summary.json, config.json, curve.csv, F/D CSV
//   fmnist  one run on the Fashion-MNIST subset     -> same, plus linear_accuracy
//   sweep   a grid of runs (rules x p x seeds x bits x dt), --shard i/N, resumable, results.csv
// Settings come from defaults per experiment/rule (spec §4), then the "dendritic" section of
// --config FILE, then the command-line flags; the resolved config is written next to the results.
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

namespace {

using ebn::Json;
using namespace ebn::dendritic;

#ifndef EBN_PLOT_DENDRITIC_SCRIPT
#define EBN_PLOT_DENDRITIC_SCRIPT EBN_SCRIPTS_DIR "/plot_dendritic.py"
#endif

struct RunArgs {
  std::string config_path, out, rule, rounding, data_dir;
  double p = 0.0, dt_ms = 1.0;
  long seed = 1, bits = 0;
  bool quick = false, plot = false;
  CLI::Option *rule_opt = nullptr, *p_opt = nullptr, *seed_opt = nullptr, *bits_opt = nullptr, *dt_opt = nullptr,
              *rounding_opt = nullptr, *quick_opt = nullptr, *data_opt = nullptr;
};

// The "dendritic" section of the config file (if any) with the command-line flags on top.
Json assemble_section(const RunArgs& a, std::string& source) {
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
  ebn::merge_json(section, patch);
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
  const Json section = assemble_section(a, source);
  const DendriticConfig config = parse_dendritic_config(experiment, section, source);
  ebn::OutputDir out(a.out);  // fails early if the folder cannot be written
  const auto progress = [](const std::string& line) { ebn::progress("dendritic: " + line); };
  const RunResult result = experiment == Experiment::Bars ? run_bars(config, Mutation::None, progress)
                                                          : run_fmnist(config, Mutation::None, progress);
  write_run(out, config, result);
  out.commit();
  std::ostringstream line;
  line << "dendritic " << (experiment == Experiment::Bars ? "bars" : "fmnist") << " rule=" << rule_name(config.rule)
       << " test_loss=" << result.test_loss;
  if (experiment == Experiment::Bars) line << " bars_found=" << result.bars_found << "/" << 2 * config.bars.side;
  else line << " linear_accuracy=" << result.linear_accuracy;
  line << " wall_s=" << result.wall_s;
  std::printf("%s\n", line.str().c_str());
  if (a.plot) maybe_plot(a.out);
}

void add_run_options(CLI::App* cmd, RunArgs& a, bool bars) {
  cmd->add_option("--config", a.config_path, "JSON config; its top-level \"dendritic\" section is read")->check(CLI::ExistingFile);
  a.rule_opt = cmd->add_option("--rule", a.rule, "analytic | somatic | decay | simultaneous | slow | slow_pruning");
  a.seed_opt = cmd->add_option("--seed", a.seed, "seed (network, training data, test data and rounding streams derive from it)");
  a.quick_opt = cmd->add_flag("--quick", a.quick, "shortened schedule (seconds instead of minutes)");
  a.bits_opt = cmd->add_option("--bits", a.bits, "discretised weights: signed B-bit F and recurrent weights (0 = float)");
  a.rounding_opt = cmd->add_option("--rounding", a.rounding, "stochastic | deterministic rounding of discretised updates");
  a.dt_opt = cmd->add_option("--dt-ms", a.dt_ms, "time step in ms (also the recurrent transmission delay)");
  if (bars) a.p_opt = cmd->add_option("--p", a.p, "bar correlation p (probability of a cross)");
  else a.data_opt = cmd->add_option("--data-dir", a.data_dir, "folder with the Fashion-MNIST *-ubyte.gz files");
  cmd->add_option("--out", a.out, "result folder")->required();
  cmd->add_flag("--plot", a.plot, "run scripts/plot_dendritic.py on the result folder");
}

// ---------------------------------------------------------------- sweep
struct SweepArgs {
  std::string grid_path, out, shard = "0/1", experiment = "bars", config_path;
  std::vector<std::string> rules;
  std::vector<double> p_values, dt_values;
  std::vector<long> seeds, bits;
  bool quick = false;
};

ebn::SweepGrid build_grid(const SweepArgs& a) {
  if (!a.grid_path.empty()) return ebn::load_sweep_grid(a.grid_path);
  ebn::SweepGrid grid;
  grid.source = "command line";
  if (!a.config_path.empty()) grid.base_config = ebn::load_json_file(a.config_path);
  if (a.quick) grid.fixed["dendritic"]["quick"] = true;
  auto axis = [&](const std::string& key, const auto& values) {
    if (values.empty()) return;
    ebn::SweepAxis ax;
    ax.key = key;
    for (const auto& v : values) ax.values.push_back(v);
    grid.axes.push_back(ax);
  };
  axis("dendritic.rule", a.rules);
  axis("dendritic.bars.p", a.p_values);
  axis("dendritic.hardware.weight_bits", a.bits);
  axis("dendritic.network.dt_ms", a.dt_values);
  axis("dendritic.seed", a.seeds);
  if (grid.axes.empty()) throw ebn::InputError("sweep: give --grid FILE or at least one of --rules/--p-values/--bits/--dt-values/--seeds");
  return grid;
}

void run_sweep(const SweepArgs& a) {
  const Experiment experiment = a.experiment == "bars" ? Experiment::Bars : Experiment::Fmnist;
  const ebn::Shard shard = ebn::parse_shard(a.shard);
  const ebn::SweepGrid grid = build_grid(a);
  const auto jobs = grid.jobs();
  // Parse every job's config before running any: a bad grid fails at once, not after hours.
  std::vector<DendriticConfig> configs;
  for (const auto& job : jobs) {
    const Json section = job.config.contains("dendritic") ? job.config["dendritic"] : Json::object();
    configs.push_back(parse_dendritic_config(experiment, section, grid.source + " (" + job.id + ")"));
  }
  const std::filesystem::path jobs_dir = std::filesystem::path(a.out) / "jobs";
  std::error_code ec;
  std::filesystem::create_directories(jobs_dir, ec);
  if (ec) throw ebn::InputError(a.out + ": cannot create output directory (" + ec.message() + ")");
  int done = 0, skipped = 0;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    const auto& job = jobs[k];
    if (!shard.contains(job.index)) continue;
    const auto path = jobs_dir / (job.id + ".json");
    if (std::filesystem::exists(path)) {
      try {
        const Json old = ebn::load_json_file(path.string());
        if (old.value("fingerprint", "") == job.fingerprint) { ++skipped; continue; }
      } catch (const ebn::InputError&) {  // unreadable leftover: run the job again
      }
    }
    const RunResult r = experiment == Experiment::Bars ? run_bars(configs[k]) : run_fmnist(configs[k]);
    Json record = summary_json(configs[k], r);
    record["job"] = job.id;
    record["point"] = job.point;
    record["fingerprint"] = job.fingerprint;
    ebn::write_file_atomically(path.string(), record.dump(1) + "\n");
    ++done;
    ebn::progress("sweep " + job.id + " " + job.point.dump() + ": test_loss " + std::to_string(r.test_loss));
  }
  // Gather every finished job (from all shards) into results.csv.
  std::ostringstream csv;
  csv.precision(10);
  csv << "job";
  for (const auto& ax : grid.axes) csv << "," << ax.key;
  csv << ",test_loss,bars_found,linear_accuracy,mean_rate_per_ms,wall_s\n";
  int gathered = 0;
  for (const auto& job : jobs) {
    const auto path = jobs_dir / (job.id + ".json");
    if (!std::filesystem::exists(path)) continue;
    const Json r = ebn::load_json_file(path.string());
    if (r.value("fingerprint", "") != job.fingerprint) continue;
    csv << job.id;
    for (const auto& ax : grid.axes) {
      const Json v = job.point[ax.key];
      csv << "," << (v.is_string() ? v.get<std::string>() : v.dump());
    }
    csv << "," << r.value("test_loss", 0.0) << "," << r.value("bars_found", -1) << "," << r.value("linear_accuracy", -1.0)
        << "," << r.value("mean_rate_per_ms", 0.0) << "," << r.value("wall_s", 0.0) << "\n";
    ++gathered;
  }
  ebn::write_file_atomically((std::filesystem::path(a.out) / "results.csv").string(), csv.str());
  std::printf("sweep: shard %d/%d ran %d jobs, %d already done; results.csv has %d of %zu jobs\n", shard.index, shard.count,
              done, skipped, gathered, jobs.size());
}

ebn::app::CommandRegistrar reg(60, [](CLI::App& root) {
  auto* dendritic = root.add_subcommand("dendritic", "dendritic-balance networks: bars, Fashion-MNIST, sweeps (float and B-bit)");
  dendritic->require_subcommand(1);

  static RunArgs bars_args, fmnist_args;
  auto* bars = dendritic->add_subcommand("bars", "learn the bars data set; writes summary.json (test_loss, bars_found, ...)");
  add_run_options(bars, bars_args, true);
  bars->callback([] { run_single(Experiment::Bars, bars_args); });

  auto* fmnist = dendritic->add_subcommand("fmnist", "learn a 3-class 16x16 Fashion-MNIST subset; test loss and linear read-out accuracy");
  add_run_options(fmnist, fmnist_args, false);
  fmnist->callback([] { run_single(Experiment::Fmnist, fmnist_args); });

  static SweepArgs sweep_args;
  auto* sweep = dendritic->add_subcommand("sweep", "grid of runs (one JSON per job in DIR/jobs, DIR/results.csv); --shard i/N");
  sweep->add_option("--grid", sweep_args.grid_path, "sweep grid JSON (axes on keys like dendritic.bars.p)")->check(CLI::ExistingFile);
  sweep->add_option("--config", sweep_args.config_path, "base config (without --grid)")->check(CLI::ExistingFile);
  sweep->add_option("--experiment", sweep_args.experiment, "bars | fmnist")->check(CLI::IsMember({"bars", "fmnist"}));
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
