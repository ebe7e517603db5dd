#pragma once
// Strict reader of the Spectre/Cadence CSV export: one header line `NAME X,NAME Y[,...]`, then
// `time,value[,...]` rows (plain or scientific floats), time in seconds, non-uniform steps.
// The same reader takes a generic CSV: columns by header name, other separator, time unit
// (CsvColumns; set from the manifest).
//
// Every defect is an ebn::InputError "file:line: message": empty file, header only, missing
// header, wrong field count, non-numeric / NaN / infinite value, time not strictly increasing,
// truncated last line (no end-of-line at the end of the file). Parsing uses std::from_chars on
// the whole file in memory (62k rows in a few ms), not iostreams per field.
#include <string>

#include "recording/signal_trace.h"

namespace recording {

struct CsvColumns {
  int time_column = 0;     // 0-based field index of the time
  int value_column = 1;    // 0-based field index of the value
  double scale = 1.0;      // multiplies every value (file unit -> SI)
  // Generic CSV (any tool's export): columns chosen by their header text instead of the index
  // ("" = use the index), another field separator, a time unit other than seconds.
  std::string time_name;
  std::string value_name;
  char delimiter = ',';
  double time_scale = 1.0;  // multiplies every time (file unit -> s)
};

SignalTrace load_spectre_csv(const std::string& path, const CsvColumns& columns = {});

}  // namespace recording
