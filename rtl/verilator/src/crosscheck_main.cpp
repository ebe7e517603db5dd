// ebn-rtl-crosscheck: the C++-mode RTL cross-checks behind `ebn crosscheck` (which execs this
// program, its sibling, because `ebn` links the SystemC-mode Verilated model and the two Verilator
// runtimes must not share an executable). Also runnable on its own with the same options.
//   --stimulus protocol (default): the port-level scoreboard (scoreboard.h), every pin and every
//       counter after every clock cycle against the port model, both update styles by default;
//       --coverage DIR runs the coverage-instrumented netlists and writes DIR/coverage_<style>.dat
//       and DIR/functional_bins.txt.
//   --stimulus events: the event stream against the C++ reference controller (crosscheck.h).
// Exit codes: 0 matched (and, with --require-coverage, coverage closed), 1 otherwise, 2 bad parameters.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ebn/errors.h"
#include "ebn/progress.h"
#include "ebn_rtl/coverage_report.h"
#include "ebn_rtl/crosscheck.h"
#include "ebn_rtl/scoreboard.h"

namespace {

using ebn::rtl::Mutation;
using ebn::rtl::UpdateStyle;

constexpr std::int64_t kQuickCycles = 200'000;  // per style: ~1 s, every functional bin (CI)
constexpr std::int64_t kQuickEvents = 100'000;

struct Args {
  std::string stimulus = "protocol";
  std::string style = "both";
  std::int64_t cycles = 1'000'000;
  bool quick = false;
  std::string coverage_dir;
  std::string coverage_waivers;
  bool require_coverage = false;
  ebn::rtl::CrosscheckOptions events;
};

std::vector<UpdateStyle> styles_of(const std::string& s) {
  if (s == "parallel") return {UpdateStyle::Parallel};
  if (s == "serial") return {UpdateStyle::Serial};
  return {UpdateStyle::Parallel, UpdateStyle::Serial};
}

int run_events(const Args& a) {
  int rc = ebn::kExitOk;
  for (UpdateStyle style : styles_of(a.style)) {
    auto opt = a.events;
    opt.style = style;
    if (a.quick) opt.events = kQuickEvents;
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = ebn::rtl::run_crosscheck(opt, [&](std::int64_t done) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      ebn::progress("crosscheck: " + std::to_string(done) + " / " + std::to_string(opt.events) + " events, " +
                    std::to_string(static_cast<long long>(done / s)) + " events/s");
    });
    std::printf("%s\n", ebn::rtl::summary(opt, result).c_str());
    if (!result.matched) rc = ebn::kExitCheckFailed;
  }
  if (a.events.inject != Mutation::None) std::printf("(injected bug: %s)\n", ebn::rtl::name_of(a.events.inject));
  return rc;
}

