#pragma once
// Writing a recording (the inverse of recording.h): the five signals as Spectre-style CSV files
// (`NAME X,NAME Y` header, `time,value` rows, SI units) plus a manifest.json mapping the project's
// signal names to them, so `ebn calibrate` / `ebn replay` read it unchanged. Level 5 (spice/)
// writes its transistor-level runs this way. The writer only renders file contents; the caller
// stores them (e.g. through ebn::OutputDir, so a failed run leaves nothing behind).
#include <string>
#include <utility>
#include <vector>

#include "recording/recording.h"

namespace recording {

struct RecordingToWrite {
  std::string prefix = "run";  // file names: <prefix>_INPUT.csv, <prefix>_I_mem.csv, ...
  std::string description;     // manifest "description"
  SignalTrace input, i_mem, inc, sl, counter;  // SI units; each with its own time base
};

// (file name, content) of every file: five CSV files and manifest.json. Throws std::invalid_argument
// if a signal is empty, has mismatched sizes or time that is not strictly increasing.
std::vector<std::pair<std::string, std::string>> render_recording(const RecordingToWrite& r);

// One CSV file: header `NAME X,NAME Y` and shortest round-trip `time,value` rows.
std::string render_spectre_csv(const SignalTrace& s);

}  // namespace recording
