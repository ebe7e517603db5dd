# ebn_replay_core: single-synapse circuit model, calibration and replay of recordings
# (recording/, library ebn_recording) WITHOUT SystemC (the same sources are also globbed into ebn_chip for the `ebn` tool).
# Tests and benchmarks link this library so they need neither libsystemc nor the chip modules.
# Only systemc/src/replay/sc/ (the VCD playback writer) needs SystemC and is excluded here.
if(NOT TARGET ebn_replay_core)
  file(GLOB_RECURSE EBN_REPLAY_CORE_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/systemc/src/replay/*.cpp)
  list(FILTER EBN_REPLAY_CORE_SOURCES EXCLUDE REGEX "/replay/sc/")
  add_library(ebn_replay_core STATIC ${EBN_REPLAY_CORE_SOURCES})
  target_include_directories(ebn_replay_core PUBLIC ${PROJECT_SOURCE_DIR}/systemc/include)
  target_link_libraries(ebn_replay_core PUBLIC ebn_common ebn_recording Eigen3::Eigen PRIVATE ebn_warnings)
endif()
