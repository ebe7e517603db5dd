#include "spice/digital_line.h"

#include <stdexcept>

namespace spice {

std::vector<double> DigitalLine::set(double t_start, double level_V, double ramp_s) {
  if (t_start < t_.back()) throw std::logic_error("DigitalLine: edge before the last corner");
  if (level_V == v_.back()) return {};
  if (t_start > t_.back()) {
    t_.push_back(t_start);
    v_.push_back(v_.back());
  }
  t_.push_back(t_start + ramp_s);
  v_.push_back(level_V);
  return {t_start, t_start + ramp_s};
}

double DigitalLine::value(double t) const {
  if (t <= t_.front()) return v_.front();
  if (t >= t_.back()) return v_.back();
  // Queries mostly move forward: start from the last segment found.
  if (cursor_ >= t_.size() - 1 || t < t_[cursor_]) cursor_ = 0;
  while (t >= t_[cursor_ + 1]) ++cursor_;
  const double a = (t - t_[cursor_]) / (t_[cursor_ + 1] - t_[cursor_]);
  return v_[cursor_] + a * (v_[cursor_ + 1] - v_[cursor_]);
}

}  // namespace spice
