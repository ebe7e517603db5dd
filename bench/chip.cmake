# Level-3 chip model speed (issue 3: >= 50x real time, 20 neurons, learning, C++ controller).
add_executable(bench_chip ${CMAKE_CURRENT_LIST_DIR}/bench_chip.cpp)
target_link_libraries(bench_chip PRIVATE ebn_warnings ebn_chip benchmark::benchmark PkgConfig::SystemC)
