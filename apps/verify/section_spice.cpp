// Sign-off row "3 vs 5": level 3 calibrated on a level-5 (transistor-level, ngspice) run of the
// single synapse reproduces that run's decisions (`ebn spice-compare`, docs/spice.md). Quick
// settings: TT corner, one Monte Carlo seed, the C++ DAC (the full 0.5 s protocol takes seconds).
// Without libngspice / ebn-spice the row is ERROR (could not run), never a pass.
#include <string>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

constexpr const char* kCriterion =
    "level 3 calibrated on the level-5 recording: open loop all decisions, closed loop >= 97 %, final counter equal, "
    "I_mem replay RMSE <= 1 % of the recorded I_mem range";

const VerifySectionRegistrar reg(35, [](Verifier& v) {
  const std::string dir = v.dir("spice_tt");
  std::vector<std::string> args = {"spice-compare", "--netlist", std::string(EBN_SOURCE_DIR) + "/spice/netlists/learning_synapse.cir",
                                   "--corner", "tt", "--mc-seed", "1", "--out", dir};
  if (v.opt().quick) args.insert(args.end(), {"--dac", "cpp"});
  v.check("3 vs 5", "single synapse, level 3 calibrated on level 5 (TT)", "spice_tt", args, kCriterion,
          [dir](int rc, CheckResult& r) {
            const Json j = read_json_or_null(dir + "/compare.json");
            if (rc != 0 || j.is_null()) {
              r.measured = "exit " + std::to_string(rc) + (j.is_null() ? ", no compare.json" : "");
              return;
            }
            const Json& ol = j["open_loop"];
            const Json& cl = j["closed_loop"];
            r.passed = j.value("agree", false);
            r.measured = "open " + ol["matched"].dump() + "/" + ol["total"].dump() + ", closed " + cl["matched"].dump() +
                         "/" + cl["total"].dump() + ", final " + cl["final_counter_level3"].dump() + " vs " +
                         cl["final_counter_level5"].dump() + ", I_mem RMSE " +
                         fmt("%.4f", j.value("replay_imem_rmse_nA", -1.0)) + " nA of " +
                         fmt("%.3f", j.value("imem_range_nA", -1.0)) + " nA range";
          });
});

}  // namespace
}  // namespace ebn::verify
