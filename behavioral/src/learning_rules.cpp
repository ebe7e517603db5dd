#include "behavioral/learning_rules.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "behavioral/simd_kernels.h"
#include "ebn/hw_encoding.h"

namespace ebn::behavioral {

double omega_per_weight(const LearningParams& l, const NetworkParams& n) {
  return l.omega_units == "code" ? n.tau_mem_s : n.tau_fast_s / n.tau_mem_s;
}

DiscreteComparator make_comparator(const LearningParams& l, const NetworkParams& n) {
  DiscreteComparator c;
  c.omega_per_weight = omega_per_weight(l, n);
  if (l.rule == "discrete-paper") {
    c.half_width = c.omega_per_weight * l.step / 2.0 + l.band_margin;  // ω/2 (+ m), ω in Ω units
    c.subtract_rest = true;
  } else {
    c.half_width = l.step / 2.0 + l.band_margin;  // the Figure-1 code: g/2 + m, g in W units
    c.subtract_rest = false;
  }
  return c;
}

Decision diagonal_decision(const LearningParams& l, double v_before_k, double v_reset_k, double threshold_k) {
  const double half = l.step / 2.0 + l.band_margin;
  return decide(2.0 * v_before_k + (v_reset_k + threshold_k), -half, half);
}

namespace {

// The diagonal part shared by every rule (§3.2): moves V_reset,k and V_rest,k together.
long apply_diagonal(const LearningParams& l, int k, const double* v_before, NeuronParams& np) {
  if (l.diagonal != "fig1") return 0;
  const Decision d = diagonal_decision(l, v_before[k], np.v_reset[k], np.threshold[k]);
  if (d == Decision::Hold) return 0;
  const double delta = step_of(d) * l.diagonal_step;
  np.v_reset[k] += delta;
  np.v_rest[k] += delta;
  return 1;
}

// Level 1, discrete rules: W_nk += ±g in floating point, unbounded.
class FloatDiscreteRule final : public LearningRule {
 public:
  explicit FloatDiscreteRule(const EbnConfig& c) : l_(c.learning), cmp_(make_comparator(c.learning, c.network)) {}
  long on_spike(int k, const double* v_before, NeuronParams& np, Eigen::MatrixXd& w) override {
    // The decisions of cmp_.decide_weight, element-wise for every n != k (simd_kernels.h).
    const long changes = simd::discrete_update(static_cast<int>(w.rows()), k, v_before, np.v_rest.data(), w.col(k).data(),
                                               cmp_.omega_per_weight, cmp_.half_width, cmp_.subtract_rest, l_.step);
    return changes + apply_diagonal(l_, k, v_before, np);
  }

 private:
  LearningParams l_;
  DiscreteComparator cmp_;
};

// Level 2: the same decisions drive signed B-bit saturating counters (W = g·counter) through the
// shared reference controller ("spike from k; decisions of every n").
class QuantizedDiscreteRule final : public LearningRule {
 public:
  QuantizedDiscreteRule(const EbnConfig& c, int neurons)
      : l_(c.learning), cmp_(make_comparator(c.learning, c.network)), controller_(neurons, c.learning.weight_bits),
        decisions_(neurons, Decision::Hold) {}

  void load_weights(Eigen::MatrixXd& w) override {
    const int n_count = controller_.neurons();
    if (w.rows() != n_count || w.cols() != n_count)
      throw std::invalid_argument("quantized rule: weight matrix is not " + std::to_string(n_count) + "x" + std::to_string(n_count));
    for (int n = 0; n < n_count; ++n)
      for (int k = 0; k < n_count; ++k) {
        // Nearest counter value (ties away from zero); the controller saturates at ±range.
        const double c = std::round(w(n, k) / l_.step);
        const double clamped = std::fmin(std::fmax(c, hw::counter_min(controller_.bits())), hw::counter_max(controller_.bits()));
        controller_.write_weight(n, k, n == k ? 0 : static_cast<int>(clamped));
        w(n, k) = l_.step * controller_.read_weight(n, k);
      }
  }

  long on_spike(int k, const double* v_before, NeuronParams& np, Eigen::MatrixXd& w) override {
    const int n_count = controller_.neurons();
    double* col = w.col(k).data();
    for (int n = 0; n < n_count; ++n)
      decisions_[n] = n == k ? Decision::Hold : cmp_.decide_weight(v_before[n], np.v_rest[n], col[n]);
    controller_.on_spike(k, decisions_);
    long changes = 0;
    for (int n = 0; n < n_count; ++n) {
      if (n == k) continue;
      const double updated = l_.step * controller_.read_weight(n, k);
      changes += updated != col[n];
      col[n] = updated;
    }
    return changes + apply_diagonal(l_, k, v_before, np);
  }

 private:
  LearningParams l_;
  DiscreteComparator cmp_;
  ReferenceController controller_;
  std::vector<Decision> decisions_;
};

// §7.3: ΔW_nk = −η·(2V′_n + κW_nk)/κ for n != k (V_rest taken as 0 as in the Figure-1 code).
class ContinuousRule final : public LearningRule {
 public:
  explicit ContinuousRule(const EbnConfig& c) : l_(c.learning), kappa_(omega_per_weight(c.learning, c.network)) {}
  long on_spike(int k, const double* v_before, NeuronParams& np, Eigen::MatrixXd& w) override {
    double* col = w.col(k).data();
    const Eigen::Index n_count = w.rows();
    for (Eigen::Index n = 0; n < n_count; ++n)
      if (n != k) col[n] -= l_.continuous_rate * (2.0 * v_before[n] + kappa_ * col[n]) / kappa_;
    return (n_count - 1) + apply_diagonal(l_, k, v_before, np);
  }

 private:
  LearningParams l_;
  double kappa_;
};

}  // namespace

std::unique_ptr<LearningRule> make_learning_rule(const EbnConfig& c) {
  if (c.learning.rule == "continuous") return std::make_unique<ContinuousRule>(c);
  if (c.learning.quantized) return std::make_unique<QuantizedDiscreteRule>(c, c.network.neurons);
  return std::make_unique<FloatDiscreteRule>(c);
}

}  // namespace ebn::behavioral
