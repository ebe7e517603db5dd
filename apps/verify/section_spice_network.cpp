// Sign-off row "3 vs 5 network": level 3 calibrated on level-5 single-synapse runs against the
// small network at transistor level (`ebn spice-compare --network`, docs/spice.md "Network").
// Quick network settings: TT, no mismatch, C++ DAC, 3 neurons + 2 input channels, 0.2 s (~15 s), and
// the level-5 floor (level 5 again with every device moved by 1e-3 of its Pelgrom sigma) beside it.
// Judged by the bars of issue 11; it does not meet them yet (measured numbers and causes in
// docs/spice.md), so a failure is WAIVED as a known gap (verdict.h; `ebn verify --strict` fails on
// it), and the row is left out of `--quick` (the CI sign-off) until level 3 closes the gap.
// Without libngspice / ebn-spice the row is ERROR (could not run), never a pass.
#include <string>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

constexpr const char* kCriterion =
    "decision agreement >= 95 %, spike counts within 10 % per neuron, final counters within 1 LSB for >= 90 % of "
    "synapses";

const VerifySectionRegistrar reg(36, [](Verifier& v) {
  if (v.opt().quick) return;
  const std::string dir = v.dir("spice_network");
  std::vector<std::string> args = {"spice-compare", "--network", "--netlist",
                                   std::string(EBN_SOURCE_DIR) + "/spice/netlists/learning_synapse.cir", "--corner", "tt",
                                   "--dac", "cpp", "--duration", "0.2", "--level5-floor", "1e-3", "--out", dir};
  v.waive("3 vs 5 network",
          "known gap: level 3 (calibrated on level-5 single-synapse runs; per device on the network's own die under "
          "mismatch) tracks the network until the first spikes, then spike phases drift by ~1 ms, decisions at the "
          "window edges flip and learning makes the counters diverge; level 5 itself, with every device moved by "
          "microvolts, misses these bars in a third of the measured settings (the floor this row prints); measured "
          "numbers and causes in docs/spice.md, section Network");
  v.check("3 vs 5", "3 vs 5 network", "spice_network", args, kCriterion, [dir](int rc, CheckResult& r) {
    const Json j = read_json_or_null(dir + "/compare.json");
    if (rc != 0 || j.is_null()) {
      r.measured = "exit " + std::to_string(rc) + (j.is_null() ? ", no compare.json" : "");
      return;
    }
    const Json& n = j["network"];
    const Json& d = n["decisions"];
    const Json& c = n["counters_within_1_lsb"];
    std::string s5, s3;
    for (const auto& e : n["spikes"]) {
      s5 += (s5.empty() ? "" : "/") + e["level5"].dump();
      s3 += (s3.empty() ? "" : "/") + e["level3"].dump();
    }
    r.passed = j.value("agree", false);
    r.measured = "spikes " + s5 + " (level 5) vs " + s3 + " (level 3), decisions " + d["agreeing"].dump() + "/" +
                 d["total"].dump() + ", counters within 1 LSB " + c["within"].dump() + "/" + c["synapses"].dump();
    // Context for the waiver: level 5 against itself with every device moved by 1e-3 sigma.
    const Json& f = j["level5_floor"];
    if (f.is_object())
      r.measured += "; level 5 vs itself (devices moved by 1e-3 sigma): decisions " + f["decisions"]["agreeing"].dump() + "/" +
                    f["decisions"]["total"].dump() + ", counters " + f["counters_within_1_lsb"]["within"].dump() + "/" +
                    f["counters_within_1_lsb"]["synapses"].dump();
  });
});

}  // namespace
}  // namespace ebn::verify
