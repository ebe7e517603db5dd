// `ebn verify`: the sign-off run before tape-out. Every cross-check of the fidelity ladder, the
// replay of each given recording, RTL lint and the learning acceptance on the chip, in one
// command. Each check runs as its own `ebn` (or verilator) process, so a crash or a SystemC
// elaboration in one cannot disturb the others; its full output is kept in DIR/logs/. The report
// (DIR/report.md) lists every check with its measured value and criterion, embeds the plots and
// links the waveforms. Exit code 1 if any check fails.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "command_registry.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/progress.h"

namespace fs = std::filesystem;

namespace {

using ebn::Json;

struct VerifyOptions {
  std::vector<std::string> recordings;
  std::string out = "runs/verify";
  bool quick = false;
  std::string inject_bug;  // hidden: break one level to show the sign-off fails
  bool quiet = false;
};

struct CheckResult {
  std::string level;
  std::string name;
  bool passed = false;
  std::string measured;
  std::string criterion;
  std::string log;  // relative path of the log
  double wall_s = 0.0;
};

std::string self_exe() { return fs::read_symlink("/proc/self/exe").string(); }

// Runs argv with stdout+stderr to `log`; returns the exit code (-1 if it could not start).
int run_logged(const std::vector<std::string>& argv, const std::string& log) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    std::FILE* f = std::freopen(log.c_str(), "w", stdout);
    if (!f) ::_exit(127);
    ::dup2(::fileno(stdout), ::fileno(stderr));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::perror(args[0]);
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fmt(const char* f, double x) {
  char b[64];
  std::snprintf(b, sizeof b, f, x);
  return b;
}

class Verifier {
 public:
  explicit Verifier(const VerifyOptions& o) : o_(o), ebn_(self_exe()) {
    std::error_code ec;
    fs::create_directories(o_.out + "/logs", ec);
    if (ec) throw ebn::InputError(o_.out + ": cannot create the report folder (" + ec.message() + ")");
  }

  // Run `ebn args...` (log in logs/<tag>.log), then judge with `judge` (sets measured/passed).
  void check(const std::string& level, const std::string& name, const std::string& tag,
             std::vector<std::string> args, const std::string& criterion,
             const std::function<void(int rc, CheckResult&)>& judge, bool use_ebn = true) {
    CheckResult r{level, name, false, "", criterion, "logs/" + tag + ".log", 0.0};
    if (use_ebn) args.insert(args.begin(), ebn_);
    ebn::progress("verify: " + level + ": " + name + " ...");
    const auto start = std::chrono::steady_clock::now();
    const int rc = run_logged(args, o_.out + "/" + r.log);
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    judge(rc, r);
    ebn::progress(std::string("verify: ") + (r.passed ? "PASS " : "FAIL ") + name + ": " + r.measured);
    results_.push_back(r);
  }

  std::string dir(const std::string& sub) const { return o_.out + "/" + sub; }
  const VerifyOptions& opt() const { return o_; }
  const std::vector<CheckResult>& results() const { return results_; }

