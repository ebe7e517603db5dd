// ebn-spice: the level-5 co-simulation program (ngspice through libngspice, controller in the
// loop). `ebn spice-run` execs it (apps/cmd_spice_run.cpp): `ebn` links the SystemC-mode RTL
// controller, this program the C++-mode one (one Verilator runtime per executable), and
// libngspice's global state stays in its own process.
//   ebn-spice run --netlist F [--corner tt|ff|ss] [--mc-seed S] [--controller cpp|rtl] [--dac transistor|cpp]
//                 [--models LIB] [--config C.json] --out DIR
// Exit codes: 0 ok, 2 bad input (one line "ebn: error: ..."), 1 internal failure.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn_rtl/cc_controller.h"
#include "recording/recording_writer.h"
#include "spice/network_cut.h"
#include "spice/network_netlist.h"
#include "spice/network_run.h"
#include "spice/ngspice_session.h"
#include "spice/spice_config.h"
#include "spice/synapse_run.h"

#if defined(__SANITIZE_ADDRESS__)
// libngspice 39 keeps allocations of its own until the process ends (its circuit and command
// tables); they are not this program's to free. LeakSanitizer still checks everything else.
extern "C" const char* __lsan_default_suppressions() { return "leak:libngspice.so\n"; }
// Keep the one-line error contract: no "Suppressions used" table on stderr.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace {

std::unique_ptr<ebn::LearningController> make_controller(const std::string& kind, int neurons, int bits) {
  if (kind == "cpp") return std::make_unique<ebn::ReferenceController>(neurons, bits);
  if (kind == "rtl") return ebn::rtl::CcController::create(neurons, bits);
  throw ebn::InputError("controller \"" + kind + "\": unknown kind (expected cpp or rtl)");
}

struct RunArgs {
  std::string netlist, corner = "tt", controller = "cpp", models, config, out, dac;
  long long mc_seed = -1;
  bool quiet = false;
  // --initial-code: counter value the protocol starts from (absent: config spice.initial_counter).
  // Runs started at other codes make the learning loop sweep other codes (docs/spice.md "Network").
  std::optional<int> initial_code;
  // --period: the protocol's pulse period (absent: config spice.period_s). A second rate separates
  // the resting level from the per-pulse drive, which one rate cannot (docs/spice.md "Network").
  std::optional<double> period_s;
  // --cut-from DIR --cut-synapse N,K: instead of --netlist, synapse W[N][K] of the network run in
  // DIR (its network.json: shape, design, DAC mode, Monte Carlo draw) cut out as a single-synapse
  // netlist with the same devices and threshold shifts (spice/network_cut.h).
  std::string cut_from;
  std::vector<int> cut_synapse;
  std::string cut_variant = "window";  // window | threshold | hold (spice/network_cut.h)
};

// The Monte Carlo draw as written into run.json / network.json: device -> threshold shift (V).
ebn::Json mismatch_json(const spice::MismatchDraw& draw) {
  ebn::Json mm = ebn::Json::object();
  for (std::size_t i = 0; i < draw.devices.size(); ++i) mm[draw.devices[i]] = draw.delvto_V[i];
  return mm;
}

// The run's configuration: the --config file (or the built-in defaults) with the command-line
// choices on top. --models goes into the config; the network netlist names it itself.
spice::SpiceConfig config_from_args(const RunArgs& a) {
  ebn::Json root = ebn::Json::object();
  if (!a.config.empty()) root = ebn::load_json_file(a.config);
  auto cfg = spice::parse_spice_config(root, a.config.empty() ? "built-in defaults" : a.config);
  cfg.corner = a.corner;
  cfg.controller = a.controller;
  if (!a.dac.empty()) cfg.dac = a.dac;
  if (!a.models.empty()) cfg.model_library = a.models;
  if (a.initial_code) cfg.protocol.initial_counter = *a.initial_code;
  if (a.period_s) {
    if (!(*a.period_s > cfg.protocol.width_s + cfg.protocol.edge_s && *a.period_s <= 10.0))
      throw ebn::InputError("--period " + std::to_string(*a.period_s) + " s: must exceed the pulse (" +
                            std::to_string(cfg.protocol.width_s + cfg.protocol.edge_s) + " s with its edge) and be <= 10 s");
    cfg.protocol.period_s = *a.period_s;
  }
  if (a.mc_seed >= 0) {
    cfg.mismatch = true;
    cfg.mismatch_options.seed = static_cast<std::uint64_t>(a.mc_seed);
  }
  return cfg;
}

