// `ebn crosscheck`: the RTL learning controller against the C++ reference controller, every counter
// after every event of a random stream (issue 4). The work is done by the sibling program
// ebn-rtl-crosscheck (built from rtl/verilator/), which links the Verilator C++-mode model: `ebn`
// itself links the SystemC-mode model through ebn_chip, and one executable must not carry both
// Verilator runtimes. This command declares the options (for --help and type checks) and execs the
// sibling with them; the sibling checks the ranges (it knows the netlist's maxima) and exits
// 0 matched / 1 mismatch / 2 bad parameters.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_registry.h"
#include "ebn/errors.h"

namespace {

constexpr const char* kSibling = "ebn-rtl-crosscheck";

struct Args {
  std::int64_t events = 1000000;
  std::uint64_t seed = 1;
  int neurons = 20;
  int bits = 8;
  std::string style = "parallel";
  std::string inject_bug;
  bool quiet = false;
};

std::filesystem::path sibling_path() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the ebn executable: " + ec.message());
  return self.parent_path() / kSibling;
}

[[noreturn]] void exec_sibling(const Args& a) {
  const auto path = sibling_path();
  if (::access(path.c_str(), X_OK) != 0)
    throw ebn::InputError(std::string("crosscheck needs the program ") + kSibling + " beside ebn (" + path.string() +
                          "); build the CMake target " + kSibling);
  std::vector<std::string> args = {path.string(),         "--events", std::to_string(a.events),
                                   "--seed",              std::to_string(a.seed),
                                   "--neurons",           std::to_string(a.neurons),
                                   "--bits",              std::to_string(a.bits),
                                   "--style",             a.style};
  if (!a.inject_bug.empty()) args.insert(args.end(), {"--inject-bug", a.inject_bug});
  if (a.quiet) args.emplace_back("--quiet");
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(path.c_str(), argv.data());
  throw std::runtime_error("cannot run " + path.string() + ": " + std::strerror(errno));
}

const ebn::app::CommandRegistrar reg(40, [](CLI::App& root) {
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "crosscheck",
      "Cross-check the RTL learning controller (Verilated) against the C++ reference controller: the same random "
      "event stream drives both, every counter is compared after every event; prints 'matched N events' or the "
      "first mismatch (exit 1)");
  cmd->add_option("--events", args->events, "number of presynaptic events (>= 1)")
      ->check(ebn::app::at_least(1))  // zero events would compare nothing: refused, never a pass
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the random event stream")->capture_default_str();
  cmd->add_option("--neurons", args->neurons, "neurons N (1 .. the RTL's maximum, 32)")->capture_default_str();
  cmd->add_option("--bits", args->bits, "counter width B (2 .. 16)")->capture_default_str();
  cmd->add_option("--style", args->style, "RTL update style: parallel | serial")->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "no progress lines on stderr");
  // Hidden: run a deliberately wrong RTL (saturation | swap-kn | diagonal) to show the check fails.
  cmd->add_option("--inject-bug", args->inject_bug)->group("");
  cmd->callback([args] { exec_sibling(*args); });
});

}  // namespace
