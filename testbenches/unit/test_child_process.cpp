#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ebn/child_process.h"
#include "ebn/errors.h"

namespace ebn {

TEST(ChildProcess, ReturnsTheChildsResult) {
  EXPECT_EQ(run_in_child([] { return std::string("42"); }), "42");
}

TEST(ChildProcess, PropagatesInputErrorMessage) {
  try {
    run_in_child([]() -> std::string { throw InputError("cfg.json: x: bad"); });
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "cfg.json: x: bad");
  }
}

TEST(ChildProcess, OtherFailuresBecomeRuntimeErrors) {
  EXPECT_THROW(run_in_child([]() -> std::string { throw std::logic_error("boom"); }), std::runtime_error);
}

// run_logged: the child's output lands in the log, its exit code, cwd and PATH are as asked; a
// missing program, a signal and a timeout are told apart.
namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("ebn_test_run_logged_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}
}  // namespace

TEST(LoggedRun, OutputExitCodeCwdAndPath) {
  const std::string log = scratch("ok.log");
  const std::string dir = std::filesystem::path(log).parent_path().string();
  const auto r = run_logged({{"/bin/sh", "-c", "echo out; echo err >&2; pwd; echo \"$PATH\"; exit 3"}, log, dir,
                             "/nonexistent-bin:/bin", 0});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(slurp(log), "out\nerr\n" + dir + "\n/nonexistent-bin:/bin\n");
  EXPECT_GE(r.wall_s, 0.0);
}

TEST(LoggedRun, MissingProgramSignalAndTimeoutAreToldApart) {
  EXPECT_EQ(run_logged({{"/nonexistent/program"}, scratch("missing.log"), "", "", 0}).exit_code, kRunNotStarted);
  EXPECT_EQ(run_logged({{"/bin/sh", "-c", "kill -9 $$"}, scratch("signal.log"), "", "", 0}).exit_code, kRunKilled);
  // The timeout kills the whole process group (the shell's own child `sleep` too).
  const auto r = run_logged({{"/bin/sh", "-c", "sleep 30 & wait"}, scratch("timeout.log"), "", "", 1});
  EXPECT_EQ(r.exit_code, kRunTimedOut);
  EXPECT_LT(r.wall_s, 20.0);
}

TEST(LoggedRun, FindOnPath) {
  EXPECT_EQ(find_on_path("sh", "/nonexistent-dir::/bin"), "/bin/sh");
  EXPECT_EQ(find_on_path("sh", "/nonexistent-dir"), "");
  EXPECT_EQ(find_on_path("sh", ""), "");
}

}  // namespace ebn
