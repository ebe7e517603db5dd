#pragma once
// ngspice raw files (SPICE3 "rawfile"), as written by `ngspice -b -r FILE` (binary) or by the
// `write` command (binary, or ASCII after `set filetype=ascii`):
//
//   Title: ...            Date: ...           Plotname: Transient Analysis
//   Flags: real           No. Variables: 3    No. Points: 1042
//   Variables:
//   	0	time	time
//   	1	v(in)	voltage
//   	2	i(v1)	current
//   Values:                                   or   Binary:
//    0	0.000000000000000e+00                       points x variables little-endian doubles
//   	1.8
//   	...
//
// Only real transient data is read (first variable "time"); a file with several plots uses the
// first transient plot. Complex data (AC) and truncated data are errors naming file and line.
#include <string>
#include <vector>

#include "recording/signal_table.h"

namespace recording {

SignalTable load_ngspice_raw(const std::string& path);

// Write `table` as an ngspice raw file (ASCII values with 17 significant digits, or binary).
// `types` per signal: "voltage" / "current" (ngspice's variable types).
void write_ngspice_raw(const std::string& path, const SignalTable& table, const std::vector<std::string>& types,
                       bool binary);

}  // namespace recording
