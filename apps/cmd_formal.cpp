// `ebn formal`: proves the learning controller's properties (rtl/formal/ebn_learning_ctrl_props.sv)
// with yosys + yosys-smtbmc + z3 (issue 9). Per property group and update style: yosys elaborates
// the harness on a small instance (NMax x NMax counters of BMax bits, N and B anyconst) into SMT2,
// a bounded model check from reset looks for a counterexample (depth D), then k-induction proves
// the property for every reachable state. Recipe and pitfalls: docs/rtl.md, section Formal.
//   exit 0: every selected property proven; 1: a counterexample or an unproven property;
//   2: bad input (unknown style/property/mutant, missing yosys/yosys-smtbmc/z3, bad --rtl).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "command_registry.h"
#include "ebn/child_process.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/progress.h"

namespace fs = std::filesystem;

namespace {

// One group of assertions of the harness; `id` is its `Prop` parameter.
struct PropertyGroup {
  const char* name;
  int id;
  const char* claim;
};
const std::vector<PropertyGroup> kGroups = {
    {"range", 1, "every counter within [-2^(B-1), 2^(B-1)-1]"},
    {"diagonal", 2, "W[k][k] changes only by a register write"},
    {"outside", 3, "counters outside N x N change only by a register write"},
    {"event_step", 4, "an accepted event steps each W[n][k] by step(decision n), nothing else"},
    {"write_priority", 5, "a write wins, stalls events and lands clamped"},
    {"reset", 6, "reset clears every counter and the walk"},
    {"walk_timing", 7, "ready/busy: 1 cycle (parallel), 1 + N cycles (serial)"},
    {"no_lost_event", 8, "an accepted event is applied to its whole column"},
    {"read_port", 9, "rd_data_o = W[rd_post][rd_pre]"},
};
// Every group in one SMT2 file, BMC only (--property combined): one solver run that names all
// groups a mutant breaks at its first failing step (the mutation kill matrix).
const PropertyGroup kCombined = {"combined", 0, "every group at once, bounded"};

// The controller's ebn_pkg::Bug* codes reachable by -chparam BugMode.
int bug_code(const std::string& m) {
  if (m == "none") return 0;
  if (m == "saturation") return 1;
  if (m == "swap-kn") return 2;
  if (m == "diagonal") return 3;
  throw ebn::InputError("--bug-mode: unknown mutant '" + m + "' (none | saturation | swap-kn | diagonal)");
}

struct Args {
  std::string style = "both";
  std::string property = "all";
  std::string bug_mode = "none";
  std::string out = "runs/formal";
  std::string rtl_dir;  // default: the source tree's rtl/
  int nmax = 4;
  int bmax = 4;
  int depth = 8;        // BMC depth from reset when induction fails (counterexample search)
  int induction_k = 2;  // steps of k-induction
  int timeout_s = 900;  // per solver run
  bool json = false;
  bool quiet = false;
};

// The Debian tools, or the program an environment variable names (to test a missing tool
// without uninstalling it).
std::string find_tool(const char* env, const std::string& name) {
  if (const char* v = std::getenv(env); v && *v) {
    if (::access(v, X_OK) != 0)
      throw ebn::InputError(std::string("formal: ") + env + "=" + v + " is not an executable " + name);
    return v;
  }
  if (std::string found = ebn::find_on_path(name); !found.empty()) return found;
  throw ebn::InputError("formal: " + name + " not found in PATH (Debian package " +
                        (name == "z3" ? std::string("z3") : std::string("yosys")) + "; or set " + env + ")");
}

struct Tools {
  std::string yosys, smtbmc, z3;
};

// Runs argv with stdout+stderr into `log` (its own process group: smtbmc starts z3), killed after
// `timeout_s`. Returns the exit code, ebn::kRunTimedOut (-2) on timeout (ebn/child_process.h).
int run_logged(const std::vector<std::string>& argv, const std::string& log, int timeout_s, const std::string& path_env,
               const std::string& cwd) {
  return ebn::run_logged({argv, log, cwd, path_env, timeout_s}).exit_code;
}

std::string read_text(const std::string& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The row of a style's yosys elaboration in the results (not a property).
constexpr const char* kElaborate = "(elaborate)";

struct RunResult {
  std::string property, style, method, depth, result, detail;
  bool passed = false;
  double seconds = 0.0;
};

class FormalRunner {
 public:
  FormalRunner(const Args& a, Tools t, ebn::OutputDir& out, std::string rtl, std::string props)
      : a_(a), t_(std::move(t)), out_(out), rtl_(std::move(rtl)), props_(std::move(props)) {
    // smtbmc starts the solver by the name "z3": put the chosen z3 first on its PATH.
    const char* p = std::getenv("PATH");
    path_env_ = fs::path(t_.z3).parent_path().string() + ":" + (p ? p : "");
    props_lines_ = split_lines(read_text(props_));
    cwd_ = fs::path(out_.staged_path("x")).parent_path().string();
  }

  // One yosys run per style: elaborate the harness once, then one SMT2 file per group (the
  // script sets the harness's fv_prop wire). Every file is named relative to the output folder,
  // so the folder can be re-run by hand (`yosys <style>.ys`, then the smtbmc lines of the logs).
  RunResult elaborate(const std::string& style, const std::vector<PropertyGroup>& groups) {
    RunResult r{kElaborate, style, "yosys", "", "", "", false, 0.0};
    const auto start = std::chrono::steady_clock::now();
    out_.write_text(style + ".ys", yosys_script(style == "serial" ? 1 : 0, style, groups));
    const int yrc = run_logged({t_.yosys, "-q", "-l", style + ".yosys.log", style + ".ys"},
                               out_.staged_path(style + ".yosys.out"), a_.timeout_s, "", cwd_);
    r.passed = yrc == 0;
    r.result = r.passed ? "OK" : "ERROR";
    if (!r.passed) r.detail = "yosys failed (exit " + std::to_string(yrc) + "), see " + style + ".yosys.log";
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  }

  RunResult run(const PropertyGroup& g, const std::string& style) {
    RunResult r{g.name, style, "", "", "", "", false, 0.0};
    const auto start = std::chrono::steady_clock::now();
    const std::string tag = style + "_" + g.name;
    const std::string smt2 = tag + ".smt2";
    auto finish = [&](RunResult& res) {
      res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return res;
    };
    std::string detail;
    if (g.id == 0) {
      const int rc = bmc(tag, a_.depth, detail);
      r.method = "BMC";
      r.depth = "depth " + std::to_string(a_.depth);
      r.result = rc == 0 ? "BOUNDED" : rc == ebn::kRunTimedOut ? "TIMEOUT" : "FAIL";
      r.passed = rc == 0;
      r.detail = rc == 0 ? "no counterexample up to depth " + std::to_string(a_.depth) + " (not a proof)" : detail;
      return finish(r);
    }
    // Base case of the induction: BMC from reset over k steps.
    const int k = a_.induction_k;
    const int brc = bmc(tag, k, detail);
    if (brc != 0) {
      r.method = "BMC";
      r.depth = "depth " + std::to_string(k);
      r.result = brc == ebn::kRunTimedOut ? "TIMEOUT" : "FAIL";
      r.detail = detail;
      return finish(r);
    }
    // Unbounded: k-induction.
    const std::string ind_log = out_.staged_path(tag + ".induction.log");
    const int irc = smtbmc({"-i", "-t", std::to_string(k), smt2}, ind_log);
    if (irc == 0 && read_text(ind_log).find("Status: PASSED") != std::string::npos) {
      r.method = "k-induction";
      r.depth = "k " + std::to_string(k);
      r.result = "PROVEN";
      r.passed = true;
      return finish(r);
    }
    // Not inductive at k: a deeper BMC tells a real bug (counterexample) from a weak invariant.
    const int drc = bmc(tag, a_.depth, detail);
    r.method = "BMC";
    r.depth = "depth " + std::to_string(a_.depth);
    r.result = drc == 0 ? "UNPROVEN" : drc == ebn::kRunTimedOut ? "TIMEOUT" : "FAIL";
    r.detail = drc == 0 ? "induction failed at k " + std::to_string(k) + " (see " + tag +
                              ".induction.log); no counterexample up to depth " + std::to_string(a_.depth)
                        : detail;
    return finish(r);
  }

 private:
  static std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::stringstream ss(s);
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    return lines;
  }

  // BMC from reset over `depth` steps: 0 passed, 1 counterexample (described in `detail`, trace in
  // <tag>.cex.vcd), -2 timeout.
  int bmc(const std::string& tag, int depth, std::string& detail) {
    const std::string log = out_.staged_path(tag + ".bmc" + std::to_string(depth) + ".log");
    const int rc = smtbmc({"-t", std::to_string(depth), "--dump-vcd", tag + ".cex.vcd", tag + ".smt2"}, log);
    if (rc == ebn::kRunTimedOut) {
      detail = "BMC depth " + std::to_string(depth) + " timed out";
      return -2;
    }
    const std::string text = read_text(log);
    if (rc == 0 && text.find("Status: PASSED") != std::string::npos) return 0;
    detail = counterexample(text);
    return 1;
  }

  int smtbmc(std::vector<std::string> args, const std::string& log) {
    args.insert(args.begin(), {t_.smtbmc, "-s", "z3", "--unroll", "--noprogress"});
    return run_logged(args, log, a_.timeout_s, path_env_, cwd_);
  }

  // "counterexample at step S, failing: <group> (line L), ..." from the smtbmc log; the first
  // failing assertion's source text follows.
  std::string counterexample(const std::string& log) const {
    static const std::regex step_re(R"(Checking assertions in step (\d+))");
    static const std::regex fail_re(R"(Assert failed in [^:]+: ([^:\s]+):(\d+)\.)");
    std::string step = "?";
    for (auto it = std::sregex_iterator(log.begin(), log.end(), step_re); it != std::sregex_iterator(); ++it)
      step = (*it)[1];
    std::string failing, first_text;
    std::vector<std::string> seen;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), fail_re); it != std::sregex_iterator(); ++it) {
      const int line = std::stoi((*it)[2]);
      const std::string item = group_of_line(line) + " (line " + std::to_string(line) + ")";
      if (std::find(seen.begin(), seen.end(), item) != seen.end()) continue;
      seen.push_back(item);
      failing += (failing.empty() ? "" : ", ") + item;
      if (first_text.empty() && line >= 1 && line <= static_cast<int>(props_lines_.size()))
        first_text = std::regex_replace(props_lines_[line - 1], std::regex(R"(^\s+|\s+$)"), "");
    }
    if (failing.empty()) return "no PASSED status from yosys-smtbmc";
    return "counterexample at step " + step + ", failing: " + failing + "; first: " + first_text;
  }

  // The group an assertion line belongs to: "lemma" for the serial lemmas (they read the fv_*
  // probes), else the group named by the nearest "// <group>:" comment above it.
  std::string group_of_line(int line) const {
    if (line < 1 || line > static_cast<int>(props_lines_.size())) return "?";
    if (props_lines_[line - 1].find("fv_") != std::string::npos) return "lemma";
    static const std::regex comment_re(R"(^\s*// ([a-z_]+)[ :(])");
    for (int l = line - 1; l >= 0; --l) {
      std::smatch m;
      if (!std::regex_search(props_lines_[l], m, comment_re)) continue;
      for (const auto& g : kGroups)
        if (m[1] == g.name) return g.name;
    }
    return "?";
  }

  std::string yosys_script(int style, const std::string& style_name, const std::vector<PropertyGroup>& groups) const {
    std::ostringstream s;
    s << "# ebn formal: UpdateStyle " << style << ", BugMode " << bug_code(a_.bug_mode) << "\n"
      << "read_verilog -defer -formal -sv " << rtl_ << "/ebn_pkg.sv " << rtl_ << "/ebn_learning_ctrl.sv " << props_ << "\n"
      << "hierarchy -top ebn_learning_ctrl_props -chparam NMax " << a_.nmax << " -chparam BMax " << a_.bmax
      << " -chparam UpdateStyle " << style << " -chparam BugMode " << bug_code(a_.bug_mode) << "\nproc\nflatten\n";
    // Serial: tie the harness's probe wires to the walk registers (no hierarchical references in
    // yosys 0.23's front end); the lemma assertions relate them to the spec model.
    if (style == 1)
      for (const char* r : {"busy", "row", "pre", "inc", "dec"})
        s << "connect -set \\gen_lemmas.fv_" << r << " \\dut.genblk1.gen_serial." << r << "_q\n";
    s << "design -save elaborated\n";
    for (const auto& g : groups)
      s << "design -load elaborated\nconnect -set \\fv_prop 4'd" << g.id
        << "\nprep -top ebn_learning_ctrl_props\nasync2sync\ndffunmap\nwrite_smt2 -wires " << style_name << "_" << g.name
        << ".smt2\n";
    return s.str();
  }

  const Args& a_;
  Tools t_;
  ebn::OutputDir& out_;
  std::string rtl_, props_, path_env_, cwd_;
  std::vector<std::string> props_lines_;
};

