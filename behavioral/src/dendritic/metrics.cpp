#include "behavioral/dendritic/metrics.h"

#include <functional>
#include <stdexcept>

#include "ebn/errors.h"

namespace ebn::dendritic {

double decoder_loss(const Eigen::VectorXd& x, const Eigen::MatrixXd& D, const Eigen::VectorXd& z) {
  return (x - D * z).squaredNorm() / (2.0 * static_cast<double>(x.size()));
}

double pearson(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::ArrayXd da = a.array() - a.mean(), db = b.array() - b.mean();
  const double na = std::sqrt((da * da).sum()), nb = std::sqrt((db * db).sum());
  if (na == 0.0 || nb == 0.0) return 0.0;
  return (da * db).sum() / (na * nb);
}

int bars_found(const Eigen::MatrixXd& F, const std::vector<Eigen::VectorXd>& bars, double threshold,
               std::vector<int>* assignment) {
  const int n_neurons = static_cast<int>(F.rows()), n_bars = static_cast<int>(bars.size());
  std::vector<std::vector<int>> edges(n_neurons);
  for (int j = 0; j < n_neurons; ++j)
    for (int b = 0; b < n_bars; ++b)
      if (pearson(F.row(j).transpose(), bars[b]) > threshold) edges[j].push_back(b);
  // Kuhn's augmenting-path matching (tiny graphs).
  std::vector<int> owner(n_bars, -1);
  std::function<bool(int, std::vector<char>&)> augment = [&](int j, std::vector<char>& seen) {
    for (int b : edges[j]) {
      if (seen[b]) continue;
      seen[b] = 1;
      if (owner[b] < 0 || augment(owner[b], seen)) {
        owner[b] = j;
        return true;
      }
    }
    return false;
  };
  int matched = 0;
  for (int j = 0; j < n_neurons; ++j) {
    std::vector<char> seen(n_bars, 0);
    if (augment(j, seen)) ++matched;
  }
  if (assignment) {
    assignment->assign(n_neurons, -1);
    for (int b = 0; b < n_bars; ++b)
      if (owner[b] >= 0) (*assignment)[owner[b]] = b;
  }
  return matched;
}

void LinearClassifier::fit(const std::vector<Eigen::VectorXd>& features, const std::vector<int>& labels, int n_classes,
                           double ridge) {
  if (features.empty() || features.size() != labels.size()) throw std::invalid_argument("LinearClassifier: bad training set");
  const Eigen::Index n = static_cast<Eigen::Index>(features.size()), d = features[0].size();
  Eigen::MatrixXd X(n, d + 1), Y = Eigen::MatrixXd::Zero(n, n_classes);
  for (Eigen::Index r = 0; r < n; ++r) {
    X.row(r).head(d) = features[r].transpose();
    X(r, d) = 1.0;
    Y(r, labels[r]) = 1.0;
  }
  Eigen::MatrixXd gram = X.transpose() * X;
  const double mean_sq = gram.diagonal().head(d).sum() / std::max<double>(1.0, static_cast<double>(d * n));
  gram.diagonal().head(d).array() += ridge * std::max(mean_sq, 1e-12) * static_cast<double>(n);
  weights_ = gram.ldlt().solve(X.transpose() * Y);
}

int LinearClassifier::predict(const Eigen::VectorXd& feature) const {
  const Eigen::Index d = feature.size();
  Eigen::VectorXd scores = weights_.topRows(d).transpose() * feature + weights_.row(d).transpose();
  Eigen::Index best;
  scores.maxCoeff(&best);
  return static_cast<int>(best);
}

double LinearClassifier::accuracy(const std::vector<Eigen::VectorXd>& features, const std::vector<int>& labels) const {
  if (features.empty()) return 0.0;
  int correct = 0;
  for (std::size_t k = 0; k < features.size(); ++k) correct += predict(features[k]) == labels[k];
  return static_cast<double>(correct) / static_cast<double>(features.size());
}

}  // namespace ebn::dendritic
