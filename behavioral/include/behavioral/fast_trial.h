#pragma once
// The fast mode's trial in float32 (network.fast_mode; docs/behavioral.md "Fast mode (opt-in)"):
// ReferenceNetwork's whole loop -- earliest-crossing spike detection, back-step, reset, grid rows
// of drive + noise, the Euler step with the kick, and the discrete rule of level 1 with its
// diagonal part -- in one kernel over float32 state padded to whole 64-byte vectors, compiled for
// SSE2, AVX2 and AVX-512 and chosen at run time like simd_kernels.h. Every operation is the same
// element-wise IEEE operation on every width (no FMA contraction, padded lanes inert), so all
// three variants give the same bits (test FastTrial.EveryVariantGivesTheSameTrial).
//
// The arithmetic is the model's (ebn_network.h) in float32, with two rewrites of the same
// algebra that shorten the dependency chain of a step: V ← V·(1 − a) + a·(V_rest + I + I_ext)
// and the back-step x ← x′ + (x − x′)·(δ/dt). Weights are kept as float32 (multiples of the
// learning step, exact for the default step); ReferenceNetwork reads them back into its double
// matrix after a trial, exactly. Used for discrete rules of level 1 with N_x = 2; other
// configurations keep the double-precision fast kernels (simd_kernels.h).
#include <Eigen/Dense>

#include <memory>
#include <optional>

#include "behavioral/input_signal.h"
#include "behavioral/network_backend.h"
#include "behavioral/params.h"

namespace ebn::behavioral {

// The discrete rule of level 1 in the kernel's terms (learning_rules.h: FloatDiscreteRule).
struct FastTrialRule {
  double kappa = 0.0;       // Ω = κ·W
  double half_width = 0.0;  // stop-learning band of the weights
  bool subtract_rest = false;
  double step = 0.0;           // g
  bool diagonal = false;       // learning.diagonal = "fig1"
  double diagonal_half = 0.0;  // its band
  double diagonal_step = 0.0;
};

// The constants of a network's trials.
struct FastTrialConstants {
  double dt = 0.0, tau_mem = 0.0, tau_fast = 0.0, min_step_fraction = 0.0, noise_sigma = 0.0;
};

// The rule of config.learning in the kernel's terms; nothing when the kernel does not apply (a
// continuous or quantized rule: those keep the double-precision fast kernels).
std::optional<FastTrialRule> fast_trial_rule(const EbnConfig& config);
FastTrialConstants fast_trial_constants(const NetworkParams& network);

class FastTrial {
 public:
  // drive_weights: N × 2, (τ_m·F)ᵀ.
  FastTrial(const Eigen::MatrixXd& drive_weights, const Eigen::VectorXd& threshold, const FastTrialConstants& constants,
            const FastTrialRule& rule);
  ~FastTrial();
  FastTrial(const FastTrial&) = delete;
  FastTrial& operator=(const FastTrial&) = delete;

  // Loads W, V_rest, V_reset (rounded to float32).
  void load(const Eigen::MatrixXd& weights, const Eigen::VectorXd& v_rest, const Eigen::VectorXd& v_reset);
  // Writes the float32 state back (exact conversions).
  void store(Eigen::MatrixXd& weights, Eigen::VectorXd& v_rest, Eigen::VectorXd& v_reset) const;
  // One trial from the rest state; its noise (fast_noise_rows.h) is seeded by one draw of rng.
  TrialResult run(const InputSignal& input, bool learning, RunRng& rng);
  // Learning trials may have their noise drawn ahead on the spare core (spare_core.h; set when a
  // core is free for it); the results are the same either way. Wanted: its buffers for trials of
  // `rows` grid rows are made now, not in the first learning pass.
  void use_spare_core(bool wanted, long rows);
  // The next learning trial, of `rows` grid rows, will most likely start with the stream at
  // `stream_at_start`: with the spare core, its noise is drawn ahead (FastNoiseRows::expect).
  void expect(const RunRng& stream_at_start, long rows);

  int neurons() const { return n_; }
  // Lanes per state vector: N rounded up to 16 (one AVX-512 register of floats).
  int padded() const { return padded_; }

  struct Arrays;  // the float32 state (fast_trial.cpp)

 private:
  static std::uint64_t noise_seed(RunRng& rng);

  int n_, padded_;
  FastTrialConstants constants_;
  FastTrialRule rule_;
  bool spare_core_ = false;
  std::unique_ptr<Arrays> arrays_;
};

}  // namespace ebn::behavioral
