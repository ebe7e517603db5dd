#pragma once
// Speech input of spec §4.4 on the cochleogram stand-in: data <- 1.5 data / max(data); a pattern is
// one cochleogram column shown for 5 ms; columns are taken in order in blocks of floor(T/50)
// with uniformly drawn block starts. Preprocessing:
//   fig5e: subtract the mean, Cholesky whitening y = L^{-1} x (C = L L^T), input [y; -y] with
//          ReLU (n_x = 2 channels); the test set reuses the training mean and matrix;
//   s11:   divide by the global standard deviation (n_x = channels).
// The mean, covariance and standard deviation are those of the whole cochleogram (the training
// stream draws its columns uniformly, so this is its expectation; fixed, independent of the seed).
#include <Eigen/Dense>
#include <string>

#include "behavioral/dendritic/random.h"

namespace ebn::dendritic {

enum class SpeechVariant { Fig5E, S11 };

class SpeechInput {
 public:
  SpeechInput(const Eigen::MatrixXd& cochleogram, SpeechVariant variant);
  int n_inputs() const { return variant_ == SpeechVariant::Fig5E ? 2 * static_cast<int>(data_.rows()) : static_cast<int>(data_.rows()); }
  long block_length() const { return block_; }
  // Network input of column t.
  Eigen::VectorXd input(long t) const;
  // Stream of columns in blocks with random starts (one per generator).
  class Stream {
   public:
    Stream(const SpeechInput& owner, Rng& rng) : owner_(owner), rng_(rng) {}
    Eigen::VectorXd next();
    long column() const { return column_; }
   private:
    const SpeechInput& owner_;
    Rng& rng_;
    long column_ = 0, left_ = 0;
  };
  const Eigen::MatrixXd& normalised() const { return data_; }

 private:
  SpeechVariant variant_;
  Eigen::MatrixXd data_;      // 1.5 data / max
  long block_;
  Eigen::VectorXd mean_;
  Eigen::MatrixXd whitening_;  // L^{-1}
  double std_ = 1.0;
};

SpeechVariant speech_variant_from_name(const std::string& name);  // "fig5e" | "s11"

}  // namespace ebn::dendritic
