# Level 3 (systemc/, the chip model). Everything linking ebn_chip links libsystemc, so every
# executable uses the sc_main-running gtest main (SYSTEMC); elaborating tests are one per TEST.
ebn_add_gtest(test_chip_modules SOURCES unit/test_chip_modules.cpp LIBS ebn_chip SYSTEMC LABELS unit)
ebn_add_gtest(test_chip_top SOURCES unit/test_chip_top.cpp LIBS ebn_chip SYSTEMC LABELS unit)
ebn_add_gtest(test_chip_population_kernels SOURCES unit/test_chip_population_kernels.cpp LIBS ebn_chip SYSTEMC LABELS unit)

# `ebn chip-run`: bad input -> one-line error naming the key / path, exit 2, no result folder.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/chip_bad_key.json "{\"chip\": {\"tau_mem_s\": 0.03, \"tau_membrane_s\": 0.03}}\n")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/chip_bad_range.json "{\"chip\": {\"neurons\": 4, \"i_threshold_per_neuron_A\": [1e-8, 1e-8]}}\n")
ebn_add_cli_test(chip_run_unknown_key EXIT 2 MATCH "chip.tau_membrane_s: unknown key"
  COMMAND chip-run --config chip_bad_key.json --out chip_bad_key_out)
ebn_add_cli_test(chip_run_bad_vector EXIT 2 MATCH "i_threshold_per_neuron_A: has 2 entries, expected neurons = 4"
  COMMAND chip-run --config chip_bad_range.json --out chip_bad_range_out)
ebn_add_cli_test(chip_run_unwritable_trace EXIT 2 MATCH "x.vcd: output file: folder /nonexistent_dir does not exist"
  COMMAND chip-run --duration 0.01 --trace /nonexistent_dir/x.vcd --out chip_unwritable_out)
ebn_add_cli_test(chip_run_short EXIT 0 MATCH "pass 1: [0-9]+ spikes, [0-9]+ updates.*real time"
  COMMAND chip-run --duration 0.1 --passes 2 --out chip_run_short_out)

# Waveforms: run with --trace, then render waves/chip.gtkw headlessly and check the PNG is not blank.
add_test(NAME chip.waves_run
  COMMAND $<TARGET_FILE:ebn> chip-run --duration 0.2 --trace ${CMAKE_CURRENT_BINARY_DIR}/chip_waves.vcd
          --out ${CMAKE_CURRENT_BINARY_DIR}/chip_waves_out)
set_tests_properties(chip.waves_run PROPERTIES FIXTURES_SETUP chip_waves LABELS gui
  ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
ebn_add_waves_png_test(chip.waves_png ${CMAKE_CURRENT_BINARY_DIR}/chip_waves.vcd ${PROJECT_SOURCE_DIR}/waves/chip.gtkw chip_waves)

# Ladder preparation: the ideal mapping of the float EBN onto the circuit (issue 4 builds on it).
ebn_add_gtest(test_chip_ladder SOURCES ladder/test_chip_ideal_mapping.cpp LIBS ebn_chip SYSTEMC LABELS ladder)
ebn_add_gtest(test_chip_rtl_vs_cpp SOURCES ladder/test_chip_rtl_vs_cpp.cpp LIBS ebn_chip SYSTEMC LABELS ladder)