// The Monte Carlo draw into the deck's devices (none without mismatch); the config's model map
// turns the generic model names into the library's.
spice::MismatchDraw draw_mismatch(spice::Deck& deck, const spice::SpiceConfig& cfg) {
  if (!cfg.mismatch) return {};
  auto mapped = [&](const std::string& m) {
    const auto it = cfg.model_map.find(spice::to_lower(m));
    return it == cfg.model_map.end() ? m : it->second;
  };
  return spice::apply_mismatch(deck, cfg.mismatch_options, mapped(cfg.nmos_model), mapped(cfg.pmos_model));
}

// The cut netlist's text for --cut-from / --cut-synapse (checked against the network run).
std::string cut_netlist(const RunArgs& a, const spice::SpiceConfig& cfg) {
  const std::string where = a.cut_from + "/network.json";
  if (!std::filesystem::exists(where)) throw ebn::InputError("--cut-from " + a.cut_from + ": no network.json there");
  if (a.cut_synapse.size() != 2) throw ebn::InputError("--cut-synapse: give N,K (the synapse W[N][K])");
  if (a.mc_seed >= 0)
    throw ebn::InputError("--mc-seed: not with --cut-from (the cut carries the network run's own draw)");
  const ebn::Json net = ebn::load_json_file(where);
  if (net.at("dac").get<std::string>() != cfg.dac)
    throw ebn::InputError("--dac " + cfg.dac + ": the network run in " + a.cut_from + " has --dac " + net.at("dac").get<std::string>());
  if (net.at("corner").get<std::string>() != cfg.corner)
    throw ebn::InputError("--corner " + cfg.corner + ": the network run in " + a.cut_from + " is at " + net.at("corner").get<std::string>());
  spice::NetworkShape shape;
  shape.neurons = net.at("neurons").get<int>();
  shape.inputs = net.at("inputs").get<int>();
  shape.magnitude_bits = net.at("magnitude_bits").get<int>();
  spice::NetworkDesign design;
  design.threshold_ratio = net.at("design").at("threshold_ratio").get<double>();
  design.reset_ratio = net.at("design").at("reset_ratio").get<double>();
  std::map<std::string, double> delvto;
  for (const auto& [device, v] : net.at("mismatch_delvto_V").items()) delvto[spice::to_lower(device)] = v.get<double>();
  const std::string models = std::filesystem::absolute(a.models.empty() ? std::string(EBN_SPICE_MODELS) : a.models).string();
  const auto variant = a.cut_variant == "threshold" ? spice::CutVariant::Threshold
                       : a.cut_variant == "hold"    ? spice::CutVariant::Hold
                                                    : spice::CutVariant::Window;
  return spice::synapse_cut_netlist(shape, design, models, a.cut_synapse[0], a.cut_synapse[1], delvto, variant);
}

