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

// One coverage point as reported: "file.sv:LINE: comment (hier)".
struct CoveragePoint {
  std::string file, comment, hier;
  int line = 0;
  std::string name() const { return file + ":" + std::to_string(line) + ": " + comment + " (" + hier + ")"; }
};

struct CoverageKind {
  int points = 0;
  int covered = 0;
  std::vector<std::string> uncovered;  // names of the points never hit (and not waived)
  std::vector<std::string> waived;     // never hit, waived: "name: reason"
  std::vector<CoveragePoint> uncovered_points;
  double percent() const { return points ? 100.0 * covered / points : 100.0; }
};

struct CoverageSummary {
  CoverageKind line;    // pages v_line* and v_branch*: statements and decision arms
  CoverageKind toggle;  // v_toggle*
  CoverageKind user;    // v_user*: cover property points
};

// A point Verilator reports uncovered that is covered or unreachable for a stated reason
// (rtl/coverage_waivers.json). Line waivers match the SOURCE TEXT of the line (robust to line
// shifts) and apply only if every functional bin in `requires_bins` was hit (in every style run).
struct CoverageWaiver {
  std::string kind;     // "line" | "toggle"
  std::string file;     // base name of the source file
  std::string source;   // line: a substring of the source line
  std::string comment;  // line: the point's comment (block, if, else, case...); toggle: the bit, e.g. cnt_max[15]
  std::string reason;
  std::vector<std::string> requires_bins;  // bin names without the "style: " prefix
};

// Throws ebn::InputError naming the file and key on a malformed waiver file.
std::vector<CoverageWaiver> load_coverage_waivers(const std::string& path);

// Moves the waived points out of `uncovered`. `source_dir` holds the .sv files; `bins_text` is
// functional_bins.txt ("COUNT<TAB>style: name" per line).
CoverageSummary apply_waivers(CoverageSummary summary, const std::vector<CoverageWaiver>& waivers,
                              const std::string& source_dir, const std::string& bins_text);

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
