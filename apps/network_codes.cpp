#include "network_codes.h"

#include <algorithm>
#include <string>

namespace ebn::app {

std::pair<int, int> network_code_range(const Json& net, int row) {
  const int inputs = net.at("inputs").get<int>(), P = inputs + net.at("neurons").get<int>();
  const int bits = net.at("counter_bits").get<int>();
  const int cmin = -(1 << (bits - 1)), cmax = (1 << (bits - 1)) - 1;
  auto c = net.at("counters_initial").get<std::vector<int>>();
  const auto final_counters = net.at("counters_final").get<std::vector<int>>();
  const int first = row < 0 ? inputs : row, last = row < 0 ? P : row + 1;
  int lo = cmax, hi = cmin;
  auto visit = [&](const std::vector<int>& v) {
    for (int n = first; n < last; ++n)
      for (int k = 0; k < P; ++k)
        if (k != n) lo = std::min(lo, v.at(static_cast<std::size_t>(n * P + k))), hi = std::max(hi, v.at(static_cast<std::size_t>(n * P + k)));
  };
  visit(c);
  const int lo0 = lo, hi0 = hi;
  for (const auto& d : net.at("decisions")) {
    const int k = d[1].get<int>();
    const std::string letters = d[2].get<std::string>();
    for (int n = inputs; n < P; ++n) {
      if (n == k) continue;
      int& w = c.at(static_cast<std::size_t>(n * P + k));
      const char x = letters.at(static_cast<std::size_t>(n));
      if (x == 'I') w = std::min(w + 1, cmax);
      if (x == 'D') w = std::max(w - 1, cmin);
      if (n >= first && n < last) lo = std::min(lo, w), hi = std::max(hi, w);
    }
  }
  if (c == final_counters) return {lo, hi};
  lo = lo0, hi = hi0;
  visit(final_counters);
  return {lo, hi};
}

std::vector<int> extra_start_codes(const recording::RecordedEvents& ev, std::pair<int, int> range) {
  int lo = ev.initial_bit, hi = ev.initial_bit;
  for (const auto& s : ev.spikes) lo = std::min(lo, s.bit_before), hi = std::max(hi, s.bit_before);
  std::vector<int> codes;
  if (range.second > hi) codes.push_back(range.second);
  if (range.first < lo) codes.push_back(range.first);
  return codes;
}

}  // namespace ebn::app
