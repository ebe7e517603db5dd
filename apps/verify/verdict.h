#pragma once
// The verdict of a sign-off run from its rows. A row can carry a waiver: a known, documented gap
// (reason + where it is explained). A waived row that fails is reported as WAIVED and does not fail
// the sign-off; the measured numbers stay in the report. `ebn verify --strict` ignores waivers.
// A row that could not run (ERROR) is never waived, and a waived row that passes is a PASS.
#include <string>
#include <vector>

namespace ebn::verify {

struct CheckResult;

enum class RowStatus { Pass, Fail, Waived, Error };

RowStatus row_status(const CheckResult& r);
const char* status_text(RowStatus s);

struct Tally {
  int passed = 0, failed = 0, waived = 0, errors = 0;
  int total() const { return passed + failed + waived + errors; }
};
Tally tally(const std::vector<CheckResult>& rows);

// "30 of 31 checks passed, 1 waived (known gap)" and the like.
std::string tally_text(const Tally& t);

}  // namespace ebn::verify
