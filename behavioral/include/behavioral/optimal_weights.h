#pragma once
// Thresholds, optimal recurrent weights and optimal rest potentials of the EBN (spec §1.3, §6).
#include <Eigen/Dense>

#include "behavioral/params.h"

namespace ebn::behavioral {

// T_i = (νλ_d + μλ_d² + ‖F_i‖²)/2 with the squared L1 norm ([D], "l1_squared") or the textbook
// squared L2 norm ("l2_squared"), F_i = column i of the encoder.
Eigen::VectorXd thresholds(const Eigen::MatrixXd& encoder, const NetworkParams& p);

// W*_nk = −(τ_m/τ_f)·F_nᵀF_k for n ≠ k (code units: Ω* = FᵀF + μλ_d²I scaled by τ_m/τ_f),
// W*_nn = 0 (the diagonal is realised by the reset). Continuous, not discretised.
Eigen::MatrixXd optimal_weights(const Eigen::MatrixXd& encoder, const NetworkParams& p);

// V_rest = V_reset = T_i − (‖F_i‖₂² + μλ_d²) for the optimal network (realises Ω*_ii, §1.3).
Eigen::VectorXd optimal_rest(const Eigen::MatrixXd& encoder, const Eigen::VectorXd& threshold, const NetworkParams& p);

}  // namespace ebn::behavioral
