#include "recording/file_format.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ebn/errors.h"

namespace recording {

const char* format_name(FileFormat f) {
  switch (f) {
    case FileFormat::Detect: return "detect";
    case FileFormat::Csv: return "csv";
    case FileFormat::NgspiceRaw: return "ngspice-raw";
    case FileFormat::PsfAscii: return "psf-ascii";
  }
  return "?";
}

FileFormat parse_format_name(const std::string& name) {
  if (name.empty()) return FileFormat::Detect;
  if (name == "csv" || name == "spectre-csv") return FileFormat::Csv;
  if (name == "ngspice-raw") return FileFormat::NgspiceRaw;
  if (name == "psf-ascii") return FileFormat::PsfAscii;
  throw ebn::InputError("unknown recording file format '" + name + "' (csv, spectre-csv, ngspice-raw, psf-ascii)");
}

FileFormat detect_format(const std::string& path) {
  // A FIFO or device would block or never end: only regular files are signal files.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw ebn::file_error(path, 0, "not a regular file (folder, device, FIFO or socket)");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ebn::file_error(path, 0, "cannot open signal file");
  std::string first;
  std::getline(f, first);
  if (first.rfind("Title:", 0) == 0) return FileFormat::NgspiceRaw;
  if (first.rfind("HEADER", 0) == 0) return FileFormat::PsfAscii;
  return FileFormat::Csv;
}

std::string read_signal_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ebn::file_error(path, 0, "cannot open signal file");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace recording
