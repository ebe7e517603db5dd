# Dendritic-balance networks (issue 6): unit tests, ordering/mutation ladder tests, CLI checks.
file(GLOB EBN_DENDRITIC_UNIT CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dendritic_*.cpp)
ebn_add_gtest(test_dendritic_unit SOURCES ${EBN_DENDRITIC_UNIT} LIBS ebn_behavioral LABELS unit dendritic)
