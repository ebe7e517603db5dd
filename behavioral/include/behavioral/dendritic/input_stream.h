#pragma once
// Analog input with cross-faded patterns (spec §1.2): pattern n is shown for L steps; during the
// first fade_fraction*L steps of it the input moves linearly from pattern n-1 to pattern n:
//   phi = ((t-1) mod L + 1) / L,  f = min(1, phi / fade),  x(t) = f X[n] + (1-f) X[n-1],
// with X[0] := X[1]. The stream counts its own steps from 1 (a test pass starts a new stream).
#include <Eigen/Dense>
#include <functional>

namespace ebn::dendritic {

class FadingInput {
 public:
  using Source = std::function<Eigen::VectorXd()>;
  FadingInput(int steps_per_pattern, double fade_fraction, Source source);
  // Advances one step and returns x(t). The reference stays valid until the next call.
  const Eigen::VectorXd& step();
  // True when the value returned by the last step() differs from the one before.
  bool changed() const { return changed_; }
  // Index (from 0) of the pattern currently fading in / shown.
  long pattern_index() const { return pattern_index_; }
  long steps() const { return t_; }

 private:
  int steps_per_pattern_;
  double fade_fraction_;
  Source source_;
  long t_ = 0;
  long pattern_index_ = -1;
  Eigen::VectorXd previous_, current_, mixed_;
  bool fading_ = false, changed_ = true;
};

}  // namespace ebn::dendritic
