// Default parameters per experiment and rule, transcribed from spec §4 (Fig 4B / S3 / S9 for bars,
// S2 for the MNIST-like subset, which runs at dt = 1 ms instead of 0.1 ms for speed: all rates
// are per ms, so the learning per pattern is unchanged).
#include "behavioral/dendritic/experiment.h"

namespace ebn::dendritic {

namespace {
NetworkParams bars_defaults(Rule rule, bool quick) {
  NetworkParams p;  // Fig 4B: dt 1, L 100, UI 1, rho 0.015, sigma^2 1 -> 0.1, F = D = W = 0
  p.rule = rule;
  p.eta_sigma = quick ? 7e-7 : 7e-8;  // §7.2: quick anneals 10x faster
  p.eta_f = p.eta_d = 5e-5;
  p.eta_w = 1e-4;
  p.eta_b = 1e-2;
  switch (rule) {
    case Rule::Decay:  // S3: eta_F = 0 for 10^4 patterns, then 2e-5; lambda 0.005; F(0) = 0.001
      p.eta_f = 2e-5;
      p.eta_f_start_pattern = quick ? 2000 : 10000;
      p.lambda = 0.005;
      p.init_f_mean = 0.001;
      break;
    case Rule::Simultaneous:
      p.eta_f = 5e-5;
      break;
    case Rule::Slow:
      p.eta_f = 1e-7;
      p.eta_fbar = 5e-5;
      p.eta_w = 5e-5;
      p.init_f_mean = 0.001;
      break;
    case Rule::SlowPruning:  // S9
      p.eta_f = 0.9e-6;
      p.eta_fbar = p.eta_d = p.eta_w = 0.9 * 5e-4;
      p.eta_b = 0.9 * 4e-2;
      p.eta_sigma = 0.9 * 7e-7;
      p.eta_correlation = 0.9e-4;
      p.pruning_factor = 3.0;
      p.pruning_start_pattern = 4000;
      p.init_f_mean = 0.001;
      break;
    default:
      break;
  }
  return p;
}

NetworkParams fmnist_defaults(Rule rule) {
  NetworkParams p;  // S2: n_z 9, UI 5 steps, rho 0.02, sigma^2 = 0.1 fixed, reparametrised bias
  p.rule = rule;
  p.update_interval_steps = 5;
  p.rate_per_ms = 0.02;
  p.sigma2_initial = p.sigma2_final = 0.1;
  p.eta_sigma = 0.0;
  p.eta_f = p.eta_d = 0.5e-5;
  p.eta_b = 0.5e-2;
  p.eta_w = 1e-5;
  switch (rule) {
    case Rule::Decay:
      p.rate_per_ms = 0.005;
      p.lambda = 0.005;
      p.eta_f = 2e-6;
      p.eta_f_start_pattern = 5000;
      p.eta_d = 3e-6;
      p.eta_w = 6e-5;
      p.eta_b = 3e-3;
      p.init_f_mean = 0.001;
      break;
    case Rule::Simultaneous:
      p.eta_f = 2e-6;
      p.eta_d = 3e-6;
      p.eta_w = 6e-6;
      p.eta_b = 3e-3;
      break;
    case Rule::Slow:
    case Rule::SlowPruning:
      p.eta_f = 4e-7;
      p.eta_fbar = 4e-5;
      p.eta_w = 4e-5;
      p.init_f_mean = 0.001;
      break;
    default:
      break;
  }
  return p;
}
// Fig 4D (rate scan; Fig 5A keeps these and sets UI = 1 and the dt / sigma_f^2 grid): dt 0.1 ms,
// UI 2 steps, rho 5 Hz, sigma^2 1 -> 0.13 (eta_sigma 7e-8), eta_F = eta_D 4e-5 -> 3e-5 after 200k
// patterns, eta_b 6e-3 -> 4e-3, SB eta_W 1e-4 -> 7e-5; no bias reparametrisation; F = D = W = 0.
// Quick: dt 1 ms (10x fewer steps), 4000 patterns, sigma anneal 100x faster (time constant ~700
// patterns), no late stage.
NetworkParams scenes_defaults(Rule rule, bool quick) {
  NetworkParams p;
  p.rule = rule;
  p.dt_ms = quick ? 1.0 : 0.1;
  p.update_interval_steps = quick ? 1 : 2;
  p.rate_per_ms = 0.005;
  p.sigma2_initial = 1.0;
  p.sigma2_final = 0.13;
  p.eta_sigma = quick ? 7e-6 : 7e-8;
  p.eta_f = p.eta_d = 4e-5;
  p.eta_b = 6e-3;
  p.eta_w = 1e-4;
  p.reparametrize_bias = false;
  p.late_stage_pattern = quick ? 0 : 200000;
  p.eta_f_late = p.eta_d_late = 3e-5;
  p.eta_b_late = 4e-3;
  p.eta_w_late = 7e-5;
  return p;
}

// §4.4 / §3.8: per-step plasticity, sigma^2 = 0.2 fixed, rho 5 Hz, F(0) = max(0, N(0.05, 0.1^2)),
// patterns of 5 ms linearly interpolated (fade 1). Fig 5E: dt 0.05 ms, DB exact -s2 F F^T, SB
// Oja-like F + learned W (dynamics 0.5 diag W). S11: dt 0.5 ms, DB with learned somatic W, SB
// unwhitened rule.
NetworkParams speech_defaults(Rule rule, const std::string& variant) {
  NetworkParams p;
  p.rule = rule;
  const bool s11 = variant == "s11";
  p.dt_ms = s11 ? 0.5 : 0.05;
  p.pattern_ms = 5.0;
  p.fade_fraction = 1.0;
  p.update_interval_steps = 1;
  p.rate_per_ms = 0.005;
  p.sigma2_initial = p.sigma2_final = 0.2;
  p.eta_sigma = 0.0;
  p.init_f_mean = 0.05;
  p.init_f_std = 0.1;
  p.reparametrize_bias = false;
  p.per_step_plasticity = true;
  p.eta_f = p.eta_d = 0.7 * (s11 ? 7e-5 : 3e-4);
  p.eta_w = 0.7 * (s11 ? 4e-4 : 8e-4);
  p.eta_b = 0.7 * 2e-2;
  if (rule == Rule::Somatic) p.self_term = 0.5;
  if (s11 && rule == Rule::Somatic) p.unwhitened_somatic = true;
  if (s11 && rule == Rule::Analytic) {
    p.learned_inhibition = true;
    p.self_term = 0.5;
  }
  // Not in the spec's table; the public code (analytic_speech/net.jl, create_net) starts a learned W
  // at -F(0) F(0)^T, i.e. balanced to the initial feedforward weights.
  p.init_w_gram = rule == Rule::Somatic || p.learned_inhibition;
  return p;
}
}  // namespace

// Ranges of the discretised weights, from the float runs (bars, quick): |F| <= 0.9; analytic
// Winh = -s2 F D reaches about -30 on the diagonal at s2 = 10; somatic W in [-4.5, -0.5];
// dendritic W_jik in [-0.6, 0.1]. Each range leaves headroom of about 1.3x.
HardwareParams hardware_defaults(Rule rule) {
  HardwareParams h;
  h.f_max = 1.0;
  h.w_max = rule == Rule::Analytic ? 40.0 : rule == Rule::Somatic || rule == Rule::SlowPruning ? 6.0 : 1.0;
  return h;
}

NetworkParams default_network_params(Experiment experiment, Rule rule, bool quick, const std::string& speech_variant) {
  NetworkParams p;
  switch (experiment) {
    case Experiment::Bars: p = bars_defaults(rule, quick); break;
    case Experiment::Fmnist: p = fmnist_defaults(rule); break;
    case Experiment::Scenes: p = scenes_defaults(rule, quick); break;
    case Experiment::Speech: p = speech_defaults(rule, speech_variant); break;
  }
  p.hardware = hardware_defaults(rule);
  if (experiment == Experiment::Scenes) {
    // From a quick float run (analytic, 25 Hz): |F| <= 0.27, Winh = -s2 F D in [-5.1, 1.8].
    p.hardware.f_max = 0.5;
    p.hardware.w_max = 8.0;
  } else if (experiment == Experiment::Speech) {
    // F(0) = max(0, N(0.05, 0.1^2)) stays below 1; the learned somatic W is assumed within +-4.
    p.hardware.f_max = 1.0;
    if (rule == Rule::Somatic || p.learned_inhibition) p.hardware.w_max = 4.0;
  }
  return p;
}

DendriticConfig default_config(Experiment experiment, Rule rule, bool quick, const std::string& speech_variant) {
  DendriticConfig c;
  c.experiment = experiment;
  c.rule = rule;
  c.quick = quick;
  c.network = default_network_params(experiment, rule, quick, speech_variant);
  if (experiment == Experiment::Scenes) {
    c.schedule = quick ? Schedule{4000, 1000, 500} : Schedule{1500000, 15000, 15000};
    if (quick) c.scenes.test_patterns = c.scenes.heldout_patterns = 200;
    return c;
  }
  if (experiment == Experiment::Speech) {
    c.speech.variant = speech_variant;
    // Full: 10^6 samples, 30 test passes of 2000 samples. Quick: 5000 samples, 2 passes of 200.
    c.schedule = quick ? Schedule{5000, 2500, 500} : Schedule{1000000, 33334, 10000};
    if (quick) {
      c.speech.test_samples = 200;
      c.speech.snapshot_samples = 100;
    }
    return c;
  }
  if (experiment == Experiment::Bars) {
    if (has_dendritic_tensor(rule)) {  // S3 / S9: the O(n_z^2 n_x) local rules ran on 4x4 bars
      c.bars.side = 4;
      c.bars.n_neurons = 8;
    }
    if (rule == Rule::SlowPruning) {
      c.schedule = quick ? Schedule{40000, 10000, 1000} : Schedule{400000, 10000, 5000};
    } else {
      c.schedule = quick ? Schedule{50000, 10000, 1000} : Schedule{1000000, 50000, 10000};
    }
  } else {
    c.schedule = quick ? Schedule{12000, 2000, 500} : Schedule{120000, 2000, 2000};
    if (quick) {
      c.fmnist.test_images = 300;
      c.fmnist.classifier_train_images = 1000;
    }
    if (rule == Rule::Decay && quick) c.network.eta_f_start_pattern = 500;
  }
  return c;
}

}  // namespace ebn::dendritic
