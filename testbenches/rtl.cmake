# rtl/: the Verilated learning controller (issue 4). C++-mode tests link ebn_rtl_cc (--cc model);
# SystemC-mode tests link ebn_chip (which holds the --sc model); never both in one executable.

# Lint: `verilator --lint-only -Wall` on every configuration that is Verilated (waivers: rtl/lint_waivers.vlt).
find_program(EBN_VERILATOR_EXE verilator REQUIRED)
foreach(cfg parallel:0:0 serial:1:0 bug_saturation:0:1 bug_swap_kn:0:2 bug_diagonal:0:3)
  string(REPLACE ":" ";" cfg ${cfg})
  list(GET cfg 0 cfg_name)
  list(GET cfg 1 cfg_style)
  list(GET cfg 2 cfg_bug)
  add_test(NAME rtl.lint.${cfg_name}
    COMMAND ${EBN_VERILATOR_EXE} --lint-only -Wall --top-module ebn_learning_ctrl
            -GNMax=${EBN_RTL_NEURONS_MAX} -GUpdateStyle=${cfg_style} -GBugMode=${cfg_bug}
            ${PROJECT_SOURCE_DIR}/rtl/lint_waivers.vlt ${EBN_RTL_SOURCES})
  set_tests_properties(rtl.lint.${cfg_name} PROPERTIES LABELS "rtl;lint" FAIL_REGULAR_EXPRESSION "%Warning|%Error")
endforeach()

# C++ mode: directed + random tests of the controller, both update styles.
ebn_add_gtest(test_rtl_controller SOURCES unit/test_rtl_controller.cpp LIBS ebn_rtl_cc LABELS rtl)

# The package rtl/ebn_pkg.sv against common/include/ebn/hw_encoding.h + decision.h (one source of truth).
ebn_add_gtest(test_rtl_pkg SOURCES unit/test_rtl_pkg.cpp LIBS ebn_rtl_cc LABELS rtl)
# GCC 12 at -O3 reports -Wmaybe-uninitialized inside libstdc++'s <regex> (std::function in its
# NFA states), a known compiler false positive, not this file's code.
target_compile_options(test_rtl_pkg PRIVATE -Wno-maybe-uninitialized)

# Level 3 vs 4 in C++ mode: the cross-check engine, and the broken netlists it must catch.
ebn_add_gtest(test_rtl_crosscheck SOURCES ladder/test_rtl_crosscheck.cpp LIBS ebn_rtl_cc LABELS rtl)

# `ebn crosscheck` (execs ebn-rtl-crosscheck): the acceptance run, the must-fail runs, bad input.
ebn_add_cli_test(rtl_crosscheck_1M EXIT 0 MATCH "^matched 1000000 events" COMMAND crosscheck --stimulus events --style parallel --events 1000000 --quiet)
ebn_add_cli_test(rtl_crosscheck_serial EXIT 0 MATCH "^matched 100000 events" COMMAND crosscheck --stimulus events --events 100000 --style serial --bits 3 --quiet)
foreach(bug saturation swap-kn diagonal)
  ebn_add_cli_test(rtl_crosscheck_catches_${bug} EXIT 1 MATCH "MISMATCH after event [0-9]+ \\(spike from k=[0-9]+\\): counter W\\[n=[0-9]+\\]\\[k=[0-9]+\\] C\\+\\+ reference=-?[0-9]+ RTL=-?[0-9]+"
    COMMAND crosscheck --stimulus events --events 100000 --bits 4 --inject-bug ${bug} --quiet)
  # The port-level scoreboard catches them too, naming cycle, signal, expected and actual.
  ebn_add_cli_test(rtl_scoreboard_catches_${bug} EXIT 1 MATCH "MISMATCH at cycle [0-9]+ \\(after the rising edge\\): dac_o W\\[n=[0-9]+\\]\\[k=[0-9]+\\].* expected -?[0-9]+ actual -?[0-9]+"
    COMMAND crosscheck --quick --inject-bug ${bug} --quiet)
endforeach()
# The port-level scoreboard (issue 9), both styles, every functional bin; and the coverage run of the
# coverage-instrumented netlists with the waivers (lines and toggles closed).
ebn_add_cli_test(rtl_scoreboard_quick EXIT 0 MATCH "^functional coverage: 67/67 bins hit"
  COMMAND crosscheck --quick --require-coverage --quiet)
