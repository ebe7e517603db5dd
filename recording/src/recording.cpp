#include "recording/recording.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ebn/errors.h"
#include "recording/signal_reader.h"

namespace recording {

double Recording::t_end() const {
  return std::min({input.t.back(), i_mem.t.back(), inc.t.back(), sl.t.back(), counter.t.back()});
}

namespace {
// A current exported in nA instead of A looks like ~1..100 "A": refuse rather than guess.
void check_current_magnitude(const SignalTrace& s) {
  std::size_t imax = 0;
  for (std::size_t i = 1; i < s.v.size(); ++i)
    if (std::fabs(s.v[i]) > std::fabs(s.v[imax])) imax = i;
  const double vmax = std::fabs(s.v[imax]);
  char buf[256];
  if (vmax > kMaxPlausibleCurrentA) {
    std::snprintf(buf, sizeof buf,
                  "I_mem value %.6g A is implausibly large (> %.0e A): the file looks like nA or another unit, "
                  "not amperes; export in A or set \"unit\" in the manifest",
                  s.v[imax], kMaxPlausibleCurrentA);
    throw ebn::file_error(s.path, s.line_of(imax), buf);
  }
  if (vmax < kMinPlausibleCurrentA) {
    std::snprintf(buf, sizeof buf,
                  "I_mem never exceeds %.3g A (< %.0e A): the values look scaled twice, not amperes", vmax,
                  kMinPlausibleCurrentA);
    throw ebn::file_error(s.path, s.line_of(imax), buf);
  }
}
}  // namespace

Recording load_recording(const std::string& path) {
  const Manifest m = resolve_manifest(path);
  Recording r;
  r.origin = m.origin;
  // Every format goes through the one reader interface (signal_reader.h), then the same checks.
  SignalFileCache files;
  r.input = read_signal(m[SignalId::Input], files);
  r.i_mem = read_signal(m[SignalId::IMem], files);
  r.inc = read_signal(m[SignalId::Inc], files);
  r.sl = read_signal(m[SignalId::Sl], files);
  r.counter = read_signal(m[SignalId::Counter], files);
  check_current_magnitude(r.i_mem);
  return r;
}

}  // namespace recording
