#pragma once
// A digital line driven from C++ into ngspice as an EXTERNAL voltage source: a piecewise-linear
// waveform of (time, volts) corners. Edges are appended only in the future of the last accepted
// time point, so the value at any time ngspice may still ask for (including retried steps) never
// changes after it was first computed.
#include <cstddef>
#include <vector>

namespace spice {

class DigitalLine {
 public:
  explicit DigitalLine(double initial_V = 0.0) { t_.push_back(0.0); v_.push_back(initial_V); }
  // Ramp from the current final level to `level_V` over [t_start, t_start + ramp_s].
  // Returns the corner times (for breakpoints). Requires t_start >= the last corner.
  std::vector<double> set(double t_start, double level_V, double ramp_s);
  double value(double t) const;
  double final_level() const { return v_.back(); }
  const std::vector<double>& times() const { return t_; }
  const std::vector<double>& levels() const { return v_; }

 private:
  std::vector<double> t_, v_;
  mutable std::size_t cursor_ = 0;
};

}  // namespace spice