std::string table(const std::vector<RunResult>& rs, double total_s) {
  std::ostringstream s;
  char line[512];
  std::snprintf(line, sizeof line, "%-15s %-9s %-12s %-22s %-6s %-9s %9s\n", "property", "style", "method", "depth/k",
                "solver", "result", "time (s)");
  s << line;
  for (const auto& r : rs) {
    std::snprintf(line, sizeof line, "%-15s %-9s %-12s %-22s %-6s %-9s %9.1f\n", r.property.c_str(), r.style.c_str(),
                  r.method.c_str(), r.depth.c_str(), "z3", r.result.c_str(), r.seconds);
    s << line;
    if (!r.detail.empty()) s << "    " << r.detail << "\n";
  }
  int proven = 0, properties = 0;
  for (const auto& r : rs)
    if (r.property != kElaborate) {
      ++properties;
      proven += r.passed;
    }
  std::snprintf(line, sizeof line, "%d of %d proven, total %.1f s\n", proven, properties, total_s);
  s << line;
  return s.str();
}

ebn::Json to_json(const Args& a, const std::vector<RunResult>& rs, double total_s) {
  ebn::Json j;
  j["instance"] = {{"NMax", a.nmax}, {"BMax", a.bmax}, {"bug_mode", a.bug_mode}};
  j["solver"] = "z3";
  j["total_s"] = total_s;
  ebn::Json rows = ebn::Json::array(), elaboration = ebn::Json::array();
  bool all = true;
  for (const auto& r : rs) {
    all = all && r.passed;
    if (r.property == kElaborate) {
      elaboration.push_back({{"style", r.style}, {"result", r.result}, {"detail", r.detail}, {"time_s", r.seconds}});
      continue;
    }
    rows.push_back({{"property", r.property},
                    {"style", r.style},
                    {"method", r.method},
                    {"depth", r.depth},
                    {"solver", "z3"},
                    {"result", r.result},
                    {"proven", r.passed},
                    {"detail", r.detail},
                    {"time_s", r.seconds}});
  }
  j["all_proven"] = all;
  j["elaboration"] = elaboration;
  j["runs"] = rows;
  return j;
}

