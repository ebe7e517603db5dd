# Levels 1/2 (behavioral/): formulas, model pieces, learning, ladder 1<->2, `ebn learn` CLI.
ebn_add_gtest(test_ebn_unit
  SOURCES unit/test_ebn_formulas.cpp unit/test_ebn_model.cpp unit/test_ebn_learning.cpp
  LIBS ebn_behavioral LABELS unit)
ebn_add_gtest(test_ebn_ladder
  SOURCES ladder/test_ebn_ladder.cpp
  LIBS ebn_behavioral LABELS ladder)
