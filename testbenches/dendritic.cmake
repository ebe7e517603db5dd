# Dendritic-balance networks (issue 6): unit tests, ordering/mutation ladder tests, CLI checks.
file(GLOB EBN_DENDRITIC_UNIT CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dendritic_*.cpp)
ebn_add_gtest(test_dendritic_unit SOURCES ${EBN_DENDRITIC_UNIT} LIBS ebn_behavioral LABELS dendritic)  # one label: the helper passes LABELS unquoted
ebn_add_gtest(test_dendritic_ladder SOURCES ladder/test_dendritic_ordering.cpp LIBS ebn_behavioral LABELS dendritic)

# CLI: bad parameters and bad input -> one-line error naming the key or file, exit code 2.
set(EBN_DENDRITIC_CLI_OUT ${CMAKE_CURRENT_BINARY_DIR}/dendritic_cli_out)
set(EBN_DENDRITIC_BAD_IDX ${CMAKE_CURRENT_BINARY_DIR}/dendritic_bad_idx)
# A data folder whose image file is not IDX (gzread reads plain files transparently -> magic check).
file(WRITE ${EBN_DENDRITIC_BAD_IDX}/train-images-idx3-ubyte.gz "this is not an IDX file at all")
file(WRITE ${EBN_DENDRITIC_BAD_IDX}/train-labels-idx1-ubyte.gz "neither is this")
ebn_add_cli_test(dendritic_bad_rule EXIT 2 MATCH "dendritic.rule" COMMAND dendritic bars --rule nope --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_p EXIT 2 MATCH "dendritic.bars.p: value 1.5 out of range" COMMAND dendritic bars --p 1.5 --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_bits EXIT 2 MATCH "dendritic.hardware.weight_bits" COMMAND dendritic bars --bits 1 --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_dt EXIT 2 MATCH "dendritic.network.dt_ms" COMMAND dendritic bars --dt-ms 0 --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_rounding EXIT 2 MATCH "dendritic.hardware.rounding" COMMAND dendritic bars --rounding up --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_unknown_key EXIT 2 MATCH "dendritic.network.bogus_key: unknown key"
  COMMAND dendritic bars --config ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_unknown_key.json --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_decay_zero_init EXIT 2 MATCH "dendritic.network.init_f_mean"
  COMMAND dendritic bars --config ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_decay_zero_init.json --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_missing_data EXIT 2 MATCH "/nonexistent/fashion/train-images-idx3-ubyte.gz.*cannot open IDX file"
  COMMAND dendritic fmnist --quick --data-dir /nonexistent/fashion --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_idx EXIT 2 MATCH "train-images-idx3-ubyte.gz.*wrong magic number"
  COMMAND dendritic fmnist --quick --data-dir ${EBN_DENDRITIC_BAD_IDX} --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_unwritable_out EXIT 2 MATCH "/proc/ebn_forbidden"
  COMMAND dendritic bars --quick --out /proc/ebn_forbidden/run)
ebn_add_cli_test(dendritic_bad_shard EXIT 2 MATCH "--shard" COMMAND dendritic sweep --rules analytic --shard 3/2 --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_sweep_value EXIT 2 MATCH "job_00001.*dendritic.bars.p"
  COMMAND dendritic sweep --p-values 0.5,2 --out ${EBN_DENDRITIC_CLI_OUT})

# The helper labels these "cli"; add "dendritic" so `ctest -L dendritic` runs the whole area.
foreach(t bad_rule bad_p bad_bits bad_dt bad_rounding unknown_key decay_zero_init missing_data bad_idx unwritable_out bad_shard bad_sweep_value)
  set_tests_properties(cli.dendritic_${t} PROPERTIES LABELS "cli;dendritic")
endforeach()

# A short bars run + 2-shard sweep + plots (PNGs exist and are not blank); the same for fmnist.
foreach(kind bars fmnist)
  add_test(NAME cli.dendritic_plots_${kind}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_plot_test.sh $<TARGET_FILE:ebn> ${PROJECT_SOURCE_DIR}/scripts/plot_dendritic.py
            ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_small.json ${CMAKE_CURRENT_BINARY_DIR}/dendritic_plots_${kind} ${kind})
  set_tests_properties(cli.dendritic_plots_${kind} PROPERTIES LABELS "cli;dendritic" SKIP_RETURN_CODE 77)
