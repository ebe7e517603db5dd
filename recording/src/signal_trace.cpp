#include "recording/signal_trace.h"

#include <algorithm>

namespace recording {

double SignalTrace::at(double time) const {
  if (t.empty()) return 0.0;
  if (time <= t.front()) return v.front();
  if (time >= t.back()) return v.back();
  const auto it = std::upper_bound(t.begin(), t.end(), time);
  const std::size_t j = static_cast<std::size_t>(it - t.begin());
  const double w = (time - t[j - 1]) / (t[j] - t[j - 1]);
  return v[j - 1] + w * (v[j] - v[j - 1]);
}

std::vector<double> sample_sorted(const SignalTrace& s, const std::vector<double>& times) {
  std::vector<double> out(times.size(), 0.0);
  if (s.t.empty()) return out;
  std::size_t j = 1;
  const std::size_t n = s.t.size();
  for (std::size_t q = 0; q < times.size(); ++q) {
    const double time = times[q];
    if (time <= s.t.front()) { out[q] = s.v.front(); continue; }
    if (time >= s.t.back()) { out[q] = s.v.back(); continue; }
    while (j < n - 1 && s.t[j] < time) ++j;
    const double w = (time - s.t[j - 1]) / (s.t[j] - s.t[j - 1]);
    out[q] = s.v[j - 1] + w * (s.v[j] - s.v[j - 1]);
  }
  return out;
}

}  // namespace recording
