# rtl/: the Verilated learning controller in C++ mode (issue 4: >= 2 M events/s for N = 20).
#   build-xx/bench/bench_rtl --benchmark_min_time=1
add_executable(bench_rtl bench_rtl.cpp)
target_link_libraries(bench_rtl PRIVATE ebn_warnings ebn_rtl_cc benchmark::benchmark)

# SystemC mode (links ebn_chip, i.e. the --sc model; never together with ebn_rtl_cc):
#   bench_rtl_sc chip --controller rtl [--chip-trace]    bench_rtl_sc adapter [--rtl-trace]
add_executable(bench_rtl_sc bench_rtl_sc.cpp)
target_link_libraries(bench_rtl_sc PRIVATE ebn_warnings ebn_chip benchmark::benchmark)
