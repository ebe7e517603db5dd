#pragma once
// Synthesis of the RTL learning controller with yosys (an external program, Debian's yosys 0.23)
// to the generic static-CMOS cells of rtl/synth/ebn_cells.lib, and the formal check of the
// gate-level netlist against the RTL (yosys equiv_make / equiv_simple / equiv_induct). Used by
// `ebn synth` and by `ebn sweep-merge` (area axis). The yosys scripts live beside the RTL in
// rtl/synth/; this file only elaborates the parameters, runs yosys and reads its statistics.
#include <map>
#include <string>

#include "ebn/config_reader.h"

namespace ebn::app {

struct SynthRequest {
  int neurons = 20;                // NMax of the netlist
  int bits = 8;                    // BMax of the netlist
  std::string style = "parallel";  // parallel | serial (ebn_pkg::UpdateParallel / UpdateSerial)
  bool check_gates = false;        // also prove the netlist equal to the RTL
  // Hidden, for the must-fail test of the gate check: synthesize a mutant (saturation | swap-kn |
  // diagonal) and compare it with the real RTL.
  std::string inject_bug;
  std::string work_dir;            // where yosys writes netlist.v, stat.*, logs (must exist)
};

struct SynthResult {
  SynthRequest request;
  long flip_flops = 0;  // DFFR cells
  long cells = 0;       // every cell of the netlist, flip-flops included
  double area = 0.0;    // sum of the liberty areas: transistors (rtl/synth/ebn_cells.lib)
  std::map<std::string, long> cells_by_type;
  double synth_wall_s = 0.0;
  double synth_cpu_s = 0.0;
  double synth_max_rss_mb = 0.0;  // yosys' peak resident memory (getrusage of the child)
  bool gates_checked = false;
  bool gates_equivalent = false;
  long equiv_cells = 0;  // $equiv cells yosys proved (one per compared signal bit)
  double equiv_wall_s = 0.0;
  double equiv_cpu_s = 0.0;
};

constexpr const char* kAreaUnit = "transistors";

// Throws InputError (exit 2) for an unknown style or bug, N outside [1, 32], B outside [2, 16].
void validate(const SynthRequest& r);
// The yosys binary: $EBN_YOSYS if set, else `yosys` on PATH; throws InputError if missing.
std::string yosys_executable();
// Runs yosys (and the gate check if asked); throws std::runtime_error if yosys fails.
SynthResult run_synth(const SynthRequest& r);
Json to_json(const SynthResult& r);
// Hash of the files that determine a synthesis result (the RTL, the yosys script, the cell
// library): a cached result (`ebn sweep-merge`'s DIR/area/) of another RTL is never reused.
std::string rtl_version();

}  // namespace ebn::app
