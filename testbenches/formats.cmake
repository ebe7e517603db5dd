# Issue 14: waveforms and recordings the way designers use them.
#  * traces: windowed VCD (own time origin), FST via vcd2fst, --trace-format on every tracing command
#  * recordings: one reader interface for Spectre CSV, generic CSV, ngspice raw (ASCII, binary),
#    PSF-ASCII; a recording converted into each format replays identically
#  * Slurm for real (label slurm), the testplan covers every `ebn verify` row, `ebn --version`
include(${PROJECT_SOURCE_DIR}/systemc/src/replay/replay_core.cmake)

ebn_add_gtest(test_trace_file SOURCES traces/test_trace_file.cpp LIBS ebn_common LABELS unit)
ebn_add_gtest(test_recording_file_formats SOURCES replay/test_recording_file_formats.cpp LIBS ebn_replay_core LABELS unit)

# Slurm for real: single-node Slurm started and stopped by the test (skipped, exit 77, naming
# what is missing, without slurm-wlm/munge). RUN_SERIAL: it runs a job array on every core.
add_test(NAME slurm.sweep_job_array
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/slurm_sweep_check.sh $<TARGET_FILE:ebn> ${PROJECT_SOURCE_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/slurm_sweep)
set_tests_properties(slurm.sweep_job_array PROPERTIES LABELS slurm SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL ON)

# Windowed traces from the tools. The main job's last pass (fixture of mainjob.cmake): the FST
# starts at the pass (origin > 0 stated in header and summary.json) and spans exactly 1 s.
find_program(EBN_FST2VCD fst2vcd)
if(EBN_FST2VCD)
  add_test(NAME traces.learn_last_pass_window
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/trace_window_check.py
            ${CMAKE_CURRENT_BINARY_DIR}/cli_main/learn_chip/summary.json
            ${CMAKE_CURRENT_BINARY_DIR}/cli_main/learn_chip/last_pass.fst 1.0)
  set_tests_properties(traces.learn_last_pass_window PROPERTIES FIXTURES_REQUIRED main_learn_chip LABELS main)
  # The direct FST of `learn --trace` equals the windowed VCD route, value for value.
  add_test(NAME traces.learn_fst_equals_vcd_route
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/trace_routes_agree.sh $<TARGET_FILE:ebn>
            ${CMAKE_CURRENT_BINARY_DIR}/trace_routes)
  set_tests_properties(traces.learn_fst_equals_vcd_route PROPERTIES LABELS "traces;cli"
    ENVIRONMENT "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1")
  ebn_add_waves_png_test(traces.learn_last_pass_png ${CMAKE_CURRENT_BINARY_DIR}/cli_main/learn_chip/last_pass.fst
                         ${CMAKE_CURRENT_BINARY_DIR}/cli_main/learn_chip/last_pass.gtkw main_learn_chip)

  # chip-run --from/--to: 3 passes of 50 ms, window 60..90 ms of the run (inside pass 1).
  add_test(NAME traces.chip_run_window
    COMMAND sh -c "$<TARGET_FILE:ebn> chip-run --passes 3 --duration 0.05 --from 0.06 --to 0.09 --trace chip_window.fst --out chip_window_out && /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/trace_window_check.py chip_window_out/summary.json chip_window.fst 0.03"
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(traces.chip_run_window PROPERTIES FIXTURES_SETUP chip_window LABELS gui
    ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
  ebn_add_waves_png_test(traces.chip_window_fst_png ${CMAKE_CURRENT_BINARY_DIR}/chip_window.fst
                         ${PROJECT_SOURCE_DIR}/waves/chip.gtkw chip_window)
  # The RTL controller's trace gets the same window.
  add_test(NAME traces.chip_run_rtl_window
    COMMAND sh -c "$<TARGET_FILE:ebn> chip-run --controller rtl --passes 2 --duration 0.05 --from 0.05 --trace-format vcd --trace rtl_window.vcd --out rtl_window_out && test -s rtl_window_rtl.vcd && /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/trace_window_check.py rtl_window_out/summary.json rtl_window.vcd 0.05 && grep -q 'time 0 of this file' rtl_window_rtl.vcd"
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(traces.chip_run_rtl_window PROPERTIES LABELS cli ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
endif()
ebn_add_cli_test(chip_run_trace_format_conflict EXIT 2 MATCH "file name says VCD but --trace-format is fst"
  COMMAND chip-run --duration 0.01 --trace x.vcd --trace-format fst --out chip_conflict_out)
ebn_add_cli_test(chip_run_window_outside EXIT 2 MATCH "--from/--to: window"
  COMMAND chip-run --duration 0.01 --from 0.02 --trace x.fst --out chip_window_bad_out)
# --version: version, git revision and the versions of the libraries built with (none empty).
add_test(NAME cli.version_names_libraries
  COMMAND sh -c "$<TARGET_FILE:ebn> --version | tr '\\n' ' ' | grep -Eq 'ebn [0-9.]+ git revision: [0-9a-f]+.* Eigen 3[.][0-9.]+ .*SystemC 2[.][0-9.]+ .*Verilator 5[.][0-9]+ .*nlohmann_json 3[.]'")
set_tests_properties(cli.version_names_libraries PROPERTIES LABELS cli)
