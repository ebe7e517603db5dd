#pragma once
// Write a recording in any of the formats the reader takes, with its manifest.json: to convert a
// recording for another tool, and for the tests that prove every format replays identically.
// Values are written exactly (17 significant digits, or binary doubles), units SI. When all five
// signals share one time base they go into one file (as a simulator writes them); otherwise one
// file per signal (each format allows one time base per file).
#include <string>

#include "recording/recording.h"

namespace recording {

enum class WriteFormat { SpectreCsv, GenericCsv, NgspiceRawAscii, NgspiceRawBinary, PsfAscii };

const char* write_format_name(WriteFormat f);

// Writes into folder `dir` (created; must not hold a manifest.json yet).
void write_recording(const Recording& r, const std::string& dir, WriteFormat format);

}  // namespace recording
