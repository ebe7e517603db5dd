# Formal properties of the learning controller (issue 9): `ebn formal` = yosys + yosys-smtbmc + z3
# on rtl/formal/ebn_learning_ctrl_props.sv. Label `formal`; the runs that prove or break every
# group are also `slow` (minutes on 2 shared cores), the rest take seconds.
set(EBN_FORMAL_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/support/expect_exit.sh)
set(EBN_FORMAL_WORK ${CMAKE_CURRENT_BINARY_DIR}/formal)

# ebn_add_formal_test(name EXIT code MATCH regex [SLOW] [ENV var=value...] COMMAND args...)
function(ebn_add_formal_test name)
  cmake_parse_arguments(T "SLOW" "EXIT;MATCH" "ENV;COMMAND" ${ARGN})
  add_test(NAME formal.${name}
    COMMAND ${CMAKE_COMMAND} -E env ${T_ENV} ${EBN_FORMAL_EXPECT} ${T_EXIT} "${T_MATCH}" $<TARGET_FILE:ebn> ${T_COMMAND}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set(labels formal)
  if(T_SLOW)
    list(APPEND labels slow)
  endif()
  set_tests_properties(formal.${name} PROPERTIES LABELS "${labels}" TIMEOUT 1800)
endfunction()

# The real RTL: three cheap groups in both styles (seconds), and every group (slow).
ebn_add_formal_test(proves_rtl_read_port EXIT 0 MATCH "2 of 2 proven"
  COMMAND formal --property read_port --out ${EBN_FORMAL_WORK}/read_port --quiet)
ebn_add_formal_test(proves_rtl_walk_timing EXIT 0 MATCH "2 of 2 proven"
  COMMAND formal --property walk_timing --out ${EBN_FORMAL_WORK}/walk_timing --quiet)
ebn_add_formal_test(proves_rtl_diagonal EXIT 0 MATCH "2 of 2 proven"
  COMMAND formal --property diagonal --out ${EBN_FORMAL_WORK}/diagonal --quiet)
ebn_add_formal_test(proves_rtl_all SLOW EXIT 0 MATCH "18 of 18 proven"
  COMMAND formal --out ${EBN_FORMAL_WORK}/all --quiet)

# Planted BugMode mutants (-chparam BugMode): a counterexample, exit 1.
ebn_add_formal_test(catches_bug_diagonal EXIT 1 MATCH "diagonal +parallel +BMC .*FAIL"
  COMMAND formal --property diagonal --style parallel --bug-mode diagonal --out ${EBN_FORMAL_WORK}/bug_diagonal --quiet)
ebn_add_formal_test(catches_bug_saturation SLOW EXIT 1 MATCH "event_step +serial +BMC .*FAIL"
  COMMAND formal --property event_step --style serial --bug-mode saturation --out ${EBN_FORMAL_WORK}/bug_saturation --quiet)
ebn_add_formal_test(catches_bug_swap_kn SLOW EXIT 1 MATCH "no_lost_event +parallel +BMC .*FAIL"
  COMMAND formal --property no_lost_event --style parallel --bug-mode swap-kn --out ${EBN_FORMAL_WORK}/bug_swap_kn --quiet)

# Sed mutants aimed at the other groups (testbenches/formal/formal_mutants.txt).
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/formal/formal_mutants.txt)
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/formal/formal_mutants.txt EBN_FORMAL_MUTANTS REGEX "^[a-z_]+ *\\|")
foreach(mutant ${EBN_FORMAL_MUTANTS})
  string(REGEX MATCH "^[a-z_]+" mutant_name "${mutant}")
  add_test(NAME formal.mutant.${mutant_name}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/formal/formal_mutant.sh $<TARGET_FILE:ebn> ${PROJECT_SOURCE_DIR}
            ${EBN_FORMAL_WORK}/mutants "${mutant}")
  set_tests_properties(formal.mutant.${mutant_name} PROPERTIES LABELS "formal;slow" TIMEOUT 1800)
endforeach()

# Bad input: one line, exit 2.
ebn_add_formal_test(bad_style EXIT 2 MATCH "^ebn: error: --style: unknown style 'diagonal'"
  COMMAND formal --style diagonal)
ebn_add_formal_test(bad_property EXIT 2 MATCH "^ebn: error: --property: unknown property 'liveness'"
  COMMAND formal --property liveness)
ebn_add_formal_test(bad_bug_mode EXIT 2 MATCH "^ebn: error: --bug-mode: unknown mutant 'off-by-one'"
  COMMAND formal --bug-mode off-by-one)
ebn_add_formal_test(bad_bits_max EXIT 2 MATCH "^ebn: error: --bits-max: 1 not in 3..8"
  COMMAND formal --bits-max 1)
ebn_add_formal_test(missing_yosys EXIT 2 MATCH "^ebn: error: formal: EBN_YOSYS=/nonexistent/yosys is not an executable yosys"
  ENV EBN_YOSYS=/nonexistent/yosys COMMAND formal --property read_port)
ebn_add_formal_test(missing_z3 EXIT 2 MATCH "^ebn: error: formal: EBN_Z3=/nonexistent/z3 is not an executable z3"
  ENV EBN_Z3=/nonexistent/z3 COMMAND formal --property read_port)
ebn_add_formal_test(missing_rtl EXIT 2 MATCH "^ebn: error: --rtl: /nonexistent/ebn_pkg.sv not found"
  COMMAND formal --rtl /nonexistent)

# The sign-off fails when the controller is a mutant the proofs must reject (slow: a whole verify).
ebn_add_formal_test(verify_fails_on_formal_mutant SLOW EXIT 1 MATCH "SIGN-OFF FAILED"
  COMMAND verify --quick --quiet --inject-bug formal-diagonal --out ${EBN_FORMAL_WORK}/verify_bad)
