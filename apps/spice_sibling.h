#pragma once
// Level-5 commands run the sibling program ebn-spice (spice/apps/ebn_spice_main.cpp), placed
// beside `ebn`: exec it (spice-run) or run it as a child and collect its output (spice-compare,
// verify).
#include <string>
#include <vector>

namespace ebn::app {

std::string spice_sibling_path();
// Replaces this process with `ebn-spice args...` (its exit code becomes ours).
[[noreturn]] void exec_spice_sibling(const std::vector<std::string>& args);
// Runs `ebn-spice args...`, returns its exit code; stdout+stderr appended to `output`.
int run_spice_sibling(const std::vector<std::string>& args, std::string& output);

}  // namespace ebn::app
