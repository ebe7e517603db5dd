#pragma once
// Several signals on one time base, as simulators write them (ngspice raw, Spectre PSF): the
// common form every multi-signal recording format is read into before the manifest picks the
// five signals out of it (signal_reader.h).
#include <string>
#include <vector>

#include "recording/signal_trace.h"

namespace recording {

struct SignalTable {
  std::string path;                          // file it was read from
  std::string time_name;                     // name of the sweep variable ("time")
  std::vector<std::string> names;            // signal names as in the file
  std::vector<std::string> units;            // unit per signal as the file states it ("" = none)
  std::vector<double> t;                     // seconds, strictly increasing (checked by the readers)
  std::vector<std::vector<double>> columns;  // columns[j][i] = signal j at t[i]
  long first_line = 0;                       // file line of point 0 (0: binary, no lines)
  long line_stride = 0;                      // lines per point

  // Signal `name` as a trace, values multiplied by `scale`. InputError naming the file and the
  // available names if absent.
  SignalTrace trace(const std::string& name, double scale) const;
};

// Shared by the readers: time strictly increasing, every value finite. InputError "file:line".
void check_table(const SignalTable& table);

}  // namespace recording