void run_formal(const Args& a) {
  ebn::set_quiet(a.quiet);
  if (a.style != "parallel" && a.style != "serial" && a.style != "both")
    throw ebn::InputError("--style: unknown style '" + a.style + "' (parallel | serial | both)");
  std::vector<PropertyGroup> groups;
  for (const auto& g : kGroups)
    if (a.property == "all" || a.property == g.name) groups.push_back(g);
  if (a.property == kCombined.name) groups.push_back(kCombined);
  if (groups.empty()) {
    std::string names;
    for (const auto& g : kGroups) names += std::string(" ") + g.name;
    throw ebn::InputError("--property: unknown property '" + a.property + "' (all |" + names + " | combined)");
  }
  bug_code(a.bug_mode);
  // Small instances that keep every parameter meaningful: index widths > 1 bit, B >= 2 below BMax.
  if (a.nmax < 2 || a.nmax > 8) throw ebn::InputError("--neurons-max: " + std::to_string(a.nmax) + " not in 2..8");
  if (a.bmax < 3 || a.bmax > 8) throw ebn::InputError("--bits-max: " + std::to_string(a.bmax) + " not in 3..8");
  if (a.depth < 1 || a.depth > 40) throw ebn::InputError("--depth: " + std::to_string(a.depth) + " not in 1..40");
  if (a.induction_k < 1 || a.induction_k > 20)
    throw ebn::InputError("--induction-k: " + std::to_string(a.induction_k) + " not in 1..20");
  if (a.timeout_s < 1) throw ebn::InputError("--timeout: must be >= 1 s");
  const std::string rtl = a.rtl_dir.empty() ? std::string(EBN_SOURCE_DIR) + "/rtl" : a.rtl_dir;
  for (const char* f : {"ebn_pkg.sv", "ebn_learning_ctrl.sv"})
    if (!fs::is_regular_file(rtl + "/" + f)) throw ebn::InputError("--rtl: " + rtl + "/" + f + " not found");
  const std::string props = std::string(EBN_SOURCE_DIR) + "/rtl/formal/ebn_learning_ctrl_props.sv";
  if (!fs::is_regular_file(props)) throw ebn::InputError(props + ": property file not found");
  Tools tools{find_tool("EBN_YOSYS", "yosys"), find_tool("EBN_YOSYS_SMTBMC", "yosys-smtbmc"), find_tool("EBN_Z3", "z3")};
  if (fs::path(tools.z3).filename() != "z3")
    throw ebn::InputError("formal: EBN_Z3=" + tools.z3 + " must name a program called z3 (yosys-smtbmc runs it by name)");

  ebn::OutputDir out(a.out);
  FormalRunner runner(a, tools, out, fs::absolute(rtl).string(), props);
  std::vector<std::string> styles;
  if (a.style != "serial") styles.push_back("parallel");
  if (a.style != "parallel") styles.push_back("serial");
  std::vector<RunResult> results;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& st : styles) {
    ebn::progress("formal: elaborating (" + st + ") ...");
    const RunResult elab = runner.elaborate(st, groups);
    results.push_back(elab);
    for (const auto& g : groups) {
      if (!elab.passed) {
        results.push_back({g.name, st, "yosys", "", "ERROR", "not run: elaboration failed", false, 0.0});
        continue;
      }
      ebn::progress("formal: " + std::string(g.name) + " (" + st + ") ...");
      results.push_back(runner.run(g, st));
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.1f s", results.back().seconds);
      ebn::progress("formal: " + results.back().result + " " + g.name + " (" + st + ") " + secs);
    }
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string text = table(results, total);
  out.write_text("formal.txt", text);
  out.write_text("formal.json", to_json(a, results, total).dump(2) + "\n");
  out.commit();
  std::fputs(a.json ? (to_json(a, results, total).dump(2) + "\n").c_str() : text.c_str(), stdout);
  bool all = true;
  for (const auto& r : results) all = all && r.passed;
  ebn::app::set_exit_code(all ? ebn::kExitOk : ebn::kExitCheckFailed);
}