void run_single(const RunArgs& a) {
  const spice::SpiceConfig cfg = config_from_args(a);
  if (a.netlist.empty() == a.cut_from.empty()) throw ebn::InputError("run: give --netlist or --cut-from (one of them)");
  // Absolute: the run changes into the staged folder (below).
  ebn::OutputDir out(std::filesystem::absolute(a.out).string());  // checked before the simulation; commit() at the end
  std::string netlist = a.netlist;
  auto opts = spice::deck_options(cfg);
  if (!a.cut_from.empty()) {
    out.write_text("netlist.cir", cut_netlist(a, cfg));
    netlist = out.staged_path("netlist.cir");
    opts.model_library.clear();  // the cut names the library itself
  }
  auto deck = spice::read_deck(netlist, opts);
  const spice::MismatchDraw draw = draw_mismatch(deck, cfg);
  const auto itf = spice::discover_synapse_interface(deck);
  const int bits = cfg.counter_bits > 0 ? cfg.counter_bits : itf.magnitude_bits + 1;
  if (bits < 2 || bits > 16) throw ebn::InputError("counter_bits " + std::to_string(bits) + " outside [2, 16]");
  const int lo = -(1 << (bits - 1)), hi = (1 << (bits - 1)) - 1;
  if (cfg.protocol.initial_counter < lo || cfg.protocol.initial_counter > hi)
    throw ebn::InputError((a.initial_code ? std::string("--initial-code ") : std::string("initial_counter ")) +
                          std::to_string(cfg.protocol.initial_counter) + " outside the " + std::to_string(bits) +
                          "-bit counter range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  auto ctrl = make_controller(cfg.controller, 2, bits);
  // ngspice's BSIM3 parameter check writes b3v33check.log into the working directory: run inside
  // the staged output folder, so it lands there and nothing is written outside --out.
  std::filesystem::current_path(out.staging());
  const spice::SynapseRunResult res = spice::run_synapse(deck, cfg.protocol, *ctrl);
  auto rec = res.recording;
  const std::string source = a.cut_from.empty() ? a.netlist
                                                : a.cut_from + " W[" + std::to_string(a.cut_synapse[0]) + "][" +
                                                      std::to_string(a.cut_synapse[1]) + "] " + a.cut_variant;
  rec.origin = source;
  char desc[256];
  std::snprintf(desc, sizeof desc, "level 5 (ngspice) %s, corner %s, %s, controller %s, dac %s", source.c_str(),
                cfg.corner.c_str(), cfg.mismatch ? ("mc seed " + std::to_string(a.mc_seed)).c_str() : a.cut_from.empty() ? "no mismatch" : "network draw",
                cfg.controller.c_str(), cfg.dac.c_str());
  recording::write_recording(rec, out.staging(), recording::WriteFormat::SpectreCsv, {"spice", desc});
  out.write_text("waveforms.vcd", res.vcd);
  out.write_text("ngspice.log", spice::NgspiceSession::instance().console_log());
  ebn::Json summary;
  summary["netlist"] = source;
  summary["config"] = spice::to_json(cfg);
  summary["counter_bits"] = bits;
  summary["dac_magnitude_bits"] = itf.magnitude_bits;
  int counts[3] = {0, 0, 0};
  std::string seq;
  for (auto d : res.decisions) {
    counts[static_cast<int>(d)]++;
    seq += ebn::letter_of(d);
  }
  summary["decisions"] = seq;
  summary["inc"] = counts[1];
  summary["sl"] = counts[0];
  summary["dec"] = counts[2];
  summary["final_counter"] = res.final_counter;
  summary["i_mem_min_A"] = res.i_mem_min_A;
  summary["i_mem_max_A"] = res.i_mem_max_A;
  summary["accepted_points"] = res.accepted_points;
  summary["wall_s"] = res.wall_s;
  summary["cpu_s"] = res.cpu_s;
  summary["mismatch_delvto_V"] = mismatch_json(draw);
  if (a.cut_variant == "hold") {
    const spice::HoldSchedule h;
    summary["hold_schedule"] = {{"delay_s", h.delay_s}, {"edge_s", h.edge_s}, {"hold_s", h.hold_s}, {"period_s", h.period_s}};
  }
  out.write_text("run.json", summary.dump(2) + "\n");
  out.commit();
  if (!a.quiet)
    std::printf("level 5 %s corner %s%s: %zu pulses, INC/SL/DEC %d/%d/%d, final counter %d, I_mem %.3f..%.3f nA, "
                "%ld points, dac %s, %.2f s wall (%.2f s CPU) -> %s\n",
                source.c_str(), cfg.corner.c_str(),
                cfg.mismatch ? (" mc " + std::to_string(a.mc_seed)).c_str() : "", res.decisions.size(), counts[1],
                counts[0], counts[2], res.final_counter, res.i_mem_min_A * 1e9, res.i_mem_max_A * 1e9,
                res.accepted_points, cfg.dac.c_str(), res.wall_s, res.cpu_s, a.out.c_str());
}


struct NetworkArgs {
  RunArgs run;
  int neurons = 3, inputs = 2;
  double duration_s = 0.5;
  long long input_seed = 1;
  // --perturb-scale / --perturb-seed: a second per-device draw of scale x the Pelgrom sigma on top
  // of the die (or alone): the level-5 floor of spice-compare --network (docs/spice.md).
  double perturb_scale = 0.0;
  long long perturb_seed = 1;
};

ebn::Json decisions_json(const std::vector<ebn::Decision>& d) {
  std::string s;
  for (auto x : d) s += ebn::letter_of(x);
  return s;
}

// The small network (docs/spice.md "Network"): netlist generated from the single-synapse cells,
// written into the output folder (network.cir) and read back like a user's netlist.
void run_network_cmd(const NetworkArgs& na) {
  const RunArgs& a = na.run;
  spice::NetworkShape shape;
  shape.neurons = na.neurons;
  shape.inputs = na.inputs;
  spice::validate_shape(shape);
  if (!(na.duration_s >= 0.05 && na.duration_s <= 2.0))
    throw ebn::InputError("network: --duration " + std::to_string(na.duration_s) + " s outside [0.05, 2]");
  if (!(na.perturb_scale >= 0.0 && na.perturb_scale <= 1.0))
    throw ebn::InputError("network: --perturb-scale " + std::to_string(na.perturb_scale) + " outside [0, 1]");
  spice::SpiceConfig cfg = config_from_args(a);
  if (na.perturb_scale > 0) {
    cfg.mismatch_options.die = cfg.mismatch;  // the die's draw only with --mc-seed
    cfg.mismatch = true;
    cfg.mismatch_options.perturbation_scale = na.perturb_scale;
    cfg.mismatch_options.perturbation_seed = static_cast<std::uint64_t>(na.perturb_seed);
  }
  const std::string models = std::filesystem::absolute(a.models.empty() ? std::string(EBN_SPICE_MODELS) : a.models).string();
  ebn::OutputDir out(std::filesystem::absolute(a.out).string());
  const spice::NetworkDesign design;
  out.write_text("network.cir", spice::network_netlist(shape, design, models));
  auto opts = spice::deck_options(cfg);
  opts.model_library.clear();  // the generated netlist already names the library
  auto deck = spice::read_deck(out.staged_path("network.cir"), opts);
  const spice::MismatchDraw draw = draw_mismatch(deck, cfg);
  spice::NetworkProtocol protocol;
  protocol.duration_s = na.duration_s;
  protocol.input.seed = static_cast<std::uint64_t>(na.input_seed);
  auto ctrl = make_controller(cfg.controller, shape.presynaptic(), shape.magnitude_bits + 1);
  std::filesystem::current_path(out.staging());
  const auto res = spice::run_network(deck, shape, protocol, *ctrl, cfg.dac == "cpp");
  out.write_text("waveforms.vcd", res.vcd);
  out.write_text("ngspice.log", spice::NgspiceSession::instance().console_log());
  ebn::Json j;
  j["neurons"] = shape.neurons;
  j["inputs"] = shape.inputs;
  j["magnitude_bits"] = shape.magnitude_bits;
  j["counter_bits"] = res.counter_bits;
  j["corner"] = cfg.corner;
  j["mc_seed"] = a.mc_seed >= 0 ? ebn::Json(a.mc_seed) : ebn::Json(nullptr);
  j["perturbation"] = na.perturb_scale > 0 ? ebn::Json{{"scale", na.perturb_scale}, {"seed", na.perturb_seed}} : ebn::Json(nullptr);
  j["controller"] = cfg.controller;
  j["dac"] = cfg.dac;
  j["duration_s"] = protocol.duration_s;
  j["width_s"] = protocol.width_s;
  j["edge_s"] = protocol.edge_s;
  j["refractory_s"] = protocol.refractory_s;
  j["input_seed"] = na.input_seed;
  j["design"] = {{"lower_ratio", spice::NetworkDesign::kLowerRatio}, {"upper_ratio", spice::NetworkDesign::kUpperRatio},
                 {"threshold_ratio", design.threshold_ratio}, {"reset_ratio", design.reset_ratio}};
  ebn::Json ins = ebn::Json::array(), sp = ebn::Json::array(), ds = ebn::Json::array();
  for (const auto& e : res.input_pulses) ins.push_back({e.t_s, e.index});
  for (const auto& e : res.spikes) sp.push_back({e.t_s, e.index});
  for (const auto& d : res.decisions) ds.push_back({d.t_s, d.k, decisions_json(d.decisions)});
  j["input_pulses"] = ins;
  j["spikes"] = sp;
  j["decisions"] = ds;
  j["counters_initial"] = res.counters_initial;
  j["counters_final"] = res.counters_final;
  j["i_at_spike_A"] = res.i_at_spike_A;
  j["i_reset_A"] = res.i_reset_A;
  j["accepted_points"] = res.accepted_points;
  j["wall_s"] = res.wall_s;
  j["cpu_s"] = res.cpu_s;
  j["mismatch_delvto_V"] = mismatch_json(draw);
  out.write_text("network.json", j.dump(1) + "\n");
  out.commit();
  if (!a.quiet) {
    std::vector<int> count(static_cast<std::size_t>(shape.presynaptic()), 0);
    for (const auto& e : res.spikes) ++count[static_cast<std::size_t>(e.index)];
    std::string counts;
    for (int n = shape.inputs; n < shape.presynaptic(); ++n) counts += (counts.empty() ? "" : "/") + std::to_string(count[static_cast<std::size_t>(n)]);
    std::printf("level 5 network %d neurons + %d inputs, corner %s, dac %s: %zu input pulses, spikes %s, %zu latches, "
                "%ld points, %.2f s wall (%.2f s CPU) -> %s\n",
                shape.neurons, shape.inputs, cfg.corner.c_str(), cfg.dac.c_str(), res.input_pulses.size(), counts.c_str(),
                res.decisions.size(), res.accepted_points, res.wall_s, res.cpu_s, a.out.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ebn-spice: level 5 (transistor level, ngspice) with the learning controller in the loop"};
  app.require_subcommand(1);
  RunArgs ra;
  auto* run = app.add_subcommand("run", "single-synapse protocol of the seed recordings -> recording + waveforms");
  run->add_option("--netlist", ra.netlist, "netlist (docs/spice.md conventions)");
  run->add_option("--cut-from", ra.cut_from, "instead of --netlist: a network run's folder (ebn-spice network --out)");
  run->add_option("--cut-synapse", ra.cut_synapse, "with --cut-from: synapse N,K of that network, cut out with its devices' draws")
      ->delimiter(',')->expected(2);
  run->add_option("--cut-variant", ra.cut_variant,
                  "with --cut-from: window (the synapse as in the network) | threshold (cmphi1 = the spike comparator) | "
                  "hold (reset switch closed 2 ms every 10 ms)")
      ->check(CLI::IsMember({"window", "threshold", "hold"}));
  run->add_option("--corner", ra.corner, "process corner: .lib section")->check(CLI::IsMember({"tt", "ff", "ss"}));
  run->add_option("--mc-seed", ra.mc_seed, "Monte Carlo mismatch seed (absent: no mismatch)")->check(CLI::Range(0LL, 1LL << 62));
  run->add_option("--controller", ra.controller, "cpp | rtl")->check(CLI::IsMember({"cpp", "rtl"}));
  run->add_option("--dac", ra.dac, "DAC: transistor (netlist) | cpp (EXTERNAL current sources; default: config or transistor)")
      ->check(CLI::IsMember({"transistor", "cpp"}));
  run->add_option("--models", ra.models, "model library replacing the netlist's .lib path");
  run->add_option("--config", ra.config, "JSON config with a \"spice\" section");
  run->add_option("--initial-code", ra.initial_code, "counter value the protocol starts from (default: config or 8)");
  run->add_option("--period", ra.period_s, "pulse period of the protocol in seconds (default: config or 5 ms)");
  run->add_option("--out", ra.out, "output folder (written only on success)")->required();
  run->add_flag("--quiet", ra.quiet, "no summary line");
  run->callback([&ra] {
    // Nothing written on failure: OutputDir stages files and commits at the end; a folder that
    // did not exist before and is still empty is removed as well.
    const bool existed = std::filesystem::exists(ra.out);
    try {
      run_single(ra);
    } catch (...) {
      std::error_code ec;
      if (!existed && std::filesystem::is_empty(ra.out, ec) && !ec) std::filesystem::remove(ra.out, ec);
      throw;
    }
  });
  NetworkArgs na;
  auto* net = app.add_subcommand("network", "small learning network (neurons, all-to-all DAC synapses, input channels)");
  net->add_option("--neurons", na.neurons, "neurons (2..4)");
  net->add_option("--inputs", na.inputs, "input channels (1..4)");
  net->add_option("--duration", na.duration_s, "simulated seconds (0.05..2)");
  net->add_option("--input-seed", na.input_seed, "seed of the input pulse trains")->check(CLI::Range(0LL, 1LL << 62));
  net->add_option("--corner", na.run.corner, "process corner: .lib section")->check(CLI::IsMember({"tt", "ff", "ss"}));
  net->add_option("--mc-seed", na.run.mc_seed, "Monte Carlo mismatch seed (absent: no mismatch)")->check(CLI::Range(0LL, 1LL << 62));
  net->add_option("--perturb-scale", na.perturb_scale,
                  "a second per-device draw of this fraction of the Pelgrom sigma, on top of --mc-seed's (or alone)");
  net->add_option("--perturb-seed", na.perturb_seed, "seed of the --perturb-scale draw")->check(CLI::Range(0LL, 1LL << 62));
  net->add_option("--controller", na.run.controller, "cpp | rtl")->check(CLI::IsMember({"cpp", "rtl"}));
  net->add_option("--dac", na.run.dac, "DAC: transistor | cpp")->check(CLI::IsMember({"transistor", "cpp"}));
  net->add_option("--models", na.run.models, "model library (default: spice/models/generic180.lib)");
  net->add_option("--config", na.run.config, "JSON config with a \"spice\" section");
  net->add_option("--out", na.run.out, "output folder (written only on success)")->required();
  net->add_flag("--quiet", na.run.quiet, "no summary line");
  net->callback([&na] {
    const bool existed = std::filesystem::exists(na.run.out);
    try {
      run_network_cmd(na);
    } catch (...) {
      std::error_code ec;
      if (!existed && std::filesystem::is_empty(na.run.out, ec) && !ec) std::filesystem::remove(na.run.out, ec);
      throw;
    }
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : ebn::kExitUsage;
  } catch (const ebn::InputError& e) {
    std::fprintf(stderr, "ebn: error: %s\n", e.what());
    return ebn::kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ebn: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
