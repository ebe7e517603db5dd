# Issue 3: replay of the 0.5 s Sim1 recording including calibration (target < 2 s wall, one core).
include(${PROJECT_SOURCE_DIR}/systemc/src/replay/replay_core.cmake)
add_executable(bench_replay ${CMAKE_CURRENT_SOURCE_DIR}/bench_replay.cpp)
target_link_libraries(bench_replay PRIVATE ebn_warnings ebn_replay_core benchmark::benchmark)
target_compile_definitions(bench_replay PRIVATE EBN_SHARED_DIR="${EBN_SHARED_DIR}")
