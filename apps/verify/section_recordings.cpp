// Sign-off rows "3 vs recording": replay of each given transistor-level recording with parameters
// calibrated on it.
#include <cmath>
#include <filesystem>

#include "verify/verifier.h"

namespace ebn::verify {
namespace {

// The row claims agreement of decisions AND of the analog model: it passes only when all hold.
constexpr const char* kReplayCriterion =
    "open loop all decisions; closed loop >= 95 % decisions and final counter as recorded; replay I_mem RMSE <= 10 % "
    "of the comparator window (I_U - I_L); fitted parameters physical: 1 ms <= tau_mem <= 1 s, 0 <= tau_syn <= "
    "tau_mem, DAC gain per LSB > 0 for both signs, 0 < I_L < I_U <= 1 uA, |latencies| < pulse width";

// Why the fitted parameters are unphysical ("" = within bounds).
std::string parameter_problem(const Json& p) {
  const Json& m = p["model"];
  const Json& w = p["window"];
  const Json& t = p["timing"];
  const auto num = [](const Json& x, const char* key) {
    return x.is_object() && x.contains(key) && x[key].is_number() ? x[key].get<double>() : NAN;
  };
  const double tau_mem = num(m, "tau_mem_s"), tau_syn = num(m, "tau_syn_s");
  const double gain_pos = num(m, "dac_gain_pos_A_per_lsb"), gain_neg = num(m, "dac_gain_neg_A_per_lsb");
  const double lower = num(w, "i_lower_A"), upper = num(w, "i_upper_A"), width = num(t, "pulse_width_s");
  const double latch = num(t, "latch_latency_s"), update = num(t, "update_latency_s");
  if (!(tau_mem >= 1e-3 && tau_mem <= 1.0)) return "tau_mem " + fmt("%.4g", tau_mem) + " s";
  if (!(tau_syn >= 0 && tau_syn <= tau_mem)) return "tau_syn " + fmt("%.4g", tau_syn) + " s";
  if (!(gain_pos > 0)) return "DAC gain (positive codes) " + fmt("%.4g", gain_pos * 1e9) + " nA/LSB";
  if (!(gain_neg > 0)) return "DAC gain (negative codes) " + fmt("%.4g", gain_neg * 1e9) + " nA/LSB";
  if (!(lower > 0 && lower < upper && upper <= 1e-6))
    return "window " + fmt("%.4g", lower * 1e9) + " / " + fmt("%.4g", upper * 1e9) + " nA";
  if (!(std::fabs(latch) < width && std::fabs(update) < width)) return "latencies exceed the pulse width";
  return "";
}

void judge_replay(const Json& j, CheckResult& r) {
  const Json& ol = j["open_loop"];
  const Json& cl = j["closed_loop"];
  const int ol_m = ol["matched"], ol_t = ol["total"], cl_m = cl["matched"], cl_t = cl["total"];
  const double rmse_nA = j.value("replay_imem_rmse_nA", NAN);
  const Json& window = j["params"]["window"];
  const double width_nA = (window.value("i_upper_A", NAN) - window.value("i_lower_A", NAN)) * 1e9;
  const std::string params = parameter_problem(j["params"]);
  const bool decisions =
      ol_t > 0 && ol_m == ol_t && cl_m >= 0.95 * cl_t && cl["final_counter_model"] == cl["final_counter_recorded"];
  const bool analog = rmse_nA <= 0.1 * width_nA;  // NaN fails
  r.passed = decisions && analog && params.empty();
  r.measured = "open " + std::to_string(ol_m) + "/" + std::to_string(ol_t) + ", closed " + std::to_string(cl_m) + "/" +
               std::to_string(cl_t) + ", final " + cl["final_counter_model"].dump() + " vs " +
               cl["final_counter_recorded"].dump() + ", replay RMSE " + fmt("%.4f", rmse_nA) + " nA (window " +
               fmt("%.3f", width_nA) + " nA)" + (params.empty() ? ", parameters physical" : ", UNPHYSICAL " + params);
  if (j.contains("warnings") && j["warnings"].is_array())
    for (const auto& w : j["warnings"])
      if (w.is_string()) r.warnings.push_back(w.get<std::string>());
}

void replay_recording(Verifier& v, std::size_t i) {
  const std::string& recording = v.opt().recordings[i];
  const std::string tag = "replay_" + std::to_string(i);
  const std::string dir = v.dir(tag);
  // The trace is a single file beside the replay folder (the folder appears only when complete).
  std::vector<std::string> args = {"replay", "--recording", recording, "--json", "--out", dir, "--trace",
                                   v.dir(tag + ".vcd")};
  if (v.opt().inject_bug == "dac-sign") args.insert(args.end(), {"--inject-bug", "dac-sign"});
  v.check("3 vs recording", "replay " + recording, tag, args, kReplayCriterion, [&, dir](int rc, CheckResult& r) {
    const Json j = read_json_or_null(dir + "/report.json");
    if (rc != 0 || j.is_null()) {
      r.measured = "exit " + std::to_string(rc) + (j.is_null() ? ", no report.json" : "");
      return;
    }
    judge_replay(j, r);
  });
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec) && run_plot_script("plot_replay.py", dir))
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (e.path().extension() == ".png") v.add_figure(tag + "/" + e.path().filename().string());
  v.add_waveform(tag + ".vcd", "waves/replay.gtkw");
}

const VerifySectionRegistrar reg(30, [](Verifier& v) {
  for (std::size_t i = 0; i < v.opt().recordings.size(); ++i) replay_recording(v, i);
});

}  // namespace
}  // namespace ebn::verify
