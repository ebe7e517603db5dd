// Verilator coverage.dat reader (see coverage_report.h).
#include "ebn_rtl/coverage_report.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ebn/errors.h"

namespace ebn::rtl {

namespace {

// The key string is a sequence of \001 KEY \002 VALUE fields (verilated_cov_key.h).
std::map<std::string, std::string> fields_of(const std::string& key) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while ((pos = key.find('\001', pos)) != std::string::npos) {
    const std::size_t mid = key.find('\002', pos);
    if (mid == std::string::npos) break;
    const std::size_t end = key.find('\001', mid);
    out[key.substr(pos + 1, mid - pos - 1)] = key.substr(mid + 1, end == std::string::npos ? std::string::npos : end - mid - 1);
    pos = mid;
  }
  return out;
}

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

void CoverageData::add_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the coverage file");
  std::string text;
  long lineno = 0;
  bool header = false;
  while (std::getline(in, text)) {
    ++lineno;
    if (text.rfind("# SystemC::Coverage", 0) == 0) {
      header = true;
      continue;
    }
    if (text.empty() || text[0] == '#') continue;
    const std::size_t open = text.find('\'');
    const std::size_t close = text.rfind('\'');
    if (text.rfind("C ", 0) != 0 || open == std::string::npos || close <= open)
      throw file_error(path, lineno, "not a Verilator coverage point");
    const std::string key = text.substr(open + 1, close - open - 1);
    std::uint64_t count = 0;
    try {
      count = std::stoull(text.substr(close + 1));
    } catch (const std::exception&) {
      throw file_error(path, lineno, "coverage point without a count");
    }
    Point& p = points_[key];
    if (p.page.empty()) {
      const auto f = fields_of(key);
      auto get = [&](const char* k) {
        const auto it = f.find(k);
        return it == f.end() ? std::string() : it->second;
      };
      p.page = get("page");
      p.file = base_name(get("f"));
      p.comment = get("o");
      p.hier = get("h");
      const std::string l = get("l");
      p.line = l.empty() ? 0 : std::atoi(l.c_str());
    }
    p.count += count;
  }
  if (!header) throw file_error(path, 1, "missing the '# SystemC::Coverage' header");
}

CoverageSummary CoverageData::summarize() const {
  CoverageSummary s;
  for (const auto& [key, p] : points_) {
    CoverageKind* kind = &s.line;
    if (p.page.rfind("v_toggle", 0) == 0) kind = &s.toggle;
    else if (p.page.rfind("v_user", 0) == 0) kind = &s.user;
    ++kind->points;
    if (p.count > 0) ++kind->covered;
    else {
      CoveragePoint point{p.file, p.comment, p.hier, p.line};
      kind->uncovered.push_back(point.name());
      kind->uncovered_points.push_back(point);
    }
  }
  return s;
}

std::vector<CoverageWaiver> load_coverage_waivers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the coverage waivers");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": not JSON (" + e.what() + ")");
  }
  std::vector<CoverageWaiver> out;
  if (!j.contains("waivers") || !j["waivers"].is_array()) throw InputError(path + ": key 'waivers' must be an array");
  int index = 0;
  for (const auto& w : j["waivers"]) {
    const std::string where = path + ": waivers[" + std::to_string(index++) + "]";
    auto text = [&](const char* key, bool required) -> std::string {
      if (!w.contains(key)) {
        if (required) throw InputError(where + ": missing key '" + key + "'");
        return "";
      }
      if (!w[key].is_string()) throw InputError(where + ": key '" + key + "' must be a string");
      return w[key].get<std::string>();
    };
    CoverageWaiver c;
    c.kind = text("kind", true);
    if (c.kind != "line" && c.kind != "toggle") throw InputError(where + ": key 'kind' must be line or toggle");
    c.file = text("file", true);
    c.source = text("source", c.kind == "line");
    c.comment = text("comment", true);
    c.reason = text("reason", true);
    if (w.contains("requires_bins")) {
      if (!w["requires_bins"].is_array()) throw InputError(where + ": key 'requires_bins' must be an array");
      for (const auto& b : w["requires_bins"]) c.requires_bins.push_back(b.get<std::string>());
    }
    out.push_back(c);
  }
  return out;
}

namespace {

// Line `line` (1-based) of a file, or "".
std::string source_line(const std::string& path, int line) {
  std::ifstream in(path);
  std::string text;
  for (int i = 0; i < line && std::getline(in, text); ++i) {
  }
  return in ? text : "";
}

// True if every style run in bins_text hit the bin `name` (lines "COUNT\tstyle: name").
bool bin_hit(const std::string& bins_text, const std::string& name) {
  std::istringstream in(bins_text);
  bool seen = false;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    const auto colon = line.find(": ", tab);
    if (tab == std::string::npos || colon == std::string::npos || line.substr(colon + 2) != name) continue;
    if (std::stoull(line.substr(0, tab)) == 0) return false;
    seen = true;
  }
  return seen;
}

void waive(CoverageKind& kind, const std::vector<CoverageWaiver>& waivers, const std::string& source_dir,
           const std::string& bins_text, const std::string& kind_name) {
  std::vector<std::string> still;
  std::vector<CoveragePoint> still_points;
  for (const auto& p : kind.uncovered_points) {
    const CoverageWaiver* match = nullptr;
    for (const auto& w : waivers) {
      if (w.kind != kind_name || w.file != p.file || w.comment != p.comment) continue;
      if (!w.source.empty() && source_line(source_dir + "/" + p.file, p.line).find(w.source) == std::string::npos)
        continue;
      bool bins_ok = true;
      for (const auto& b : w.requires_bins) bins_ok = bins_ok && bin_hit(bins_text, b);
      if (bins_ok) match = &w;
      break;
    }
    if (match) kind.waived.push_back(p.name() + ": " + match->reason);
    else {
      still.push_back(p.name());
      still_points.push_back(p);
    }
  }
  kind.uncovered = still;
  kind.uncovered_points = still_points;
}

}  // namespace

CoverageSummary apply_waivers(CoverageSummary s, const std::vector<CoverageWaiver>& waivers,
                              const std::string& source_dir, const std::string& bins_text) {
  waive(s.line, waivers, source_dir, bins_text, "line");
  waive(s.toggle, waivers, source_dir, bins_text, "toggle");
  return s;
}

}  // namespace ebn::rtl
