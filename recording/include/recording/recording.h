#pragma once
// A loaded recording: the five signals of the single-synapse learning circuit in SI units.
#include <string>
#include <vector>

#include "recording/manifest.h"
#include "recording/signal_trace.h"

namespace recording {

struct Recording {
  std::string origin;   // folder or manifest it was loaded from
  SignalTrace input;    // presynaptic pulse line (V)
  SignalTrace i_mem;    // neuron state, drain current (A)
  SignalTrace inc;      // INC flag (V)
  SignalTrace sl;       // SL flag (V); DEC = INC low and SL low
  SignalTrace counter;  // weight counter value (LSB)
  std::vector<std::string> warnings;  // merely unusual values (plausibility.h), "FILE: SIGNAL: ..."

  double t_end() const;  // last time covered by every signal
};

// THE entry point: load every signal (format checks, see spectre_csv.h), then the physical
// plausibility checks of plausibility.h; warnings are kept in Recording::warnings.
Recording load_recording(const std::string& path);

// Only the format level (no plausibility checks): for tests of the readers themselves.
Recording read_recording_unchecked(const std::string& path);

}  // namespace recording
