// fstapi (GTKWave's FST writer, MIT licence) as Verilator ships it, compiled once for the chip
// tracer (fst_wave.h), the same way Verilator's own verilated_fst_c.cpp builds it: parallel writer
// on, Verilator's fst_config.h. Third-party code: built without the project's warnings.
#define HAVE_LIBPTHREAD
#define FST_WRITER_PARALLEL
#define FST_CONFIG_INCLUDE "fst_config.h"
#include "gtkwave/fastlz.c"
#include "gtkwave/fstapi.c"
#include "gtkwave/lz4.c"
