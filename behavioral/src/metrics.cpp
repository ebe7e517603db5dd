#include "behavioral/metrics.h"

#include <cmath>

namespace ebn::behavioral {

namespace {
double sum_of_column_variances(const Eigen::MatrixXd& m) {
  const double rows = static_cast<double>(m.rows());
  double total = 0.0;
  for (Eigen::Index d = 0; d < m.cols(); ++d) {
    const double mean = m.col(d).mean();
    total += (m.col(d).array() - mean).square().sum() / (rows - 1.0);
  }
  return total;
}
}  // namespace

double normalised_error(const Eigen::MatrixXd& target, const Eigen::MatrixXd& reconstruction) {
  return sum_of_column_variances(target - reconstruction) / sum_of_column_variances(target);
}

DecodingError decoding_error(const Eigen::MatrixXd& readout, const Eigen::MatrixXd& target) {
  // B = pinv(RᵀR)·RᵀX (numpy.linalg.pinv semantics through a complete orthogonal decomposition,
  // so a silent network (R = 0) gives B = 0 rather than NaN).
  const Eigen::MatrixXd gram = readout.transpose() * readout;
  const Eigen::MatrixXd b = gram.completeOrthogonalDecomposition().pseudoInverse() * (readout.transpose() * target);
  DecodingError e;
  e.map = b;
  e.transposed = normalised_error(target, readout * b.transpose());
  e.least_squares = normalised_error(target, readout * b);
  return e;
}

double distance_to_optimal(const Eigen::MatrixXd& w, const Eigen::MatrixXd& c) {
  const double s = (w.array() * c.array()).sum() / c.squaredNorm();  // tr(WᵀC) without the O(N³) product
  return (w - s * c).squaredNorm() / w.squaredNorm();
}

double weight_correlation(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const Eigen::Index n = a.rows();
  double sa = 0, sb = 0, count = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) sa += a(i, j), sb += b(i, j), count += 1;
  const double ma = sa / count, mb = sb / count;
  double cov = 0, va = 0, vb = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) {
        const double da = a(i, j) - ma, db = b(i, j) - mb;
        cov += da * db, va += da * da, vb += db * db;
      }
  return cov / std::sqrt(va * vb);
}

}  // namespace ebn::behavioral
