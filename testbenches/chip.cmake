# Level 3 (systemc/, the chip model). Everything linking ebn_chip links libsystemc, so every
# executable uses the sc_main-running gtest main (SYSTEMC); elaborating tests are one per TEST.
ebn_add_gtest(test_chip_modules SOURCES unit/test_chip_modules.cpp LIBS ebn_chip SYSTEMC LABELS unit)
ebn_add_gtest(test_chip_top SOURCES unit/test_chip_top.cpp LIBS ebn_chip SYSTEMC LABELS unit)
