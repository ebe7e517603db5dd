// A waiver turns a failing row of a known gap into WAIVED (the sign-off passes, the numbers stay in
// the report); it never hides a row that could not run, and a passing row stays PASS.
#include <gtest/gtest.h>

#include "verify/verdict.h"
#include "verify/verifier.h"

namespace ebn::verify {
namespace {

CheckResult row(bool passed, bool infrastructure, const std::string& waiver) {
  CheckResult r;
  r.passed = passed;
  r.infrastructure = infrastructure;
  r.waiver = waiver;
  return r;
}

TEST(VerifyVerdict, RowStatusFollowsPassErrorAndWaiver) {
  EXPECT_EQ(row_status(row(true, false, "")), RowStatus::Pass);
  EXPECT_EQ(row_status(row(true, false, "gap")), RowStatus::Pass);
  EXPECT_EQ(row_status(row(false, false, "")), RowStatus::Fail);
  EXPECT_EQ(row_status(row(false, false, "gap")), RowStatus::Waived);
  EXPECT_EQ(row_status(row(false, true, "gap")), RowStatus::Error);
  EXPECT_STREQ(status_text(RowStatus::Waived), "WAIVED");
}

TEST(VerifyVerdict, TallyCountsEachRowOnceAndSaysWhatWasWaived) {
  const std::vector<CheckResult> rows = {row(true, false, ""), row(false, false, "gap"), row(false, false, ""),
                                         row(false, true, "")};
  const Tally t = tally(rows);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.waived, 1);
  EXPECT_EQ(t.failed, 1);
  EXPECT_EQ(t.errors, 1);
  EXPECT_EQ(t.total(), 4);
  const std::string text = tally_text(t);
  EXPECT_NE(text.find("1 of 4 checks passed"), std::string::npos) << text;
  EXPECT_NE(text.find("1 failed but waived"), std::string::npos) << text;
  EXPECT_NE(text.find("1 could not run"), std::string::npos) << text;
  EXPECT_EQ(tally_text(tally({row(true, false, "")})), "1 of 1 checks passed");
}

}  // namespace
}  // namespace ebn::verify
