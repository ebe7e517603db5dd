#include "verify/verdict.h"

#include "verify/verifier.h"

namespace ebn::verify {

RowStatus row_status(const CheckResult& r) {
  if (r.infrastructure) return RowStatus::Error;
  if (r.passed) return RowStatus::Pass;
  return r.waiver.empty() ? RowStatus::Fail : RowStatus::Waived;
}

const char* status_text(RowStatus s) {
  switch (s) {
    case RowStatus::Pass: return "PASS";
    case RowStatus::Fail: return "FAIL";
    case RowStatus::Waived: return "WAIVED";
    case RowStatus::Error: return "ERROR";
  }
  return "?";
}

Tally tally(const std::vector<CheckResult>& rows) {
  Tally t;
  for (const auto& r : rows) {
    switch (row_status(r)) {
      case RowStatus::Pass: ++t.passed; break;
      case RowStatus::Fail: ++t.failed; break;
      case RowStatus::Waived: ++t.waived; break;
      case RowStatus::Error: ++t.errors; break;
    }
  }
  return t;
}

std::string tally_text(const Tally& t) {
  std::string s = std::to_string(t.passed) + " of " + std::to_string(t.total()) + " checks passed";
  if (t.waived) s += ", " + std::to_string(t.waived) + " failed but waived (known gap, see the report)";
  if (t.errors) s += ", " + std::to_string(t.errors) + " could not run (infrastructure, not a verdict on the design)";
  return s;
}

}  // namespace ebn::verify
