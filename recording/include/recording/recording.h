#pragma once
// A loaded recording: the five signals of the single-synapse learning circuit in SI units.
#include <string>

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

  double t_end() const;  // last time covered by every signal
};

// Largest plausible |I_mem| in amperes; larger values mean the file is not in A (e.g. nA).
constexpr double kMaxPlausibleCurrentA = 1e-3;
// Smallest plausible max |I_mem|: a recording whose currents all lie below this is mis-scaled.
constexpr double kMinPlausibleCurrentA = 1e-15;

// Load and validate every signal (see spectre_csv.h for the per-file checks). Adds the
// recording-level checks: I_mem magnitude (unit off by 1e9 -> error naming file and line).
Recording load_recording(const std::string& path);

}  // namespace recording
