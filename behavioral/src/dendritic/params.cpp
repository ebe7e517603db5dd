#include "behavioral/dendritic/params.h"

#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace ebn::dendritic {

const std::vector<std::string>& rule_names() {
  static const std::vector<std::string> names{"analytic", "somatic", "decay", "simultaneous", "slow", "slow_pruning"};
  return names;
}

std::string rule_name(Rule rule) { return rule_names().at(static_cast<std::size_t>(rule)); }

Rule rule_from_name(const std::string& name) {
  const auto& names = rule_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Rule>(i);
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  throw InputError("unknown dendritic rule '" + name + "' (expected one of: " + all + ")");
}

bool has_dendritic_tensor(Rule rule) {
  return rule == Rule::Decay || rule == Rule::Simultaneous || rule == Rule::Slow || rule == Rule::SlowPruning;
}

NetworkParams parse_network_params(const NetworkParams& defaults, ConfigReader& net, ConfigReader& hw) {
  NetworkParams p = defaults;
  const Rule rule = p.rule;
  p.dt_ms = net.number("dt_ms", p.dt_ms, 0.0, 100.0, true, false);
  p.tau_ms = net.number("tau_ms", p.tau_ms, 0.0, 1e4, true, false);
  p.pattern_ms = net.number("pattern_ms", p.pattern_ms, 0.0, 1e5, true, false);
  if (p.steps_per_pattern() < 1) net.fail("pattern_ms", "must last at least one time step (dt_ms)");
  p.fade_fraction = net.number("fade_fraction", p.fade_fraction, 0.0, 1.0);
  p.update_interval_steps = static_cast<int>(net.integer("update_interval_steps", p.update_interval_steps, 1, 1000000));
  p.delay_steps = static_cast<int>(net.integer("delay_steps", p.delay_steps, 1, 100));
  p.rate_per_ms = net.number("rate_per_ms", p.rate_per_ms, 0.0, 1e3, true, false);
  if (p.rate_per_ms * p.dt_ms >= 1.0) net.fail("rate_per_ms", "rate_per_ms * dt_ms must be < 1 (a spike probability per step)");
  p.sigma2_initial = net.number("sigma2_initial", p.sigma2_initial, 0.0, 1e6, true, false);
  p.sigma2_final = net.number("sigma2_final", p.sigma2_final, 0.0, 1e6, true, false);
  p.eta_sigma = net.number("eta_sigma", p.eta_sigma, 0.0, 1.0);
  p.eta_f = net.number("eta_f", p.eta_f, 0.0, 1.0);
  p.eta_d = net.number("eta_d", p.eta_d, 0.0, 1.0);
  p.eta_w = net.number("eta_w", p.eta_w, 0.0, 1.0);
  p.eta_b = net.number("eta_b", p.eta_b, 0.0, 10.0);
  p.eta_fbar = net.number("eta_fbar", p.eta_fbar, 0.0, 1.0);
  p.lambda = net.number("lambda", p.lambda, 0.0, 1e3);
  p.self_term = net.number("self_term", p.self_term, 0.0, 10.0);
  p.reparametrize_bias = net.boolean("reparametrize_bias", p.reparametrize_bias);
  p.init_f_mean = net.number("init_f_mean", p.init_f_mean, -10.0, 10.0);
  p.init_f_std = net.number("init_f_std", p.init_f_std, 0.0, 10.0);
  // Defect 7: the decay and slow rules divide by F (sign(0) = 0 freezes F = 0 forever).
  if ((rule == Rule::Decay || rule == Rule::Slow || rule == Rule::SlowPruning) && p.init_f_mean == 0.0 && p.init_f_std == 0.0)
    net.fail("init_f_mean", "rule '" + rule_name(rule) + "' cannot learn from F(0) = 0; set init_f_mean (e.g. 0.001)");
  p.init_w_balanced = net.boolean("init_w_balanced", p.init_w_balanced);
  p.init_w_gram = net.boolean("init_w_gram", p.init_w_gram);
  p.eta_f_start_pattern = net.integer("eta_f_start_pattern", p.eta_f_start_pattern, 0, 1000000000000L);
  p.exact_event_integration = net.boolean("exact_event_integration", p.exact_event_integration);
  p.eta_correlation = net.number("eta_correlation", p.eta_correlation, 0.0, 1.0);
  p.pruning_fraction = net.number("pruning_fraction", p.pruning_fraction, 0.0, 1.0, false, true);
  p.pruning_factor = net.number("pruning_factor", p.pruning_factor, 0.0, 1e3);
  p.pruning_start_pattern = net.integer("pruning_start_pattern", p.pruning_start_pattern, 0, 1000000000000L);
  p.per_step_plasticity = net.boolean("per_step_plasticity", p.per_step_plasticity);
  p.one_spike_per_step = net.boolean("one_spike_per_step", p.one_spike_per_step);
  p.unwhitened_somatic = net.boolean("unwhitened_somatic", p.unwhitened_somatic);
  p.learned_inhibition = net.boolean("learned_inhibition", p.learned_inhibition);
  if (p.init_w_gram && rule != Rule::Somatic && !p.learned_inhibition)
    net.fail("init_w_gram", "needs a learned somatic W (rule somatic, or learned_inhibition)");
  if ((p.per_step_plasticity || p.unwhitened_somatic || p.learned_inhibition) && rule != Rule::Analytic && rule != Rule::Somatic)
    net.fail("per_step_plasticity", "the speech variants exist for the analytic and somatic rules only");
  if ((p.unwhitened_somatic || p.learned_inhibition) && !p.per_step_plasticity)
    net.fail(p.unwhitened_somatic ? "unwhitened_somatic" : "learned_inhibition", "needs per_step_plasticity (speech variant)");
  p.late_stage_pattern = net.integer("late_stage_pattern", p.late_stage_pattern, 0, 1000000000000L);
  p.eta_f_late = net.number("eta_f_late", p.eta_f_late, 0.0, 1.0);
  p.eta_d_late = net.number("eta_d_late", p.eta_d_late, 0.0, 1.0);
  p.eta_b_late = net.number("eta_b_late", p.eta_b_late, 0.0, 10.0);
  p.eta_w_late = net.number("eta_w_late", p.eta_w_late, 0.0, 1.0);

  HardwareParams& h = p.hardware;
  h.weight_bits = static_cast<int>(hw.integer("weight_bits", h.weight_bits, 0, hw::kMaxWeightBits));
  if (h.weight_bits != 0 && h.weight_bits < hw::kMinWeightBits)
    hw.fail("weight_bits", "must be 0 (float) or in [" + std::to_string(hw::kMinWeightBits) + ", " + std::to_string(hw::kMaxWeightBits) + "]");
  h.f_max = hw.number("f_max", h.f_max, 0.0, 1e6, true, false);
  h.w_max = hw.number("w_max", h.w_max, 0.0, 1e6, true, false);
  h.rounding = hw.choice("rounding", h.rounding == Rounding::Stochastic ? "stochastic" : "deterministic", {"stochastic", "deterministic"}) == "stochastic" ? Rounding::Stochastic
                                                                                                   : Rounding::Deterministic;
  return p;
}

}  // namespace ebn::dendritic
