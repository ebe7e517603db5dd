# Issue 5, the main job end to end: learning on every level of the ladder, the mismatch
# comparison, sweeps, and the sign-off command (which must also FAIL when a level is broken).
set(EBN_MAIN_CLI_DIR ${CMAKE_CURRENT_BINARY_DIR}/cli_main)
set(EBN_CHECK_SUMMARY ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_summary.py)

# The default main job, shortened: the mismatched chip with the RTL controller learns.
add_test(NAME main.learn_chip_rtl_mismatch
  COMMAND $<TARGET_FILE:ebn> learn --backend chip --controller rtl --mismatch 0.2 --passes 21 --trace --quiet
          --out ${EBN_MAIN_CLI_DIR}/learn_chip)
set_tests_properties(main.learn_chip_rtl_mismatch PROPERTIES FIXTURES_SETUP main_learn_chip LABELS main)
add_test(NAME main.learn_chip_acceptance
  COMMAND ${EBN_CHECK_SUMMARY} ${EBN_MAIN_CLI_DIR}/learn_chip/summary.json
          "j['final']['distance_to_optimal'] <= 0.2"
          "j['final']['rate_hz_learned'] <= j['final']['rate_hz_initial'] / 3"
          "j['final']['decoding_error_learned'] < j['final']['decoding_error_initial']"
          "j['chip']['controller'] == 'rtl' and j['chip']['mismatch_sigma'] == 0.2")
set_tests_properties(main.learn_chip_acceptance PROPERTIES FIXTURES_REQUIRED main_learn_chip LABELS main)
add_test(NAME main.learn_chip_outputs
  COMMAND sh -c "test -s last_pass.fst && test -s last_pass.gtkw && test -s mismatch.csv && test -s chip_params.json && grep -q last_pass.fst last_pass.gtkw"
  WORKING_DIRECTORY ${EBN_MAIN_CLI_DIR}/learn_chip)
set_tests_properties(main.learn_chip_outputs PROPERTIES FIXTURES_REQUIRED main_learn_chip LABELS main)

# Bad input specific to the chip backend.
file(WRITE ${EBN_MAIN_CLI_DIR}/derived_key.json "{\"experiment\": {\"backend\": \"chip\"}, \"learning\": {\"diagonal\": \"off\"}, \"chip\": {\"tau_mem_s\": 0.02}}\n")
ebn_add_cli_test(learn_chip_derived_key EXIT 2 MATCH "chip.tau_mem_s: derived from the network"
  COMMAND learn --config ${EBN_MAIN_CLI_DIR}/derived_key.json --out ${EBN_MAIN_CLI_DIR}/never)
ebn_add_cli_test(learn_trace_needs_chip EXIT 2 MATCH "--trace: waveforms are written by the chip backend"
  COMMAND learn --passes 1 --trace --quiet --out ${EBN_MAIN_CLI_DIR}/never2)
ebn_add_cli_test(learn_chip_rule_continuous EXIT 2 MATCH "learning.rule: the chip backend implements"
  COMMAND learn --backend chip --rule continuous --out ${EBN_MAIN_CLI_DIR}/never3)
ebn_add_cli_test(compare_mismatch_bad_sigma EXIT 2 MATCH "--sigmas: value 0.9"
  COMMAND compare-mismatch --sigmas 0,0.9 --out ${EBN_MAIN_CLI_DIR}/never4)
ebn_add_cli_test(sweep_bad_shard EXIT 2 MATCH "--shard: expected i/N"
  COMMAND sweep --grid ${PROJECT_SOURCE_DIR}/configs/sweeps/bits_sigma.json --shard 3/3 --out ${EBN_MAIN_CLI_DIR}/never5)

# compare-mismatch end to end (short) and its plot.
add_test(NAME main.compare_mismatch_short
  COMMAND sh -c "$<TARGET_FILE:ebn> compare-mismatch --sigmas 0,0.3 --seeds 1 --passes 5 --quiet --out ${EBN_MAIN_CLI_DIR}/cmp && /usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/plot_compare_mismatch.py ${EBN_MAIN_CLI_DIR}/cmp && test -s ${EBN_MAIN_CLI_DIR}/cmp/compare_mismatch.png")
set_tests_properties(main.compare_mismatch_short PROPERTIES LABELS main)

# Sweeps: independent of sharding, resumable, mergeable.
add_test(NAME main.sweep_sharding
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_sharding_check.sh $<TARGET_FILE:ebn> ${EBN_MAIN_CLI_DIR}/sweep)
set_tests_properties(main.sweep_sharding PROPERTIES LABELS main)

# Sign-off: passes on a healthy build, fails when one level is broken.
set(EBN_VERIFY_RECORDING)
if(EXISTS ${EBN_SHARED_DIR}/sim_data/spectre/sim1)
  set(EBN_VERIFY_RECORDING --recording ${EBN_SHARED_DIR}/sim_data/spectre/sim1)
endif()
ebn_add_cli_test(verify_quick_passes EXIT 0 MATCH "SIGN-OFF PASSED"
  COMMAND verify --quick --quiet ${EBN_VERIFY_RECORDING} --out ${EBN_MAIN_CLI_DIR}/verify_ok)
ebn_add_cli_test(verify_fails_on_broken_rtl EXIT 1 MATCH "FAIL +C\\+\\+ vs RTL|3 vs 4 .*FAIL"
  COMMAND verify --quick --quiet --inject-bug rtl-swap-kn --out ${EBN_MAIN_CLI_DIR}/verify_bad_rtl)
if(EBN_VERIFY_RECORDING)
  ebn_add_cli_test(verify_fails_on_broken_dac EXIT 1 MATCH "SIGN-OFF FAILED"
    COMMAND verify --quick --quiet --inject-bug dac-sign ${EBN_VERIFY_RECORDING} --out ${EBN_MAIN_CLI_DIR}/verify_bad_dac)
endif()
# Whole sign-off runs with a broken level: the Release run checks them; the sanitizer run, which
# already runs the healthy sign-off (verify_quick_passes) through the same code, skips them (CI time).
set_property(TEST cli.verify_fails_on_broken_rtl APPEND PROPERTY LABELS slow)
if(EBN_VERIFY_RECORDING)
  set_property(TEST cli.verify_fails_on_broken_dac APPEND PROPERTY LABELS slow)
endif()
