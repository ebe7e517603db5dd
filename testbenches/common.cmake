# Shared definitions: decision semantics, counter encoding, config reader, output folders.
ebn_add_gtest(test_common
  SOURCES unit/test_decision.cpp unit/test_config_reader.cpp unit/test_output_dir.cpp unit/test_child_process.cpp unit/test_sweep_grid.cpp
  LIBS ebn_common LABELS unit)
