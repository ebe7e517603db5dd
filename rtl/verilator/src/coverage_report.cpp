// Verilator coverage.dat reader (see coverage_report.h).
#include "ebn_rtl/coverage_report.h"

#include <fstream>

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
    else kind->uncovered.push_back(p.file + ":" + std::to_string(p.line) + ": " + p.comment + " (" + p.hier + ")");
  }
  return s;
}

}  // namespace ebn::rtl
