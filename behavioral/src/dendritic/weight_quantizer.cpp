#include "behavioral/dendritic/weight_quantizer.h"

#include <algorithm>
#include <cmath>

#include "ebn/hw_encoding.h"

namespace ebn::dendritic {

WeightQuantizer::WeightQuantizer(int bits, double max_abs, Rounding rounding)
    : bits_(bits),
      scale_(max_abs / hw::counter_max(bits)),
      inv_scale_(hw::counter_max(bits) / max_abs),
      q_min_(hw::counter_min(bits)),
      q_max_(hw::counter_max(bits)),
      rounding_(rounding) {}

long WeightQuantizer::counter_of(double weight) const { return std::lround(weight * inv_scale_); }

double WeightQuantizer::represent(double value) const {
  if (!active()) return value;
  return static_cast<double>(std::clamp(std::lround(value * inv_scale_), q_min_, q_max_)) * scale_;
}

double WeightQuantizer::step(double weight, double delta, Rng& rng) const {
  if (!active()) return weight + delta;
  return step_with(weight, delta, rounding_ == Rounding::Stochastic ? uniform01(rng) : 0.0);
}

double WeightQuantizer::step_with(double weight, double delta, double uniform) const {
  const double steps = delta * inv_scale_;
  const long dq = rounding_ == Rounding::Stochastic ? static_cast<long>(std::floor(steps + uniform)) : std::lround(steps);
  if (dq == 0) return weight;
  return static_cast<double>(std::clamp(counter_of(weight) + dq, q_min_, q_max_)) * scale_;
}

void WeightQuantizer::apply(Eigen::Ref<Eigen::MatrixXd> weights, const Eigen::Ref<const Eigen::MatrixXd>& delta,
                            Rng& rng) const {
  if (!active()) {
    weights += delta;
    return;
  }
  // Two 32-bit uniforms per 64-bit draw (resolution 2^-32 of an LSB): halves the generator cost,
  // which dominates discretised runs.
  double* w = weights.data();
  const Eigen::Index n = weights.size();
  std::uint64_t bits = 0;
  bool have_half = false;
  for (Eigen::Index k = 0; k < n; ++k) {
    const Eigen::Index r = k % weights.rows(), c = k / weights.rows();
    double u = 0.0;
    if (rounding_ == Rounding::Stochastic) {
      if (!have_half) {
        bits = rng();
        u = static_cast<double>(bits >> 32) * 0x1.0p-32;
      } else {
        u = static_cast<double>(bits & 0xFFFFFFFFull) * 0x1.0p-32;
      }
      have_half = !have_half;
    }
    double& target = weights.outerStride() == weights.rows() ? w[k] : weights(r, c);
    target = step_with(target, delta(r, c), u);
  }
}

void WeightQuantizer::represent_all(Eigen::Ref<Eigen::MatrixXd> weights) const {
  if (!active()) return;
  weights = weights.unaryExpr([this](double w) { return represent(w); });
}

}  // namespace ebn::dendritic
