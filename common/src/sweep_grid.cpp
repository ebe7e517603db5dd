#include "ebn/sweep_grid.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "ebn/errors.h"
#include "ebn/output_dir.h"

namespace ebn {

namespace {
std::vector<std::string> split_dots(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
    parts.push_back(key.substr(start, dot - start));
  parts.push_back(key.substr(start));
  return parts;
}

// FNV-1a over the canonical dump: stable across runs and machines.
std::string fingerprint_of(const Json& j) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : j.dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}
}  // namespace

void set_dotted(Json& object, const std::string& dotted_key, const Json& value) {
  Json* node = &object;
  const auto parts = split_dots(dotted_key);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node->contains(parts[i]) || !(*node)[parts[i]].is_object()) (*node)[parts[i]] = Json::object();
    node = &(*node)[parts[i]];
  }
  (*node)[parts.back()] = value;
}

Json get_dotted(const Json& object, const std::string& dotted_key) {
  const Json* node = &object;
  for (const auto& part : split_dots(dotted_key)) {
    if (!node->is_object() || !node->contains(part)) return Json();
    node = &(*node)[part];
  }
  return *node;
}

SweepGrid load_sweep_grid(const std::string& path) {
  SweepGrid grid;
  grid.source = path;
  const Json all = load_json_file(path);
  ConfigReader root(all, path);
  const std::string base = root.text("base_config", "");
  if (!base.empty()) {
    const auto base_path = std::filesystem::path(path).parent_path() / base;
    grid.base_config = load_json_file(base_path.string());
  }
  if (root.has("fixed")) {
    root.accept("fixed");
    grid.fixed = all["fixed"];
    if (!grid.fixed.is_object()) root.fail("fixed", "must be an object");
  }
  root.accept("axes");
  if (!all.contains("axes") || !all["axes"].is_array() || all["axes"].empty()) root.fail("axes", "must be a non-empty array");
  for (std::size_t i = 0; i < all["axes"].size(); ++i) {
    const Json& a = all["axes"][i];
    const std::string where = "axes[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("key") || !a["key"].is_string() || !a.contains("values") ||
        !a["values"].is_array() || a["values"].empty() || a.size() != 2)
      root.fail(where, "must be {\"key\": \"section.name\", \"values\": [non-empty list]}");
    SweepAxis axis;
    axis.key = a["key"].get<std::string>();
    for (const auto& v : a["values"]) axis.values.push_back(v);
    grid.axes.push_back(axis);
  }
  std::size_t total = 1;
  for (const auto& a : grid.axes) {
    if (total > kMaxSweepJobs / a.values.size())
      root.fail("axes", "the grid has more than " + std::to_string(kMaxSweepJobs) + " jobs (limit)");
    total *= a.values.size();
  }
  for (std::size_t i = 0; i < grid.axes.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (grid.axes[i].key == grid.axes[k].key) root.fail("axes[" + std::to_string(i) + "]", "key '" + grid.axes[i].key + "' appears twice");
  if (root.has("reliable")) {
    root.accept("reliable");
    grid.reliable = all["reliable"];
  }
  root.finish();
  return grid;
}

std::vector<SweepJob> SweepGrid::jobs() const {
  std::size_t total = 1;
  for (const auto& a : axes) total *= a.values.size();
  std::vector<SweepJob> out;
  out.reserve(total);
  for (std::size_t j = 0; j < total; ++j) {
    SweepJob job;
    job.index = static_cast<int>(j);
    char id[32];
    std::snprintf(id, sizeof id, "job_%05zu", j);
    job.id = id;
    job.point = Json::object();
    job.config = base_config;
    merge_json(job.config, fixed);
    std::size_t rest = j;
    for (std::size_t a = axes.size(); a-- > 0;) {  // last axis varies fastest
      const Json& v = axes[a].values[rest % axes[a].values.size()];
      rest /= axes[a].values.size();
      job.point[axes[a].key] = v;
      set_dotted(job.config, axes[a].key, v);
    }
    job.fingerprint = fingerprint_of(job.config);
    out.push_back(std::move(job));
  }
  return out;
}

