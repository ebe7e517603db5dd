// `ebn crosscheck`: the RTL learning controller's cross-checks (issues 4, 9): by default the
// port-level scoreboard (protocol stimulus; every pin and all NMax x NMax counters after every clock
// cycle against the port model, both update styles), or with --stimulus events the event stream
// against the C++ reference controller, every counter after every event. The work is done by the sibling program
// ebn-rtl-crosscheck (built from rtl/verilator/), which links the Verilator C++-mode model: `ebn`
// itself links the SystemC-mode model through ebn_chip, and one executable must not carry both
// Verilator runtimes. This command declares the options (for --help and type checks) and execs the
// sibling with them; the sibling checks the ranges (it knows the netlist's maxima) and exits
// 0 matched / 1 mismatch / 2 bad parameters.
// With --systemc the scoreboard runs here instead, in-process, on the SystemC-mode netlists (the
// chip's Verilator --sc build, both styles; rtl/verilator/include/ebn_rtl/sc_scoreboard.h).
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
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
#include "ebn/progress.h"
#include "ebn_rtl/sc_scoreboard.h"

namespace {

constexpr const char* kSibling = "ebn-rtl-crosscheck";
// SystemC mode is ~5x slower per cycle than C++ mode: a shorter quick run.
constexpr std::int64_t kSystemcQuickCycles = 30000;

struct Args {
  std::string stimulus = "protocol";
  std::int64_t cycles = 1000000;
  bool quick = false;
  std::string coverage;
  std::string coverage_waivers;
  bool require_coverage = false;
  std::int64_t events = 1000000;
  std::uint64_t seed = 1;
  int neurons = 20;
  int bits = 8;
  std::string style = "both";
  std::string inject_bug;
  bool quiet = false;
  bool systemc = false;
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
  std::vector<std::string> args = {path.string(),         "--stimulus", a.stimulus,
                                   "--cycles",            std::to_string(a.cycles),
                                   "--events",            std::to_string(a.events),
                                   "--seed",              std::to_string(a.seed),
                                   "--neurons",           std::to_string(a.neurons),
                                   "--bits",              std::to_string(a.bits),
                                   "--style",             a.style};
  if (!a.inject_bug.empty()) args.insert(args.end(), {"--inject-bug", a.inject_bug});
  if (a.quiet) args.emplace_back("--quiet");
  if (a.quick) args.emplace_back("--quick");
  if (a.require_coverage) args.emplace_back("--require-coverage");
  if (!a.coverage.empty()) args.insert(args.end(), {"--coverage", a.coverage});
  if (!a.coverage_waivers.empty()) args.insert(args.end(), {"--coverage-waivers", a.coverage_waivers});
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(path.c_str(), argv.data());
  throw std::runtime_error("cannot run " + path.string() + ": " + std::strerror(errno));
}

// The port-level scoreboard on the SystemC-mode netlists, in this process (ebn links them).
void run_systemc(const Args& a, bool cycles_given) {
  if (a.stimulus != "protocol") throw ebn::InputError("--systemc: runs the protocol scoreboard only (not --stimulus " + a.stimulus + ")");
  if (!a.coverage.empty() || a.require_coverage) throw ebn::InputError("--systemc: no coverage-instrumented SystemC netlist (--coverage needs C++ mode)");
  if (!a.inject_bug.empty()) throw ebn::InputError("--systemc: the SystemC netlists carry no planted bug (--inject-bug needs C++ mode)");
  if (a.style != "parallel" && a.style != "serial" && a.style != "both")
    throw ebn::InputError("--style: unknown update style '" + a.style + "' (parallel | serial | both)");
  if (a.cycles < 1) throw ebn::InputError("--cycles: must be >= 1, got " + std::to_string(a.cycles));
  std::vector<ebn::rtl::ScoreboardOptions> runs;
  for (const std::string style : {"parallel", "serial"}) {
    if (a.style != "both" && a.style != style) continue;
    ebn::rtl::ScoreboardOptions o;
    o.style = style == "serial" ? ebn::rtl::UpdateStyle::Serial : ebn::rtl::UpdateStyle::Parallel;
    o.seed = a.seed;
    o.cycles = a.quick && !cycles_given ? kSystemcQuickCycles : a.cycles;
    runs.push_back(o);
  }
  ebn::set_quiet(a.quiet);
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  const auto results = ebn::rtl::run_sc_scoreboards(runs);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
  bool matched = true;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::printf("%s (SystemC mode)\n", ebn::rtl::summary(runs[i], results[i]).c_str());
    matched = matched && results[i].matched;
  }
  ebn::progress("crosscheck --systemc: " + std::to_string(wall) + " s wall, " + std::to_string(cpu) + " s CPU");
  if (!matched) ebn::app::set_exit_code(ebn::kExitCheckFailed);
}

const ebn::app::CommandRegistrar reg(40, [](CLI::App& root) {
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "crosscheck",
      "Cross-check the RTL learning controller (Verilated): the port-level scoreboard (protocol stimulus, every pin "
      "and counter after every clock cycle against the port model; prints 'matched N cycles / M events' per style) "
      "or, with --stimulus events, the event stream against the C++ reference controller ('matched N events'); "
      "the first mismatch exits 1");
  cmd->add_option("--stimulus", args->stimulus, "protocol | events")->capture_default_str();
  cmd->add_option("--cycles", args->cycles, "protocol: clock cycles per style")->capture_default_str();
  cmd->add_flag("--quick", args->quick, "short run for CI (protocol: 200000 cycles per style; events: 100000)");
  cmd->add_option("--coverage", args->coverage, "protocol: coverage-instrumented netlists, coverage files into DIR");
  cmd->add_option("--coverage-waivers", args->coverage_waivers, "waived coverage points (rtl/coverage_waivers.json)");
  cmd->add_flag("--require-coverage", args->require_coverage, "exit 1 unless every functional bin (and line/toggle "
                                                              "point not waived) is covered");
  cmd->add_option("--events", args->events, "events: number of presynaptic events (>= 1)")
      ->check(ebn::app::at_least(1))  // zero events would compare nothing: refused, never a pass
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the random event stream")->capture_default_str();
  cmd->add_option("--neurons", args->neurons, "neurons N (1 .. the RTL's maximum, 32)")->capture_default_str();
  cmd->add_option("--bits", args->bits, "counter width B (2 .. 16)")->capture_default_str();
  cmd->add_option("--style", args->style, "RTL update style: parallel | serial | both")->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "no progress lines on stderr");
  // Hidden: run a deliberately wrong RTL (saturation | swap-kn | diagonal) to show the check fails.
  cmd->add_option("--inject-bug", args->inject_bug)->group("");
  cmd->add_flag("--systemc", args->systemc,
                "protocol scoreboard on the SystemC-mode netlists (Verilator --sc, both styles) in this process; "
                "--quick = " + std::to_string(kSystemcQuickCycles) + " cycles per style");
  auto* cycles = cmd->get_option("--cycles");
  cmd->callback([args, cycles] {
    if (args->systemc) run_systemc(*args, cycles->count() > 0);
    else exec_sibling(*args);
  });
});

}  // namespace
