#include "behavioral/params.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace ebn::behavioral {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

constexpr long kMaxNeurons = 4096;

NetworkParams parse_network(ConfigReader r) {
  NetworkParams p;
  const NetworkParams d;
  // One neuron is no network (no recurrent weights to learn); the upper limit keeps the N x N
  // weight matrices (several copies of 8 N^2 bytes) within the memory of a workstation.
  p.neurons = static_cast<int>(r.integer("neurons", d.neurons, 2, kMaxNeurons,
                                         "at least 2 (a network), at most the memory limit for N x N weights"));
  p.input_dims = static_cast<int>(r.integer("input_dims", d.input_dims, 1, 64));
  p.tau_mem_s = r.number("tau_mem_s", d.tau_mem_s, 0.0, kInf, true);
  p.tau_syn_readout_s = r.number("tau_syn_readout_s", d.tau_syn_readout_s, 0.0, kInf, true);
  p.tau_fast_s = r.number("tau_fast_s", d.tau_fast_s, 0.0, kInf, true);
  p.mu = r.number("mu", d.mu, 0.0, kInf);
  p.nu = r.number("nu", d.nu, 0.0, kInf);
  p.threshold_norm = r.choice("threshold_norm", d.threshold_norm, {"l1_squared", "l2_squared"});
  p.input_amplitude = r.number("input_amplitude", d.input_amplitude, 0.0, kInf);
  p.smoothing_sigma_ms = r.number("smoothing_sigma_ms", d.smoothing_sigma_ms, 0.0, kInf, true);
  p.input_zero_start_s = r.number("input_zero_start_s", d.input_zero_start_s, 0.0, kInf);
  p.noise_std = r.number("noise_std", d.noise_std, 0.0, kInf);
  p.input_noise_terms = static_cast<int>(r.integer("input_noise_terms", d.input_noise_terms, 0, 16));
  p.initial_weight_std = r.number("initial_weight_std", d.initial_weight_std, 0.0, kInf);
  p.dt_s = r.number("dt_s", d.dt_s, 0.0, kInf, true);
  p.trial_s = r.number("trial_s", d.trial_s, 0.0, kInf, true);
  p.min_step_fraction = r.number("min_step_fraction", d.min_step_fraction, 0.0, 1.0, true, true);
  p.neuron_scaling = r.choice("neuron_scaling", d.neuron_scaling, {"rate", "weights"});
  p.fast_mode = r.boolean("fast_mode", d.fast_mode);
  // Cross-field checks: Euler needs dt below every time constant; the trial must be a whole
  // number (>= 2) of steps so that the target and the simulation grid line up (§1.6).
  const double min_tau = std::min({p.tau_mem_s, p.tau_fast_s, p.tau_syn_readout_s});
  if (p.dt_s >= min_tau)
    r.fail("dt_s", "value " + num(p.dt_s) + " must be smaller than every time constant (smallest: " + num(min_tau) + " s)");
  const double steps = p.trial_s / p.dt_s;
  if (std::fabs(steps - std::round(steps)) > 1e-6 * steps || std::round(steps) < 2)
    r.fail("trial_s", "value " + num(p.trial_s) + " must be a whole number (>= 2) of dt_s steps");
  if (std::round(steps) > 1e8) r.fail("trial_s", "more than 1e8 steps per trial");
  if (p.input_zero_start_s >= p.trial_s) r.fail("input_zero_start_s", "must be shorter than trial_s");
  r.finish();
  return p;
}

LearningParams parse_learning(ConfigReader r) {
  LearningParams p;
  const LearningParams d;
  p.rule = r.choice("rule", d.rule, {"discrete-fig1", "discrete-paper", "continuous"});
  p.step = r.number("step", d.step, 0.0, kInf, true);
  p.band_margin = r.number("band_margin", d.band_margin, 0.0, kInf);
  p.omega_units = r.choice("omega_units", d.omega_units, {"code", "psp"});
  p.diagonal = r.choice("diagonal", d.diagonal, {"fig1", "off", "optimal"});
  p.diagonal_step = r.number("diagonal_step", d.diagonal_step, 0.0, kInf);
  p.continuous_rate = r.number("continuous_rate", d.continuous_rate, 0.0, kInf, true);
  p.quantized = r.boolean("quantized", d.quantized);
  p.weight_bits = static_cast<int>(r.integer("weight_bits", d.weight_bits, hw::kMinWeightBits, hw::kMaxWeightBits));
  if (p.quantized && p.rule == "continuous")
    r.fail("quantized", "level 2 (quantized counters) needs a discrete rule, not 'continuous'");
  r.finish();
  return p;
}

