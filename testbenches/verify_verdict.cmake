# `ebn verify`'s verdict from its rows (pass / fail / waived / error; apps/verify/verdict.h).
ebn_add_gtest(test_verify_verdict
  SOURCES unit/test_verify_verdict.cpp ${PROJECT_SOURCE_DIR}/apps/verify/verdict.cpp
  LIBS ebn_common LABELS unit)
target_include_directories(test_verify_verdict PRIVATE ${PROJECT_SOURCE_DIR}/apps)
