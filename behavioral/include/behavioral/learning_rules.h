#pragma once
// Learning rules of levels 1 and 2, selectable by name (learning.rule):
//   "discrete-fig1"  §3.2, the Figure-1 code: s = 2·V′_n + Ω_nk, V_rest taken as 0, band ±(g/2 + m)
//                    with g in W units (the code's unit convention, §3.3: 20 Ω-steps wide).
//   "discrete-paper" §3.1, [SM]: s = 2·(V′_n − V_rest,n) + Ω_nk, band ±(ω/2 + m), ω = Ω-units step.
//   "continuous"     §7.3, Brendel et al. inside the Figure-1 model: ΔW_nk = −η·(2V′_n + κW_nk)/κ.
// Ω_nk = κ·W_nk with κ = τ_m ("code", the Figure-1 convention) or κ = τ_f/τ_m ("psp", the real
// PSP integral) -- learning.omega_units (§10 item 1).
// Discrete rules step W_nk by ±g (float, level 1) or step a B-bit saturating counter
// (level 2, W = g·counter) through ebn::ReferenceController, the same controller semantics as the
// chip model and the RTL. The comparison itself is ebn::decide (common/decision.h): s below the
// lower bound -> Inc, above the upper -> Dec, on a bound -> Hold.
// Diagonal (learning.diagonal = "fig1", §3.2): on a spike of k, s = 2·V′_k + (V_reset,k + T_k) with
// the fig1 band; Inc -> V_reset,k and V_rest,k += diagonal_step, Dec -> −= diagonal_step.
#include <Eigen/Dense>

#include <memory>
#include <vector>

#include "behavioral/params.h"
#include "ebn/decision.h"
#include "ebn/learning_controller.h"

namespace ebn::behavioral {

// Neuron parameters a rule may read (threshold) or move (diagonal rule).
struct NeuronParams {
  Eigen::VectorXd threshold, v_rest, v_reset;
};

// The comparator of the discrete rules, in the units of s.
struct DiscreteComparator {
  double omega_per_weight;  // κ: Ω = κ·W
  double half_width;        // stop-learning band |s| <= half_width
  bool subtract_rest;       // [SM] uses V_rest in the condition, the Figure-1 code uses 0
  double s(double v_before, double v_rest, double weight) const {
    return 2.0 * (subtract_rest ? v_before - v_rest : v_before) + omega_per_weight * weight;
  }
  Decision decide_weight(double v_before, double v_rest, double weight) const {
    return decide(s(v_before, v_rest, weight), -half_width, half_width);
  }
};

DiscreteComparator make_comparator(const LearningParams& learning, const NetworkParams& network);
// κ of learning.omega_units.
double omega_per_weight(const LearningParams& learning, const NetworkParams& network);
// The diagonal comparator of §3.2 (always the Figure-1 form and band).
Decision diagonal_decision(const LearningParams& learning, double v_before_k, double v_reset_k, double threshold_k);

class LearningRule {
 public:
  virtual ~LearningRule() = default;
  // On a spike of k in a training trial, after the Euler step (spec §1.5 step 4). v_before = V′
  // of every neuron (membrane at the spike time, k already reset, k's kick not yet arrived).
  // Updates column k of W (n != k) and the diagonal parameters; returns the number of changes.
  virtual long on_spike(int k, const double* v_before, NeuronParams& neurons, Eigen::MatrixXd& weights) = 0;
  // Weights programmed from outside; level 2 loads (and saturates) its counters and writes the
  // representable values back into `weights`.
  virtual void load_weights(Eigen::MatrixXd& weights) { (void)weights; }
};

// Builds the rule of config.learning (level 2 when learning.quantized).
std::unique_ptr<LearningRule> make_learning_rule(const EbnConfig& config);

}  // namespace ebn::behavioral
