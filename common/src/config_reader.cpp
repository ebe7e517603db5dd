#include "ebn/config_reader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "ebn/errors.h"

namespace ebn {

namespace {
long line_of(const std::string& text, std::size_t byte) {
  const std::size_t upto = std::min<std::size_t>(byte, text.size());
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
}
}  // namespace

Json parse_json_strict(const std::string& text, const std::string& source) {
  if (text.size() > kMaxJsonBytes)
    throw file_error(source, 0, "file too large (" + std::to_string(text.size()) + " bytes; limit " +
                                    std::to_string(kMaxJsonBytes) + ")");
  // The parser callback sees every key: duplicates (which nlohmann would silently overwrite) and
  // excessive nesting are errors. Keys are tracked per open object.
  struct OpenObject {
    std::set<std::string> keys;
    std::string last_key;
  };
  std::vector<OpenObject> open_objects;
  std::string problem;
  const auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (!problem.empty()) return true;
    if (depth > kMaxJsonDepth) {
      problem = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    } else if (event == Json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Json::parse_event_t::key && !open_objects.empty()) {
      const std::string key = parsed.get<std::string>();
      std::string path;
      for (std::size_t i = 0; i + 1 < open_objects.size(); ++i) path += open_objects[i].last_key + ".";
      if (!open_objects.back().keys.insert(key).second) problem = path + key + ": duplicate key";
      open_objects.back().last_key = key;
    }
    return true;
  };
  try {
    Json j = Json::parse(text, callback);
    if (!problem.empty()) throw file_error(source, 0, problem);
    if (!j.is_object()) throw file_error(source, 0, "top level must be a JSON object");
    return j;
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    const auto colon = what.rfind(": ");
    throw file_error(source, line_of(text, e.byte), "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  } catch (const Json::exception& e) {  // e.g. out_of_range.406: a number that overflows
    std::string what = e.what();
    const auto bracket = what.find("] ");
    throw file_error(source, 0, "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }
}

Json load_json_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw file_error(path, 0, "is a folder, expected a JSON file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path, 0, "cannot open config file");
  // Read at most one byte more than the limit: a huge file (or /dev/zero) never fills memory.
  std::string text(kMaxJsonBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_json_strict(text, path);
}

Json read_json_or_null(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Json();
  try {
    return Json::parse(in);
  } catch (const Json::exception&) {
    return Json();
  }
}

ConfigReader::ConfigReader(Json object, std::string source, std::string prefix)
    : object_(std::move(object)), source_(std::move(source)), prefix_(std::move(prefix)) {
  if (!object_.is_object()) throw InputError(source_ + ": " + (prefix_.empty() ? "config" : prefix_) + ": must be an object");
}

bool ConfigReader::has(const std::string& key) const { return object_.contains(key); }

const Json* ConfigReader::find(const std::string& key) {
  used_.insert(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

void ConfigReader::fail(const std::string& key, const std::string& message) const {
  throw InputError(source_ + ": " + prefix_ + key + ": " + message);
}

double ConfigReader::number(const std::string& key, double fallback, double lo, double hi, bool open_lo,
                            bool open_hi) {
  const Json* v = find(key);
  double x = fallback;
  if (v) {
    if (!v->is_number()) fail(key, "must be a number");
    x = v->get<double>();
  }
  if (!std::isfinite(x)) fail(key, "must be finite");
  const bool below = open_lo ? !(x > lo) : !(x >= lo);
  const bool above = open_hi ? !(x < hi) : !(x <= hi);
  if (below || above) {
    std::ostringstream msg;
    msg << "value " << x << " out of range " << (open_lo ? "(" : "[") << lo << ", " << hi << (open_hi ? ")" : "]");
    fail(key, msg.str());
  }
  return x;
}

long ConfigReader::integer(const std::string& key, long fallback, long lo, long hi) {
  return integer(key, fallback, lo, hi, "");
}

long ConfigReader::integer(const std::string& key, long fallback, long lo, long hi, const std::string& why) {
  const Json* v = find(key);
  long x = fallback;
  const std::string range = " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" +
                            (why.empty() ? "" : " (" + why + ")");
  if (v) {
    if (!v->is_number_integer()) fail(key, "must be an integer");
    // An unsigned value above LONG_MAX would wrap in get<long>(): out of range, never negative.
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<long>::max()))
      fail(key, "value " + v->dump() + range);
    x = v->get<long>();
  }
  if (x < lo || x > hi) fail(key, "value " + std::to_string(x) + range);
  return x;
}

bool ConfigReader::boolean(const std::string& key, bool fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(key, "must be true or false");
  return v->get<bool>();
}

std::string ConfigReader::choice(const std::string& key, const std::string& fallback,
                                 const std::vector<std::string>& allowed) {
  const std::string s = text(key, fallback);
  for (const auto& a : allowed)
    if (a == s) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail(key, "unknown value '" + s + "' (expected one of: " + list + ")");
}

std::string ConfigReader::text(const std::string& key, const std::string& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_string()) fail(key, "must be a string");
  return v->get<std::string>();
}

std::vector<double> ConfigReader::numbers(const std::string& key, const std::vector<double>& fallback) {
  const Json* v = find(key);
  if (!v) return fallback;
  if (!v->is_array()) fail(key, "must be an array of numbers");
  std::vector<double> out;
  for (const auto& e : *v) {
    if (!e.is_number() || !std::isfinite(e.get<double>())) fail(key, "must be an array of finite numbers");
    out.push_back(e.get<double>());
  }
  return out;
}

ConfigReader ConfigReader::section(const std::string& key) {
  const Json* v = find(key);
  if (!v) return ConfigReader(Json::object(), source_, prefix_ + key + ".");
  if (!v->is_object()) fail(key, "must be an object");
  return ConfigReader(*v, source_, prefix_ + key + ".");
}

void ConfigReader::accept(const std::string& key) { used_.insert(key); }

void ConfigReader::finish() const {
  for (auto it = object_.begin(); it != object_.end(); ++it)
    if (!used_.count(it.key())) throw InputError(source_ + ": " + prefix_ + it.key() + ": unknown key");
}

void merge_json(Json& base, const Json& patch) {
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_object() && base.contains(it.key()) && base[it.key()].is_object())
      merge_json(base[it.key()], *it);
    else
      base[it.key()] = *it;
  }
}

}  // namespace ebn
