#pragma once
// Level-5 commands run the sibling program ebn-spice (spice/apps/ebn_spice_main.cpp), placed
// beside `ebn`: exec it (spice-run) or run it as a child and collect its output (spice-compare,
// verify).
#include <optional>
#include <string>
#include <vector>

namespace CLI { class App; }

namespace ebn::app {

// The options of one level-5 run, shared by spice-run and spice-compare (same names, same checks).
struct SpiceRunOptions {
  std::string netlist, corner = "tt", controller = "cpp", dac, models, config;
  long long mc_seed = -1;
  std::optional<int> initial_code;  // single-synapse protocol's starting counter (absent: config / 8)
  std::optional<double> period_s;   // single-synapse protocol's pulse period (absent: config / 5 ms)
};
void add_spice_run_options(CLI::App& cmd, SpiceRunOptions& o);
// `run --netlist ... --out OUT` arguments of ebn-spice for these options.
std::vector<std::string> spice_run_args(const SpiceRunOptions& o, const std::string& out);

std::string spice_sibling_path();
// Replaces this process with `ebn-spice args...` (its exit code becomes ours).
[[noreturn]] void exec_spice_sibling(const std::vector<std::string>& args);
// Runs `ebn-spice args...` through ebn::run_logged (own process group, dies with us); its
// stdout+stderr go to `log_path` and are appended to `output`. Returns its exit code (1 if a
// signal ended it).
int run_spice_sibling(const std::vector<std::string>& args, const std::string& log_path, std::string& output);

}  // namespace ebn::app
