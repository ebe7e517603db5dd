#pragma once
// `ebn verify` infrastructure: options, one CheckResult per report row, the Verifier that runs
// each check as its own logged process, and the registry of report sections. Each group of rows
// (ladder, RTL, recordings, learning, ...) lives in its own apps/verify/section_*.cpp and
// registers itself with a VerifySectionRegistrar, so adding a sign-off check never touches the
// others.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ebn/config_reader.h"
#include "ebn/output_dir.h"

namespace ebn::verify {

struct VerifyOptions {
  std::vector<std::string> recordings;
  std::string out = "runs/verify";
  bool quick = false;
  std::string inject_bug;  // hidden: break one level to show the sign-off fails
  bool quiet = false;
  bool strict = false;  // ignore waivers: every failing row fails the sign-off
};

struct CheckResult {
  std::string level;
  std::string name;
  bool passed = false;
  std::string measured;
  std::string criterion;
  std::string log;  // relative path of the log
  double wall_s = 0.0;
  // The check could not run (program missing, crash, full disk, a child's input/output error):
  // reported as ERROR, not as a failed comparison; `ebn verify` then exits kExitInfrastructure.
  bool infrastructure = false;
  std::vector<std::string> warnings{};  // merely unusual inputs (shown in the report)
  // Set when the row fails and a waiver names it (verdict.h): why, and where it is documented.
  std::string waiver{};
};

class Verifier {
 public:
  explicit Verifier(const VerifyOptions& o);

  // Run `ebn args...` (or argv as given with use_ebn = false), log in logs/<tag>.log, then judge
  // with `judge`, which sets measured/passed from the exit code and the files the run wrote.
  void check(const std::string& level, const std::string& name, const std::string& tag, std::vector<std::string> args,
             const std::string& criterion, const std::function<void(int rc, CheckResult&)>& judge, bool use_ebn = true);

  // A known, documented gap: if row `name` fails, it is reported WAIVED with `reason` instead of
  // failing the sign-off (unless --strict). Call before check(); a passing row stays PASS.
  void waive(const std::string& name, const std::string& reason) { waivers_.emplace_back(name, reason); }

  // Path inside the report folder being built (a temporary folder beside --out until commit()).
  std::string dir(const std::string& sub) const { return out_->staged_path(sub); }
  // Moves the finished report folder into place (replacing an earlier report as a whole).
  void commit() { out_->commit(); }
  const VerifyOptions& opt() const { return o_; }
  const std::vector<CheckResult>& results() const { return results_; }

  // Report extras: plots (paths relative to the report) and waveforms with their GTKWave view.
  void add_figure(const std::string& relative_path) { figures_.push_back(relative_path); }
  void add_waveform(const std::string& relative_path, const std::string& view) { waves_.emplace_back(relative_path, view); }
  const std::vector<std::string>& figures() const { return figures_; }
  const std::vector<std::pair<std::string, std::string>>& waveforms() const { return waves_; }

 private:
  VerifyOptions o_;
  std::unique_ptr<OutputDir> out_;
  std::string ebn_;
  std::vector<CheckResult> results_;
  std::vector<std::string> figures_;
  std::vector<std::pair<std::string, std::string>> waves_;
  std::vector<std::pair<std::string, std::string>> waivers_;  // row name, reason
};

// A group of report rows; sections run in ascending `order`.
using VerifySection = std::function<void(Verifier&)>;
struct VerifySectionRegistrar {
  VerifySectionRegistrar(int order, VerifySection section);
};
void run_all_sections(Verifier& v);

// Helpers shared by the sections.
std::string read_text(const std::string& path);
std::string fmt(const char* format, double x);
// Identical, non-empty text: bit-identical weights/counters of two runs.
bool same_file(const std::string& a, const std::string& b);
// Run a plotting script with /usr/bin/python3 (Debian's matplotlib); true on success.
bool run_plot_script(const std::string& script, const std::string& folder);
// Judge for rows whose only criterion is that the process ran.
void judge_ran(int rc, CheckResult& r);
// Why a process with exit status `rc` (as returned to judges) could not do its check, or "" if
// it ran: -1 killed by a signal, 127 not started, and for `ebn` children any code >= 2.
std::string infrastructure_failure(int rc, bool ebn_child);

void write_report(const Verifier& v);

}  // namespace ebn::verify