Shard parse_shard(const std::string& text) {
  // from_chars reports overflow (sscanf("%d") would wrap 4294967298 to 2).
  Shard s;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const auto [p1, e1] = std::from_chars(begin, end, s.index);
  const bool slash = e1 == std::errc() && p1 != end && *p1 == '/';
  const auto [p2, e2] = slash ? std::from_chars(p1 + 1, end, s.count) : std::from_chars_result{p1, std::errc::invalid_argument};
  if (e1 == std::errc::result_out_of_range || e2 == std::errc::result_out_of_range)
    throw InputError("--shard: number too large in '" + text + "' (at most " + std::to_string(kMaxShards) + " shards)");
  if (!slash || e2 != std::errc() || p2 != end || s.count < 1 || s.index < 0 || s.index >= s.count)
    throw InputError("--shard: expected i/N with 0 <= i < N, got '" + text + "'");
  if (s.count > kMaxShards)
    throw InputError("--shard: " + std::to_string(s.count) + " shards is more than the limit " + std::to_string(kMaxShards));
  return s;
}

// ---------------------------------------------------------------- running a shard
Json sweep_grid_record(const SweepGrid& grid) {
  Json axes = Json::array();
  for (const auto& a : grid.axes) axes.push_back({{"key", a.key}, {"values", a.values}});
  Json jobs = Json::array();
  for (const auto& j : grid.jobs()) jobs.push_back({{"id", j.id}, {"point", j.point}, {"fingerprint", j.fingerprint}});
  return {{"grid_file", grid.source}, {"axes", axes}, {"reliable", grid.reliable}, {"jobs", jobs}};
}

std::string sweep_job_path(const std::string& out_dir, const std::string& job_id) { return out_dir + "/jobs/" + job_id + ".json"; }

SweepShardStats run_sweep_shard(const SweepGrid& grid, const Shard& shard, const std::string& out_dir,
                                const SweepJobRunner& run_job, const std::function<void(const std::string&)>& progress) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir + "/jobs", ec);
  if (ec) throw InputError(out_dir + ": cannot create sweep folder (" + ec.message() + ")");
  const Json record = sweep_grid_record(grid);
  const Json existing = read_json_or_null(out_dir + "/grid.json");
  if (existing.is_null() || !existing.is_object() || !existing.contains("jobs"))
    write_file_atomically(out_dir + "/grid.json", record.dump(2) + "\n");
  else if (existing["jobs"] != record["jobs"])
    throw InputError(out_dir + "/grid.json: the folder holds results of a different grid; use another --out");
  SweepShardStats stats;
  for (const auto& job : grid.jobs()) {
    if (!shard.contains(job.index)) continue;
    ++stats.mine;
    const std::string path = sweep_job_path(out_dir, job.id);
    const Json previous = read_json_or_null(path);
    if (previous.is_object() && previous.value("fingerprint", "") == job.fingerprint) {
      ++stats.skipped;
      continue;
    }
    Json result = run_job(job);
    if (!result.is_object()) result = Json{{"result", result}};
    result["id"] = job.id;
    result["index"] = job.index;
    result["point"] = job.point;
    result["fingerprint"] = job.fingerprint;
    write_file_atomically(path, result.dump(1) + "\n");
    ++stats.ran;
    if (progress) progress(job.id + " " + job.point.dump() + " done");
  }
  return stats;
}

std::vector<Json> gather_sweep_results(const SweepGrid& grid, const std::string& out_dir, std::vector<std::string>* missing) {
  std::vector<Json> results;
  for (const auto& job : grid.jobs()) {
    const Json r = read_json_or_null(sweep_job_path(out_dir, job.id));
    if (r.is_object() && r.value("fingerprint", "") == job.fingerprint) results.push_back(r);
    else if (missing) missing->push_back(job.id);
  }
  return results;
}

Json cheapest_reliable_design(const Json& designs) {
  if (!designs.is_array()) throw InputError("area designs: must be a list");
  Json best;
  for (std::size_t i = 0; i < designs.size(); ++i) {
    const Json& d = designs[i];
    if (!d.is_object() || !d.contains("reliable") || !d["reliable"].is_boolean() || !d.contains("area") ||
        !d["area"].is_number() || !d.contains("flip_flops") || !d["flip_flops"].is_number())
      throw InputError("area designs[" + std::to_string(i) + "]: needs reliable (bool), area and flip_flops (numbers)");
    if (!d["reliable"].get<bool>()) continue;
    const double area = d["area"].get<double>(), ffs = d["flip_flops"].get<double>();
    if (best.is_null() || area < best["area"].get<double>() ||
        (area == best["area"].get<double>() && ffs < best["flip_flops"].get<double>()))
      best = d;
  }
  return best;
}

}  // namespace ebn
