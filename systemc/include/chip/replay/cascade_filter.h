#pragma once
// Exact one-step map of the membrane with a TWO-pole synaptic filter (the cascade option of the
// replay model, circuit_params.h `tau_syn2_s` > 0):
//   tau_syn  dx1/dt = -x1 + u          (DAC drive, piecewise constant)
//   tau_syn2 dx2/dt = -x2 + x1         (second pole: the soft start of the synaptic DPI)
//   tau_mem  dI/dt  = -I + I_inf + x2
// For constant (u, I_inf) over dt the state z = (x1, x2, I) maps as z <- phi z + gamma (u, I_inf)^T,
// read off the matrix exponential of the augmented system (exact for any time constants, equal
// ones included). With tau_syn2 -> 0 it tends to chip::advance_exact (model D).
#include <Eigen/Dense>

namespace chip::replay {

struct CascadeStep {
  Eigen::Matrix3d phi = Eigen::Matrix3d::Identity();
  Eigen::Matrix<double, 3, 2> gamma = Eigen::Matrix<double, 3, 2>::Zero();
  static CascadeStep make(double tau_mem_s, double tau_syn_s, double tau_syn2_s, double dt_s);
};

}  // namespace chip::replay
