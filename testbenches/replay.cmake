# Recordings, calibration and replay (issue 3): loader, event extraction, circuit model,
# calibration, replay against the Sim1 recording (skipped when ../shared is absent), CLI.
include(${PROJECT_SOURCE_DIR}/systemc/src/replay/replay_core.cmake)

ebn_add_gtest(test_recording_loader
  SOURCES replay/test_recording_loader.cpp
  LIBS ebn_replay_core LABELS unit)

ebn_add_gtest(test_replay_model
  SOURCES replay/test_replay_model.cpp
  LIBS ebn_replay_core LABELS unit)

# Sim1 acceptance and mutations (skipped, naming the path, when ../shared is absent).
ebn_add_gtest(test_replay_sim1
  SOURCES replay/test_replay_sim1.cpp
  LIBS ebn_replay_core LABELS replay)
