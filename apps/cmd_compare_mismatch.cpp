// `ebn compare-mismatch`: the paper's thesis as a measurement. For each mismatch sigma and seed,
// one chip run (its own child process, one SystemC elaboration each) gives both contenders on
// the SAME mismatched chip instance and the same evaluation signal:
//   (a) "programmed optimum": W* computed off-chip, quantised to counters round(W*/step) and
//       programmed without knowledge of the mismatch, no learning;
//   (b) "learned on chip": the discrete rule from the random initial counters.
// Both are scored by decoding error and by distance to the mismatched chip's own optimum.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "command_registry.h"
#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/median.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"
#include "behavioral/params.h"
#include "learning_job.h"

namespace {

using ebn::Json;

struct CompareOptions {
  std::string config;
  std::vector<double> sigmas{0.0, 0.1, 0.2, 0.3};
  int seeds = 5;
  long passes = -1;
  std::string controller = "cpp";
  std::string out = "runs/compare-mismatch";
  bool quiet = false;
};

using ebn::median;

void run_compare(const CompareOptions& o) {
  ebn::set_quiet(o.quiet);
  for (double s : o.sigmas)
    if (!(s >= 0.0 && s <= 0.5)) throw ebn::InputError("--sigmas: value " + std::to_string(s) + " out of range [0, 0.5]");
  if (o.seeds < 1 || o.seeds > 1000) throw ebn::InputError("--seeds: must be in [1, 1000]");
  Json base = o.config.empty() ? ebn::behavioral::to_json(ebn::behavioral::EbnConfig{}) : ebn::load_json_file(o.config);
  const std::string source = o.config.empty() ? "built-in default" : o.config;
  const bool user_diagonal = !o.config.empty() && base.contains("learning") && base["learning"].contains("diagonal");
  ebn::OutputDir out(o.out);

  std::ostringstream csv;
  csv << "sigma,seed,error_programmed_optimum,error_learned,distance_programmed_optimum,distance_learned,"
         "rate_hz_programmed_optimum,rate_hz_learned\n";
  Json runs = Json::array();
  Json table = Json::array();
  std::printf("%-6s %-5s %22s %22s %10s\n", "sigma", "runs", "error: (a) opt | (b) lrn", "dist: (a) opt | (b) lrn",
              "(b) better");
  for (double sigma : o.sigmas) {
    std::vector<double> ea, eb, da, db;
    int b_wins = 0;
    for (int seed = 1; seed <= o.seeds; ++seed) {
      Json cfg = base;
      Json overrides = {{"experiment", {{"backend", "chip"}, {"seed", seed}}},
                        {"chip", {{"mismatch_sigma", sigma}, {"mismatch_seed", seed}, {"controller", o.controller}}}};
      if (o.passes >= 0) overrides["experiment"]["passes"] = o.passes;
      if (!user_diagonal) overrides["learning"]["diagonal"] = "off";
      ebn::merge_json(cfg, overrides);
      const Json summary = Json::parse(ebn::run_in_child([&] {
        ebn::set_quiet(true);
        return ebn::app::run_learning({cfg, source, "", nullptr}).summary.dump();
      }));
      const Json& f = summary["final"];
      const double e_a = f["decoding_error_optimal"], e_b = f["decoding_error_learned"];
      const double d_a = f["distance_to_optimal_programmed_optimum"], d_b = f["distance_to_optimal"];
      ea.push_back(e_a), eb.push_back(e_b), da.push_back(d_a), db.push_back(d_b);
      b_wins += e_b < e_a;
      csv << sigma << "," << seed << "," << e_a << "," << e_b << "," << d_a << "," << d_b << ","
          << f["rate_hz_optimal"].get<double>() << "," << f["rate_hz_learned"].get<double>() << "\n";
      runs.push_back({{"sigma", sigma}, {"seed", seed}, {"final", f}});
      char line[160];
      std::snprintf(line, sizeof line, "sigma %.2f seed %d: error (a) %.4f (b) %.4f  distance (a) %.4f (b) %.4f", sigma,
                    seed, e_a, e_b, d_a, d_b);
      ebn::progress(line);
    }
    table.push_back({{"sigma", sigma},
                     {"runs", o.seeds},
                     {"median_error_programmed_optimum", median(ea)},
                     {"median_error_learned", median(eb)},
                     {"median_distance_programmed_optimum", median(da)},
                     {"median_distance_learned", median(db)},
                     {"learned_decodes_better", b_wins}});
    std::printf("%-6.2f %-5d %10.4f | %-10.4f %10.4f | %-10.4f %5d/%d\n", sigma, o.seeds, median(ea), median(eb),
                median(da), median(db), b_wins, o.seeds);
  }
  const Json summary = {{"contenders",
                         {{"a", "optimal weights computed off-chip, quantised and programmed without learning"},
                          {"b", "on-chip learning from a random start"}}},
                        {"controller", o.controller},
                        {"config", source},
                        {"table", table},
                        {"runs", runs}};
  out.write_text("compare.csv", csv.str());
  out.write_text("summary.json", summary.dump(2) + "\n");
  out.commit();
  std::printf("(medians over seeds 1..%d; errors are decoding errors E, distances to the mismatched chip's optimum)\n",
              o.seeds);
  std::printf("results in %s (plot: /usr/bin/python3 scripts/plot_compare_mismatch.py %s)\n", out.dir().c_str(),
              out.dir().c_str());
}

const ebn::app::CommandRegistrar reg(40, [](CLI::App& root) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* cmd = root.add_subcommand(
      "compare-mismatch", "Programmed optimum vs on-chip learning on mismatched chips (table, summary.json, compare.csv)");
  cmd->add_option("--config", o->config, "JSON config (default: built-in Figure-1 preset)");
  cmd->add_option("--sigmas", o->sigmas, "Mismatch sigmas (relative DAC gain spread)")->delimiter(',')->capture_default_str();
  cmd->add_option("--seeds", o->seeds, "Seeds 1..N (network and mismatch draw)")->capture_default_str();
  cmd->add_option("--passes", o->passes, "Override experiment.passes")->check(ebn::app::at_least(1));
  cmd->add_option("--controller", o->controller, "cpp or rtl")->check(CLI::IsMember({"cpp", "rtl"}))->capture_default_str();
  cmd->add_option("--out", o->out, "Result folder")->capture_default_str();
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->callback([o] { run_compare(*o); });
});

}  // namespace
