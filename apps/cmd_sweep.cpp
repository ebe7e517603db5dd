// `ebn sweep` and `ebn sweep-merge`: the design space as independent learning jobs
// (common/include/ebn/sweep_grid.h). Each job runs in its own child process (one SystemC
// elaboration per process) and writes DIR/jobs/<id>.json atomically; a finished job is skipped,
// so re-running a shard does nothing and a killed shard resumes. Shards run under GNU parallel or
// a Slurm job array (docs/sweeps.md); sweep-merge gathers the jobs into a table and heat maps.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "command_registry.h"
#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"
#include "ebn/sweep_grid.h"
#include "learning_job.h"
#include "sweep_area.h"

namespace fs = std::filesystem;

namespace {

using ebn::Json;

// The metrics a job keeps from summary.json (dotted paths); they become the merged table's columns.
const std::vector<std::string> kMetrics = {
    "final.distance_to_optimal",     "final.weight_correlation", "final.decoding_error_initial",
    "final.decoding_error_learned",  "final.decoding_error_optimal", "final.rate_hz_initial",
    "final.rate_hz_learned",         "wall_s"};

std::string job_path(const std::string& dir, const std::string& id) { return dir + "/jobs/" + id + ".json"; }

// Why a job result file cannot be trusted as the result of `job` ("" = it can): every job file is
// validated the same way on resume (an invalid one is run again) and on merge (an error).
std::string job_problem(const Json& r, const std::string& id, const Json& point, const std::string& fingerprint) {
  if (!r.is_object()) return "not a job result (invalid JSON or not an object; killed while writing?)";
  if (r.value("id", Json()) != Json(id)) return "id is not " + id;
  if (!r.contains("point") || r["point"] != point) return "point " + r.value("point", Json()).dump() + " is not the grid's point " + point.dump() + " for " + id;
  if (r.value("fingerprint", Json()) != Json(fingerprint)) return "fingerprint does not match the grid's config for " + id;
  if (!r.contains("metrics") || !r["metrics"].is_object()) return "metrics missing";
  for (const auto& m : kMetrics) {
    const Json v = r["metrics"].value(m, Json());
    if (!v.is_number() || !std::isfinite(v.get<double>())) return "metric " + m + " missing or not a finite number";
  }
  return "";
}

// The "reliable" rule names a metric and an axis: a misspelt name is an error, not an empty table.
void check_reliable_rule(const Json& rule, const std::vector<std::string>& axis_keys, const std::string& source) {
  if (rule.is_null() || (rule.is_object() && rule.empty())) return;
  if (!rule.is_object()) throw ebn::InputError(source + ": reliable: must be an object");
  ebn::ConfigReader r(rule, source, "reliable.");
  const std::string metric = r.text("metric", "final.distance_to_optimal");
  if (std::find(kMetrics.begin(), kMetrics.end(), metric) == kMetrics.end()) {
    std::string list;
    for (const auto& m : kMetrics) list += (list.empty() ? "" : ", ") + m;
    r.fail("metric", "unknown metric '" + metric + "' (expected one of: " + list + ")");
  }
  r.number("max", 0.2, -1e300, 1e300);
  if (r.has("area")) r.accept("area");  // the area axis' own keys are read by sweep_area()
  const std::string group = r.text("group_by", "");
  if (group.empty()) r.fail("group_by", "required (one of the axis keys)");
  if (std::find(axis_keys.begin(), axis_keys.end(), group) == axis_keys.end())
    r.fail("group_by", "'" + group + "' is not an axis of the grid");
  r.finish();
}

Json grid_record(const ebn::SweepGrid& grid) {
  Json axes = Json::array();
  for (const auto& a : grid.axes) axes.push_back({{"key", a.key}, {"values", a.values}});
  Json jobs = Json::array();
  for (const auto& j : grid.jobs()) jobs.push_back({{"id", j.id}, {"point", j.point}, {"fingerprint", j.fingerprint}});
  return {{"grid_file", grid.source}, {"axes", axes}, {"reliable", grid.reliable}, {"jobs", jobs}};
}

std::string describe(const Json& point) {
  std::string s;
  for (auto it = point.begin(); it != point.end(); ++it) {
    const std::string key = it.key().substr(it.key().rfind('.') + 1);
    s += (s.empty() ? "" : " ") + key + "=" + it->dump();
  }
  return s;
}

struct SweepOptions {
  std::string grid;
  std::string shard = "0/1";
  std::string out;
  bool quiet = false;
};

void run_sweep(const SweepOptions& o) {
  ebn::set_quiet(o.quiet);
  const ebn::SweepGrid grid = ebn::load_sweep_grid(o.grid);
  const ebn::Shard shard = ebn::parse_shard(o.shard);
  std::vector<std::string> axis_keys;
  for (const auto& a : grid.axes) axis_keys.push_back(a.key);
  check_reliable_rule(grid.reliable, axis_keys, o.grid);
  // Every job's config is checked before anything is created or run: a bad grid fails at once.
  for (const auto& job : grid.jobs()) ebn::app::validate_learning_config(job.config, o.grid + " (" + job.id + ")");
  std::error_code ec;
  fs::create_directories(o.out + "/jobs", ec);
  if (ec) throw ebn::InputError(o.out + ": cannot create sweep folder (" + ec.message() + ")");

  // The grid record pins the folder to one grid: a different grid in the same folder is an error.
  const Json record = grid_record(grid);
  const Json existing = ebn::read_json_or_null(o.out + "/grid.json");
  if (existing.is_null()) {
    ebn::write_file_atomically(o.out + "/grid.json", record.dump(2) + "\n");
  } else if (existing["jobs"] != record["jobs"]) {
    throw ebn::InputError(o.out + "/grid.json: the folder holds results of a different grid; use another --out");
  }

  const auto jobs = grid.jobs();
  int mine = 0, done = 0, ran = 0;
  for (const auto& job : jobs) mine += shard.contains(job.index);
  for (const auto& job : jobs) {
    if (!shard.contains(job.index)) continue;
    const std::string path = job_path(o.out, job.id);
    ++done;
    if (fs::exists(path)) {
      const std::string problem = job_problem(ebn::read_json_or_null(path), job.id, job.point, job.fingerprint);
      if (problem.empty()) {
        ebn::progress("[" + o.shard + "] " + job.id + " (" + std::to_string(done) + "/" + std::to_string(mine) +
                      ") already done");
        continue;
      }
      ebn::progress("[" + o.shard + "] " + path + ": " + problem + "; running the job again");
    }
    const auto start = std::chrono::steady_clock::now();
    const std::string summary_text = ebn::run_in_child([&] {
      ebn::set_quiet(true);
      return ebn::app::run_learning({job.config, o.grid + " " + job.id, "", nullptr}).summary.dump();
    });
    const Json summary = Json::parse(summary_text);
    Json metrics = Json::object();
    for (const auto& m : kMetrics) metrics[m] = ebn::get_dotted(summary, m);
    const Json result = {{"id", job.id},         {"index", job.index},  {"point", job.point},
                         {"fingerprint", job.fingerprint}, {"metrics", metrics}, {"summary", summary}};
    ebn::write_file_atomically(path, result.dump(1) + "\n");
    ++ran;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[256];
    std::snprintf(line, sizeof line, ") %s: dist %.4f (%.1f s)", describe(job.point).c_str(),
                  metrics["final.distance_to_optimal"].is_number() ? metrics["final.distance_to_optimal"].get<double>() : NAN,
                  wall);
    ebn::progress("[" + o.shard + "] " + job.id + " (" + std::to_string(done) + "/" + std::to_string(mine) + line);
  }
  std::printf("sweep shard %s: %d jobs, %d run now, %d already done; results in %s/jobs\n", o.shard.c_str(), mine, ran,
              mine - ran, o.out.c_str());
}

std::string csv_cell(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// Smallest value of `group_by` whose jobs all satisfy metric <= max (the "learns reliably" rule).
Json reliability(const Json& rule, const std::vector<Json>& results) {
  if (!rule.is_object() || !rule.contains("group_by")) return Json();
  const std::string group = rule["group_by"].get<std::string>();
  const std::string metric = rule.value("metric", "final.distance_to_optimal");
  const double max = rule.value("max", 0.2);
  std::map<double, std::pair<int, int>> tally;  // value -> (passing, total)
  for (const auto& r : results) {
    const Json v = r["point"].value(group, Json());
    const Json m = r["metrics"].value(metric, Json());
    if (!v.is_number()) continue;
    auto& t = tally[v.get<double>()];
    t.second += 1;
    t.first += (m.is_number() && m.get<double>() <= max) ? 1 : 0;
  }
  Json groups = Json::array();
  Json smallest;
  for (const auto& [value, t] : tally) {
    groups.push_back({{"value", value}, {"passing", t.first}, {"total", t.second}});
    if (smallest.is_null() && t.first == t.second) smallest = value;
  }
  return {{"group_by", group}, {"metric", metric}, {"max", max}, {"groups", groups}, {"smallest_reliable", smallest}};
}

// grid.json as written by `ebn sweep`; anything else (hand-edited, foreign) is named.
void check_grid_record(const Json& record, const std::string& path) {
  const auto bad = [&](const std::string& what) { throw ebn::InputError(path + ": " + what + " (not written by ebn sweep?)"); };
  if (!record.is_object() || !record.contains("jobs") || !record["jobs"].is_array() || !record.contains("axes") ||
      !record["axes"].is_array())
    bad("must hold \"axes\" and \"jobs\" arrays");
  for (const auto& a : record["axes"])
    if (!a.is_object() || !a.contains("key") || !a["key"].is_string()) bad("axes: every axis needs a \"key\"");
  for (const auto& j : record["jobs"])
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("fingerprint") ||
        !j["fingerprint"].is_string() || !j.contains("point") || !j["point"].is_object())
      bad("jobs: every job needs \"id\", \"point\" and \"fingerprint\"");
}

void run_merge(const std::string& dir, bool plot) {
  const std::string grid_path = dir + "/grid.json";
  if (!fs::exists(grid_path)) throw ebn::InputError(grid_path + ": missing (not a sweep folder?)");
  const Json record = ebn::load_json_file(grid_path);
  check_grid_record(record, grid_path);
  std::vector<std::string> axis_keys;
  for (const auto& a : record["axes"]) axis_keys.push_back(a["key"].get<std::string>());
  check_reliable_rule(record.value("reliable", Json()), axis_keys, grid_path);
  std::vector<Json> results;
  std::vector<std::string> missing;
  std::set<std::string> known;
  for (const auto& job : record["jobs"]) {
    const std::string id = job["id"].get<std::string>();
    known.insert(id + ".json");
    const std::string path = job_path(dir, id);
    if (!fs::exists(path)) {
      missing.push_back(id);
      continue;
    }
    const Json r = ebn::read_json_or_null(path);
    const std::string problem = job_problem(r, id, job["point"], job["fingerprint"].get<std::string>());
    if (!problem.empty())
      throw ebn::InputError(path + ": " + problem + "; re-run its shard (the job is run again) or remove the file");
    results.push_back(r);
  }
  // A result file for a point that is not in the grid belongs to another sweep.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir + "/jobs", ec))
    if (e.path().extension() == ".json" && !known.count(e.path().filename().string()))
      throw ebn::InputError(e.path().string() + ": job not in the grid of " + grid_path + " (from another sweep?)");
  if (!missing.empty())
    throw ebn::InputError(dir + ": " + std::to_string(missing.size()) + " of " + std::to_string(record["jobs"].size()) +
                          " jobs not finished (first: " + missing.front() + "); run the missing shards first");

  std::ostringstream csv;
  std::vector<std::string> axes;
  for (const auto& a : record["axes"]) axes.push_back(a["key"].get<std::string>());
  csv << "job";
  for (const auto& a : axes) csv << "," << a;
  for (const auto& m : kMetrics) csv << "," << m;
  csv << "\n";
  for (const auto& r : results) {
    csv << r["id"].get<std::string>();
    for (const auto& a : axes) csv << "," << csv_cell(r["point"].value(a, Json()));
    for (const auto& m : kMetrics) csv << "," << csv_cell(r["metrics"].value(m, Json()));
    csv << "\n";
  }
  const Json rel = reliability(record["reliable"], results);
  // Area axis: per weight width and update style, the outcome next to yosys' flip-flops and area.
  const Json area = rel.is_null() ? Json() : ebn::app::sweep_area(record["reliable"], rel, results, dir);
  Json merged = {{"jobs", results.size()}, {"axes", axes}, {"reliable", rel}};
  if (!area.is_null()) merged["area"] = area;
  // The sweep folder is a shared job store, not a result folder: the merged files are written
  // one by one, each complete or absent.
  ebn::write_file_atomically(dir + "/merged.csv", csv.str());
  if (!area.is_null()) ebn::write_file_atomically(dir + "/merged_area.csv", ebn::app::sweep_area_csv(area));
  ebn::write_file_atomically(dir + "/merged.json", merged.dump(2) + "\n");
  std::printf("merged %zu jobs into %s/merged.csv\n", results.size(), dir.c_str());
  if (!rel.is_null()) {
    for (const auto& g : rel["groups"])
      std::printf("  %s = %-6g %d/%d runs with %s <= %g\n", rel["group_by"].get<std::string>().c_str(),
                  g["value"].get<double>(), g["passing"].get<int>(), g["total"].get<int>(),
                  rel["metric"].get<std::string>().c_str(), rel["max"].get<double>());
    if (rel["smallest_reliable"].is_null())
      std::printf("no %s learns reliably\n", rel["group_by"].get<std::string>().c_str());
    else
      std::printf("smallest %s that learns reliably: %g\n", rel["group_by"].get<std::string>().c_str(),
                  rel["smallest_reliable"].get<double>());
  }
  if (!area.is_null()) {
    std::printf("area (controller synthesized with yosys at NMax = %d, %s):\n", area["neurons"].get<int>(),
                area["area_unit"].get<std::string>().c_str());
    for (const auto& d : area["designs"])
      std::printf("  B = %-2d %-8s %s  %6ld flip-flops %7ld cells %9.0f %s\n", d["bits"].get<int>(),
                  d["style"].get<std::string>().c_str(), d["reliable"].get<bool>() ? "learns reliably " : "not reliable   ",
                  d["flip_flops"].get<long>(), d["cells"].get<long>(), d["area"].get<double>(),
                  area["area_unit"].get<std::string>().c_str());
    const Json& c = area["cheapest_reliable"];
    if (c.is_null())
      std::printf("no design learns reliably\n");
    else
      std::printf("cheapest design that learns reliably: B = %d, %s style, %.0f %s (%ld flip-flops)\n", c["bits"].get<int>(),
                  c["style"].get<std::string>().c_str(), c["area"].get<double>(),
                  area["area_unit"].get<std::string>().c_str(), c["flip_flops"].get<long>());
  }
  if (plot) {
    const std::string cmd = "/usr/bin/python3 '" + std::string(EBN_SCRIPTS_DIR) + "/plot_sweep.py' '" + dir + "'";
    if (std::system(cmd.c_str()) != 0) throw ebn::InputError(dir + ": plotting failed (" + cmd + ")");
  }
}

const ebn::app::CommandRegistrar reg_sweep(60, [](CLI::App& root) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* cmd = root.add_subcommand("sweep", "Run (one shard of) a design-space sweep of learning jobs");
  cmd->add_option("--grid", o->grid, "Grid file (JSON: base_config, fixed, axes, reliable)")->required();
  cmd->add_option("--shard", o->shard, "Run jobs j with j % N == i")->capture_default_str();
  cmd->add_option("--out", o->out, "Sweep folder (shared by all shards)")->required();
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->callback([o] { run_sweep(*o); });
});

const ebn::app::CommandRegistrar reg_merge(61, [](CLI::App& root) {
  auto dir = std::make_shared<std::string>();
  auto no_plot = std::make_shared<bool>(false);
  CLI::App* cmd = root.add_subcommand("sweep-merge", "Gather a finished sweep into merged.csv, merged.json, heat maps");
  cmd->add_option("DIR", *dir, "Sweep folder")->required();
  cmd->add_flag("--no-plot", *no_plot, "Skip the heat maps (scripts/plot_sweep.py)");
  cmd->callback([dir, no_plot] { run_merge(*dir, !*no_plot); });
});

}  // namespace
