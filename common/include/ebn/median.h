#pragma once
// The median of a sample (the mean of the two middle values for an even count; NaN when empty),
// shared by the recording's event timing, the calibration fits and the sweep summaries.
#include <algorithm>
#include <cmath>
#include <vector>

namespace ebn {

inline double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace ebn
