#pragma once
// Progress lines for long runs go to stderr so stdout stays machine-readable (--json).
#include <string>

namespace ebn {
void progress(const std::string& line);
void set_quiet(bool quiet);
}  // namespace ebn