endforeach()
# The bars sweep is the longest of the two (about 3 min under ASan); the sanitizer run skips it, the
# fmnist one keeps the plot path covered there.
set_tests_properties(cli.dendritic_plots_bars PROPERTIES LABELS "cli;dendritic;slow")

# Natural scenes and speech (issue 13). The data preparation runs once (fixture) into a cache in
# the build tree; missing Debian data / espeak-ng are pointed at missing paths (never uninstalled).
set(EBN_DENDRITIC_CACHE ${CMAKE_CURRENT_BINARY_DIR}/dendritic_data_cache)
add_test(NAME dendritic.prepare_data
  COMMAND sh -c "/usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/prepare_dendritic_data.py scenes --out ${EBN_DENDRITIC_CACHE} && /usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/prepare_dendritic_data.py speech --out ${EBN_DENDRITIC_CACHE}")
set_tests_properties(dendritic.prepare_data PROPERTIES FIXTURES_SETUP dendritic_data LABELS dendritic TIMEOUT 600)
ebn_add_cli_test(dendritic_scenes_missing_skimage EXIT 2 MATCH "/nonexistent/skimage: image 'camera' not found.*python3-skimage"
  COMMAND dendritic scenes --quick --skimage-dir /nonexistent/skimage --cache-dir ${CMAKE_CURRENT_BINARY_DIR}/dendritic_nocache --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_speech_missing_espeak EXIT 2 MATCH "/nonexistent/espeak-ng: espeak-ng not found.*install espeak-ng"
  COMMAND dendritic speech --quick --espeak /nonexistent/espeak-ng --cache-dir ${CMAKE_CURRENT_BINARY_DIR}/dendritic_nocache --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_bad_variant EXIT 2 MATCH "dendritic.speech.variant"
  COMMAND dendritic speech --variant fig9 --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_scenes_local_rule EXIT 2 MATCH "dendritic.rule.*analytic"
  COMMAND dendritic scenes --rule decay --out ${EBN_DENDRITIC_CLI_OUT})
ebn_add_cli_test(dendritic_scenes_bad_rate EXIT 2 MATCH "dendritic.network.rate_per_ms"
  COMMAND dendritic scenes --rate-hz 0 --out ${EBN_DENDRITIC_CLI_OUT})
foreach(t scenes_missing_skimage speech_missing_espeak bad_variant scenes_local_rule scenes_bad_rate)
  set_tests_properties(cli.dendritic_${t} PROPERTIES LABELS "cli;dendritic")
endforeach()
# The environment variable route of the missing-package check (EBN_ESPEAK_NG).
add_test(NAME cli.dendritic_speech_missing_espeak_env
  COMMAND ${CMAKE_COMMAND} -E env EBN_ESPEAK_NG=/nonexistent/bin/espeak-ng
          ${CMAKE_CURRENT_SOURCE_DIR}/support/expect_exit.sh 2 "/nonexistent/bin/espeak-ng: espeak-ng not found" $<TARGET_FILE:ebn>
          dendritic speech --quick --cache-dir ${CMAKE_CURRENT_BINARY_DIR}/dendritic_nocache_env --out ${EBN_DENDRITIC_CLI_OUT})
set_tests_properties(cli.dendritic_speech_missing_espeak_env PROPERTIES LABELS "cli;dendritic")
add_test(NAME cli.dendritic_scenes_speech
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_scenes_speech_test.sh $<TARGET_FILE:ebn> ${PROJECT_SOURCE_DIR}/scripts/plot_dendritic.py
          ${CMAKE_CURRENT_SOURCE_DIR}/cli/dendritic_scenes_speech_small.json ${CMAKE_CURRENT_BINARY_DIR}/dendritic_scenes_speech
          ${EBN_DENDRITIC_CACHE})
set_tests_properties(cli.dendritic_scenes_speech PROPERTIES LABELS "cli;dendritic" FIXTURES_REQUIRED dendritic_data TIMEOUT 300)
