# Levels 1/2: realtime factor of a training trial (issue 2 targets), signal generation, noise.
add_executable(bench_behavioral ${CMAKE_CURRENT_LIST_DIR}/bench_behavioral.cpp)
target_link_libraries(bench_behavioral PRIVATE ebn_warnings ebn_behavioral benchmark::benchmark)
