// `ebn synth`: yosys synthesis of the RTL learning controller (NMax = --neurons, BMax = --bits,
// --style) to the generic static-CMOS cells of rtl/synth/ebn_cells.lib; prints flip-flops, cells
// and the area in transistors (the liberty's area is each cell's transistor count). With
// --check-gates the netlist is proven equal to the RTL (yosys equivalence checking); exit 1 if not.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "command_registry.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "synth_job.h"

namespace fs = std::filesystem;

namespace {

struct Args {
  ebn::app::SynthRequest request;
  std::string out;
  bool json = false;
};

// A private scratch folder for yosys' files when no --out is given, removed afterwards.
struct ScratchDir {
  ScratchDir() {
    std::string templ = (fs::temp_directory_path() / "ebn-synth-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw ebn::InputError("cannot create a scratch folder in " + templ);
    path = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string path;
};

void print_table(const ebn::app::SynthResult& r) {
  std::printf("| NMax | BMax | style | flip-flops | cells | area (%s) | yosys wall s | yosys CPU s |\n",
              ebn::app::kAreaUnit);
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::printf("| %d | %d | %s | %ld | %ld | %.0f | %.1f | %.1f |\n", r.request.neurons, r.request.bits,
              r.request.style.c_str(), r.flip_flops, r.cells, r.area, r.synth_wall_s, r.synth_cpu_s);
  std::printf("area: rtl/synth/ebn_cells.lib, generic static CMOS, each cell's area is its transistor count\n");
  if (r.gates_checked) {
    if (r.gates_equivalent)
      std::printf("gate-level netlist equivalent to the RTL: %ld signals proven (yosys equiv_simple + equiv_induct), %.1f s wall, %.1f s CPU\n",
                  r.equiv_cells, r.equiv_wall_s, r.equiv_cpu_s);
    else
      std::printf("gate-level netlist NOT equivalent to the RTL (yosys equiv_status: unproven signals), %.1f s\n",
                  r.equiv_wall_s);
  }
}

void run(const Args& a) {
  ebn::app::SynthRequest req = a.request;
  req.work_dir = a.out;  // checked here, before any folder is created
  ebn::app::validate(req);
  ebn::app::yosys_executable();  // a missing yosys is bad input: report it before anything else
  std::unique_ptr<ebn::OutputDir> out;
  std::unique_ptr<ScratchDir> scratch;
  if (!a.out.empty()) {
    out = std::make_unique<ebn::OutputDir>(a.out);
    req.work_dir = fs::path(out->staged_path("synth.json")).parent_path().string();
  } else {
    scratch = std::make_unique<ScratchDir>();
    req.work_dir = scratch->path;
  }
  const ebn::app::SynthResult r = ebn::app::run_synth(req);
  const ebn::Json j = ebn::app::to_json(r);
  if (out) {
    out->write_text("synth.json", j.dump(2) + "\n");
    out->commit();
  }
  if (a.json)
    std::printf("%s\n", j.dump(2).c_str());
  else
    print_table(r);
  if (r.gates_checked && !r.gates_equivalent) ebn::app::set_exit_code(ebn::kExitCheckFailed);
}

const ebn::app::CommandRegistrar reg(45, [](CLI::App& root) {
  auto a = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "synth",
      "Synthesize the RTL learning controller with yosys to generic static-CMOS cells: flip-flops, cells, area in "
      "transistors; --check-gates proves the gate-level netlist equal to the RTL");
  cmd->add_option("--neurons", a->request.neurons, "NMax of the netlist (1..32)")->capture_default_str();
  cmd->add_option("--bits", a->request.bits, "BMax, the counter width of the netlist (2..16)")->capture_default_str();
  cmd->add_option("--style", a->request.style, "update style: parallel | serial")->capture_default_str();
  cmd->add_option("--out", a->out, "keep netlist.v, stat.txt, stat.json, synth.json and the yosys logs here");
  cmd->add_flag("--json", a->json, "print the result as JSON instead of a table");
  cmd->add_flag("--check-gates", a->request.check_gates,
                "prove the gate-level netlist equal to the RTL (yosys equiv_*); exit 1 if not");
  // Hidden: synthesize a mutant (saturation | swap-kn | diagonal) to show the gate check fails.
  cmd->add_option("--inject-bug", a->request.inject_bug)->group("");
  cmd->callback([a] { run(*a); });
});

}  // namespace
