#pragma once
// The file formats a recording's signals may come in. Chosen per signal by the manifest's
// "format" key, or detected from the file's first bytes:
//   "csv"          Spectre/Cadence CSV export or any CSV (columns by index or header name)
//   "ngspice-raw"  ngspice raw file, ASCII or binary ("Title:" ... "Values:"/"Binary:")
//   "psf-ascii"    Spectre PSF-ASCII ("HEADER" ... "END")
#include <string>

namespace recording {

enum class FileFormat { Detect, Csv, NgspiceRaw, PsfAscii };

const char* format_name(FileFormat f);
// Manifest name -> format ("spectre-csv" is accepted for "csv"); Detect for "" (not given).
FileFormat parse_format_name(const std::string& name);
// From the file's first line: "Title:" -> ngspice raw, "HEADER" -> PSF-ASCII, else CSV.
FileFormat detect_format(const std::string& path);
// The whole signal file as bytes (the raw and PSF readers parse from memory); a file that cannot be
// opened is an ebn::InputError naming it.
std::string read_signal_file(const std::string& path);

}  // namespace recording
