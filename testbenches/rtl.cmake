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
ebn_add_cli_test(rtl_crosscheck_1M EXIT 0 MATCH "^matched 1000000 events" COMMAND crosscheck --events 1000000 --quiet)
ebn_add_cli_test(rtl_crosscheck_serial EXIT 0 MATCH "^matched 100000 events" COMMAND crosscheck --events 100000 --style serial --bits 3 --quiet)
foreach(bug saturation swap-kn diagonal)
  ebn_add_cli_test(rtl_crosscheck_catches_${bug} EXIT 1 MATCH "MISMATCH after event [0-9]+ \\(spike from k=[0-9]+\\): counter W\\[n=[0-9]+\\]\\[k=[0-9]+\\] C\\+\\+ reference=-?[0-9]+ RTL=-?[0-9]+"
    COMMAND crosscheck --events 100000 --bits 4 --inject-bug ${bug} --quiet)
endforeach()
ebn_add_cli_test(rtl_crosscheck_bad_neurons EXIT 2 MATCH "--neurons" COMMAND crosscheck --neurons 33)
ebn_add_cli_test(rtl_crosscheck_bad_bits EXIT 2 MATCH "--bits" COMMAND crosscheck --bits 1)
ebn_add_cli_test(rtl_crosscheck_bad_events EXIT 2 MATCH "--events" COMMAND crosscheck --events 0)
ebn_add_cli_test(rtl_crosscheck_bad_style EXIT 2 MATCH "--style" COMMAND crosscheck --style diagonal)
ebn_add_cli_test(rtl_crosscheck_not_a_number EXIT 2 MATCH "--seed" COMMAND crosscheck --seed minus-one)

# SystemC mode: the adapter chip::RtlController (systemc/src/rtl/) with a chip-like SC_THREAD bench.
ebn_add_gtest(test_rtl_sc_controller SOURCES unit/test_rtl_sc_controller.cpp LIBS ebn_chip SYSTEMC LABELS rtl)

# Level 3 (C++ controller) vs level 3 with the RTL controller in the chip: one 1 s pass, 20 neurons.
ebn_add_gtest(test_rtl_chip SOURCES ladder/test_rtl_chip.cpp LIBS ebn_chip SYSTEMC LABELS rtl)
