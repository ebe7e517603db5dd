#include "command_registry.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

namespace ebn::app {
namespace {
std::vector<std::pair<int, CommandSetup>>& registry() {
  static std::vector<std::pair<int, CommandSetup>> commands;
  return commands;
}
int g_exit_code = 0;
}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandSetup setup) { registry().emplace_back(order, std::move(setup)); }

namespace {
// One check for every numeric option of every command (CLI11 knows each option's type): floats
// must be finite numbers (CLI::Range lets NaN through), integers must fit without wrapping, and
// unsigned options take no minus sign. Ranges specific to an option stay with the option.
std::string check_number(const std::string& type, const std::string& text) {
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  if (t.empty()) return "";  // CLI11 reports empty values itself
  if (type == "FLOAT") {
    errno = 0;
    char* end = nullptr;
    const double x = std::strtod(t.c_str(), &end);
    if (end == t.c_str() || *end != '\0') return "";  // not a number: CLI11's own message
    if (!std::isfinite(x) || errno == ERANGE) return "must be a finite number, got '" + text + "'";
  } else if (type == "INT" || type == "UINT") {
    const bool unsigned_type = type == "UINT";
    if (unsigned_type && t.find('-') != std::string::npos) return "must not be negative, got '" + text + "'";
    errno = 0;
    char* end = nullptr;
    if (unsigned_type)
      (void)std::strtoull(t.c_str(), &end, 0);
    else
      (void)std::strtoll(t.c_str(), &end, 0);
    if (end != t.c_str() && *end == '\0' && errno == ERANGE) return "number too large, got '" + text + "'";
  }
  return "";
}

void add_number_checks(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    // The full type name carries the validators' descriptions ("FLOAT:..."): match the base type.
    const std::string full = opt->get_type_name();
    const std::string type = full.substr(0, full.find_first_of(": "));
    if (type != "FLOAT" && type != "INT" && type != "UINT") continue;
    opt->check(CLI::Validator([type](std::string& value) { return check_number(type, value); }, "", "finite"));
  }
  for (CLI::App* sub : app.get_subcommands({})) add_number_checks(*sub);
}
}  // namespace

namespace {
std::string num_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}
CLI::Validator range_check(double lo, double hi, const std::string& what) {
  return CLI::Validator(
      [lo, hi, what](std::string& value) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(value.c_str(), &end);
        if (end == value.c_str()) return "";  // not a number: the type conversion reports it
        if (!(x >= lo && x <= hi)) return "must be " + what + ", got '" + value + "'";
        return "";
      },
      "", what);
}
}  // namespace

CLI::Validator at_least(double lo) { return range_check(lo, HUGE_VAL, ">= " + num_text(lo)); }
CLI::Validator between(double lo, double hi) {
  return range_check(lo, hi, "in [" + num_text(lo) + ", " + num_text(hi) + "]");
}

void setup_all_commands(CLI::App& root) {
  auto& commands = registry();
  std::stable_sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& c : commands) c.second(root);
  add_number_checks(root);
}

void set_exit_code(int code) { g_exit_code = code; }
int exit_code() { return g_exit_code; }

}  // namespace ebn::app
