#pragma once
// Parameters of levels 1 and 2 (spec ebn-learning-rule.md), one struct per config section.
// The defaults below ARE the Figure-1 experiment; configs/figure1.json lists the same values
// (a unit test checks that the file equals the built-in default). Keys carry units in names.
#include <cstdint>
#include <string>

#include "ebn/config_reader.h"

namespace ebn::behavioral {

// Section "network": neurons, time constants, input signal, noise, integration (spec §1).
struct NetworkParams {
  int neurons = 20;                    // N
  int input_dims = 2;                  // N_x
  double tau_mem_s = 0.05;             // τ_m = 1/λ_V
  double tau_syn_readout_s = 0.01;     // τ_s = 1/λ_d (readout filter; enters the thresholds)
  double tau_fast_s = 1e-3;            // τ_f (fast recurrent synapse)
  double mu = 1e-4;                    // L2 rate cost
  double nu = 1e-3;                    // L1 rate cost
  std::string threshold_norm = "l1_squared";  // §1.3 / §10 item 2: "l1_squared" ([D]) or "l2_squared" (textbook)
  double input_amplitude = 5000.0;     // A: c = A·x
  double smoothing_sigma_ms = 30.0;    // width of the Gaussian kernel on [S]'s 1..1000 "ms" axis (§1.6)
  double input_zero_start_s = 0.01;    // z[0 : 10 ms] = 0 before smoothing
  double noise_std = 0.01;             // std of each input noise term and of the readout noise
  int input_noise_terms = 2;           // ξ¹ + ξ² (§1.4), drawn as one normal of std noise_std·√terms
  double initial_weight_std = 30.0;    // Ω₀ = std·N(0,1)^{N×N} (§6)
  double dt_s = 1e-4;                  // nominal Euler step
  double trial_s = 1.0;                // one pass / one validation run
  double min_step_fraction = 0.1;      // back-stepped spike time ≥ t_prev + fraction·dt (§1.5)
  // How `--neurons N` scales this experiment (neuron_scaling.h): "rate" keeps the per-neuron rate
  // (input amplitude ∝ N), "weights" scales only the initial weights (the rule before issue 12).
  std::string neuron_scaling = "rate";
  // Opt-in fast mode (never the default; docs/behavioral.md "Fast mode (opt-in)"): the input noise,
  // the signals' white noise and the readout noise come from FastNormal (fast_normal.h, eight
  // vectorised streams, float32 Box-Muller) seeded by one draw of the experiment stream each, and
  // the signal is synthesised from its few non-zero Fourier bins (fast_signal.h). Same statistics,
  // different random values: results differ from the default run (accuracy test in
  // test_ebn_fast_mode.cpp). Levels 1/2 only.
  bool fast_mode = false;

  int samples() const;  // trial_s / dt_s (10 000); the simulation grid has samples()+1 points
  double lambda_d() const { return 1.0 / tau_syn_readout_s; }
};

// Section "learning": which rule, its step/band, the Ω-units variant, level 2 (quantized).
struct LearningParams {
  std::string rule = "discrete-fig1";  // "discrete-fig1" (§3.2), "discrete-paper" (§3.1), "continuous" (§7.3)
  double step = 2.0;                   // g: weight step in W (code) units
  double band_margin = 0.0;            // m: widens the stop-learning band on each side
  std::string omega_units = "code";    // §10 item 1: "code" (Ω = τ_m·W) or "psp" (Ω = τ_f/τ_m·W)
  std::string diagonal = "fig1";       // "fig1" (learn V_reset/V_rest as §3.2), "off" (0), "optimal" (T − ‖F‖²−μλ²)
  double diagonal_step = 0.1;          // ± step of V_reset and V_rest in the diagonal rule (§3.2)
  double continuous_rate = 0.01;       // η of the continuous rule (§7.3); 0.01 reaches dist ≈ 0.03 in 51 passes (seed 42)
  bool quantized = false;              // level 2: weights are B-bit saturating counters × step
  int weight_bits = 8;                 // B (level 2)
};

// Section "experiment": training loop and validation (spec §4).
struct ExperimentParams {
  int passes = 51;
  int validate_every = 10;
  int validation_signals = 10;
  std::uint32_t seed = 42;
  // Which level runs the experiment: "behavioral" (level 1, or level 2 when learning.quantized)
  // or "chip" (level 3, SystemC; its circuit settings come from the "chip" section).
  std::string backend = "behavioral";
};

struct EbnConfig {
  NetworkParams network;
  LearningParams learning;
  ExperimentParams experiment;
  Json reserved = Json::object();      // "chip" / "dendritic" sections, kept verbatim for resolved_config.json
  std::string source = "built-in default";
};

// Parses a whole config (all sections) with range checks; throws InputError naming the key.
// Missing keys take the Figure-1 defaults. Reused by the chip backend.
EbnConfig parse_config(const Json& root, const std::string& source);
EbnConfig load_config_file(const std::string& path);
// Fully resolved config (every key, including defaults) as written to resolved_config.json.
Json to_json(const EbnConfig& config);

}  // namespace ebn::behavioral
