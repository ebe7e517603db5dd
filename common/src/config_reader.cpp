#include "ebn/config_reader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "ebn/errors.h"

namespace ebn {

Json load_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw file_error(path, 0, "cannot open config file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    Json j = Json::parse(text);
    if (!j.is_object()) throw file_error(path, 0, "top level must be a JSON object");
    return j;
  } catch (const Json::parse_error& e) {
    // Convert the byte offset into a line number for the message.
    const std::size_t upto = std::min<std::size_t>(e.byte, text.size());
    const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + upto, '\n'));
    std::string what = e.what();
    const auto colon = what.rfind(": ");
    throw file_error(path, line, "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
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
  const Json* v = find(key);
  long x = fallback;
  if (v) {
    if (!v->is_number_integer()) fail(key, "must be an integer");
    x = v->get<long>();
  }
  if (x < lo || x > hi) fail(key, "value " + std::to_string(x) + " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
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
