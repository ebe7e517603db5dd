#include "ebn/build_info.h"

#include "ebn_git_revision.h"  // generated at build time (common/cmake/write_git_revision.cmake)

namespace ebn {

nlohmann::json build_info_json() {
  return {{"version", EBN_VERSION},
          {"git_revision", EBN_GIT_REVISION},
          {"build_type", EBN_BUILD_TYPE},
          {"compiler", EBN_COMPILER},
          {"libraries",
           {{"SystemC", EBN_SYSTEMC_VERSION},
            {"Verilator", EBN_VERILATOR_VERSION},
            {"Eigen", EBN_EIGEN_VERSION},
            {"nlohmann_json", EBN_NLOHMANN_JSON_VERSION},
            {"CLI11", EBN_CLI11_VERSION},
            {"zlib", EBN_ZLIB_VERSION},
            {"GoogleTest", EBN_GTEST_VERSION},
            {"Google Benchmark", EBN_BENCHMARK_VERSION}}}};
}

std::string build_info_text() {
  const nlohmann::json j = build_info_json();
  std::string s = "ebn " + j["version"].get<std::string>() + "\n";
  s += "git revision: " + j["git_revision"].get<std::string>() + "\n";
  s += "build: " + j["build_type"].get<std::string>() + ", " + j["compiler"].get<std::string>() + "\n";
  s += "built with:";
  for (const auto& [name, version] : j["libraries"].items()) s += "\n  " + name + " " + version.get<std::string>();
  return s;
}

}  // namespace ebn
