#pragma once
// Discretised weights for the hardware-like variant: a weight is a signed B-bit counter q in
// [hw::counter_min(B), hw::counter_max(B)] times a scale = max_abs / counter_max(B). The float
// update a rule computes is converted into a counter step:
//   stochastic:    q += floor(delta/scale + U), U ~ uniform[0,1) (unbiased: E[step] = delta/scale,
//                  so updates far below one LSB still learn on average)
//   deterministic: q += round(delta/scale) (nearest, ties away from zero; updates below half an
//                  LSB are lost -- the classic stall of fixed-point learning)
// then saturates. Weights are kept as doubles that are exact multiples of the scale, so the
// network code reads them like float weights.
#include <Eigen/Dense>

#include "behavioral/dendritic/params.h"
#include "behavioral/dendritic/random.h"

namespace ebn::dendritic {

class WeightQuantizer {
 public:
  WeightQuantizer() = default;  // float: apply() adds the update unchanged
  WeightQuantizer(int bits, double max_abs, Rounding rounding);
  bool active() const { return bits_ > 0; }
  int bits() const { return bits_; }
  double scale() const { return scale_; }
  long counter_of(double weight) const;  // counter value of a representable weight
  // Nearest representable value (deterministic, saturating): for derived weights and init.
  double represent(double value) const;
  // weight += delta, discretised as documented above.
  double step(double weight, double delta, Rng& rng) const;
  // Same as step() but with the uniform number supplied (apply() draws two per 64-bit output).
  double step_with(double weight, double delta, double uniform) const;
  void apply(Eigen::Ref<Eigen::MatrixXd> weights, const Eigen::Ref<const Eigen::MatrixXd>& delta, Rng& rng) const;
  void represent_all(Eigen::Ref<Eigen::MatrixXd> weights) const;

 private:
  int bits_ = 0;
  double scale_ = 1.0, inv_scale_ = 1.0;
  long q_min_ = 0, q_max_ = 0;
  Rounding rounding_ = Rounding::Stochastic;
};

}  // namespace ebn::dendritic
