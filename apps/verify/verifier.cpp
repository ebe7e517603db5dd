#include "verify/verifier.h"
#include "verify/verdict.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/progress.h"

namespace fs = std::filesystem;

namespace ebn::verify {
namespace {

std::string self_exe() { return fs::read_symlink("/proc/self/exe").string(); }

// Runs argv with stdout+stderr to `log`; returns the exit code (-1 if killed by a signal, 127 if
// it could not start).
int run_logged(const std::vector<std::string>& argv, const std::string& log) {
  return ebn::run_logged({argv, log, "", "", 0}).exit_code;
}

std::vector<std::pair<int, VerifySection>>& sections() {
  static std::vector<std::pair<int, VerifySection>> all;
  return all;
}

}  // namespace

Verifier::Verifier(const VerifyOptions& o) : o_(o), out_(std::make_unique<OutputDir>(o.out)), ebn_(self_exe()) {
  std::error_code ec;
  fs::create_directories(dir("logs"), ec);
  if (ec) throw InputError(o_.out + ": cannot create the report folder (" + ec.message() + ")");
}

std::string infrastructure_failure(int rc, bool ebn_child) {
  if (rc == -1) return "could not run: killed by a signal (crash?)";
  if (rc == 127) return "could not run: program missing or not executable";
  if (ebn_child && rc >= 2) return "could not run: exit " + std::to_string(rc) + " (input/output error, see log)";
  return "";
}

void Verifier::check(const std::string& level, const std::string& name, const std::string& tag,
                     std::vector<std::string> args, const std::string& criterion,
                     const std::function<void(int rc, CheckResult&)>& judge, bool use_ebn) {
  CheckResult r{level, name, false, "", criterion, "logs/" + tag + ".log", 0.0};
  if (use_ebn) args.insert(args.begin(), ebn_);
  progress("verify: " + level + ": " + name + " ...");
  const auto start = std::chrono::steady_clock::now();
  const int rc = run_logged(args, dir(r.log));
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  judge(rc, r);
  const std::string infra = infrastructure_failure(rc, use_ebn);
  if (!infra.empty()) {
    r.passed = false;
    r.infrastructure = true;
    r.measured = infra;
  }
  if (!r.passed && !r.infrastructure && !o_.strict)
    for (const auto& [row, reason] : waivers_)
      if (row == name) r.waiver = reason;
  progress(std::string("verify: ") + status_text(row_status(r)) + " " + name + ": " + r.measured);
  results_.push_back(r);
}

VerifySectionRegistrar::VerifySectionRegistrar(int order, VerifySection section) {
  sections().emplace_back(order, std::move(section));
}

void run_all_sections(Verifier& v) {
  auto& all = sections();
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& s : all) s.second(v);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fmt(const char* format, double x) {
  char b[64];
  std::snprintf(b, sizeof b, format, x);
  return b;
}

bool same_file(const std::string& a, const std::string& b) {
  const std::string x = read_text(a);
  return !x.empty() && x == read_text(b);
}

bool run_plot_script(const std::string& script, const std::string& folder) {
  const std::string cmd = "/usr/bin/python3 '" + std::string(EBN_SCRIPTS_DIR) + "/" + script + "' '" + folder +
                          "' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

void judge_ran(int rc, CheckResult& r) {
  r.passed = rc == 0;
  r.measured = "exit " + std::to_string(rc);
}

// A link only to a file that was written; otherwise say so.
std::string link(const Verifier& v, const std::string& text, const std::string& relative) {
  std::error_code ec;
  if (fs::is_regular_file(v.dir(relative), ec)) return "[" + text + "](" + relative + ")";
  return text + " (not written)";
}

void write_report(const Verifier& v) {
  const Tally t = tally(v.results());
  std::ostringstream md;
  md << "# Sign-off report\n\n";
  md << "**" << (t.errors ? "ERROR" : t.failed == 0 ? "PASS" : "FAIL") << "**: " << tally_text(t);
  md << (v.opt().quick ? " (quick mode: shortened runs)" : "") << (v.opt().strict ? " (--strict: no waivers)" : "")
     << ".\n\n";
  md << "| level | check | result | measured | criterion | log | wall (s) |\n|---|---|---|---|---|---|---|\n";
  for (const auto& r : v.results()) {
    const RowStatus s = row_status(r);
    md << "| " << r.level << " | " << r.name << " | " << (s == RowStatus::Pass ? "" : "**") << status_text(s)
       << (s == RowStatus::Pass ? "" : "**") << " | " << r.measured << " | " << r.criterion << " | "
       << link(v, "log", r.log) << " | " << fmt("%.1f", r.wall_s) << " |\n";
  }
  if (t.waived) {
    md << "\n## Waived (failing rows of known, documented gaps; `ebn verify --strict` fails on them)\n\n";
    for (const auto& r : v.results())
      if (row_status(r) == RowStatus::Waived) md << "- " << r.name << ": " << r.waiver << "\n";
  }
  bool any_warning = false;
  for (const auto& r : v.results()) any_warning = any_warning || !r.warnings.empty();
  if (any_warning) {
    md << "\n## Warnings (unusual, not failing)\n\n";
    for (const auto& r : v.results())
      for (const auto& w : r.warnings) md << "- " << r.name << ": " << w << "\n";
  }
  md << "\n## Plots\n\n";
  for (const auto& f : v.figures())
    if (fs::is_regular_file(v.dir(f))) md << "![" << f << "](" << f << ")\n\n";
  md << "## Waveforms\n\n";
  for (const auto& [file, view] : v.waveforms())
    md << "- " << link(v, file, file) << ": `scripts/gtkwave_open.sh " << file << " " << view << "`\n";
  md << "\n## How to read this report\n\n"
        "Each row is one independent process; its full output is behind the log link. A row fails when the "
        "measured value misses the criterion; a row marked ERROR could not run at all (program missing, crash, "
        "full disk: see its log) and says nothing about the design. The ladder rows compare two "
        "independently computed models: float vs quantized counters (bit-identical when nothing saturates), "
        "quantized vs SystemC chip (same learning outcome within the stated bounds: the two integrate "
        "differently by construction), C++ vs RTL controller (bit-identical counters, event by event, and in "
        "the full chip). Replay rows hold the SystemC circuit model against a transistor-level recording, with "
        "parameters calibrated on that recording. The learning row is the tape-out question itself: does the "
        "mismatched chip, with the RTL controller in the loop, learn the balanced network?\n";
  write_file_atomically(v.dir("report.md"), md.str());
}

}  // namespace ebn::verify
