#pragma once
// The two metrics of the reference (spec §5), computed exactly as [R] computes them, plus the
// weight correlation reported in §8.3.
#include <Eigen/Dense>

namespace ebn::behavioral {

struct DecodingError {
  double transposed;     // E with X̂ = R·Bᵀ (what the reference prints and stores; spec §5.1)
  double least_squares;  // E with X̂ = R·B (the actual least-squares reconstruction)
  Eigen::MatrixXd map;   // B = (RᵀR)⁺ RᵀX (N_x × N_x)
};

// Normalised error variance E = Σ_d Var(X_d − X̂_d) / Σ_d Var(X_d) (ddof = 1), decoder B fitted
// on the same trial without intercept. R, X: samples × N_x.
DecodingError decoding_error(const Eigen::MatrixXd& readout, const Eigen::MatrixXd& target);
// E for a given reconstruction.
double normalised_error(const Eigen::MatrixXd& target, const Eigen::MatrixXd& reconstruction);

// dist = ‖W − s·C‖_F² / ‖W‖_F² with s = tr(WᵀC)/‖C‖_F² (Brendel's ErrorC; spec §5.2).
double distance_to_optimal(const Eigen::MatrixXd& weights, const Eigen::MatrixXd& optimal);

// Pearson correlation over the off-diagonal entries (spec §8.3 "corr with W*").
double weight_correlation(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

}  // namespace ebn::behavioral
