# Issue 10: the bad-input suite (label `badinput`, also run by the sanitizer build). Every case
# runs `ebn` in a fresh work folder (cli/badinput_case.sh) and asserts the exit code, ONE error
# line naming the culprit, and that nothing in the folder was created, removed or changed.
#   ebn_badinput(name [EXIT code] MATCH regex [SETUP snippet] [FSIZE kb] COMMAND args...)
# SETUP is bash run in the work folder @W@ with the helpers of cli/badinput_setup.sh (no ';'
# inside: CMake would split it). Cases needing the shared Sim1 recording skip without it.
function(ebn_badinput name)
  cmake_parse_arguments(T "" "EXIT;MATCH;SETUP;FSIZE" "COMMAND" ${ARGN})
  if(NOT DEFINED T_EXIT)
    set(T_EXIT 2)
  endif()
  set(fsize)
  if(T_FSIZE)
    set(fsize --fsize ${T_FSIZE})
  endif()
  add_test(NAME badinput.${name}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/badinput_case.sh $<TARGET_FILE:ebn> ${T_EXIT} "${T_MATCH}" "${T_SETUP}"
            ${fsize} -- ${T_COMMAND})
  set_tests_properties(badinput.${name} PROPERTIES LABELS "badinput;cli" SKIP_RETURN_CODE 77 TIMEOUT 120
    ENVIRONMENT "SIM1=${EBN_SHARED_DIR}/sim_data/spectre/sim1;SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1")
endfunction()

# ---- 1. physically implausible recordings (recording/plausibility.h) ------------------------
foreach(case
    "time_ms|R_INPUT.csv: INPUT: time axis spans 202 s.*ms or ns"
    "time_ns|R_INPUT.csv: INPUT: time axis spans 2.02e.08 s"
    "time_ks|R_INPUT.csv: INPUT: time axis spans only 0.000202 s"
    "inc_ends_early|R_INC.csv: INC: signal ends at 0.12[0-9]* s but .*R_INPUT.csv ends at 0.202 s"
    "counter_starts_late|R_BitValue.csv: counter: signal starts at .* s but"
    "imem_nA|R_I_mem.csv:[0-9]+: I_mem: peak [0-9.]+ A is above 1e-06 A"
    "imem_x1000|R_I_mem.csv:[0-9]+: I_mem: peak 1e-05 A is above 1e-06 A"
    "imem_div1000|R_I_mem.csv: I_mem: peak 1e-11 A is below 1e-10 A"
    "imem_negated|R_I_mem.csv: I_mem: mostly negative.*negated"
    "imem_constant|R_I_mem.csv: I_mem: constant at 8e-09 A"
    "input_mV|R_INPUT.csv: INPUT: high level 1200 V is above 10 V"
    "input_kV|R_INPUT.csv: INPUT: swings only 0.0012 V"
    "input_negated|R_INPUT.csv: INPUT: levels are mostly negative"
    "inc_negated|R_INC.csv: INC: levels are mostly negative"
    "inc_constant|R_INC.csv: INC: swings only 0 V.*constant"
    "sl_constant|R_SL.csv: SL: swings only 0 V.*constant"
    "sl_mV|R_SL.csv: SL: high level 1200 V"
    "counter_x1000|R_BitValue.csv: counter: spans 1e.04 LSB with 40 pulses"
    "counter_div1000|R_BitValue.csv: counter: changes by only 0.01 LSB"
    "few_pulses|R_INPUT.csv: INPUT: 5 pulse.s., calibration needs at least 10"
    "nan_value|R_SL.csv:6: value is NaN"
    "truncated|R_I_mem.csv:[0-9]+: truncated last line"
    "non_monotonic|R_INC.csv:12: time not strictly increasing"
    "manifest_duplicate_key|manifest.json: signals.input: duplicate key")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 defect)
  list(GET parts 1 regex)
  ebn_badinput(recording_${defect} MATCH "${regex}" SETUP "rec rec ${defect}"
    COMMAND replay --recording @W@/rec --out @W@/out --trace @W@/t.vcd)
endforeach()
# The same checks guard calibrate (no parameter file) and verify (no report folder).
ebn_badinput(calibrate_implausible_time MATCH "R_INPUT.csv: INPUT: time axis spans 202 s" SETUP "rec rec time_ms"
  COMMAND calibrate --recording @W@/rec --out @W@/p.json)
