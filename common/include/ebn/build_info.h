#pragma once
// What this build of ebn is: version, git revision (taken at build time) and the versions of the
// libraries and tools it was built with (from CMake's package lookups). Printed by
// `ebn --version` and stored in every summary.json, so a result names the code that produced it.
#include <string>

#include <nlohmann/json.hpp>

namespace ebn {

nlohmann::json build_info_json();  // {"version", "git_revision", "build_type", "compiler", "libraries": {...}}
std::string build_info_text();     // multi-line, for --version

}  // namespace ebn