int run_protocol(const Args& a) {
  const bool with_coverage = !a.coverage_dir.empty();
  if (with_coverage) {
    std::error_code ec;
    std::filesystem::create_directories(a.coverage_dir, ec);
    if (ec) throw ebn::InputError("--coverage: " + a.coverage_dir + ": cannot create (" + ec.message() + ")");
  }
  int rc = ebn::kExitOk;
  ebn::rtl::CoverageData coverage;
  std::vector<std::string> uncovered_bins;
  int bins = 0;
  std::ostringstream bins_text;
  for (UpdateStyle style : styles_of(a.style)) {
    ebn::rtl::ScoreboardOptions opt;
    opt.style = style;
    opt.seed = a.events.seed;
    opt.cycles = a.quick ? kQuickCycles : a.cycles;
    auto ports = ebn::rtl::make_cc_ports(style, a.events.inject,
                                         with_coverage ? ebn::rtl::Instrumentation::Coverage : ebn::rtl::Instrumentation::Plain);
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t cpu0 = std::clock();
    const auto result = ebn::rtl::run_scoreboard(*ports, opt);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    std::printf("%s\n", ebn::rtl::summary(opt, result).c_str());
    // Throughput per CPU second (the machine is shared; wall time varies with its load).
    ebn::progress("crosscheck: " + std::string(ebn::rtl::name_of(style)) + ": " + std::to_string(seconds) + " s wall, " +
                  std::to_string(cpu) + " s CPU, " + std::to_string(static_cast<long long>(result.cycles / cpu)) +
                  " cycles/CPU-s, " + std::to_string(static_cast<long long>(result.events / cpu)) + " events/CPU-s");
    if (!result.matched) rc = ebn::kExitCheckFailed;
    for (const auto& e : result.coverage.entries()) {
      ++bins;
      if (e.count == 0) uncovered_bins.push_back(e.name);
      bins_text << e.count << "\t" << e.name << "\n";
    }
    if (with_coverage) {
      const std::string dat = a.coverage_dir + "/coverage_" + ebn::rtl::name_of(style) + ".dat";
      if (!ports->write_coverage(dat)) throw std::logic_error("the coverage netlist wrote no coverage");
      coverage.add_file(dat);
    }
  }
  if (a.events.inject != Mutation::None) std::printf("(injected bug: %s)\n", ebn::rtl::name_of(a.events.inject));
  if (rc != ebn::kExitOk) return rc;  // coverage of a failing run means nothing
  if (with_coverage) std::ofstream(a.coverage_dir + "/functional_bins.txt") << bins_text.str();
  std::printf("functional coverage: %d/%d bins hit\n", bins - static_cast<int>(uncovered_bins.size()), bins);
  for (const auto& b : uncovered_bins) std::printf("uncovered bin: %s\n", b.c_str());
  if (a.require_coverage && !uncovered_bins.empty()) rc = ebn::kExitCheckFailed;
  if (with_coverage) {
    // Line and toggle coverage of the design, both styles merged; every uncovered point by name.
    auto sum = coverage.summarize();
    if (!a.coverage_waivers.empty())
      sum = ebn::rtl::apply_waivers(sum, ebn::rtl::load_coverage_waivers(a.coverage_waivers),
                                    std::filesystem::path(a.coverage_waivers).parent_path().string(), bins_text.str());
    std::ofstream uncovered(a.coverage_dir + "/uncovered.txt");
    const auto report = [&](const char* what, const ebn::rtl::CoverageKind& k) {
      std::printf("%s coverage: %d/%d points (%.2f %%), %zu waived\n", what, k.covered, k.points, k.percent(),
                  k.waived.size());
      for (const auto& w : k.waived) uncovered << what << "\twaived\t" << w << "\n";
      for (const auto& u : k.uncovered) {
        uncovered << what << "\t" << u << "\n";
        std::printf("uncovered %s: %s\n", what, u.c_str());
      }
    };
    report("line", sum.line);
    report("toggle", sum.toggle);
    if (sum.user.points > 0) report("user", sum.user);
    if (a.require_coverage && (!sum.line.uncovered.empty() || sum.line.points == 0 || !sum.toggle.uncovered.empty()))
      rc = ebn::kExitCheckFailed;
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  auto& ev = a.events;
  CLI::App app{"Cross-check the Verilated RTL learning controller: the port-level scoreboard (every pin and counter "
               "after every clock cycle against the port model, protocol stimulus), or the event stream against the "
               "C++ reference controller"};
  app.name("ebn crosscheck");
  app.add_option("--stimulus", a.stimulus, "protocol | events")
      ->check(CLI::IsMember({"protocol", "events"}))
      ->capture_default_str();
  app.add_option("--cycles", a.cycles, "protocol: clock cycles per style")->check(CLI::Range(1LL, 4'000'000'000LL))->capture_default_str();
  app.add_option("--events", ev.events, "events: number of presynaptic events")->capture_default_str();
  app.add_option("--seed", ev.seed, "seed of the random stimulus")->capture_default_str();
  app.add_option("--neurons", ev.neurons, "events: neurons N (1.." + std::to_string(ebn::rtl::kNeuronsMax) + ")")
      ->capture_default_str();
  app.add_option("--bits", ev.bits, "events: counter width B (2..16)")->capture_default_str();
  app.add_option("--style", a.style, "RTL update style: parallel | serial | both")
      ->check(CLI::IsMember({"parallel", "serial", "both"}))
      ->capture_default_str();
  app.add_flag("--quick", a.quick, "short run for CI (protocol: 200000 cycles per style, events: 100000)");
  app.add_option("--coverage", a.coverage_dir, "protocol: run the coverage-instrumented netlists, write coverage into DIR");
  app.add_option("--coverage-waivers", a.coverage_waivers, "JSON of waived coverage points (rtl/coverage_waivers.json)")
      ->check(CLI::ExistingFile);
  app.add_flag("--require-coverage", a.require_coverage, "exit 1 unless every functional bin (and with --coverage, "
                                                        "every line and toggle point not waived) is covered");
  bool quiet = false;
  app.add_flag("--quiet", quiet, "no progress lines on stderr");
  // Hidden: a deliberately wrong RTL (BugMode netlist), to show the check fails (exit 1).
  app.add_option("--inject-bug", ev.inject)
      ->transform(CLI::CheckedTransformer(std::map<std::string, Mutation>{
          {"none", Mutation::None}, {"saturation", Mutation::Saturation},
          {"swap-kn", Mutation::SwapKn}, {"diagonal", Mutation::Diagonal}}))
      ->group("");
  try {
    app.parse(argc, argv);
    if (ev.inject != Mutation::None && a.style == "both") a.style = "parallel";  // the mutants are parallel
    ev.style = a.style == "serial" ? UpdateStyle::Serial : UpdateStyle::Parallel;
    ebn::rtl::validate(ev);
    if (a.stimulus == "events" && !a.coverage_dir.empty()) throw std::invalid_argument("--coverage needs --stimulus protocol");
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return ebn::kExitUsage;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "ebn: error: %s\n", e.what());
    return ebn::kExitUsage;
  }
  ebn::set_quiet(quiet);
  try {
    return a.stimulus == "events" ? run_events(a) : run_protocol(a);
  } catch (const ebn::InputError& e) {
    std::fprintf(stderr, "ebn: error: %s\n", e.what());
    return ebn::kExitUsage;
  }
}