ebn_badinput(calibrate_implausible_current MATCH "R_I_mem.csv:[0-9]+: I_mem: peak" SETUP "rec rec imem_nA"
  COMMAND calibrate --recording @W@/rec --out @W@/p.json)
ebn_badinput(verify_implausible_recording MATCH "R_INC.csv: INC: signal ends at" SETUP "rec rec inc_ends_early"
  COMMAND verify --quick --quiet --recording @W@/rec --out @W@/verify)
ebn_badinput(verify_missing_recording MATCH "--recording: .*nowhere: no such folder"
  COMMAND verify --quick --quiet --recording @W@/nowhere --out @W@/verify)

# ---- 3. outputs complete or absent -----------------------------------------------------------
ebn_badinput(learn_out_foreign_folder MATCH "keep: exists and is not an ebn result folder"
  SETUP "mkdir keep && echo precious > keep/notes.txt" COMMAND learn --passes 1 --quiet --out @W@/keep)
ebn_badinput(learn_out_is_a_file MATCH "afile: exists and is not a folder" SETUP "echo x > afile"
  COMMAND learn --passes 1 --quiet --out @W@/afile)
ebn_badinput(verify_out_foreign_folder MATCH "mine: exists and is not an ebn result folder"
  SETUP "mkdir mine && echo x > mine/report.md" COMMAND verify --quick --quiet --out @W@/mine)
# Several recordings fitted as one: a bad second one is refused like a bad first one.
ebn_badinput(calibrate_second_recording_implausible MATCH "rec2/R_I_mem.csv:[0-9]+: I_mem: peak" SETUP "rec rec && rec rec2 imem_nA"
  COMMAND calibrate --recording @W@/rec --recording @W@/rec2 --out @W@/p.json)
ebn_badinput(calibrate_second_recording_missing MATCH "nothere" SETUP "rec rec"
  COMMAND calibrate --recording @W@/rec --recording @W@/nothere --out @W@/p.json)
ebn_badinput(calibrate_out_directory MATCH "adir: output file is a folder" SETUP "rec rec && mkdir adir"
  COMMAND calibrate --recording @W@/rec --out @W@/adir)
ebn_badinput(calibrate_out_fifo MATCH "fifo: output file is a FIFO" SETUP "rec rec && mkfifo fifo"
  COMMAND calibrate --recording @W@/rec --out @W@/fifo)
ebn_badinput(calibrate_out_device MATCH "full: output file is a device node" SETUP "rec rec && mknod full c 1 7"
  COMMAND calibrate --recording @W@/rec --out @W@/full)
ebn_badinput(calibrate_out_missing_folder MATCH "p.json: output file: folder .*/nofolder does not exist" SETUP "rec rec"
  COMMAND calibrate --recording @W@/rec --out @W@/nofolder/p.json)
ebn_badinput(replay_trace_fifo MATCH "t.vcd: (--trace|output file) is a FIFO" SETUP "rec rec && mkfifo t.vcd"
  COMMAND replay --recording @W@/rec --trace @W@/t.vcd --out @W@/out)
ebn_badinput(replay_trace_directory MATCH "t.vcd: (--trace|output file) is a folder" SETUP "rec rec && mkdir t.vcd"
  COMMAND replay --recording @W@/rec --trace @W@/t.vcd)
ebn_badinput(chip_run_trace_socket MATCH "sock.vcd: output file is a socket"
  SETUP "/usr/bin/python3 -c \"import socket as s, sys\nsock = s.socket(s.AF_UNIX)\nsock.bind('sock.vcd')\""
  COMMAND chip-run --passes 1 --duration 0.01 --trace @W@/sock.vcd --out @W@/res)
ebn_badinput(chip_run_trace_device MATCH "null.vcd: output file is a device node" SETUP "mknod null.vcd c 1 3"
  COMMAND chip-run --passes 1 --duration 0.01 --trace @W@/null.vcd --out @W@/res)
