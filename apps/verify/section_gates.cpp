// Sign-off rows 4 vs gates: the RTL controller synthesized with yosys to generic cells
// (rtl/synth/), and the gate-level netlist proven equal to the RTL by yosys' equivalence checker.
// Small instances (NMax 4, BMax 4) keep the rows at seconds; `ebn synth --check-gates` runs any size.
#include <string>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

void gate_level(Verifier& v, const std::string& style) {
  const std::string out = v.dir("gates/" + style);
  v.check("4 vs gates", "gate-level netlist equals RTL, 4x4, " + style, "gates_" + style,
          {"synth", "--neurons", "4", "--bits", "4", "--style", style, "--check-gates", "--out", out},
          "yosys equiv_induct proves every output and flip-flop equal", [&, out](int rc, CheckResult& r) {
            const Json j = read_json_or_null(out + "/synth.json");
            const Json g = j.is_object() ? j.value("gate_check", Json()) : Json();
            r.passed = rc == 0 && g.is_object() && g.value("equivalent", false);
            r.measured = !g.is_object() ? "no result (exit " + std::to_string(rc) + ")"
                         : (r.passed ? "equivalent: " : "NOT equivalent: ") +
                               std::to_string(g.value("proven_equiv_cells", 0L)) + " signals proven, " +
                               std::to_string(j.value("flip_flops", 0L)) + " flip-flops, " +
                               std::to_string(j.value("cells", 0L)) + " cells";
          });
}

const VerifySectionRegistrar reg(25, [](Verifier& v) {
  gate_level(v, "parallel");
  gate_level(v, "serial");
});

}  // namespace
}  // namespace ebn::verify
