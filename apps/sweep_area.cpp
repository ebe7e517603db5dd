#include "sweep_area.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ebn/errors.h"
#include "ebn/median.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"
#include "ebn/sweep_grid.h"
#include "synth_job.h"

namespace fs = std::filesystem;

namespace ebn::app {
namespace {

constexpr const char* kBitsKey = "learning.weight_bits";

Json synthesize_cached(const std::string& dir, int neurons, int bits, const std::string& style,
                       const std::string& version) {
  const std::string name = style + "_n" + std::to_string(neurons) + "_b" + std::to_string(bits);
  const std::string path = dir + "/area/" + name + ".json";
  const Json cached = read_json_or_null(path);
  if (cached.is_object() && cached.value("rtl_version", "") == version) return cached;
  SynthRequest req;
  req.neurons = neurons;
  req.bits = bits;
  req.style = style;
  req.work_dir = dir + "/area/" + name;
  validate(req);
  std::error_code ec;
  fs::create_directories(req.work_dir, ec);
  if (ec) throw InputError(req.work_dir + ": cannot create (" + ec.message() + ")");
  progress("sweep-merge: yosys synthesis " + name + " ...");
  const Json j = to_json(run_synth(req));  // carries rtl_version
  write_file_atomically(path, j.dump(2) + "\n");
  return j;
}

using ebn::median;

}  // namespace

Json sweep_area(const Json& rule, const Json& reliability, const std::vector<Json>& results, const std::string& dir) {
  if (!rule.is_object() || !rule.contains("area")) return Json();
  const std::string where = dir + "/grid.json: reliable.area";
  const Json& a = rule["area"];
  if (!a.is_object() || !a.contains("neurons") || !a["neurons"].is_number_integer())
    throw InputError(where + ": must be {\"neurons\": N, \"styles\": [\"parallel\", \"serial\"]}");
  if (rule.value("group_by", "") != kBitsKey) throw InputError(where + ": needs \"group_by\": \"" + kBitsKey + "\"");
  std::vector<std::string> styles = {"parallel", "serial"};
  if (a.contains("styles")) {
    if (!a["styles"].is_array() || a["styles"].empty()) throw InputError(where + ".styles: must be a non-empty list");
    styles.clear();
    for (const auto& s : a["styles"]) {
      if (!s.is_string()) throw InputError(where + ".styles: must be a list of style names");
      styles.push_back(s.get<std::string>());
    }
  }
  for (auto it = a.begin(); it != a.end(); ++it)
    if (it.key() != "neurons" && it.key() != "styles") throw InputError(where + "." + it.key() + ": unknown key");
  const int neurons = a["neurons"].get<int>();
  const std::string metric = reliability.value("metric", "final.distance_to_optimal");
  const std::string version = rtl_version();

  Json designs = Json::array();
  for (const auto& g : reliability["groups"]) {
    const double value = g["value"].get<double>();
    const int bits = static_cast<int>(value);
    if (bits != value) throw InputError(where + ": weight width " + Json(value).dump() + " is not an integer");
    std::vector<double> outcome;
    for (const auto& r : results) {
      const Json v = r["point"].value(kBitsKey, Json());
      const Json m = r["metrics"].value(metric, Json());
      if (v.is_number() && v.get<double>() == value && m.is_number()) outcome.push_back(m.get<double>());
    }
    const bool reliable = g["passing"].get<int>() == g["total"].get<int>();
    for (const auto& style : styles) {
      const Json s = synthesize_cached(dir, neurons, bits, style, version);
      Json d = {{"bits", bits},
                {"style", style},
                {"passing", g["passing"]},
                {"total", g["total"]},
                {"reliable", reliable},
                {"median_" + metric, median(outcome)},
                {"flip_flops", s["flip_flops"]},
                {"cells", s["cells"]},
                {"area", s["area"]}};
      designs.push_back(d);
    }
  }
  return {{"neurons", neurons},
          {"area_unit", kAreaUnit},
          {"cell_library", "rtl/synth/ebn_cells.lib"},
          {"metric", metric},
          {"learning_outcome", "jobs of the weight width; the styles differ in timing only (serial: 1 + N cycles per event)"},
          {"designs", designs},
          {"cheapest_reliable", cheapest_reliable_design(designs)}};
}

std::string sweep_area_csv(const Json& area) {
  std::ostringstream csv;
  const std::string metric = area["metric"].get<std::string>();
  csv << "bits,style,passing,total,reliable,median_" << metric << ",flip_flops,cells,area_" << area["area_unit"].get<std::string>()
      << "\n";
  for (const auto& d : area["designs"]) {
    const Json m = d["median_" + metric];
    csv << d["bits"].dump() << "," << d["style"].get<std::string>() << "," << d["passing"].dump() << ","
        << d["total"].dump() << "," << (d["reliable"].get<bool>() ? 1 : 0) << "," << (m.is_number() ? m.dump() : "")
        << "," << d["flip_flops"].dump() << "," << d["cells"].dump() << "," << d["area"].dump() << "\n";
  }
  return csv.str();
}

}  // namespace ebn::app
