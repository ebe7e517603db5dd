#include "recording/recording_writer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ebn/errors.h"
#include "ebn/number_text.h"
#include "recording/ngspice_raw.h"
#include "recording/psf_ascii.h"

namespace fs = std::filesystem;

namespace recording {

namespace {

constexpr SignalId kIds[kSignalCount] = {SignalId::Input, SignalId::IMem, SignalId::Inc, SignalId::Sl, SignalId::Counter};

const SignalTrace& signal(const Recording& r, SignalId id) {
  switch (id) {
    case SignalId::Input: return r.input;
    case SignalId::IMem: return r.i_mem;
    case SignalId::Inc: return r.inc;
    case SignalId::Sl: return r.sl;
    case SignalId::Counter: return r.counter;
  }
  return r.input;
}

std::string g17(double v) { return ebn::g_text(v, 17); }  // reads back as the same double

void write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (!f || !(f << text) || !f.flush()) throw ebn::file_error(path, 0, "cannot write");
}

void check_signal(const SignalTrace& s, const char* what) {
  const std::string w = std::string("recording writer: signal ") + what;
  if (s.t.empty()) throw std::invalid_argument(w + " is empty");
  if (s.t.size() != s.v.size()) throw std::invalid_argument(w + ": time/value sizes differ");
  for (std::size_t i = 1; i < s.t.size(); ++i)
    if (!(s.t[i] > s.t[i - 1]))
      throw std::invalid_argument(w + ": time not strictly increasing at sample " + std::to_string(i));
}

// Signal names inside the converted files: the project key (unique, no spaces).
std::string name_in_file(SignalId id) { return std::string("ebn_") + key_of(id); }
std::string unit_of(SignalId id) { return id == SignalId::IMem ? "A" : (id == SignalId::Counter ? "" : "V"); }

}  // namespace

const char* write_format_name(WriteFormat f) {
  switch (f) {
    case WriteFormat::SpectreCsv: return "spectre-csv";
    case WriteFormat::GenericCsv: return "generic-csv";
    case WriteFormat::NgspiceRawAscii: return "ngspice-raw-ascii";
    case WriteFormat::NgspiceRawBinary: return "ngspice-raw-binary";
    case WriteFormat::PsfAscii: return "psf-ascii";
  }
  return "?";
}

void write_recording(const Recording& r, const std::string& dir, WriteFormat format, const WriteOptions& o) {
  for (SignalId id : kIds) check_signal(signal(r, id), key_of(id));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (fs::exists(fs::path(dir) / "manifest.json")) throw ebn::InputError(dir + ": already holds a manifest.json");
  const std::string description =
      o.description.empty() ? std::string("converted to ") + write_format_name(format) + " from " + r.origin : o.description;
  nlohmann::json manifest = {{"format", "ebn-recording/1"}, {"description", description}, {"signals", nlohmann::json::object()}};
  auto& signals = manifest["signals"];
  bool shared_time = true;
  for (SignalId id : kIds) shared_time = shared_time && signal(r, id).t == r.input.t;

  if (format == WriteFormat::SpectreCsv || format == WriteFormat::GenericCsv) {
    for (SignalId id : kIds) {
      const SignalTrace& s = signal(r, id);
      const std::string file = o.prefix + default_suffix(id);  // also found without the manifest
      std::string text;
      if (format == WriteFormat::SpectreCsv) {
        text = name_in_file(id) + " X," + name_in_file(id) + " Y\n";
        for (std::size_t i = 0; i < s.size(); ++i) text += g17(s.t[i]) + "," + g17(s.v[i]) + "\n";
        signals[key_of(id)] = {{"file", file}, {"format", "spectre-csv"}};
      } else {  // another tool's layout: ';'-separated, value column first, columns found by name
        text = "index;" + name_in_file(id) + ";time_s\n";
        for (std::size_t i = 0; i < s.size(); ++i) text += std::to_string(i) + ";" + g17(s.v[i]) + ";" + g17(s.t[i]) + "\n";
        signals[key_of(id)] = {{"file", file},         {"format", "csv"},   {"delimiter", ";"},
                               {"signal", name_in_file(id)}, {"time_signal", "time_s"}, {"time_unit", "s"}};
        if (id == SignalId::IMem) signals[key_of(id)]["unit"] = "A";
      }
      write_text((fs::path(dir) / file).string(), text);
    }
  } else {
    // One table per file: all five signals if they share the time base, else one per signal.
    std::vector<std::vector<SignalId>> files;
    if (shared_time) files.push_back(std::vector<SignalId>(std::begin(kIds), std::end(kIds)));
    else
      for (SignalId id : kIds) files.push_back({id});
    const char* ext = format == WriteFormat::PsfAscii ? ".tran" : ".raw";
    const char* fmt = format == WriteFormat::PsfAscii ? "psf-ascii" : "ngspice-raw";
    for (const auto& ids : files) {
      SignalTable table;
      table.time_name = "time";
      table.t = signal(r, ids.front()).t;
      std::vector<std::string> types;
      for (SignalId id : ids) {
        table.names.push_back(name_in_file(id));
        table.units.push_back(unit_of(id));
        table.columns.push_back(signal(r, id).v);
        types.push_back(id == SignalId::IMem ? "current" : "voltage");
      }
      const std::string file = (ids.size() == 1 ? o.prefix + "_" + key_of(ids.front()) : o.prefix) + ext;
      const std::string path = (fs::path(dir) / file).string();
      if (format == WriteFormat::PsfAscii) write_psf_ascii(path, table);
      else write_ngspice_raw(path, table, types, format == WriteFormat::NgspiceRawBinary);
      for (SignalId id : ids) signals[key_of(id)] = {{"file", file}, {"format", fmt}, {"signal", name_in_file(id)}};
    }
  }
  write_text((fs::path(dir) / "manifest.json").string(), manifest.dump(2) + "\n");
}

}  // namespace recording
