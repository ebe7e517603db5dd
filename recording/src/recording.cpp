#include "recording/recording.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ebn/errors.h"
#include "recording/plausibility.h"

namespace recording {

double Recording::t_end() const {
  return std::min({input.t.back(), i_mem.t.back(), inc.t.back(), sl.t.back(), counter.t.back()});
}

Recording read_recording_unchecked(const std::string& path) {
  const Manifest m = resolve_manifest(path);
  Recording r;
  r.origin = m.origin;
  r.input = load_spectre_csv(m[SignalId::Input].file, m[SignalId::Input].columns);
  r.i_mem = load_spectre_csv(m[SignalId::IMem].file, m[SignalId::IMem].columns);
  r.inc = load_spectre_csv(m[SignalId::Inc].file, m[SignalId::Inc].columns);
  r.sl = load_spectre_csv(m[SignalId::Sl].file, m[SignalId::Sl].columns);
  r.counter = load_spectre_csv(m[SignalId::Counter].file, m[SignalId::Counter].columns);
  return r;
}

Recording load_recording(const std::string& path) {
  Recording r = read_recording_unchecked(path);
  r.warnings = check_plausibility(r);
  return r;
}

}  // namespace recording
