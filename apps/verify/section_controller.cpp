// Sign-off rows 3 vs 4 and 4: C++ vs RTL learning controller (random events, full chip), RTL lint.
#include "verify/verifier.h"

namespace ebn::verify {
namespace {

void random_events(Verifier& v) {
  std::vector<std::string> args = {"crosscheck", "--events", v.opt().quick ? "100000" : "1000000", "--seed", "7",
                                   "--quiet"};
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
  random_events(v);
  full_chip(v);
  lint(v);
});

}  // namespace
}  // namespace ebn::verify
