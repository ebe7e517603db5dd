#pragma once
// Levels 1 and 2: the EBN of spec §1.4 integrated with Rockpool's back-stepped Euler (§1.5).
// Per iteration: (1) of the neurons above threshold only the earliest crossing k spikes; all
// states are interpolated back to its spike time, k is reset and its kick J = W[:,k] taken;
// (2) V′ = V, I′ = I + J; (3) I ← I(1 − dt/τ_f) + J, V ← V + dt/τ_m·(V_rest − V + I + I_ext[⌊t/dt⌋]);
// (4) learning with k and V′; (5) t_prev ← t, t ← t + dt. Loop while t < trial end.
// Event-driven synapses: a spike adds one column of W; the per-step cost is O(N·N_x).
// I_ext_n = τ_m·Σ_d F_dn c_d + ξ_n: the two noise terms ξ¹ + ξ² of §1.4 are drawn as one normal of
// std noise_std·√input_noise_terms per grid step and neuron (same distribution), held while
// ⌊t/dt⌋ stays on that grid step; rows are drawn in grid order (a skipped row is drawn and dropped),
// exactly as if the whole noise matrix had been drawn before the trial.
#include <memory>
#include <vector>

#include "behavioral/fast_trial.h"
#include "behavioral/learning_rules.h"
#include "behavioral/network_backend.h"

namespace ebn::behavioral {

class ReferenceNetwork final : public NetworkBackend {
 public:
  // `rule` replaces the rule of config.learning (tests plug in mutants); null = make_learning_rule.
  ReferenceNetwork(const NetworkSetup& setup, const EbnConfig& config, std::unique_ptr<LearningRule> rule = nullptr);
  std::string name() const override { return quantized_ ? "quantized" : "reference"; }
  int neurons() const override { return static_cast<int>(weights_.rows()); }
  TrialResult run_trial(const InputSignal& input, bool learning, RunRng& rng) override;
  Eigen::MatrixXd weights() const override { return weights_; }
  void set_weights(const Eigen::MatrixXd& weights) override;
  Eigen::VectorXd v_rest() const override { return neuron_.v_rest; }
  Eigen::VectorXd v_reset() const override { return neuron_.v_reset; }
  void use_spare_core(bool wanted) override;
  void expect_learning_trial(const RunRng& stream_at_start) override;

 private:
  NetworkParams p_;
  bool quantized_;
  bool custom_rule_;  // a rule passed in (tests' mutants): always run by the generic loop
  Eigen::MatrixXd drive_weights_;  // (τ_m·F)ᵀ (N × N_x)
  NeuronParams neuron_;
  Eigen::MatrixXd weights_;        // column k = kick of a spike of k
  std::unique_ptr<LearningRule> rule_;
  // Fast mode with a discrete rule of level 1 and N_x = 2: the float32 trial (fast_trial.h) holds
  // the state; weights_ and neuron_ are its exact copies after each trial.
  std::unique_ptr<FastTrial> fast32_;
  // Work buffers (kept between trials to avoid allocation).
  Eigen::VectorXd v_, i_, v_prev_, i_prev_, external_, drive_row_;
  std::vector<float> noise_rows_;  // fast mode: a chunk of noise rows (kFastChunkValues values)
  static constexpr int kFastChunkValues = 4096;
};

// The default factory: ReferenceNetwork, quantized when config.learning.quantized.
std::unique_ptr<NetworkBackend> make_behavioral_backend(const NetworkSetup& setup, const EbnConfig& config);

}  // namespace ebn::behavioral
