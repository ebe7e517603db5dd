#include "recording/manifest.h"

#include <filesystem>
#include <map>
#include <vector>

#include "ebn/config_reader.h"
#include "ebn/errors.h"

namespace fs = std::filesystem;

namespace recording {

namespace {
constexpr SignalId kAllSignals[kSignalCount] = {SignalId::Input, SignalId::IMem, SignalId::Inc, SignalId::Sl,
                                                SignalId::Counter};

// File unit -> SI factor for the units a manifest may name, per signal kind.
double unit_factor(SignalId id, const std::string& unit, const ebn::ConfigReader& r, const std::string& key) {
  if (unit.empty()) return 1.0;
  static const std::map<std::string, double> current = {{"A", 1.0}, {"mA", 1e-3}, {"uA", 1e-6}, {"nA", 1e-9}, {"pA", 1e-12}};
  static const std::map<std::string, double> voltage = {{"V", 1.0}, {"mV", 1e-3}};
  static const std::map<std::string, double> lsb = {{"LSB", 1.0}};
  const auto& table = id == SignalId::IMem ? current : (id == SignalId::Counter ? lsb : voltage);
  const auto it = table.find(unit);
  if (it == table.end()) {
    std::string allowed;
    for (const auto& [name, f] : table) allowed += (allowed.empty() ? "" : ", ") + name;
    r.fail(key, "unknown unit '" + unit + "' (allowed: " + allowed + ")");
  }
  return it->second;
}
}  // namespace

const char* key_of(SignalId id) {
  switch (id) {
    case SignalId::Input: return "input";
    case SignalId::IMem: return "i_mem";
    case SignalId::Inc: return "inc";
    case SignalId::Sl: return "sl";
    case SignalId::Counter: return "counter";
  }
  return "?";
}

const char* default_suffix(SignalId id) {
  switch (id) {
    case SignalId::Input: return "_INPUT.csv";
    case SignalId::IMem: return "_I_mem.csv";
    case SignalId::Inc: return "_INC.csv";
    case SignalId::Sl: return "_SL.csv";
    case SignalId::Counter: return "_BitValue.csv";
  }
  return "?";
}

Manifest read_manifest(const std::string& manifest_path) {
  const ebn::Json json = ebn::load_json_file(manifest_path);
  ebn::ConfigReader root(json, manifest_path);
  const std::string format = root.choice("format", "ebn-recording/1", {"ebn-recording/1"});
  (void)format;
  root.text("description", "");
  ebn::ConfigReader signals = root.section("signals");
  Manifest m;
  m.origin = manifest_path;
  const fs::path base = fs::path(manifest_path).parent_path();
  for (SignalId id : kAllSignals) {
    const std::string key = key_of(id);
    if (!signals.has(key)) signals.fail(key, "missing signal (required: input, i_mem, inc, sl, counter)");
    ebn::ConfigReader s = signals.section(key);
    SignalSource src;
    const std::string file = s.text("file", "");
    if (file.empty()) s.fail("file", "missing file name");
    src.file = fs::path(file).is_absolute() ? file : (base / file).string();
    src.columns.time_column = static_cast<int>(s.integer("time_column", 0, 0, 1000));
    src.columns.value_column = static_cast<int>(s.integer("column", 1, 0, 1000));
    if (src.columns.value_column == src.columns.time_column) s.fail("column", "must differ from time_column");
    try {
      src.format = parse_format_name(s.choice("format", "", {"", "csv", "spectre-csv", "ngspice-raw", "psf-ascii"}));
    } catch (const ebn::InputError& e) {
      s.fail("format", e.what());
    }
    src.signal = s.text("signal", "");
    if (!src.signal.empty() && s.has("column")) s.fail("signal", "give either column (index) or signal (name), not both");
    src.columns.value_name = src.signal;
    src.columns.time_name = s.text("time_signal", "");
    if (!src.columns.time_name.empty() && s.has("time_column"))
      s.fail("time_signal", "give either time_column (index) or time_signal (name), not both");
    static const std::map<std::string, double> time_units = {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}};
    src.columns.time_scale = time_units.at(s.choice("time_unit", "s", {"s", "ms", "us", "ns"}));
    const std::string delimiter = s.choice("delimiter", ",", {",", ";", "\t", " "});
    src.columns.delimiter = delimiter[0];
    const bool csv_only = s.has("time_signal") || s.has("time_unit") || s.has("delimiter") || s.has("time_column") || s.has("column");
    if (csv_only && (src.format == FileFormat::NgspiceRaw || src.format == FileFormat::PsfAscii))
      s.fail("format", "column, time_column, time_signal, time_unit and delimiter apply to CSV files only");
    src.unit = s.text("unit", "");
    const double scale = s.number("scale", 1.0, 0.0, 1e30, true, false);
    src.columns.scale = unit_factor(id, src.unit, s, "unit") * scale;
    s.finish();
    m.sources[static_cast<int>(id)] = src;
  }
  signals.finish();
  root.finish();
  return m;
}

Manifest resolve_manifest(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ebn::InputError(path + ": recording not found (expected a folder or a manifest .json)");
  if (fs::is_regular_file(path, ec)) return read_manifest(path);
  if (!fs::is_directory(path, ec)) throw ebn::InputError(path + ": not a folder or a manifest file");
  const fs::path manifest = fs::path(path) / kManifestFileName;
  if (fs::exists(manifest, ec)) return read_manifest(manifest.string());

  // Discovery by suffix: exactly one file per signal.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path, ec))
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  if (ec) throw ebn::InputError(path + ": cannot list folder (" + ec.message() + ")");
  Manifest m;
  m.origin = path + " (by file-name suffix)";
  for (SignalId id : kAllSignals) {
    const std::string suffix = default_suffix(id);
    std::vector<std::string> hits;
    for (const auto& n : names)
      if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) hits.push_back(n);
    if (hits.empty())
      throw ebn::InputError(path + ": missing signal '" + key_of(id) + "': no file *" + suffix + " and no " +
                            kManifestFileName);
    if (hits.size() > 1)
      throw ebn::InputError(path + ": signal '" + key_of(id) + "' is ambiguous: " + hits[0] + " and " + hits[1] +
                            " both end in " + suffix + " (write a " + kManifestFileName + ")");
    SignalSource& src = m.sources[static_cast<int>(id)];
    src.file = (fs::path(path) / hits[0]).string();
  }
  return m;
}

}  // namespace recording
