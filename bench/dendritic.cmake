# Dendritic balance (issue 6): quick bars run (target <= 5 s on one core), per-step costs.
#   build-xx/bench/bench_dendritic --benchmark_filter=QuickBars
add_executable(bench_dendritic ${CMAKE_CURRENT_LIST_DIR}/bench_dendritic.cpp)
target_link_libraries(bench_dendritic PRIVATE ebn_warnings ebn_behavioral benchmark::benchmark)
