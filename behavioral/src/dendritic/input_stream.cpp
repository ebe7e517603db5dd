#include "behavioral/dendritic/input_stream.h"

#include <algorithm>

namespace ebn::dendritic {

FadingInput::FadingInput(int steps_per_pattern, double fade_fraction, Source source)
    : steps_per_pattern_(steps_per_pattern), fade_fraction_(fade_fraction), source_(std::move(source)) {}

const Eigen::VectorXd& FadingInput::step() {
  ++t_;
  const long within = (t_ - 1) % steps_per_pattern_;  // 0-based step inside the pattern
  bool new_pattern = false;
  if (within == 0) {
    Eigen::VectorXd next = source_();
    previous_ = pattern_index_ < 0 ? next : current_;  // X[0] := X[1]
    current_ = std::move(next);
    ++pattern_index_;
    new_pattern = true;
  }
  const double phi = static_cast<double>(within + 1) / steps_per_pattern_;
  const double f = fade_fraction_ > 0.0 ? std::min(1.0, phi / fade_fraction_) : 1.0;
  if (f < 1.0) {
    mixed_ = f * current_ + (1.0 - f) * previous_;
    fading_ = true;
    changed_ = true;
    return mixed_;
  }
  changed_ = new_pattern || fading_;
  fading_ = false;
  return current_;
}

}  // namespace ebn::dendritic
