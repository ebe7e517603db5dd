// Sign-off rows 3 vs 4 and 4: the RTL learning controller. The port-level scoreboard (every pin and
// every counter after every clock cycle against the port model, protocol stimulus) for both update
// styles, in C++ mode and in SystemC mode; the event stream against the C++ reference controller; coverage (functional bins, line
// and toggle coverage of the coverage-instrumented netlists, verilator_coverage report); the full
// chip with the RTL in the loop; lint. scripts/mutation_run.sh runs the same RTL rows on mutants.
#include <algorithm>
#include <sstream>

#include "ebn_rtl/coverage_report.h"
#include "verify/verifier.h"

namespace ebn::verify {
namespace {

// The first line of `log` starting with `prefix` (without the prefix's trailing part), or "".
std::string line_starting(const std::string& log, const std::string& prefix) {
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

// The port-level scoreboard rows, both styles: in C++ mode (the sibling program) or, with `systemc`,
// on the SystemC-mode netlists (Verilator --sc, the chip's build) run by `ebn` itself; SystemC
// mode is ~5x slower per cycle, hence its shorter full run.
void scoreboard(Verifier& v, bool systemc) {
  const std::string mode = systemc ? ", SystemC mode" : "";
  for (const std::string style : {"parallel", "serial"}) {
    std::vector<std::string> args = {"crosscheck", "--style", style, "--seed", "7", "--quiet"};
    if (systemc) args.emplace_back("--systemc");
    if (v.opt().quick) args.emplace_back("--quick");
    else args.insert(args.end(), {"--cycles", systemc ? "300000" : "2000000"});
    if (!systemc && v.opt().inject_bug == "rtl-swap-kn" && style == "parallel")
      args.insert(args.end(), {"--inject-bug", "swap-kn"});
    v.check("4", "RTL port scoreboard" + mode + ", " + style, std::string("scoreboard_") + (systemc ? "systemc_" : "") + style,
            args,
            std::string("every pin and all NMax x NMax counters") + (systemc ? " of the SystemC-mode netlist" : "") +
                " equal the port model after every cycle",
            [&](int rc, CheckResult& r) {
              const std::string log = read_text(v.dir(r.log));
              const std::string matched = line_starting(log, "matched ");
              r.passed = rc == 0 && !matched.empty();
              r.measured = !matched.empty() ? matched.substr(0, matched.find(" (")) + " (" + style + mode + ")"
                                            : line_starting(log, "MISMATCH").substr(0, 200);
              if (r.measured.empty()) r.measured = "exit " + std::to_string(rc);
            });
  }
}

void random_events(Verifier& v) {
  std::vector<std::string> args = {"crosscheck", "--stimulus", "events", "--events",
                                   v.opt().quick ? "100000" : "1000000", "--seed", "7", "--quiet"};
  if (v.opt().inject_bug == "rtl-swap-kn") args.insert(args.end(), {"--inject-bug", "swap-kn"});
  v.check("3 vs 4", "C++ vs RTL controller, random events", "crosscheck", args, "matched every event",
          [&](int rc, CheckResult& r) {
            const std::string log = read_text(v.dir(r.log));
            const auto pos = log.find("matched ");
            r.passed = rc == 0 && pos != std::string::npos;
            r.measured = pos != std::string::npos ? log.substr(pos, log.find('\n', pos) - pos)
                                                  : "mismatch (exit " + std::to_string(rc) + ")";
          });
}

// Joins the first `max` names, "and N more".
std::string names(const std::vector<std::string>& all, std::size_t max = 6) {
  std::string s;
  for (std::size_t i = 0; i < all.size() && i < max; ++i) s += (i ? "; " : "") + all[i];
  if (all.size() > max) s += "; and " + std::to_string(all.size() - max) + " more (see the log)";
  return s;
}

void coverage(Verifier& v) {
  const std::string dir = v.dir("coverage");
  std::vector<std::string> args = {"crosscheck", "--seed", "7", "--coverage", dir, "--quiet"};
  if (v.opt().quick) args.emplace_back("--quick");
  v.check("4", "RTL coverage, functional bins", "coverage_functional", args,
          "every functional bin hit (protocol corners, wire code x saturation x style, N and B extremes)",
          [&](int rc, CheckResult& r) {
            const std::string log = read_text(v.dir(r.log));
            const std::string bins = line_starting(log, "functional coverage: ");
            std::vector<std::string> uncovered;
            std::istringstream in(log);
            for (std::string line; std::getline(in, line);)
              if (line.rfind("uncovered bin: ", 0) == 0) uncovered.push_back(line.substr(15));
            r.passed = rc == 0 && !bins.empty() && uncovered.empty();
            r.measured = bins.empty() ? "no coverage run (exit " + std::to_string(rc) + ")" : bins.substr(21);
            if (!uncovered.empty()) r.measured += "; uncovered: " + names(uncovered);
          });
  // verilator_coverage merges both styles and writes the annotated source; the line and toggle
  // figures are computed from the merged file with the waivers of rtl/coverage_waivers.json.
  const std::vector<std::string> dats = {dir + "/coverage_parallel.dat", dir + "/coverage_serial.dat"};
  std::vector<std::string> merge = {"/usr/bin/verilator_coverage", "--write", dir + "/merged.dat", "--annotate",
                                    dir + "/annotated", "--annotate-min", "1"};
  merge.insert(merge.end(), dats.begin(), dats.end());
  for (const std::string kind : {"line", "toggle"}) {
    v.check("4", "RTL coverage, " + kind + "s", "coverage_" + kind, merge,
            kind == "line" ? "100 % of the design's line and branch points (Verilator false zeros waived only "
                             "with the functional bins that prove them, rtl/coverage_waivers.json)"
                           : "100 % of the toggle points but the structurally constant bits "
                             "(rtl/coverage_waivers.json); the counter memory (> 256 bits) is not toggle-instrumented",
            [&, kind](int rc, CheckResult& r) {
              try {
                rtl::CoverageData data;
                data.add_file(dir + "/merged.dat");
                const auto waivers = rtl::load_coverage_waivers(std::string(EBN_SOURCE_DIR) + "/rtl/coverage_waivers.json");
                const auto bins_text = read_text(dir + "/functional_bins.txt");
                const auto sum = rtl::apply_waivers(data.summarize(), waivers, std::string(EBN_SOURCE_DIR) + "/rtl", bins_text);
                const rtl::CoverageKind& k = kind == "line" ? sum.line : sum.toggle;
                r.passed = rc == 0 && k.points > 0 && k.uncovered.empty();
                r.measured = std::to_string(k.covered) + "/" + std::to_string(k.points) + " hit (" +
                             fmt("%.1f", k.percent()) + " %), " + std::to_string(k.waived.size()) + " waived";
                if (!k.uncovered.empty()) r.measured += "; uncovered: " + names(k.uncovered);
              } catch (const std::exception& e) {
                r.passed = false;
                r.measured = std::string("no coverage: ") + e.what();
              }
            },
            false);
  }
}

void full_chip(Verifier& v) {
  for (const std::string ctrl : {"cpp", "rtl"})
    v.check("3 vs 4", "chip learning pass, " + ctrl + " controller", "chip_" + ctrl,
            {"learn", "--backend", "chip", "--controller", ctrl, "--mismatch", "0.2", "--passes", "2", "--quiet", "--out",
             v.dir("ladder/chip_" + ctrl)},
            ctrl == "cpp" ? "runs" : "counters identical to the C++ controller run", [&, ctrl](int rc, CheckResult& r) {
              if (ctrl == "cpp") return judge_ran(rc, r);
              const bool same =
                  same_file(v.dir("ladder/chip_cpp/weights_learned.csv"), v.dir("ladder/chip_rtl/weights_learned.csv"));
              r.passed = rc == 0 && same;
              r.measured = same ? "bit-identical learned counters" : "counters differ (exit " + std::to_string(rc) + ")";
            });
}

void lint(Verifier& v) {
  const std::string rtl = std::string(EBN_SOURCE_DIR) + "/rtl";
  v.check("4", "verilator --lint-only -Wall", "lint",
          {"/usr/bin/verilator", "--lint-only", "-Wall", rtl + "/lint_waivers.vlt", rtl + "/ebn_pkg.sv",
           rtl + "/ebn_learning_ctrl.sv"},
          "no warnings",
          [&](int rc, CheckResult& r) {
            const bool quiet_log = read_text(v.dir(r.log)).find("%Warning") == std::string::npos;
            r.passed = rc == 0 && quiet_log;
            r.measured = r.passed ? "clean" : "warnings or errors (exit " + std::to_string(rc) + ")";
          },
          false);
}

const VerifySectionRegistrar reg(20, [](Verifier& v) {
  scoreboard(v, false);
  scoreboard(v, true);
  random_events(v);
  coverage(v);
  full_chip(v);
  lint(v);
});

}  // namespace
}  // namespace ebn::verify
