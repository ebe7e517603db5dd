# Dendritic-balance networks (issue 6): unit tests, ordering/mutation ladder tests, CLI checks.
file(GLOB EBN_DENDRITIC_UNIT CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dendritic_*.cpp)
ebn_add_gtest(test_dendritic_unit SOURCES ${EBN_DENDRITIC_UNIT} LIBS ebn_behavioral LABELS unit dendritic)
# fashion_mnist.cpp (in ebn_behavioral, globbed) reads gzipped IDX files with zlib.
# TODO(H1): move this into behavioral/CMakeLists.txt; kept here so the owner's file stays untouched.
target_link_libraries(ebn_behavioral PUBLIC ZLIB::ZLIB)
# Lets `ebn dendritic ... --plot` find the plotting script of the source tree.
set_source_files_properties(${PROJECT_SOURCE_DIR}/apps/cmd_dendritic.cpp DIRECTORY ${PROJECT_SOURCE_DIR}/apps
  PROPERTIES COMPILE_DEFINITIONS EBN_PLOT_DENDRITIC_SCRIPT="${PROJECT_SOURCE_DIR}/scripts/plot_dendritic.py")
