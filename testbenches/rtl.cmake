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
