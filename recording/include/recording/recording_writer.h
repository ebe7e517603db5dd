#pragma once
// THE recording writer: a recording in any of the formats the reader takes, with its manifest.json
// -- to convert a recording for another tool, for the tests that prove every format replays
// identically, and for level 5 (spice/), whose transistor-level runs are written this way into
// its staged output folder (ebn::OutputDir), so `ebn calibrate` / `ebn replay` read them unchanged.
// Values are written exactly (17 significant digits, or binary doubles), units SI. When all five
// signals share one time base they go into one file (as a simulator writes them); otherwise one
// file per signal (each format allows one time base per file).
#include <string>

#include "recording/recording.h"

namespace recording {

enum class WriteFormat { SpectreCsv, GenericCsv, NgspiceRawAscii, NgspiceRawBinary, PsfAscii };

const char* write_format_name(WriteFormat f);

struct WriteOptions {
  std::string prefix = "rec";  // file names: <prefix><suffix> (CSV: _INPUT.csv, _I_mem.csv, ...), <prefix>.raw
  std::string description;     // manifest "description"; "" = "converted to FORMAT from ORIGIN"
};

// Writes into folder `dir` (created; must not hold a manifest.json yet). Every signal is checked
// first (non-empty, as many values as times, time strictly increasing): std::invalid_argument
// naming the signal, and nothing is written.
void write_recording(const Recording& r, const std::string& dir, WriteFormat format, const WriteOptions& options = {});

}  // namespace recording
