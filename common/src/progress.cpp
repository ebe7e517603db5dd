#include "ebn/progress.h"

#include <cstdio>

namespace ebn {
namespace {
bool g_quiet = false;
}
void set_quiet(bool quiet) { g_quiet = quiet; }
void progress(const std::string& line) {
  if (g_quiet) return;
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}
}  // namespace ebn
