// sc_main for GoogleTest executables that link libsystemc (libsystemc.so owns main()).
#include <gtest/gtest.h>

#include <cstdlib>
#include <systemc>

namespace {
// The banner is printed before sc_main, even for --gtest_list_tests: disable it at static init.
const bool kNoScBanner = [] { ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); return true; }();
}  // namespace

int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