ExperimentParams parse_experiment(ConfigReader r) {
  ExperimentParams p;
  const ExperimentParams d;
  p.passes = static_cast<int>(r.integer("passes", d.passes, 1, 1000000));  // 0 passes would learn nothing
  p.validate_every = static_cast<int>(r.integer("validate_every", d.validate_every, 1, 1000000));
  p.validation_signals = static_cast<int>(r.integer("validation_signals", d.validation_signals, 1, 10000));
  p.seed = static_cast<std::uint32_t>(r.integer("seed", d.seed, 0, 4294967295L));
  p.backend = r.choice("backend", d.backend, {"behavioral", "chip"});
  r.finish();
  return p;
}
}  // namespace

int NetworkParams::samples() const { return static_cast<int>(std::lround(trial_s / dt_s)); }

EbnConfig parse_config(const Json& root, const std::string& source) {
  ConfigReader r(root, source);
  EbnConfig c;
  c.source = source;
  c.network = parse_network(r.section("network"));
  c.learning = parse_learning(r.section("learning"));
  c.experiment = parse_experiment(r.section("experiment"));
  if (c.network.fast_mode && c.experiment.backend != "behavioral")
    throw InputError(source + ": network.fast_mode: the fast mode exists for levels 1/2 only (experiment.backend = "
                     "\"behavioral\"), not for \"" + c.experiment.backend + "\"");
  // Sections parsed by the chip (level 3) and dendritic-balance engineers: kept, not read here.
  for (const char* key : {"chip", "dendritic"}) {
    r.accept(key);
    if (root.contains(key)) c.reserved[key] = root.at(key);
  }
  r.finish();
  return c;
}

EbnConfig load_config_file(const std::string& path) { return parse_config(load_json_file(path), path); }

Json to_json(const EbnConfig& c) {
  const auto& n = c.network;
  const auto& l = c.learning;
  const auto& e = c.experiment;
  Json j = Json::object();
  j["network"] = {{"neurons", n.neurons},
                  {"input_dims", n.input_dims},
                  {"tau_mem_s", n.tau_mem_s},
                  {"tau_syn_readout_s", n.tau_syn_readout_s},
                  {"tau_fast_s", n.tau_fast_s},
                  {"mu", n.mu},
                  {"nu", n.nu},
                  {"threshold_norm", n.threshold_norm},
                  {"input_amplitude", n.input_amplitude},
                  {"smoothing_sigma_ms", n.smoothing_sigma_ms},
                  {"input_zero_start_s", n.input_zero_start_s},
                  {"noise_std", n.noise_std},
                  {"input_noise_terms", n.input_noise_terms},
                  {"initial_weight_std", n.initial_weight_std},
                  {"dt_s", n.dt_s},
                  {"trial_s", n.trial_s},
                  {"min_step_fraction", n.min_step_fraction},
                  {"neuron_scaling", n.neuron_scaling},
                  {"fast_mode", n.fast_mode}};
  j["learning"] = {{"rule", l.rule},
                   {"step", l.step},
                   {"band_margin", l.band_margin},
                   {"omega_units", l.omega_units},
                   {"diagonal", l.diagonal},
                   {"diagonal_step", l.diagonal_step},
                   {"continuous_rate", l.continuous_rate},
                   {"quantized", l.quantized},
                   {"weight_bits", l.weight_bits}};
  j["experiment"] = {{"passes", e.passes},
                     {"validate_every", e.validate_every},
                     {"validation_signals", e.validation_signals},
                     {"seed", e.seed},
                     {"backend", e.backend}};
  for (auto it = c.reserved.begin(); it != c.reserved.end(); ++it) j[it.key()] = it.value();
  return j;
}

}  // namespace ebn::behavioral
