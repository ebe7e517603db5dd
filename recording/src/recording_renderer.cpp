#include "recording/recording_renderer.h"

#include <charconv>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace recording {

namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, res.ptr);
}

void check(const SignalTrace& s, const char* what) {
  if (s.t.empty()) throw std::invalid_argument(std::string("recording writer: signal ") + what + " is empty");
  if (s.t.size() != s.v.size())
    throw std::invalid_argument(std::string("recording writer: signal ") + what + ": time/value sizes differ");
  for (std::size_t i = 1; i < s.t.size(); ++i)
    if (!(s.t[i] > s.t[i - 1]))
      throw std::invalid_argument(std::string("recording writer: signal ") + what +
                                  ": time not strictly increasing at sample " + std::to_string(i));
}

}  // namespace

std::string render_spectre_csv(const SignalTrace& s) {
  std::string out;
  out.reserve(s.t.size() * 40 + 64);
  out += s.name + " X," + s.name + " Y\n";
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    append_number(out, s.t[i]);
    out += ',';
    append_number(out, s.v[i]);
    out += '\n';
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> render_recording(const RecordingToWrite& r) {
  const std::pair<const SignalTrace*, SignalId> signals[] = {{&r.input, SignalId::Input},
                                                             {&r.i_mem, SignalId::IMem},
                                                             {&r.inc, SignalId::Inc},
                                                             {&r.sl, SignalId::Sl},
                                                             {&r.counter, SignalId::Counter}};
  std::vector<std::pair<std::string, std::string>> files;
  nlohmann::ordered_json manifest;
  manifest["format"] = "ebn-recording/1";
  manifest["description"] = r.description;
  nlohmann::ordered_json sig = nlohmann::ordered_json::object();
  for (const auto& [trace, id] : signals) {
    check(*trace, key_of(id));
    // default_suffix() is "_INPUT.csv" etc.: the files are also found without the manifest.
    const std::string file = r.prefix + default_suffix(id);
    files.emplace_back(file, render_spectre_csv(*trace));
    nlohmann::ordered_json entry;
    entry["file"] = file;
    if (id == SignalId::IMem) entry["unit"] = "A";
    sig[key_of(id)] = entry;
  }
  manifest["signals"] = sig;
  files.emplace_back(kManifestFileName, manifest.dump(2) + "\n");
  return files;
}

}  // namespace recording
