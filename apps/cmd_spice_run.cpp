// `ebn spice-run`: level 5 -- the single-synapse protocol of the seed recordings at transistor
// level in ngspice, with the learning controller in the loop; writes a recording that `ebn
// calibrate` / `ebn replay` read unchanged, waveforms (level-3 names) and ngspice.log
// (docs/spice.md). The work is done by the sibling program ebn-spice (spice/apps/): it links the
// C++-mode Verilated controller and libngspice, `ebn` the SystemC-mode controller; one Verilator
// runtime per executable (as for `ebn crosscheck`).
#include <memory>
#include <string>
#include <vector>

#include "command_registry.h"
#include "spice_sibling.h"

namespace {

struct Args {
  ebn::app::SpiceRunOptions run;
  std::string out;
  bool quiet = false;
};

const ebn::app::CommandRegistrar reg(63, [](CLI::App& root) {
  auto a = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "spice-run",
      "Level 5: run the single-synapse learning circuit at transistor level (ngspice) with the controller in the loop "
      "(100 pulses, 200 Hz, 1 ms, 0.5 s); writes a recording for `ebn calibrate` / `ebn replay`, waveforms.vcd and "
      "ngspice.log");
  ebn::app::add_spice_run_options(*cmd, a->run);
  cmd->add_option("--out", a->out, "output folder (written only if the run succeeds)")->required();
  cmd->add_flag("--quiet", a->quiet, "no summary line");
  cmd->callback([a] {
    std::vector<std::string> args = ebn::app::spice_run_args(a->run, a->out);
    if (a->quiet) args.emplace_back("--quiet");
    ebn::app::exec_spice_sibling(args);
  });
});

}  // namespace
