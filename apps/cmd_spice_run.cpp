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
  std::string netlist, corner = "tt", controller = "cpp", models, config, out, dac;
  long long mc_seed = -1;
  bool quiet = false;
};

const ebn::app::CommandRegistrar reg(63, [](CLI::App& root) {
  auto a = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "spice-run",
      "Level 5: run the single-synapse learning circuit at transistor level (ngspice) with the controller in the loop "
      "(100 pulses, 200 Hz, 1 ms, 0.5 s); writes a recording for `ebn calibrate` / `ebn replay`, waveforms.vcd and "
      "ngspice.log");
  cmd->add_option("--netlist", a->netlist, "netlist, e.g. spice/netlists/learning_synapse.cir")->required();
  cmd->add_option("--corner", a->corner, "process corner (.lib section): tt | ff | ss")
      ->check(CLI::IsMember({"tt", "ff", "ss"}))
      ->capture_default_str();
  cmd->add_option("--mc-seed", a->mc_seed, "per-device Monte Carlo mismatch with this seed (default: none)");
  cmd->add_option("--controller", a->controller, "learning controller: cpp | rtl")
      ->check(CLI::IsMember({"cpp", "rtl"}))
      ->capture_default_str();
  cmd->add_option("--dac", a->dac,
                  "DAC: transistor (the netlist's transistors) | cpp (C++-computed EXTERNAL current sources, ~10x "
                  "faster); default: config spice.dac or transistor")
      ->check(CLI::IsMember({"transistor", "cpp"}));
  cmd->add_option("--models", a->models, "model library replacing the netlist's .lib path (your PDK)");
  cmd->add_option("--config", a->config, "JSON config with a \"spice\" section (protocol, model names, Pelgrom)");
  cmd->add_option("--out", a->out, "output folder (written only if the run succeeds)")->required();
  cmd->add_flag("--quiet", a->quiet, "no summary line");
  cmd->callback([a] {
    std::vector<std::string> args = {"run", "--netlist", a->netlist, "--corner", a->corner, "--controller",
                                     a->controller, "--out", a->out};
    if (a->mc_seed >= 0) args.insert(args.end(), {"--mc-seed", std::to_string(a->mc_seed)});
    if (!a->models.empty()) args.insert(args.end(), {"--models", a->models});
    if (!a->dac.empty()) args.insert(args.end(), {"--dac", a->dac});
    if (!a->config.empty()) args.insert(args.end(), {"--config", a->config});
    if (a->quiet) args.emplace_back("--quiet");
    ebn::app::exec_spice_sibling(args);
  });
});

}  // namespace
