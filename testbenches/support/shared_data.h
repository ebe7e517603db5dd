#pragma once
// Locating ../shared (recordings, reference run). Tests that need it call
// EBN_REQUIRE_SHARED(path) which skips the test, naming the missing path, when it is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace ebn::test {
inline std::string shared_path(const std::string& relative) { return std::string(EBN_SHARED_DIR) + "/" + relative; }
inline std::string source_path(const std::string& relative) { return std::string(EBN_SOURCE_DIR) + "/" + relative; }
}  // namespace ebn::test

#define EBN_REQUIRE_SHARED(path_var)                                                       \
  do {                                                                                     \
    if (!std::filesystem::exists(path_var))                                                \
      GTEST_SKIP() << "shared data not found: " << (path_var)                              \
                   << " (clone with ../shared beside the project, or set -DEBN_SHARED_DIR)"; \
  } while (0)
