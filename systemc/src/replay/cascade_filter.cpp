#include "chip/replay/cascade_filter.h"

#include <unsupported/Eigen/MatrixFunctions>

namespace chip::replay {

CascadeStep CascadeStep::make(double tau_mem_s, double tau_syn_s, double tau_syn2_s, double dt_s) {
  CascadeStep s;
  if (dt_s <= 0.0) return s;
  // Augmented generator [[A, B], [0, 0]] over the state (x1, x2, I) and the inputs (u, I_inf).
  Eigen::Matrix<double, 5, 5> m = Eigen::Matrix<double, 5, 5>::Zero();
  m(0, 0) = -1.0 / tau_syn_s;
  m(0, 3) = 1.0 / tau_syn_s;
  m(1, 1) = -1.0 / tau_syn2_s;
  m(1, 0) = 1.0 / tau_syn2_s;
  m(2, 2) = -1.0 / tau_mem_s;
  m(2, 1) = 1.0 / tau_mem_s;
  m(2, 4) = 1.0 / tau_mem_s;
  const Eigen::Matrix<double, 5, 5> e = (m * dt_s).exp();
  s.phi = e.topLeftCorner<3, 3>();
  s.gamma = e.topRightCorner<3, 2>();
  return s;
}

}  // namespace chip::replay
