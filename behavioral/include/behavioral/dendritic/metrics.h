#pragma once
// Evaluation of a dendritic network: decoder loss (spec §1.5), bar matching, linear read-out.
#include <Eigen/Dense>
#include <vector>

namespace ebn::dendritic {

// Loss of one step: |x - D z|^2 / (2 n_x).
double decoder_loss(const Eigen::VectorXd& x, const Eigen::MatrixXd& D, const Eigen::VectorXd& z);

// Pearson correlation; 0 if either vector is constant.
double pearson(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

// Neurons matched to distinct bars: the size of a maximum matching between neurons (rows of F)
// and bar images using only pairs with correlation > threshold (spec: 0.8). `assignment[j]` gets
// the matched bar of neuron j or -1.
int bars_found(const Eigen::MatrixXd& F, const std::vector<Eigen::VectorXd>& bars, double threshold = 0.8,
               std::vector<int>* assignment = nullptr);

// Linear classifier on features (ridge regression onto one-hot targets with a bias column,
// prediction = argmax); `ridge` is relative to the mean squared feature.
class LinearClassifier {
 public:
  void fit(const std::vector<Eigen::VectorXd>& features, const std::vector<int>& labels, int n_classes, double ridge = 1e-3);
  int predict(const Eigen::VectorXd& feature) const;
  double accuracy(const std::vector<Eigen::VectorXd>& features, const std::vector<int>& labels) const;

 private:
  Eigen::MatrixXd weights_;  // (n_features + 1) x n_classes
};

}  // namespace ebn::dendritic
