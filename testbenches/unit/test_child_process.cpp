#include <gtest/gtest.h>

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

}  // namespace ebn
