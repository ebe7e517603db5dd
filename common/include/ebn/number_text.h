#pragma once
// Numbers as text with printf's conversions, for netlists, CSV files, file names and messages:
// one definition of the small helpers several modules had written for themselves.
#include <cstdio>
#include <string>

namespace ebn {

// `significant` significant digits, "%g" style (17 digits read back as the same double).
inline std::string g_text(double v, int significant) {
  char b[48];
  std::snprintf(b, sizeof b, "%.*g", significant, v);
  return b;
}

// Two digits at least, zero-padded ("%02d": instance names n00, n01, ...).
inline std::string two_digits(int v) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

}  // namespace ebn
