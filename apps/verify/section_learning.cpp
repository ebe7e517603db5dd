// Sign-off row "3 + 4": the tape-out question itself -- the mismatched chip with the RTL
// controller in the loop learns the balanced network.
#include <filesystem>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

void learning_on_chip(Verifier& v) {
  std::vector<std::string> args = {"learn", "--backend", "chip", "--controller", "rtl", "--mismatch", "0.2", "--trace",
                                   "--quiet", "--out", v.dir("learning")};
  if (v.opt().quick) args.insert(args.end(), {"--passes", "21"});
  v.check("3 + 4", "on-chip learning, RTL controller, mismatch 0.2", "learning", args,
          "final distance to the chip's optimum <= 0.2; learned rate <= initial / 3; E learned < E initial",
          [&](int rc, CheckResult& r) {
            const Json j = read_json_or_null(v.dir("learning/summary.json"));
            if (rc != 0 || j.is_null()) {
              r.measured = "exit " + std::to_string(rc);
              return;
            }
            const Json& f = j["final"];
            const double d = f["distance_to_optimal"], ri = f["rate_hz_initial"], rl = f["rate_hz_learned"];
            const double ei = f["decoding_error_initial"], el = f["decoding_error_learned"];
            r.passed = d <= 0.2 && rl <= ri / 3 && el < ei;
            r.measured = "distance " + fmt("%.4f", d) + ", rate " + fmt("%.1f", ri) + " -> " + fmt("%.1f", rl) +
                         " Hz, E " + fmt("%.3f", ei) + " -> " + fmt("%.3f", el);
          });
  if (run_plot_script("plot_learning.py", v.dir("learning")))
    for (const std::string f : {"figure1.png", "learning_curve.png"})
      if (std::filesystem::exists(v.dir("learning/" + f))) v.add_figure("learning/" + f);
  v.add_waveform("learning/last_pass.fst", "waves/chip.gtkw");
}

const VerifySectionRegistrar reg(90, learning_on_chip);

}  // namespace
}  // namespace ebn::verify