 private:
  VerifyOptions o_;
  std::string ebn_;
  std::vector<CheckResult> results_;
};

// Weights CSV of two runs: identical text means bit-identical counters / weights.
bool same_file(const std::string& a, const std::string& b) {
  const std::string x = read_text(a);
  return !x.empty() && x == read_text(b);
}

void write_report(const Verifier& v, const std::vector<std::string>& figures,
                  const std::vector<std::pair<std::string, std::string>>& waves) {
  int failed = 0;
  for (const auto& r : v.results()) failed += !r.passed;
  std::ostringstream md;
  md << "# Sign-off report\n\n";
  md << "**" << (failed == 0 ? "PASS" : "FAIL") << "**: " << v.results().size() - failed << " of " << v.results().size()
     << " checks passed" << (v.opt().quick ? " (quick mode: shortened runs)" : "") << ".\n\n";
  md << "| level | check | result | measured | criterion | log | wall (s) |\n|---|---|---|---|---|---|---|\n";
  for (const auto& r : v.results())
    md << "| " << r.level << " | " << r.name << " | " << (r.passed ? "PASS" : "**FAIL**") << " | " << r.measured << " | "
       << r.criterion << " | [log](" << r.log << ") | " << fmt("%.1f", r.wall_s) << " |\n";
  md << "\n## Plots\n\n";
  for (const auto& f : figures) md << "![" << f << "](" << f << ")\n\n";
  md << "## Waveforms\n\n";
  for (const auto& [file, view] : waves)
    md << "- [" << file << "](" << file << "): `scripts/gtkwave_open.sh " << file << " " << view << "`\n";
  md << "\n## How to read this report\n\n"
        "Each row is one independent process; its full output is behind the log link. A row fails when the "
        "measured value misses the criterion or the process exits with an error. The ladder rows compare two "
        "independently computed models: float vs quantized counters (bit-identical when nothing saturates), "
        "quantized vs SystemC chip (same learning outcome within the stated bounds: the two integrate "
        "differently by construction), C++ vs RTL controller (bit-identical counters, event by event, and in "
        "the full chip). Replay rows hold the SystemC circuit model against a transistor-level recording, with "
        "parameters calibrated on that recording. The learning row is the tape-out question itself: does the "
        "mismatched chip, with the RTL controller in the loop, learn the balanced network?\n";
  std::ofstream(v.dir("report.md")) << md.str();
}

void run_verify(const VerifyOptions& o) {
  ebn::set_quiet(o.quiet);
  for (const auto& rec : o.recordings)
    if (!fs::exists(rec)) throw ebn::InputError("--recording: " + rec + ": no such folder or manifest");
  Verifier v(o);
  const std::string passes = o.quick ? "11" : "21";  // cheap: about 10 ms of CPU per pass
  const std::string bug = o.inject_bug;
  std::vector<std::string> figures;
  std::vector<std::pair<std::string, std::string>> waves;  // (file, GTKWave view)

  // 1 vs 2: float discrete rule vs B-bit counters with ample bits: bit-identical.
  {
    const Json cfg = {{"learning", {{"quantized", true}, {"weight_bits", 16}}}};
    std::ofstream(v.dir("quantized16.json")) << cfg.dump(2);
    v.check("1 vs 2", "level 1 float run", "ladder_1_reference",
            {"learn", "--backend", "reference", "--passes", passes, "--quiet", "--out", v.dir("ladder/reference")},
            "runs", [](int rc, CheckResult& r) { r.passed = rc == 0; r.measured = "exit " + std::to_string(rc); });
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
  {
    const Json cfg = {{"learning", {{"diagonal", "off"}, {"quantized", true}}}};
    std::ofstream(v.dir("ladder23.json")) << cfg.dump(2);
    v.check("2 vs 3", "quantized model", "ladder_2_quantized",
            {"learn", "--config", v.dir("ladder23.json"), "--passes", passes, "--quiet", "--out", v.dir("ladder/level2")},
            "runs", [](int rc, CheckResult& r) { r.passed = rc == 0; r.measured = "exit " + std::to_string(rc); });
    v.check("2 vs 3", "SystemC chip, ideal mapping, no mismatch", "ladder_3_chip",
            {"learn", "--config", v.dir("ladder23.json"), "--backend", "chip", "--passes", passes, "--quiet", "--out",
             v.dir("ladder/level3")},
            "difference of the distances <= 0.05 and both <= 0.2", [&](int rc, CheckResult& r) {
              const Json a = ebn::read_json_or_null(v.dir("ladder/level2/summary.json")), b = ebn::read_json_or_null(v.dir("ladder/level3/summary.json"));
              if (rc != 0 || a.is_null() || b.is_null()) {
                r.measured = "exit " + std::to_string(rc);
                return;
              }
              const double da = a["final"]["distance_to_optimal"], db = b["final"]["distance_to_optimal"];
              r.passed = std::fabs(da - db) <= 0.05 && da <= 0.2 && db <= 0.2;
              r.measured = "distance " + fmt("%.4f", da) + " (level 2) vs " + fmt("%.4f", db) + " (level 3)";
            });
  }
  // 3 vs 4: C++ vs RTL controller on a random event stream, then in the full chip.
  {
    std::vector<std::string> args = {"crosscheck", "--events", o.quick ? "100000" : "1000000", "--seed", "7", "--quiet"};
    if (bug == "rtl-swap-kn") args.insert(args.end(), {"--inject-bug", "swap-kn"});
    v.check("3 vs 4", "C++ vs RTL controller, random events", "crosscheck", args, "matched every event",
            [&](int rc, CheckResult& r) {
              const std::string log = read_text(v.dir(r.log));
              const auto pos = log.find("matched ");
              r.passed = rc == 0 && pos != std::string::npos;
              r.measured = pos != std::string::npos ? log.substr(pos, log.find('\n', pos) - pos)
                                                    : "mismatch (exit " + std::to_string(rc) + ")";
            });
    for (const char* ctrl : {"cpp", "rtl"})
      v.check("3 vs 4", std::string("chip learning pass, ") + ctrl + " controller", std::string("chip_") + ctrl,
              {"learn", "--backend", "chip", "--controller", ctrl, "--mismatch", "0.2", "--passes", "2", "--quiet",
               "--out", v.dir(std::string("ladder/chip_") + ctrl)},
              ctrl == std::string("cpp") ? "runs" : "counters identical to the C++ controller run",
              [&, ctrl](int rc, CheckResult& r) {
                if (ctrl == std::string("cpp")) {
                  r.passed = rc == 0;
                  r.measured = "exit " + std::to_string(rc);
                  return;
                }
                const bool same = same_file(v.dir("ladder/chip_cpp/weights_learned.csv"), v.dir("ladder/chip_rtl/weights_learned.csv"));
                r.passed = rc == 0 && same;
                r.measured = same ? "bit-identical learned counters" : "counters differ (exit " + std::to_string(rc) + ")";
              });
  }
  // RTL lint.
  {
    const std::string rtl = std::string(EBN_SOURCE_DIR) + "/rtl";
    v.check("4", "verilator --lint-only -Wall", "lint",
            {"/usr/bin/verilator", "--lint-only", "-Wall", rtl + "/lint_waivers.vlt", rtl + "/ebn_pkg.sv",
             rtl + "/ebn_learning_ctrl.sv"},
            "no warnings", [&](int rc, CheckResult& r) {
              const bool quiet_log = read_text(v.dir(r.log)).find("%Warning") == std::string::npos;
              r.passed = rc == 0 && quiet_log;
              r.measured = r.passed ? "clean" : "warnings or errors (exit " + std::to_string(rc) + ")";
            },
            false);
  }
  // Recordings.
  for (std::size_t i = 0; i < o.recordings.size(); ++i) {
    const std::string tag = "replay_" + std::to_string(i);
    const std::string dir = v.dir(tag);
    std::vector<std::string> args = {"replay", "--recording", o.recordings[i], "--json", "--out", dir, "--trace",
                                     dir + "/replay.vcd"};
    if (bug == "dac-sign") args.insert(args.end(), {"--inject-bug", "dac-sign"});
    v.check("3 vs recording", "replay " + o.recordings[i], tag, args,
            "open loop all decisions; closed loop >= 95 % decisions and final counter as recorded",
            [&, dir](int rc, CheckResult& r) {
              const Json j = ebn::read_json_or_null(dir + "/report.json");
              if (rc != 0 || j.is_null()) {
                r.measured = "exit " + std::to_string(rc);
                return;
              }
              const Json& ol = j["open_loop"];
              const Json& cl = j["closed_loop"];
              const int ol_m = ol["matched"], ol_t = ol["total"], cl_m = cl["matched"], cl_t = cl["total"];
              const bool ok = ol_m == ol_t && cl_m >= 0.95 * cl_t && cl["final_counter_model"] == cl["final_counter_recorded"];
              r.passed = ok;
              r.measured = "open " + std::to_string(ol_m) + "/" + std::to_string(ol_t) + ", closed " + std::to_string(cl_m) +
                           "/" + std::to_string(cl_t) + ", final " + cl["final_counter_model"].dump() + " vs " +
                           cl["final_counter_recorded"].dump() + ", replay RMSE " +
                           fmt("%.4f", j.value("replay_imem_rmse_nA", NAN)) + " nA";
            });
    if (std::system(("/usr/bin/python3 '" + std::string(EBN_SCRIPTS_DIR) + "/plot_replay.py' '" + dir + "' > /dev/null 2>&1").c_str()) == 0)
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".png") figures.push_back(tag + "/" + e.path().filename().string());
    waves.emplace_back(tag + "/replay.vcd", "waves/replay.gtkw");
  }
  // The tape-out question: the mismatched chip with the RTL controller learns.
  {
    std::vector<std::string> args = {"learn", "--backend", "chip", "--controller", "rtl", "--mismatch", "0.2", "--trace",
                                     "--quiet", "--out", v.dir("learning")};
    if (o.quick) args.insert(args.end(), {"--passes", "21"});
    v.check("3 + 4", "on-chip learning, RTL controller, mismatch 0.2", "learning", args,
            "final distance to the chip's optimum <= 0.2; learned rate <= initial / 3; E learned < E initial",
            [&](int rc, CheckResult& r) {
              const Json j = ebn::read_json_or_null(v.dir("learning/summary.json"));
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
    if (std::system(("/usr/bin/python3 '" + std::string(EBN_SCRIPTS_DIR) + "/plot_learning.py' '" + v.dir("learning") +
                     "' > /dev/null 2>&1").c_str()) == 0)
      for (const char* f : {"figure1.png", "learning_curve.png"})
        if (fs::exists(v.dir(std::string("learning/") + f))) figures.push_back(std::string("learning/") + f);
    waves.emplace_back("learning/last_pass.vcd", "waves/chip.gtkw");
  }

  write_report(v, figures, waves);
  int failed = 0;
  for (const auto& r : v.results()) failed += !r.passed;
  std::printf("%-16s %-50s %s\n", "level", "check", "result");
  for (const auto& r : v.results())
    std::printf("%-16s %-50s %s  %s\n", r.level.c_str(), r.name.substr(0, 50).c_str(), r.passed ? "PASS" : "FAIL",
                r.measured.c_str());
  std::printf("%s: %zu of %zu checks passed; report %s/report.md\n", failed ? "SIGN-OFF FAILED" : "SIGN-OFF PASSED",
              v.results().size() - failed, v.results().size(), o.out.c_str());
  ebn::app::set_exit_code(failed ? ebn::kExitCheckFailed : ebn::kExitOk);
}

const ebn::app::CommandRegistrar reg(50, [](CLI::App& root) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App* cmd = root.add_subcommand("verify", "Sign-off: every ladder cross-check, recordings, lint, learning; writes a report");
  cmd->add_option("--recording", o->recordings, "Recording folder(s) to replay (repeat the option)");
  cmd->add_option("--out", o->out, "Report folder")->capture_default_str();
  cmd->add_flag("--quick", o->quick, "Shorter runs (for CI smoke tests)");
  cmd->add_option("--inject-bug", o->inject_bug)->group("");  // hidden: rtl-swap-kn | dac-sign
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->callback([o] { run_verify(*o); });
});

}  // namespace