ebn_add_cli_test(rtl_scoreboard_coverage EXIT 0 MATCH "^toggle coverage: [0-9]+/[0-9]+ points \\([0-9.]+ %\\), 3 waived"
  COMMAND crosscheck --quick --seed 3 --coverage ${CMAKE_CURRENT_BINARY_DIR}/rtl_coverage
          --coverage-waivers ${PROJECT_SOURCE_DIR}/rtl/coverage_waivers.json --require-coverage --quiet)
ebn_add_cli_test(rtl_crosscheck_bad_stimulus EXIT 2 MATCH "--stimulus" COMMAND crosscheck --stimulus chaos)
ebn_add_cli_test(rtl_crosscheck_bad_waivers EXIT 2 MATCH "--coverage-waivers" COMMAND crosscheck --coverage-waivers /nonexistent/waivers.json)
ebn_add_cli_test(rtl_crosscheck_bad_neurons EXIT 2 MATCH "--neurons" COMMAND crosscheck --neurons 33)
ebn_add_cli_test(rtl_crosscheck_bad_bits EXIT 2 MATCH "--bits" COMMAND crosscheck --bits 1)
ebn_add_cli_test(rtl_crosscheck_bad_events EXIT 2 MATCH "--events" COMMAND crosscheck --events 0)
ebn_add_cli_test(rtl_crosscheck_bad_style EXIT 2 MATCH "--style" COMMAND crosscheck --style diagonal)
ebn_add_cli_test(rtl_crosscheck_not_a_number EXIT 2 MATCH "--seed" COMMAND crosscheck --seed minus-one)

# The port model, stimulus, scoreboard and coverage reader (C++ mode), incl. must-fail cases.
ebn_add_gtest(test_rtl_scoreboard SOURCES unit/test_rtl_scoreboard.cpp LIBS ebn_rtl_cc LABELS rtl)

# The same scoreboard on the SystemC-mode netlists (the chip's parallel one and the serial one),
# driven through sc_signals; and `ebn crosscheck --systemc` (the `ebn verify` rows), both styles.
ebn_add_cli_test(rtl_scoreboard_systemc EXIT 0
  MATCH "matched 20000 cycles / [0-9]+ events \\(style serial.*\\(SystemC mode\\)"
  COMMAND crosscheck --systemc --style both --cycles 20000 --seed 5 --quiet)
ebn_add_gtest(test_rtl_sc_scoreboard SOURCES unit/test_rtl_sc_scoreboard.cpp LIBS ebn_rtl_sc_scoreboard ebn_rtl_sc SYSTEMC LABELS rtl)

# Mutation run: every mutant of rtl/mutants/mutants.json against the RTL rows of `ebn verify`
# (scripts/mutation_run.sh, minutes per mutant); here one mutant, label slow (not in CI).
add_test(NAME rtl.mutation_one
  COMMAND ${PROJECT_SOURCE_DIR}/scripts/mutation_run.sh --only serial-walk-not-stalled --no-baseline
          --work ${CMAKE_CURRENT_BINARY_DIR}/mutation_one)
set_tests_properties(rtl.mutation_one PROPERTIES LABELS "rtl;slow;long" TIMEOUT 3600)  # rebuilds the tree with a mutant: by hand, not in CI
# The mutant file itself: every mutant's original text is in the current RTL exactly as specified.
add_test(NAME rtl.mutants_apply
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/mutants_apply_check.sh ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/mutants_apply)
set_tests_properties(rtl.mutants_apply PROPERTIES LABELS rtl)

# SystemC mode: the adapter chip::RtlController (systemc/src/rtl/) with a chip-like SC_THREAD bench.
ebn_add_gtest(test_rtl_sc_controller SOURCES unit/test_rtl_sc_controller.cpp LIBS ebn_chip SYSTEMC LABELS rtl)

# Level 3 (C++ controller) vs level 3 with the RTL controller in the chip: one 1 s pass, 20 neurons.
ebn_add_gtest(test_rtl_chip SOURCES ladder/test_rtl_chip.cpp LIBS ebn_chip SYSTEMC LABELS rtl)
