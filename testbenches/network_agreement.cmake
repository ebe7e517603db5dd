# Event-by-event agreement of two runs of the small network (apps/network_agreement.h), the one
# implementation behind spice-compare's "level 3 vs 5" and "level 5 floor" figures.
ebn_add_gtest(test_network_agreement
  SOURCES unit/test_network_agreement.cpp ${PROJECT_SOURCE_DIR}/apps/network_agreement.cpp
  LIBS ebn_common LABELS unit)
target_include_directories(test_network_agreement PRIVATE ${PROJECT_SOURCE_DIR}/apps)
