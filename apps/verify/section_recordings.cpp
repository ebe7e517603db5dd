// Sign-off rows "3 vs recording": replay of each given transistor-level recording with parameters
// calibrated on it.
#include <cmath>
#include <filesystem>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

void replay_recording(Verifier& v, std::size_t i) {
  const std::string& recording = v.opt().recordings[i];
  const std::string tag = "replay_" + std::to_string(i);
  const std::string dir = v.dir(tag);
  std::vector<std::string> args = {"replay", "--recording", recording, "--json", "--out", dir, "--trace",
                                   dir + "/replay.vcd"};
  if (v.opt().inject_bug == "dac-sign") args.insert(args.end(), {"--inject-bug", "dac-sign"});
  v.check("3 vs recording", "replay " + recording, tag, args,
          "open loop all decisions; closed loop >= 95 % decisions and final counter as recorded",
          [&, dir](int rc, CheckResult& r) {
            const Json j = read_json_or_null(dir + "/report.json");
            if (rc != 0 || j.is_null()) {
              r.measured = "exit " + std::to_string(rc);
              return;
            }
            const Json& ol = j["open_loop"];
            const Json& cl = j["closed_loop"];
            const int ol_m = ol["matched"], ol_t = ol["total"], cl_m = cl["matched"], cl_t = cl["total"];
            r.passed =
                ol_m == ol_t && cl_m >= 0.95 * cl_t && cl["final_counter_model"] == cl["final_counter_recorded"];
            r.measured = "open " + std::to_string(ol_m) + "/" + std::to_string(ol_t) + ", closed " +
                         std::to_string(cl_m) + "/" + std::to_string(cl_t) + ", final " +
                         cl["final_counter_model"].dump() + " vs " + cl["final_counter_recorded"].dump() +
                         ", replay RMSE " + fmt("%.4f", j.value("replay_imem_rmse_nA", NAN)) + " nA";
          });
  if (run_plot_script("plot_replay.py", dir))
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".png") v.add_figure(tag + "/" + e.path().filename().string());
  v.add_waveform(tag + "/replay.vcd", "waves/replay.gtkw");
}

const VerifySectionRegistrar reg(30, [](Verifier& v) {
  for (std::size_t i = 0; i < v.opt().recordings.size(); ++i) replay_recording(v, i);
});

}  // namespace
}  // namespace ebn::verify
