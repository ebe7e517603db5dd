#include "behavioral/optimal_weights.h"

namespace ebn::behavioral {

Eigen::VectorXd thresholds(const Eigen::MatrixXd& f, const NetworkParams& p) {
  const double ld = p.lambda_d();
  const Eigen::VectorXd norm_sq = p.threshold_norm == "l1_squared"
                                      ? Eigen::VectorXd(f.array().abs().colwise().sum().square().transpose())
                                      : Eigen::VectorXd(f.array().square().colwise().sum().transpose());
  return ((p.nu * ld + p.mu * ld * ld + norm_sq.array()) / 2.0).matrix();
}

Eigen::MatrixXd optimal_weights(const Eigen::MatrixXd& f, const NetworkParams& p) {
  Eigen::MatrixXd w = -(p.tau_mem_s / p.tau_fast_s) * (f.transpose() * f);
  w.diagonal().setZero();
  return w;
}

Eigen::VectorXd optimal_rest(const Eigen::MatrixXd& f, const Eigen::VectorXd& t, const NetworkParams& p) {
  const double ld = p.lambda_d();
  return (t.array() - (f.array().square().colwise().sum().transpose() + p.mu * ld * ld)).matrix();
}

}  // namespace ebn::behavioral
