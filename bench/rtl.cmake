# rtl/: the Verilated learning controller in C++ mode (issue 4: >= 2 M events/s for N = 20).
#   build-xx/bench/bench_rtl --benchmark_min_time=1
add_executable(bench_rtl bench_rtl.cpp)
target_link_libraries(bench_rtl PRIVATE ebn_warnings ebn_rtl_cc benchmark::benchmark)
