#pragma once
// Strict reader for JSON configuration files. Every key a model reads is checked for type and
// range; keys nobody read are reported by finish() -- a misspelt key is an error, never ignored.
// Errors name the file and the full key path, e.g. "cfg.json: network.tau_mem_s: must be > 0".
#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ebn {

using Json = nlohmann::ordered_json;

// Parse a JSON file strictly; errors name the file and line: syntax, duplicate keys, numbers that
// overflow, nesting deeper than kMaxJsonDepth, files larger than kMaxJsonBytes.
constexpr std::size_t kMaxJsonBytes = 16u << 20;
constexpr int kMaxJsonDepth = 32;
Json load_json_file(const std::string& path);
// The same checks on text already in memory (`source` names it in messages).
Json parse_json_strict(const std::string& text, const std::string& source);
// A result file that may be absent or torn (a killed run): its JSON, or null.
Json read_json_or_null(const std::string& path);

class ConfigReader {
 public:
  // `source` names where the JSON came from (a file path or "built-in default").
  ConfigReader(Json object, std::string source, std::string prefix = "");

  bool has(const std::string& key) const;
  // Numbers: value must lie in [lo, hi]; use open_lo/open_hi for strict bounds.
  double number(const std::string& key, double fallback, double lo, double hi,
                bool open_lo = false, bool open_hi = false);
  // `why` (optional) explains the range in the error message, e.g. a memory limit.
  long integer(const std::string& key, long fallback, long lo, long hi, const std::string& why);
  long integer(const std::string& key, long fallback, long lo, long hi);
  bool boolean(const std::string& key, bool fallback);
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  std::string text(const std::string& key, const std::string& fallback);
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback);
  // A nested object; its own unknown keys are reported by its own finish().
  ConfigReader section(const std::string& key);
  // Mark a key as known without reading it (a section parsed by someone else).
  void accept(const std::string& key);
  // Throws InputError naming the first key that was never read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  const std::string& source() const { return source_; }

 private:
  const Json* find(const std::string& key);
  Json object_;
  std::string source_;
  std::string prefix_;
  std::set<std::string> used_;
};

// Overlay `patch` onto `base` key by key (objects merged recursively, other values replaced).
void merge_json(Json& base, const Json& patch);

}  // namespace ebn
