#include "spice_sibling.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/number_text.h"

namespace ebn::app {

namespace {
constexpr const char* kSibling = "ebn-spice";

std::vector<char*> argv_of(const std::string& path, std::vector<std::string>& args) {
  args.insert(args.begin(), path);
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  return argv;
}
}  // namespace

std::string spice_sibling_path() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the ebn executable: " + ec.message());
  const auto path = self.parent_path() / kSibling;
  if (::access(path.c_str(), X_OK) != 0)
    throw InputError(std::string("level 5 needs the program ") + kSibling + " beside ebn (" + path.string() +
                     "); build the CMake target " + kSibling);
  return path.string();
}

void exec_spice_sibling(const std::vector<std::string>& args) {
  const std::string path = spice_sibling_path();
  auto a = args;
  auto argv = argv_of(path, a);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(path.c_str(), argv.data());
  throw std::runtime_error("cannot run " + path + ": " + std::strerror(errno));
}

int run_spice_sibling(const std::vector<std::string>& args, const std::string& log_path, std::string& output) {
  LoggedRun run;
  run.argv = args;
  run.argv.insert(run.argv.begin(), spice_sibling_path());
  run.log = log_path;
  std::fflush(stdout);
  const LoggedRunResult r = run_logged(run);
  if (r.exit_code == kRunNotStarted) throw std::runtime_error("cannot start " + run.argv.front() + " (log " + log_path + ")");
  std::ifstream in(log_path);
  output.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return r.exit_code >= 0 ? r.exit_code : 1;  // killed / timed out: an internal failure
}

void add_spice_run_options(CLI::App& cmd, SpiceRunOptions& o) {
  cmd.add_option("--netlist", o.netlist, "netlist, e.g. spice/netlists/learning_synapse.cir")->required();
  cmd.add_option("--corner", o.corner, "process corner (.lib section): tt | ff | ss")
      ->check(CLI::IsMember({"tt", "ff", "ss"}))
      ->capture_default_str();
  cmd.add_option("--mc-seed", o.mc_seed, "per-device Monte Carlo mismatch with this seed (default: none)");
  cmd.add_option("--controller", o.controller, "learning controller: cpp | rtl")
      ->check(CLI::IsMember({"cpp", "rtl"}))
      ->capture_default_str();
  cmd.add_option("--dac", o.dac,
                 "DAC: transistor (the netlist's transistors) | cpp (C++-computed EXTERNAL current sources, "
                 "faster); default: config spice.dac or transistor")
      ->check(CLI::IsMember({"transistor", "cpp"}));
  cmd.add_option("--models", o.models, "model library replacing the netlist's .lib path (your PDK)");
  cmd.add_option("--config", o.config, "JSON config with a \"spice\" section (protocol, model names, Pelgrom)");
  cmd.add_option("--initial-code", o.initial_code,
                 "single-synapse protocol: counter value it starts from (default: config spice.initial_counter, 8); "
                 "must fit the counter");
  cmd.add_option("--period", o.period_s, "single-synapse protocol: pulse period in seconds (default: config spice.period_s, 5 ms)");
}

std::vector<std::string> spice_run_args(const SpiceRunOptions& o, const std::string& out) {
  std::vector<std::string> args = {"run", "--netlist", o.netlist, "--corner", o.corner,
                                   "--controller", o.controller, "--out", out};
  if (o.mc_seed >= 0) args.insert(args.end(), {"--mc-seed", std::to_string(o.mc_seed)});
  if (!o.models.empty()) args.insert(args.end(), {"--models", o.models});
  if (!o.dac.empty()) args.insert(args.end(), {"--dac", o.dac});
  if (!o.config.empty()) args.insert(args.end(), {"--config", o.config});
  if (o.initial_code) args.insert(args.end(), {"--initial-code", std::to_string(*o.initial_code)});
  if (o.period_s) args.insert(args.end(), {"--period", ebn::g_text(*o.period_s, 17)});
  return args;
}

}  // namespace ebn::app
