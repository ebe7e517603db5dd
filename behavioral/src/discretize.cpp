#include "behavioral/discretize.h"

#include <algorithm>
#include <cmath>

namespace ebn::behavioral {

double grid_limit(const Eigen::MatrixXd& omega, double step) {
  return step * std::floor(std::max(std::fabs(omega.minCoeff()), omega.maxCoeff()) / step);
}

double discretize_value(double x, double limit, double step) {
  if (x > limit) return limit;
  if (x <= -limit) return -limit;
  // Bin index i with e_{i-1} < x <= e_i, e_i = -M + i·g.
  const double upper = -limit + step * std::ceil((x + limit) / step);
  const double lower = upper - step;
  return (x - lower) <= (upper - x) ? lower : upper;  // tie -> lower edge
}

Eigen::MatrixXd discretize(const Eigen::MatrixXd& omega, double step) {
  const double limit = grid_limit(omega, step);
  Eigen::MatrixXd out = omega;
  for (Eigen::Index i = 0; i < omega.rows(); ++i)
    for (Eigen::Index j = 0; j < omega.cols(); ++j)
      if (i != j) out(i, j) = discretize_value(omega(i, j), limit, step);
  return out;
}

}  // namespace ebn::behavioral
