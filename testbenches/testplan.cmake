# docs/testplan.md lists every `ebn verify` row (issue 14). Included after mainjob.cmake (fragments
# are sorted), so the quick sign-off run there can hand its report to the report check.
add_test(NAME testplan.verify_rows_in_code
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/testplan_check.py ${PROJECT_SOURCE_DIR} static)
add_test(NAME testplan.check_fails_on_unplanned_row
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/testplan_check.py ${PROJECT_SOURCE_DIR} self-test)
set_tests_properties(testplan.verify_rows_in_code testplan.check_fails_on_unplanned_row PROPERTIES LABELS unit)
# The rows of a real quick sign-off report (names built at run time included).
if(TEST cli.verify_quick_passes)
  set_property(TEST cli.verify_quick_passes APPEND PROPERTY FIXTURES_SETUP verify_quick_report)
  add_test(NAME testplan.verify_rows_in_report
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/testplan_check.py ${PROJECT_SOURCE_DIR} report
            ${EBN_MAIN_CLI_DIR}/verify_ok/report.md ${EBN_VERIFY_RECORDING})
  set_tests_properties(testplan.verify_rows_in_report PROPERTIES FIXTURES_REQUIRED verify_quick_report LABELS main)
endif()
