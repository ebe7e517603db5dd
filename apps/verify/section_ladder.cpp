// Sign-off rows 1 vs 2 and 2 vs 3: float vs quantized counters, quantized model vs SystemC chip.
#include <cmath>
#include <fstream>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

// 1 vs 2: float discrete rule vs B-bit counters with ample bits: bit-identical.
void float_vs_quantized(Verifier& v, const std::string& passes) {
  const Json cfg = {{"learning", {{"quantized", true}, {"weight_bits", 16}}}};
  std::ofstream(v.dir("quantized16.json")) << cfg.dump(2);
  v.check("1 vs 2", "level 1 float run", "ladder_1_reference",
          {"learn", "--backend", "reference", "--passes", passes, "--quiet", "--out", v.dir("ladder/reference")}, "runs",
          judge_ran);
  v.check("1 vs 2", "level 2, B = 16 (nothing saturates)", "ladder_1_quantized",
          {"learn", "--config", v.dir("quantized16.json"), "--passes", passes, "--quiet", "--out",
           v.dir("ladder/quantized")},
          "identical learned weights", [&](int rc, CheckResult& r) {
            const bool same = same_file(v.dir("ladder/reference/weights_learned.csv"),
                                        v.dir("ladder/quantized/weights_learned.csv")) &&
                              same_file(v.dir("ladder/reference/spikes_learned.csv"),
                                        v.dir("ladder/quantized/spikes_learned.csv"));
            r.passed = rc == 0 && same;
            r.measured = same ? "weights and spikes bit-identical" : "weights or spikes differ";
          });
}

// 2 vs 3: quantized model vs SystemC chip (ideal mapping, mismatch off).
void quantized_vs_chip(Verifier& v, const std::string& passes) {
  const Json cfg = {{"learning", {{"diagonal", "off"}, {"quantized", true}}}};
  std::ofstream(v.dir("ladder23.json")) << cfg.dump(2);
  v.check("2 vs 3", "quantized model", "ladder_2_quantized",
          {"learn", "--config", v.dir("ladder23.json"), "--passes", passes, "--quiet", "--out", v.dir("ladder/level2")},
          "runs", judge_ran);
  v.check("2 vs 3", "SystemC chip, ideal mapping, no mismatch", "ladder_3_chip",
          {"learn", "--config", v.dir("ladder23.json"), "--backend", "chip", "--passes", passes, "--quiet", "--out",
           v.dir("ladder/level3")},
          "difference of the distances <= 0.05 and both <= 0.2", [&](int rc, CheckResult& r) {
            const Json a = read_json_or_null(v.dir("ladder/level2/summary.json"));
            const Json b = read_json_or_null(v.dir("ladder/level3/summary.json"));
            if (rc != 0 || a.is_null() || b.is_null()) {
              r.measured = "exit " + std::to_string(rc);
              return;
            }
            const double da = a["final"]["distance_to_optimal"], db = b["final"]["distance_to_optimal"];
            r.passed = std::fabs(da - db) <= 0.05 && da <= 0.2 && db <= 0.2;
            r.measured = "distance " + fmt("%.4f", da) + " (level 2) vs " + fmt("%.4f", db) + " (level 3)";
          });
}

const VerifySectionRegistrar reg(10, [](Verifier& v) {
  const std::string passes = v.opt().quick ? "11" : "21";  // cheap: about 10 ms of CPU per pass
  float_vs_quantized(v, passes);
  quantized_vs_chip(v, passes);
});

}  // namespace
}  // namespace ebn::verify