# Full disk: a 64 KiB tmpfs (or, where mounting is not permitted, a 64 KiB file-size limit).
ebn_badinput(chip_run_trace_disk_full MATCH "t.vcd[.a-z]*: (not written: .*)?(no space left|file-size limit)"
  SETUP "small_tmpfs disk" COMMAND chip-run --passes 1 --duration 0.05 --trace @W@/disk/t.vcd --out @W@/res)
ebn_badinput(chip_run_trace_size_limit MATCH "t.vcd[.a-z]*: (not written: .*)?file-size limit" FSIZE 64
  COMMAND chip-run --passes 1 --duration 0.05 --trace @W@/t.vcd --out @W@/res)
# The chip writes the last pass's FST itself (chip_trace.h): a full disk or the size limit while it
# writes is one line naming the file, and no result folder.
ebn_badinput(learn_trace_disk_full MATCH "last_pass.fst: not written completely"
  SETUP "small_tmpfs disk 1m" COMMAND learn --backend chip --passes 1 --trace --quiet --out @W@/disk/res)
ebn_badinput(learn_trace_size_limit MATCH "last_pass.fst: not written completely" FSIZE 512
  COMMAND learn --backend chip --passes 1 --trace --quiet --out @W@/res)
ebn_badinput(learn_out_disk_full MATCH "res.*(No space left|no space left)" SETUP "small_tmpfs disk 16k"
  COMMAND learn --passes 1 --quiet --out @W@/disk/res)
ebn_badinput(learn_out_size_limit MATCH "res.*(File too large|file-size limit)" FSIZE 16
  COMMAND learn --passes 1 --quiet --out @W@/res)
# A validation error creates no folder, not even the missing parents of --out.
ebn_badinput(learn_bad_config_creates_nothing MATCH "bad.json: network.tau_mem_s: value -1"
  SETUP "json bad.json '{\"network\": {\"tau_mem_s\": -1}}'" COMMAND learn --config @W@/bad.json --out @W@/new/sub/res)

# ---- 4. numbers from the command line and configs --------------------------------------------
ebn_badinput(shard_wraps MATCH "--shard: number too large in '1/4294967298'"
  SETUP "json g.json '{\"axes\": [{\"key\": \"experiment.seed\", \"values\": [1]}]}'"
  COMMAND sweep --grid @W@/g.json --shard 1/4294967298 --out @W@/sw)
ebn_badinput(shard_index_wraps MATCH "--shard: number too large in '4294967297/3'"
  SETUP "json g.json '{\"axes\": [{\"key\": \"experiment.seed\", \"values\": [1]}]}'"
  COMMAND sweep --grid @W@/g.json --shard 4294967297/3 --out @W@/sw)
ebn_badinput(learn_neurons_memory MATCH "network.neurons: value 100000 out of range .2, 4096. .*memory"
  COMMAND learn --neurons 100000 --out @W@/res)
ebn_badinput(learn_one_neuron MATCH "network.neurons: value 1 out of range .2, 4096." COMMAND learn --neurons 1 --out @W@/res)
ebn_badinput(learn_mismatch_nan MATCH "--mismatch: must be .*, got 'nan'"
  COMMAND learn --backend chip --mismatch nan --out @W@/res)
ebn_badinput(learn_mismatch_negative MATCH "--mismatch.*-0.5" COMMAND learn --backend chip --mismatch -0.5 --out @W@/res)
ebn_badinput(learn_seed_negative MATCH "--seed.*-1" COMMAND learn --seed -1 --out @W@/res)
ebn_badinput(learn_passes_zero MATCH "--passes.*0" COMMAND learn --passes 0 --out @W@/res)
ebn_badinput(learn_seed_overflow MATCH "--seed.*(too large|could not be converted)"
  COMMAND learn --seed 99999999999999999999999 --out @W@/res)
ebn_badinput(calibrate_grid_nan MATCH "--grid-us.*must be a finite number" SETUP "rec rec"
  COMMAND calibrate --recording @W@/rec --grid-us nan --out @W@/p.json)
ebn_badinput(calibrate_grid_inf MATCH "--grid-us.*(must be a finite number|Value inf not in range)" SETUP "rec rec"
  COMMAND calibrate --recording @W@/rec --grid-us inf --out @W@/p.json)
