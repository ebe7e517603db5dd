#pragma once
// One recorded analog signal: time stamps (s, strictly increasing, non-uniform) and values in SI
// units, plus where it came from so later checks can name the file and line.
#include <cstddef>
#include <string>
#include <vector>

namespace recording {

struct SignalTrace {
  std::string name;       // signal name from the CSV header (text before " X"/" Y")
  std::string path;       // file it was read from
  std::vector<double> t;  // seconds, strictly increasing
  std::vector<double> v;  // SI units after the manifest scale (A, V, LSB)
  long first_line = 2;    // file line of sample 0 (line of sample i = first_line + line_stride * i)
  long line_stride = 1;   // lines per sample (CSV 1; ngspice ASCII raw: one line per variable; binary: 0)

  std::size_t size() const { return t.size(); }
  long line_of(std::size_t i) const { return first_line + line_stride * static_cast<long>(i); }
  // Linear interpolation; clamps outside [t.front(), t.back()].
  double at(double time) const;
};

// Interpolates a trace at increasing query times in one pass (O(n + m)); `times` must be sorted.
std::vector<double> sample_sorted(const SignalTrace& s, const std::vector<double>& times);

}  // namespace recording
