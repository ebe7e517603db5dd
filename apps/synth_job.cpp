#include "synth_job.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "ebn/child_process.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace fs = std::filesystem;

namespace ebn::app {
namespace {

// Largest NMax `ebn synth` accepts: the Verilated netlist's (rtl/CMakeLists.txt); larger networks
// synthesize too, but for minutes and gigabytes.
constexpr int kNeuronsMax = 32;

std::string rtl_dir() { return std::string(EBN_SOURCE_DIR) + "/rtl"; }

int style_code(const std::string& style) { return style == "serial" ? 1 : 0; }  // ebn_pkg::Update*

int bug_code(const std::string& bug) {  // ebn_pkg::Bug*
  if (bug.empty()) return 0;
  if (bug == "saturation") return 1;
  if (bug == "swap-kn") return 2;
  if (bug == "diagonal") return 3;
  return -1;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs yosys with `commands` in rtl/synth (its scripts use paths relative to it), all output to
// `log`; returns the exit code, the wall time and yosys' CPU time (user + system: the wall time
// depends on the machine's load, the CPU time much less).
int run_yosys(const std::string& commands, const std::string& log, double& wall_s, double& cpu_s,
              double* max_rss_mb = nullptr) {
  const auto r = run_logged({{yosys_executable(), "-p", commands}, log, rtl_dir() + "/synth", "", 0});
  wall_s = r.wall_s;
  cpu_s = r.cpu_s;
  if (max_rss_mb) *max_rss_mb = r.max_rss_mb;
  return r.exit_code;
}

// read_verilog + hierarchy with the controller's parameters (the first half of every script).
std::string elaborate(const SynthRequest& r, int bug) {
  return "read_verilog -defer -sv ../ebn_pkg.sv ../ebn_learning_ctrl.sv; hierarchy -top ebn_learning_ctrl -chparam NMax " +
         std::to_string(r.neurons) + " -chparam BMax " + std::to_string(r.bits) + " -chparam UpdateStyle " +
         std::to_string(style_code(r.style)) + " -chparam BugMode " + std::to_string(bug) + "; ";
}

long count_cells(const Json& by_type, const std::string& name) {
  return by_type.contains(name) ? by_type[name].get<long>() : 0;
}

}  // namespace

void validate(const SynthRequest& r) {
  if (r.style != "parallel" && r.style != "serial")
    throw InputError("--style: unknown update style '" + r.style + "' (parallel | serial)");
  if (r.neurons < 1 || r.neurons > kNeuronsMax)
    throw InputError("--neurons: " + std::to_string(r.neurons) + " is outside 1.." + std::to_string(kNeuronsMax));
  if (r.bits < hw::kMinWeightBits || r.bits > hw::kMaxWeightBits)
    throw InputError("--bits: " + std::to_string(r.bits) + " is outside " + std::to_string(hw::kMinWeightBits) + ".." +
                     std::to_string(hw::kMaxWeightBits));
  if (bug_code(r.inject_bug) < 0) throw InputError("--inject-bug: unknown mutant '" + r.inject_bug + "'");
  if (r.work_dir.find_first_of(" \t\n;\"'") != std::string::npos)
    throw InputError("--out: " + r.work_dir + ": yosys cannot take a path with spaces, quotes or ';'");
}

std::string yosys_executable() {
  if (const char* env = std::getenv("EBN_YOSYS"); env && *env) {
    if (::access(env, X_OK) != 0) throw InputError(std::string("EBN_YOSYS=") + env + ": not an executable file");
    return env;
  }
  if (std::string found = find_on_path("yosys"); !found.empty()) return found;
  throw InputError("yosys not found on PATH (install the Debian package yosys, or set EBN_YOSYS to its path)");
}

SynthResult run_synth(const SynthRequest& r) {
  validate(r);
  SynthResult out;
  out.request = r;
  const std::string w = fs::absolute(r.work_dir).string();
  const int bug = bug_code(r.inject_bug);

  // Synthesis, statistics with the liberty areas, the netlist.
  const std::string synth = elaborate(r, bug) + "script synth_generic.ys; tee -q -o " + w +
                            "/stat.json stat -json -liberty ebn_cells.lib; tee -q -o " + w +
                            "/stat.txt stat -liberty ebn_cells.lib; write_verilog -noattr " + w + "/netlist.v";
  if (run_yosys(synth, w + "/synth.log", out.synth_wall_s, out.synth_cpu_s, &out.synth_max_rss_mb) != 0)
    throw std::runtime_error("yosys synthesis failed, see " + w + "/synth.log");
  const Json stat = Json::parse(read_text(w + "/stat.json"));
  const Json& design = stat["design"];
  out.cells = design["num_cells"].get<long>();
  for (auto it = design["num_cells_by_type"].begin(); it != design["num_cells_by_type"].end(); ++it)
    out.cells_by_type[it.key()] = it->get<long>();
  out.flip_flops = count_cells(design["num_cells_by_type"], "DFFR");
  std::smatch m;
  const std::string text = read_text(w + "/stat.txt");
  if (!std::regex_search(text, m, std::regex(R"(Chip area for module '\\ebn_learning_ctrl': ([0-9.]+))")))
    throw std::runtime_error("no chip area in " + w + "/stat.txt");
  out.area = std::stod(m[1]);

  if (r.check_gates) {
    // Gold: the real RTL (BugMode 0) with the same parameters; gate: the netlist just written.
    SynthRequest gold = r;
    gold.inject_bug.clear();
    const std::string equiv = elaborate(gold, 0) +
                              "proc; flatten; opt_clean; rename ebn_learning_ctrl gold; design -stash gold; "
                              "read_liberty ebn_cells.lib; read_verilog " + w + "/netlist.v; "
                              "hierarchy -top ebn_learning_ctrl; flatten; rename ebn_learning_ctrl gate; "
                              "design -copy-from gold -as gold gold; script equiv_gates.ys";
    const int rc = run_yosys(equiv, w + "/equiv.log", out.equiv_wall_s, out.equiv_cpu_s);
    const std::string log = read_text(w + "/equiv.log");
    out.gates_checked = true;
    out.gates_equivalent = rc == 0 && log.find("Equivalence successfully proven!") != std::string::npos;
    if (std::regex_search(log, m, std::regex(R"(Of those cells ([0-9]+) are proven)"))) out.equiv_cells = std::stol(m[1]);
    if (rc != 0 && log.find("unproven $equiv cells") == std::string::npos)
      throw std::runtime_error("yosys equivalence check failed to run, see " + w + "/equiv.log");
  }
  return out;
}

std::string rtl_version() {  // FNV-1a over the files
  std::uint64_t h = 1469598103934665603ull;
  for (const char* f : {"ebn_pkg.sv", "ebn_learning_ctrl.sv", "synth/synth_generic.ys", "synth/ebn_cells.lib"}) {
    for (unsigned char c : read_text(rtl_dir() + "/" + f)) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

Json to_json(const SynthResult& r) {
  Json by_type = Json::object();
  for (const auto& [k, v] : r.cells_by_type) by_type[k] = v;
  Json j = {{"top", "ebn_learning_ctrl"},
            {"neurons_max", r.request.neurons},
            {"bits_max", r.request.bits},
            {"style", r.request.style},
            {"flip_flops", r.flip_flops},
            {"cells", r.cells},
            {"area", r.area},
            {"area_unit", kAreaUnit},
            {"cell_library", "rtl/synth/ebn_cells.lib (generic static CMOS, area = transistor count)"},
            {"cells_by_type", by_type},
            {"yosys_wall_s", r.synth_wall_s},
            {"yosys_cpu_s", r.synth_cpu_s},
            {"yosys_max_rss_mb", r.synth_max_rss_mb},
            {"rtl_version", rtl_version()}};
  if (!r.request.inject_bug.empty()) j["inject_bug"] = r.request.inject_bug;
  if (r.gates_checked)
    j["gate_check"] = {{"method", "yosys equiv_make + equiv_simple -seq 5 + equiv_induct -seq 5"},
                       {"equivalent", r.gates_equivalent},
                       {"proven_equiv_cells", r.equiv_cells},
                       {"wall_s", r.equiv_wall_s},
                       {"cpu_s", r.equiv_cpu_s}};
  return j;
}

}  // namespace ebn::app