ebn_badinput(chip_run_duration_negative MATCH "--duration.*-1" COMMAND chip-run --duration -1 --out @W@/res)
ebn_badinput(chip_run_duration_nan MATCH "--duration.*must be a finite number" COMMAND chip-run --duration nan --out @W@/res)
ebn_badinput(compare_sigmas_nan MATCH "--sigmas.*must be a finite number" COMMAND compare-mismatch --sigmas 0,nan --out @W@/res)
ebn_badinput(crosscheck_events_overflow MATCH "--events.*(too large|could not be converted)"
  COMMAND crosscheck --events 99999999999999999999)
ebn_badinput(crosscheck_nothing_to_compare MATCH "--events.*0" COMMAND crosscheck --events 0)
ebn_badinput(replay_decimate_negative MATCH "--csv-decimate.*(negative|-1)" SETUP "rec rec"
  COMMAND replay --recording @W@/rec --csv-decimate -1)
ebn_badinput(dendritic_seed_negative MATCH "dendritic.seed: value -3 out of range" COMMAND dendritic bars --seed -3 --out @W@/res)
ebn_badinput(config_duplicate_key MATCH "c.json: network.neurons: duplicate key"
  SETUP "json c.json '{\"network\": {\"neurons\": 10, \"neurons\": 20}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_duplicate_section MATCH "c.json: learning: duplicate key"
  SETUP "json c.json '{\"learning\": {}, \"learning\": {\"step\": 1}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_unknown_key MATCH "c.json: experiment.pases: unknown key"
  SETUP "json c.json '{\"experiment\": {\"pases\": 3}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_number_overflow MATCH "c.json: invalid JSON: number overflow"
  SETUP "json c.json '{\"network\": {\"tau_mem_s\": 1e999}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_integer_wraps MATCH "c.json: experiment.seed: value 18446744073709551615 out of range"
  SETUP "json c.json '{\"experiment\": {\"seed\": 18446744073709551615}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_negative_time MATCH "c.json: network.dt_s: value -0.001"
  SETUP "json c.json '{\"network\": {\"dt_s\": -0.001}}'" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_too_deep MATCH "c.json: nesting deeper than 32 levels"
  SETUP "/usr/bin/python3 -c \"open('c.json', 'w').write('{\\\"a\\\": ' * 100 + '1' + '}' * 100)\""
  COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_too_large MATCH "c.json: file too large"
  SETUP "/usr/bin/python3 -c \"open('c.json', 'w').write('{' + ' ' * (17 << 20) + '}')\""
  COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_is_fifo MATCH "cfifo: not a regular file" SETUP "mkfifo cfifo" COMMAND learn --config @W@/cfifo --out @W@/res)
ebn_badinput(recording_signal_is_fifo MATCH "fifo.csv: not a regular file"
  SETUP "rec rec && mkfifo rec/fifo.csv && json rec/manifest.json '{\"format\": \"ebn-recording/1\", \"signals\": {\"input\": {\"file\": \"R_INPUT.csv\"}, \"i_mem\": {\"file\": \"R_I_mem.csv\"}, \"inc\": {\"file\": \"R_INC.csv\"}, \"sl\": {\"file\": \"fifo.csv\"}, \"counter\": {\"file\": \"R_BitValue.csv\"}}}'"
  COMMAND replay --recording @W@/rec)
ebn_badinput(config_is_folder MATCH "cdir: is a folder" SETUP "mkdir cdir" COMMAND learn --config @W@/cdir --out @W@/res)
ebn_badinput(dendritic_duplicate_key MATCH "d.json: dendritic.bars.p: duplicate key"
  SETUP "json d.json '{\"dendritic\": {\"bars\": {\"p\": 0.1, \"p\": 0.2}}}'" COMMAND dendritic bars --config @W@/d.json --out @W@/res)
ebn_badinput(dendritic_unknown_key MATCH "d.json: dendritic.shedule: unknown key"
  SETUP "json d.json '{\"dendritic\": {\"shedule\": {}}}'" COMMAND dendritic bars --config @W@/d.json --out @W@/res)
ebn_badinput(params_duplicate_key MATCH "p.json: window.i_lower_A: duplicate key"
  SETUP "rec rec && json p.json '{\"model\": {}, \"window\": {\"i_lower_A\": 1e-9, \"i_lower_A\": 2e-9, \"i_upper_A\": 3e-9}}'"
  COMMAND replay --recording @W@/rec --params @W@/p.json)
