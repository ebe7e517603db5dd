# `ebn synth` (issue 9): yosys synthesis of the RTL controller to generic cells, the formal
# gate-level check, bad input, and the area axis of `ebn sweep-merge`. Small instances (NMax 4,
# BMax 4) keep every test at seconds.
set(EBN_SYNTH_CLI_DIR ${CMAKE_CURRENT_BINARY_DIR}/synth_cli)

# Flip-flops are known from the RTL, independently of yosys: parallel N^2 * B counters; serial
# adds busy (1), pre and row (2 x log2 N) and the latched decision wires (2 x N).
ebn_add_cli_test(synth_parallel_4x4 EXIT 0 MATCH "\\| 4 \\| 4 \\| parallel \\| 64 \\| [0-9]+ \\| [0-9]+ \\|"
  COMMAND synth --neurons 4 --bits 4 --style parallel)
ebn_add_cli_test(synth_serial_4x3_json EXIT 0 MATCH "\"flip_flops\": 61,"
  COMMAND synth --neurons 4 --bits 3 --style serial --json --out ${EBN_SYNTH_CLI_DIR}/serial_4x3)

# The netlist proven equal to the RTL; a netlist synthesized from each mutant must not be.
foreach(style parallel serial)
  ebn_add_cli_test(synth_check_gates_${style} EXIT 0 MATCH "gate-level netlist equivalent to the RTL: [0-9]+ signals proven"
    COMMAND synth --neurons 4 --bits 4 --style ${style} --check-gates)
endforeach()
foreach(bug saturation swap-kn diagonal)
  ebn_add_cli_test(synth_check_gates_catches_${bug} EXIT 1 MATCH "NOT equivalent to the RTL"
    COMMAND synth --neurons 4 --bits 4 --check-gates --inject-bug ${bug})
endforeach()

# Bad input: one line, exit 2, naming the option (or the missing yosys).
ebn_add_cli_test(synth_bad_style EXIT 2 MATCH "--style: unknown update style 'diagonal'" COMMAND synth --style diagonal)
ebn_add_cli_test(synth_bad_bits_low EXIT 2 MATCH "--bits: 1 is outside 2..16" COMMAND synth --bits 1)
ebn_add_cli_test(synth_bad_bits_high EXIT 2 MATCH "--bits: 17 is outside 2..16" COMMAND synth --bits 17)
ebn_add_cli_test(synth_bad_neurons EXIT 2 MATCH "--neurons: 33 is outside 1..32" COMMAND synth --neurons 33)
ebn_add_cli_test(synth_bad_neurons_zero EXIT 2 MATCH "--neurons: 0 is outside 1..32" COMMAND synth --neurons 0)
ebn_add_cli_test(synth_bad_out EXIT 2 MATCH "--out" COMMAND synth --neurons 2 --bits 2 --out "${EBN_SYNTH_CLI_DIR}/a b")
ebn_add_cli_test(synth_yosys_env_missing EXIT 2 MATCH "EBN_YOSYS=/nonexistent/yosys: not an executable file"
  COMMAND synth --neurons 2 --bits 2)
set_tests_properties(cli.synth_yosys_env_missing PROPERTIES ENVIRONMENT "EBN_YOSYS=/nonexistent/yosys")
# yosys not on PATH (PATH changed for ebn only: the test driver itself needs bash, grep, tail).
add_test(NAME cli.synth_yosys_not_on_path
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/support/expect_exit.sh 2 "yosys not found on PATH"
          /usr/bin/env -u EBN_YOSYS PATH=${EBN_SYNTH_CLI_DIR}/no-tools $<TARGET_FILE:ebn> synth --neurons 2 --bits 2)
set_tests_properties(cli.synth_yosys_not_on_path PROPERTIES LABELS cli)

# The sweep's area axis: a two-width sweep, merged with the per-(B, style) synthesis at NMax 4.
add_test(NAME main.sweep_area_axis
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_area_check.sh $<TARGET_FILE:ebn> ${EBN_SYNTH_CLI_DIR}/sweep)
set_tests_properties(main.sweep_area_axis PROPERTIES LABELS main)
