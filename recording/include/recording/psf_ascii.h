#pragma once
// Spectre PSF-ASCII transient results (`spectre -format psfascii`, one file per analysis, e.g.
// tran.tran), the documented text form of Cadence's PSF:
//
//   HEADER
//   "PSFversion" "1.00"          (more "key" value pairs: simulator, analysis type, ...)
//   TYPE
//   "sweep" FLOAT DOUBLE PROP( "key" "sweep" )
//   "V" FLOAT DOUBLE PROP( "units" "V" "key" "node" )
//   SWEEP
//   "time" "sweep" PROP( "key" "sweep" )
//   TRACE
//   "net1" "V"
//   VALUE
//   "time" 0.000000000000000e+00
//   "net1" 1.800000000000000e+00
//   ...                          (per point: the sweep value, then every trace)
//   END
//
// Read: one real sweep, real (FLOAT DOUBLE) traces; GROUP traces and complex values are errors
// naming file and line. Units come from the trace type's "units" property.
#include <string>

#include "recording/signal_table.h"

namespace recording {

SignalTable load_psf_ascii(const std::string& path);

// Write `table` as PSF-ASCII (17 significant digits); the unit of each trace from table.units.
void write_psf_ascii(const std::string& path, const SignalTable& table);

}  // namespace recording