ebn_badinput(params_null_value MATCH "p.json: model.tau_mem_s: must be a number"
  SETUP "rec rec && json p.json '{\"model\": {\"tau_mem_s\": null}, \"window\": {\"i_lower_A\": 1e-9, \"i_upper_A\": 3e-9}}'"
  COMMAND replay --recording @W@/rec --params @W@/p.json)

# ---- 5. no internal errors for user mistakes ------------------------------------------------
ebn_badinput(config_top_level_array MATCH "c.json: top level must be a JSON object" SETUP "json c.json '[1, 2]'"
  COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_empty_file MATCH "c.json:1: invalid JSON" SETUP "touch c.json" COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(config_section_wrong_type MATCH "c.json: network: must be an object" SETUP "json c.json '{\"network\": 3}'"
  COMMAND learn --config @W@/c.json --out @W@/res)
ebn_badinput(grid_not_object MATCH "g.json: top level must be a JSON object" SETUP "json g.json '\"axes\"'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(grid_axes_wrong MATCH "g.json: axes.0.: must be" SETUP "json g.json '{\"axes\": [3]}'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(merge_grid_record_garbage MATCH "grid.json: must hold .axes. and .jobs. arrays"
  SETUP "mkdir sw && json sw/grid.json '{\"jobs\": 7}'" COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_not_a_sweep MATCH "grid.json: missing .not a sweep folder" SETUP "mkdir sw" COMMAND sweep-merge @W@/sw)
ebn_badinput(unknown_option MATCH "--bogus" COMMAND learn --bogus --out @W@/res)

# ---- 6. sweeps ---------------------------------------------------------------------------------
ebn_badinput(grid_metric_misspelt MATCH "g.json: reliable.metric: unknown metric 'final.distance_to_optimum'"
  SETUP "json g.json '{\"axes\": [{\"key\": \"experiment.seed\", \"values\": [1]}], \"reliable\": {\"metric\": \"final.distance_to_optimum\", \"group_by\": \"experiment.seed\"}}'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(grid_group_by_not_axis MATCH "g.json: reliable.group_by: 'learning.weight_bits' is not an axis"
  SETUP "json g.json '{\"axes\": [{\"key\": \"experiment.seed\", \"values\": [1]}], \"reliable\": {\"group_by\": \"learning.weight_bits\"}}'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(grid_axis_key_misspelt MATCH "g.json .job_00000.: learning.wieght_bits: unknown key"
  SETUP "json g.json '{\"axes\": [{\"key\": \"learning.wieght_bits\", \"values\": [4]}]}'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(grid_axis_value_out_of_range MATCH "g.json .job_00001.: learning.weight_bits: value 99"
  SETUP "json g.json '{\"axes\": [{\"key\": \"learning.weight_bits\", \"values\": [4, 99]}], \"fixed\": {\"learning\": {\"quantized\": true}}}'"
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(grid_too_many_jobs MATCH "g.json: axes: the grid has more than 1000000 jobs"
  SETUP "/usr/bin/python3 -c \"import json\nax = [{'key': 'experiment.seed', 'values': list(range(1000))}, {'key': 'experiment.passes', 'values': list(range(1, 1002))}]\njson.dump({'axes': ax}, open('g.json', 'w'))\""
  COMMAND sweep --grid @W@/g.json --out @W@/sw)
ebn_badinput(merge_metric_not_numeric MATCH "job_00001.json: metric final.distance_to_optimal missing or not a finite number"
  SETUP "tiny_sweep sw && edit_json sw/jobs/job_00001.json \"j['metrics']['final.distance_to_optimal'] = 'low'\""
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_metric_missing MATCH "job_00000.json: metric wall_s missing"
  SETUP "tiny_sweep sw && edit_json sw/jobs/job_00000.json \"del j['metrics']['wall_s']\""
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_point_not_in_grid MATCH "job_00001.json: point .* is not the grid's point"
  SETUP "tiny_sweep sw && edit_json sw/jobs/job_00001.json \"j['point']['experiment.seed'] = 7\""
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_wrong_fingerprint MATCH "job_00000.json: fingerprint does not match"
  SETUP "tiny_sweep sw && edit_json sw/jobs/job_00000.json \"j['fingerprint'] = '0123456789abcdef'\""
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_torn_job MATCH "job_00001.json: not a job result"
  SETUP "tiny_sweep sw && head -c 40 sw/jobs/job_00000.json > sw/jobs/job_00001.json"
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_foreign_job MATCH "job_00042.json: job not in the grid"
  SETUP "tiny_sweep sw && cp sw/jobs/job_00000.json sw/jobs/job_00042.json"
  COMMAND sweep-merge --no-plot @W@/sw)
ebn_badinput(merge_unfinished MATCH "1 of 2 jobs not finished .first: job_00001"
  SETUP "tiny_sweep sw && rm sw/jobs/job_00001.json" COMMAND sweep-merge --no-plot @W@/sw)

# Sweeps under faults: an invalid job file is run again; a killed sweep leaves no orphan process.
add_test(NAME badinput.sweep_rerun_and_kill
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_robustness_check.sh $<TARGET_FILE:ebn> ${CMAKE_CURRENT_BINARY_DIR}/sweep_robustness)
set_tests_properties(badinput.sweep_rerun_and_kill PROPERTIES LABELS "badinput;cli" TIMEOUT 120)

# Sign-off infrastructure failure: a missing sibling program is ERROR (exit 3), never FAIL/PASS.
add_test(NAME cli.verify_infrastructure_error
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_infrastructure_check.sh $<TARGET_FILE:ebn> ${CMAKE_CURRENT_BINARY_DIR}/verify_infra)
# A whole sign-off run per missing program: labelled slow, so the sanitizer run skips it (CI time).
set_tests_properties(cli.verify_infrastructure_error PROPERTIES LABELS "main;cli;slow" TIMEOUT 600)

# A full disk while the chip trace is finished throws after a SystemC simulation ran; ASan then
# reports a false stack-buffer-underflow on SystemC's coroutine stacks (google/sanitizers#189, the
# same false positive docs/chip_model.md notes). The sanitizer run skips these two; the Release run
# checks them.
set_tests_properties(badinput.chip_run_trace_disk_full badinput.chip_run_trace_size_limit
  badinput.learn_trace_disk_full badinput.learn_trace_size_limit
  PROPERTIES LABELS "badinput;asan_sc_unwind")

# ---- `ebn synth` / `ebn formal` (issue 9): unknown style, B out of range, yosys missing from PATH
ebn_badinput(synth_unknown_style MATCH "--style: unknown update style 'diagonal'" COMMAND synth --style diagonal)
ebn_badinput(synth_bits_out_of_range MATCH "--bits: 17 is outside 2..16" COMMAND synth --bits 17)
ebn_badinput(formal_unknown_style MATCH "--style: unknown style 'diagonal'" COMMAND formal --style diagonal)
ebn_badinput(formal_bits_out_of_range MATCH "--bits-max: 9 not in 3..8" COMMAND formal --bits-max 9)
# The SystemC-mode scoreboard has no event stream, coverage netlist or planted bug: refused.
ebn_badinput(crosscheck_systemc_events MATCH "--systemc: runs the protocol scoreboard only" COMMAND crosscheck --systemc --stimulus events)
ebn_badinput(crosscheck_systemc_inject_bug MATCH "--systemc: the SystemC netlists carry no planted bug" COMMAND crosscheck --systemc --inject-bug swap-kn)
# yosys missing: ebn runs with PATH = the (empty) work folder; the case's own shell keeps its PATH,
# so `env` is the program badinput_case.sh starts and ebn comes after the new PATH.
foreach(case "synth|--neurons" "formal|--neurons-max")
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 cmd)
  list(GET case 1 size_option)
  add_test(NAME badinput.${cmd}_yosys_not_on_path
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/badinput_case.sh /usr/bin/env 2 "yosys not found (on|in) PATH" ""
            -- -u EBN_YOSYS PATH=@W@ $<TARGET_FILE:ebn> ${cmd} ${size_option} 4)
  set_tests_properties(badinput.${cmd}_yosys_not_on_path PROPERTIES LABELS "badinput;cli" TIMEOUT 120)
endforeach()
