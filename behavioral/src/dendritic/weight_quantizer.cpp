#include "behavioral/dendritic/weight_quantizer.h"

#include <algorithm>
#include <cmath>

#include "ebn/hw_encoding.h"

namespace ebn::dendritic {

WeightQuantizer::WeightQuantizer(int bits, double max_abs, Rounding rounding)
    : bits_(bits),
      scale_(max_abs / hw::counter_max(bits)),
      q_min_(hw::counter_min(bits)),
      q_max_(hw::counter_max(bits)),
      rounding_(rounding) {}

long WeightQuantizer::counter_of(double weight) const { return std::lround(weight / scale_); }

double WeightQuantizer::represent(double value) const {
  if (!active()) return value;
  return static_cast<double>(std::clamp(std::lround(value / scale_), q_min_, q_max_)) * scale_;
}

double WeightQuantizer::step(double weight, double delta, Rng& rng) const {
  if (!active()) return weight + delta;
  const double steps = delta / scale_;
  const long dq = rounding_ == Rounding::Stochastic ? static_cast<long>(std::floor(steps + uniform01(rng)))
                                                    : std::lround(steps);
  if (dq == 0) return weight;
  return static_cast<double>(std::clamp(counter_of(weight) + dq, q_min_, q_max_)) * scale_;
}

void WeightQuantizer::apply(Eigen::Ref<Eigen::MatrixXd> weights, const Eigen::Ref<const Eigen::MatrixXd>& delta,
                            Rng& rng) const {
  if (!active()) {
    weights += delta;
    return;
  }
  for (Eigen::Index c = 0; c < weights.cols(); ++c)
    for (Eigen::Index r = 0; r < weights.rows(); ++r) weights(r, c) = step(weights(r, c), delta(r, c), rng);
}

void WeightQuantizer::represent_all(Eigen::Ref<Eigen::MatrixXd> weights) const {
  if (!active()) return;
  weights = weights.unaryExpr([this](double w) { return represent(w); });
}

}  // namespace ebn::dendritic