const ebn::app::CommandRegistrar reg(45, [](CLI::App& root) {
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "formal",
      "Prove the RTL learning controller's properties (rtl/formal/) with yosys + yosys-smtbmc + z3: BMC from reset, "
      "then k-induction, per property and update style; prints a table (exit 1 if any is not proven)");
  cmd->add_option("--style", args->style, "update style: parallel | serial | both")->capture_default_str();
  cmd->add_option("--property", args->property,
                  "one property group, all, or combined (every group in one bounded run: names every group a mutant "
                  "breaks)")
      ->capture_default_str();
  cmd->add_option("--bug-mode", args->bug_mode, "mutant of the controller: none | saturation | swap-kn | diagonal")
      ->capture_default_str();
  cmd->add_option("--rtl", args->rtl_dir, "folder with ebn_pkg.sv + ebn_learning_ctrl.sv (e.g. a mutated copy)");
  cmd->add_option("--out", args->out, "folder for scripts, logs and counterexample VCDs")->capture_default_str();
  cmd->add_option("--neurons-max", args->nmax, "NMax of the proven instance (2..8)")->capture_default_str();
  cmd->add_option("--bits-max", args->bmax, "BMax of the proven instance (3..8)")->capture_default_str();
  cmd->add_option("--depth", args->depth, "BMC depth of the counterexample search when induction fails")
      ->capture_default_str();
  cmd->add_option("--induction-k", args->induction_k, "k of the k-induction")->capture_default_str();
  cmd->add_option("--timeout", args->timeout_s, "seconds per solver run")->capture_default_str();
  cmd->add_flag("--json", args->json, "print the results as JSON");
  cmd->add_flag("--quiet", args->quiet, "no progress lines on stderr");
  cmd->callback([args] { run_formal(*args); });
});

}  // namespace
