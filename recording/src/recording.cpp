#include "recording/recording.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ebn/errors.h"
#include "recording/plausibility.h"
#include "recording/signal_reader.h"

namespace recording {

double Recording::t_end() const {
  return std::min({input.t.back(), i_mem.t.back(), inc.t.back(), sl.t.back(), counter.t.back()});
}

Recording read_recording_unchecked(const std::string& path) {
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
  return r;
}

Recording load_recording(const std::string& path) {
  Recording r = read_recording_unchecked(path);
  r.warnings = check_plausibility(r);
  return r;
}

}  // namespace recording
