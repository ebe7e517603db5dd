#include "recording/signal_table.h"

#include <cmath>
#include <cstdio>

#include "ebn/errors.h"

namespace recording {

SignalTrace SignalTable::trace(const std::string& name, double scale) const {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j] != name) continue;
    SignalTrace s;
    s.name = name;
    s.path = path;
    s.t = t;
    s.v.resize(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) s.v[i] = columns[j][i] * scale;
    // Text formats write one value per line, the time first: signal j sits j + 1 lines below it.
    s.first_line = line_stride > 0 ? first_line + static_cast<long>(j) + 1 : first_line;
    s.line_stride = line_stride;
    return s;
  }
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw ebn::file_error(path, 0, "no signal '" + name + "' (the file has: " + known + ")");
}

void check_table(const SignalTable& table) {
  auto line = [&](std::size_t i) { return table.first_line + table.line_stride * static_cast<long>(i); };
  if (table.t.size() < 2) throw ebn::file_error(table.path, 0, "fewer than two points; a signal needs at least two samples");
  for (std::size_t i = 0; i < table.t.size(); ++i) {
    if (!std::isfinite(table.t[i])) throw ebn::file_error(table.path, line(i), "time is NaN or infinite");
    if (i > 0 && !(table.t[i] > table.t[i - 1])) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "time not strictly increasing (%.17g after %.17g, point %zu)", table.t[i],
                    table.t[i - 1], i);
      throw ebn::file_error(table.path, line(i), buf);
    }
    for (std::size_t j = 0; j < table.columns.size(); ++j)
      if (!std::isfinite(table.columns[j][i]))
        throw ebn::file_error(table.path, line(i), "value of '" + table.names[j] + "' is NaN or infinite (point " +
                                                       std::to_string(i) + ")");
  }
}

}  // namespace recording
