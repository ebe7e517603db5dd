# Levels 1/2 (behavioral/): formulas, model pieces, learning, ladder 1<->2, `ebn learn` CLI.
ebn_add_gtest(test_ebn_unit
  SOURCES unit/test_ebn_formulas.cpp unit/test_ebn_model.cpp unit/test_ebn_learning.cpp unit/test_ebn_fast_paths.cpp
          unit/test_ebn_neuron_scaling.cpp unit/test_ebn_fast_mode.cpp unit/test_ebn_fast_trial.cpp
  LIBS ebn_behavioral LABELS unit)
ebn_add_gtest(test_ebn_ladder
  SOURCES ladder/test_ebn_ladder.cpp
  LIBS ebn_behavioral LABELS ladder)

# `ebn learn` command line: bad input -> exit 2, one line naming the key or path, nothing written.
set(EBN_LEARN_CLI_DIR ${CMAKE_CURRENT_BINARY_DIR}/cli_learn)
file(MAKE_DIRECTORY ${EBN_LEARN_CLI_DIR})
file(WRITE ${EBN_LEARN_CLI_DIR}/unknown_key.json "{\"network\": {\"tau_mem\": 0.05}}\n")
file(WRITE ${EBN_LEARN_CLI_DIR}/negative_tau.json "{\"network\": {\"tau_fast_s\": -0.001}}\n")
file(WRITE ${EBN_LEARN_CLI_DIR}/bits_1.json "{\"learning\": {\"quantized\": true, \"weight_bits\": 1}}\n")
file(WRITE ${EBN_LEARN_CLI_DIR}/dt_ge_tau.json "{\"network\": {\"dt_s\": 0.001}}\n")
file(WRITE ${EBN_LEARN_CLI_DIR}/truncated.json "{\"network\": {\"neurons\": 20,\n")
set(EBN_LEARN_CFG ${EBN_LEARN_CLI_DIR})
ebn_add_cli_test(learn_unknown_key EXIT 2 MATCH "unknown_key.json: network.tau_mem: unknown key"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/unknown_key.json --out ${EBN_LEARN_CLI_DIR}/out_unknown)
ebn_add_cli_test(learn_negative_tau EXIT 2 MATCH "network.tau_fast_s: value -0.001 out of range"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/negative_tau.json --out ${EBN_LEARN_CLI_DIR}/out_tau)
ebn_add_cli_test(learn_bits_below_2 EXIT 2 MATCH "learning.weight_bits: value 1 out of range"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/bits_1.json --out ${EBN_LEARN_CLI_DIR}/out_bits)
ebn_add_cli_test(learn_dt_not_below_tau EXIT 2 MATCH "network.dt_s: value 0.001 must be smaller"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/dt_ge_tau.json --out ${EBN_LEARN_CLI_DIR}/out_dt)
ebn_add_cli_test(learn_truncated_json EXIT 2 MATCH "truncated.json:[0-9]+: invalid JSON"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/truncated.json --out ${EBN_LEARN_CLI_DIR}/out_trunc)
ebn_add_cli_test(learn_missing_config EXIT 2 MATCH "nonexistent.json"
  COMMAND learn --quiet --config ${EBN_LEARN_CFG}/nonexistent.json --out ${EBN_LEARN_CLI_DIR}/out_missing)
ebn_add_cli_test(learn_unknown_rule EXIT 2 MATCH "learning.rule: unknown value 'hebb'"
  COMMAND learn --quiet --rule hebb --out ${EBN_LEARN_CLI_DIR}/out_rule)
ebn_add_cli_test(learn_bad_neurons EXIT 2 MATCH "--neurons: must be >= 1"
  COMMAND learn --quiet --neurons 0 --out ${EBN_LEARN_CLI_DIR}/out_neurons)
ebn_add_cli_test(learn_negative_seed EXIT 2 MATCH "--seed: must be >= 0, got .-3."
  COMMAND learn --quiet --seed -3 --out ${EBN_LEARN_CLI_DIR}/out_seed)
ebn_add_cli_test(learn_fast_on_chip EXIT 2 MATCH "network.fast_mode: the fast mode exists for levels 1/2 only"
  COMMAND learn --quiet --fast --backend chip --out ${EBN_LEARN_CLI_DIR}/out_fast_chip)
ebn_add_cli_test(learn_unwritable_out EXIT 2 MATCH "/proc/x"
  COMMAND learn --quiet --passes 1 --out /proc/x)
ebn_add_cli_test(learn_bad_prefetch_env EXIT 2 MATCH "EBN_PREFETCH='sometimes': expected on, off or auto"
  COMMAND learn --quiet --passes 1 --out ${EBN_LEARN_CLI_DIR}/out_prefetch)
set_tests_properties(cli.learn_bad_prefetch_env PROPERTIES ENVIRONMENT EBN_PREFETCH=sometimes)
# Nothing half-written: the output folder stays absent (or empty) after each kind of bad input.
foreach(bad unknown_key negative_tau bits_1 dt_ge_tau truncated)
  add_test(NAME cli.learn_nothing_written_${bad}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/learn_checks.sh nothing-written $<TARGET_FILE:ebn>
            ${EBN_LEARN_CLI_DIR}/nothing_${bad} --config ${EBN_LEARN_CFG}/${bad}.json)
  set_tests_properties(cli.learn_nothing_written_${bad} PROPERTIES LABELS cli)
endforeach()
# A short run, then the plot script: every result file and two non-blank PNGs.
add_test(NAME cli.learn_and_plot
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/learn_checks.sh plot $<TARGET_FILE:ebn>
          ${PROJECT_SOURCE_DIR}/scripts/plot_learning.py ${EBN_LEARN_CLI_DIR}/plot_run)
set_tests_properties(cli.learn_and_plot PROPERTIES LABELS cli)

# The fast mode's spare core under ThreadSanitizer (its own small -fsanitize=thread build of the
# sources it needs; the ASan run leaves it out: label "tsan").
add_test(NAME spare_core.tsan COMMAND ${CMAKE_SOURCE_DIR}/scripts/tsan_spare_core.sh ${CMAKE_CURRENT_BINARY_DIR}/tsan)
set_tests_properties(spare_core.tsan PROPERTIES LABELS "tsan" TIMEOUT 600)
