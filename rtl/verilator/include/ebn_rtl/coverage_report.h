#pragma once
// Reads Verilator coverage files (coverage.dat, "SystemC::Coverage-3") and sums them per point
// (several files = several runs or models merged, like `verilator_coverage --write`), then
// reports line (line + branch points of the design), toggle and user (cover property) coverage
// with the uncovered points by name. Used by `ebn crosscheck --coverage` and the `ebn verify`
// coverage rows; verilator_coverage itself writes the annotated source.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ebn::rtl {

struct CoverageKind {
  int points = 0;
  int covered = 0;
  std::vector<std::string> uncovered;  // "file.sv:LINE: comment (hier)"
  double percent() const { return points ? 100.0 * covered / points : 100.0; }
};

struct CoverageSummary {
  CoverageKind line;    // pages v_line* and v_branch*: statements and decision arms
  CoverageKind toggle;  // v_toggle*
  CoverageKind user;    // v_user*: cover property points
};

class CoverageData {
 public:
  // Adds every point of a coverage.dat; throws ebn::InputError naming file:line on bad content.
  void add_file(const std::string& path);
  CoverageSummary summarize() const;
  std::size_t size() const { return points_.size(); }

 private:
  struct Point {
    std::string page, file, comment, hier;
    int line = 0;
    std::uint64_t count = 0;
  };
  std::map<std::string, Point> points_;  // keyed by the raw key string
};

}  // namespace ebn::rtl
