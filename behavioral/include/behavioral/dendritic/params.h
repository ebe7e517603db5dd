#pragma once
// Parameters of the dendritic-balance networks (spec/dendritic-balance.md, "the spec" below).
// Units are in the names: *_ms in milliseconds, eta_* per ms (the spec's convention), *_steps in
// simulation steps. Every value is read through ebn::ConfigReader from the top-level "dendritic"
// section, so unknown keys and out-of-range values are InputErrors naming the key.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ebn/config_reader.h"

namespace ebn::dendritic {

// Learning rules of spec §3, selectable by name (rule_names()).
enum class Rule {
  Analytic,      // analytic dendritic balance, §3.2 (idealised, non-local; the large scans)
  Somatic,       // somatic-balance baseline (Hebbian-like F, learned somatic W), §3.3
  Decay,         // local dendritic balance, "decay" variant, §3.4 (the main local rule)
  Simultaneous,  // local dendritic balance, "simultaneous" variant, §3.5
  Slow,          // local dendritic balance with auxiliary F-bar, §3.6
  SlowPruning,   // §3.6 plus pruning of dendritic inhibitory synapses, §3.7
};

const std::vector<std::string>& rule_names();
std::string rule_name(Rule rule);
Rule rule_from_name(const std::string& name);  // throws InputError for an unknown name
// True for the rules with one dendritic compartment per input (W is n_z x n_x x n_z).
bool has_dendritic_tensor(Rule rule);

// Deliberately broken rule variants, used only by tests to prove that the tests can fail.
enum class Mutation {
  None,
  FlipSign,  // the feedforward update gets the opposite sign
  NonLocal,  // local rules use the population error x - D z instead of the compartment potential
};

enum class Rounding { Stochastic, Deterministic };

// Discretised ("hardware-like") weights: F and the recurrent weights are signed B-bit counters
// times a scale (scale = max_abs / counter_max(B)). bits = 0 means float (double) weights.
struct HardwareParams {
  int weight_bits = 0;
  double f_max = 1.0;  // largest representable |F|
  double w_max = 1.0;  // largest representable |recurrent weight|
  Rounding rounding = Rounding::Stochastic;
  bool quantized() const { return weight_bits > 0; }
};

struct NetworkParams {
  Rule rule = Rule::Analytic;
  double dt_ms = 1.0;
  double tau_ms = 10.0;              // trace time constant
  double pattern_ms = 100.0;         // one input pattern lasts round(pattern_ms/dt) steps
  double fade_fraction = 0.3;        // cross-fade length as a fraction of a pattern (§1.2)
  int update_interval_steps = 1;     // UI: batch updates when t mod UI == 0
  int delay_steps = 1;               // recurrent transmission delay: u(t) uses z(t - delay)
  double rate_per_ms = 0.015;        // homeostatic target rate rho
  double sigma2_initial = 1.0;       // sigma_0^2
  double sigma2_final = 0.1;         // sigma_f^2 (anneal target, §1.7)
  double eta_sigma = 7e-7;           // 0 = sigma fixed at sigma_0
  double eta_f = 5e-5, eta_d = 5e-5, eta_w = 1e-4, eta_b = 1e-2;
  double eta_fbar = 5e-5;            // slow rules: auxiliary F-bar
  double lambda = 0.1;               // decay rule: L2 weight decay
  double self_term = 0.25;           // coefficient of the self-inhibition diagonal (defect 2)
  bool reparametrize_bias = true;    // B = s2 * b (analytic, somatic); all-weights always s2*b
  double init_f_mean = 0.0;          // F(0) ~ N(mean, std^2), then max(0,.) or |.| per variant
  double init_f_std = 0.0;
  bool init_w_balanced = false;      // W(0) balanced to F(0): W_jij = -F_ji^2 / W_jj = -|F_j|^2 (Fig 3)
  bool init_w_gram = false;          // somatic W(0) = -F(0) F(0)^T (speech learned inhibition, net.jl create_net)
  long eta_f_start_pattern = 0;      // eta_F = 0 before this training pattern (S3 decay schedule)
  bool exact_event_integration = false;  // defect 3: per-step D/F updates instead of event sums
  // Pruning (§3.7).
  double eta_correlation = 1e-4;
  double pruning_fraction = 0.0;
  double pruning_factor = 3.0;
  long pruning_start_pattern = 0;
  // Speech variants (§3.8): every plasticity update per batch step (no event integration), decoder
  // by the delta rule, analytic inhibition Winh = -s2 F F^T.
  bool per_step_plasticity = false;
  bool one_spike_per_step = false;   // several spikes in a step: only the most probable one stays
  bool unwhitened_somatic = false;   // S11 SB: dF_ji = m_F z_j x_i (1 - (F x)_j z_j / 10)
  bool learned_inhibition = false;   // S11 DB: delta rule with a learned somatic W (speech W rule)
  // Rate schedule of Fig 4D / 5A: from this training pattern on (0 = never) the *_late rates apply.
  long late_stage_pattern = 0;
  double eta_f_late = 3e-5, eta_d_late = 3e-5, eta_b_late = 4e-3, eta_w_late = 7e-5;
  HardwareParams hardware;

  // Derived step quantities (§1.1).
  int steps_per_pattern() const { return static_cast<int>(std::lround(pattern_ms / dt_ms)); }
  double tau_steps() const { return tau_ms / dt_ms; }
  double trace_decay() const { return std::exp(-1.0 / tau_steps()); }
};

// Reads the "network" and "hardware" keys of a dendritic config section (see docs/dendritic.md).
// `defaults` (from presets.h: they depend on experiment and rule) supplies every absent key.
NetworkParams parse_network_params(const NetworkParams& defaults, ConfigReader& network, ConfigReader& hardware);

}  // namespace ebn::dendritic
