// Sign-off rows 4 (formal): the learning controller's properties proven by `ebn formal` (yosys +
// yosys-smtbmc + z3, rtl/formal/), one row per property group, both update styles. The instance
// is NMax 4 x BMax 4 with N and B anyconst; quick mode proves the same properties on NMax 4 x
// BMax 3 (fewer solver states, same structure).
#include "ebn/config_reader.h"
#include "verify/verifier.h"

namespace ebn::verify {
namespace {

// The groups of rtl/formal/ebn_learning_ctrl_props.sv (apps/cmd_formal.cpp kGroups).
const char* const kGroups[] = {"range",       "diagonal",      "outside",          "event_step", "write_priority",
                               "reset",       "walk_timing",   "no_lost_event",    "read_port"};

// One `ebn formal` run proves every group in both styles (one yosys elaboration per style); its
// row reports the elaboration, and each group's row reads that run's formal.json (the row's
// process only shows the file in its log, so its wall time is ~0; the solver time is in
// `measured`).
void formal_all(Verifier& v, const std::string& out) {
  std::vector<std::string> args = {"formal",  "--style",    "both", "--out", out,
                                   "--quiet", "--bits-max", v.opt().quick ? "3" : "4"};
  // verify --inject-bug formal-saturation|formal-swap-kn|formal-diagonal: prove a planted mutant.
  const std::string prefix = "formal-";
  if (v.opt().inject_bug.rfind(prefix, 0) == 0)
    args.insert(args.end(), {"--bug-mode", v.opt().inject_bug.substr(prefix.size())});
  v.check("4", "formal: yosys elaboration (parallel + serial)", "formal", args, "both styles elaborate",
          [out](int rc, CheckResult& r) {
            std::string measured;
            try {
              const Json j = Json::parse(read_text(out + "/formal.json"));
              r.passed = !j["elaboration"].empty();
              for (const auto& e : j["elaboration"]) {
                if (!measured.empty()) measured += "; ";
                measured += e["style"].get<std::string>() + " " + e["result"].get<std::string>() + " " +
                            fmt("%.1f s", e["time_s"].get<double>());
                r.passed = r.passed && e["result"] == "OK";
              }
            } catch (const std::exception&) {
              r.passed = false;
            }
            r.measured = measured.empty() ? "no formal.json (exit " + std::to_string(rc) + ")" : measured;
          });
}

void formal_group(Verifier& v, const std::string& out, const std::string& group) {
  const std::string json = out + "/formal.json";
  v.check("4", "formal: " + group + " (parallel + serial)", "formal_" + group, {"/bin/cat", json},
          "proven by k-induction in both styles", [json, group](int, CheckResult& r) {
            std::string measured;
            int proven = 0, runs = 0;
            try {
              const Json j = Json::parse(read_text(json));  // kept alive: the loop walks into it
              for (const auto& run : j["runs"]) {
                if (run["property"] != group) continue;
                ++runs;
                proven += run["proven"].get<bool>();
                if (!measured.empty()) measured += "; ";
                measured += run["style"].get<std::string>() + " " + run["result"].get<std::string>() + " (" +
                            run["method"].get<std::string>() + " " + run["depth"].get<std::string>() + ", z3, " +
                            fmt("%.1f s", run["time_s"].get<double>()) + ")";
              }
            } catch (const std::exception&) {
            }
            r.passed = runs == 2 && proven == 2;
            r.measured = measured.empty() ? "not run (see the elaboration row)" : measured;
          },
          false);
}

const VerifySectionRegistrar reg(25, [](Verifier& v) {
  // A must-fail run that breaks another level (--inject-bug rtl-swap-kn, dac-sign, ...) skips the
  // proofs: they do not depend on it and would only add minutes of solver time to that demo.
  if (!v.opt().inject_bug.empty() && v.opt().inject_bug.rfind("formal-", 0) != 0) return;
  const std::string out = v.dir("formal");
  formal_all(v, out);
  for (const char* g : kGroups) formal_group(v, out, g);
});

}  // namespace
}  // namespace ebn::verify
