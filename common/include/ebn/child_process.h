#pragma once
// Run a piece of work in a forked child process and get its text result back.
// Why: SystemC elaborates once per process (a second elaboration throws E529), so commands that
// simulate many chips (compare-mismatch, sweeps, verify) run each simulation in its own child.
// The child's InputError keeps its message; any other failure becomes a std::runtime_error.
#include <functional>
#include <string>
#include <vector>

namespace ebn {

// `work` runs in the child and returns the result text (e.g. JSON). Throws in the parent if
// the child failed: InputError for the child's InputError, std::runtime_error otherwise.
std::string run_in_child(const std::function<std::string()>& work);

// Call first thing in a forked child with the parent's pid (taken before fork()): the kernel
// kills the child (SIGKILL) when the parent dies, so a killed sweep or verify leaves no orphan
// simulations behind. Exits at once if the parent is already gone.
void die_with_parent(int parent_pid);

// An external program run with its output in a log file (yosys, z3, `ebn` itself for `ebn
// verify`'s rows): one helper so that every caller gets the same timeout, orphan and PATH rules.
struct LoggedRun {
  std::vector<std::string> argv;  // argv[0] is the program's path (find_on_path for a name)
  std::string log;                // stdout and stderr of the child (truncated first)
  std::string cwd;                // working directory of the child; "" = this process's
  std::string path_env;           // PATH of the child; "" = this process's
  int timeout_s = 0;              // > 0: the child's process group is killed after that long
};
struct LoggedRunResult {
  // The exit status; kRunNotStarted if the program could not be started (missing, not
  // executable, log or cwd unusable), kRunKilled if a signal ended it, kRunTimedOut on timeout.
  int exit_code = 0;
  double wall_s = 0.0;
  double cpu_s = 0.0;       // user + system time of the child (not of its own children)
  double max_rss_mb = 0.0;  // the child's peak resident memory
};
constexpr int kRunNotStarted = 127;
constexpr int kRunKilled = -1;
constexpr int kRunTimedOut = -2;

// Runs the program in its own process group (a timeout kills its helpers too); the child dies
// with this process (die_with_parent), so an interrupted run leaves no orphans.
LoggedRunResult run_logged(const LoggedRun& run);

// The first executable `name` in the directories of PATH (or of `path` if given), "" if none.
std::string find_on_path(const std::string& name, const char* path = nullptr);

}  // namespace ebn
