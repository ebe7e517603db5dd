#pragma once
// The waveform files the tools write: VCD or FST (GTKWave's compact format), cut to the traced
// window with its own time origin (vcd_window.h). Simulators (SystemC, Verilator) write a raw VCD
// against global simulation time; finish_trace turns it into the file the user asked for, written
// under a temporary name and renamed into place, so a failed run leaves no half-written trace.
// FST is produced with GTKWave's `vcd2fst` (Debian package gtkwave).
#include <string>

#include <nlohmann/json.hpp>

#include "ebn/output_dir.h"
#include "ebn/vcd_window.h"

namespace ebn {

enum class TraceFormat { Vcd, Fst };

const char* trace_format_name(TraceFormat f);  // "vcd" / "fst"
const char* trace_extension(TraceFormat f);    // ".vcd" / ".fst"

// The format of a trace: `option` is the --trace-format value ("vcd", "fst" or "" = not given).
// Not given: from the file name's extension (.vcd / .fst), else FST. Given and contradicting the
// extension: InputError (a file named x.vcd holding FST would mislead every tool).
TraceFormat resolve_trace_format(const std::string& option, const std::string& path);

// `path` with the extension of `f` (replaces .vcd/.fst, appends otherwise).
std::string with_trace_extension(const std::string& path, TraceFormat f);

struct TraceInfo {
  std::string file;
  TraceFormat format = TraceFormat::Fst;
  double origin_s = 0.0;     // simulation time of the file's time 0
  double duration_s = 0.0;   // time span covered by the file
  long long bytes = 0;       // size of the final file
  long long vcd_bytes = 0;   // size of the windowed VCD (before FST conversion)
  nlohmann::json to_json() const;  // for summary.json
};

// Check the simulator's `raw_vcd` (written completely), window it (see VcdWindow), convert to
// `format` and commit `dest` (ebn::AtomicFile, created before the simulation so a bad target
// fails early); `raw_vcd` is removed in any case. `note` names the traced interval in the file
// header. Throws InputError naming the file (disk full, vcd2fst missing or failing).
TraceInfo finish_trace(const std::string& raw_vcd, AtomicFile& dest, TraceFormat format, const VcdWindow& window,
                       const std::string& note);

// Run `vcd2fst in out`; InputError if the tool is missing or fails.
void convert_vcd_to_fst(const std::string& vcd, const std::string& fst);

}  // namespace ebn
