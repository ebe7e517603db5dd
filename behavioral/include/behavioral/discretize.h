#pragma once
// Weight discretisation of [U] (spec §6): grid edges {−M, −M+g, …, M} with
// M = g·⌊max(|min Ω|, max Ω)/g⌋ over the whole matrix; each off-diagonal value goes to the nearer
// edge of its bin (e_{i−1} < x ≤ e_i), an exact mid-point to the LOWER edge; values > M become M,
// values ≤ −M become −M. The diagonal is left unchanged.
#include <Eigen/Dense>

namespace ebn::behavioral {

// M for a matrix and step g.
double grid_limit(const Eigen::MatrixXd& omega, double step);
// One value onto the grid ±limit with the rules above.
double discretize_value(double x, double limit, double step);
Eigen::MatrixXd discretize(const Eigen::MatrixXd& omega, double step);

}  // namespace ebn::behavioral
