#include "behavioral/dendritic/speech_input.h"

#include <cmath>

#include "ebn/errors.h"

namespace ebn::dendritic {

SpeechVariant speech_variant_from_name(const std::string& name) {
  if (name == "fig5e") return SpeechVariant::Fig5E;
  if (name == "s11") return SpeechVariant::S11;
  throw InputError("unknown speech variant '" + name + "' (expected fig5e or s11)");
}

SpeechInput::SpeechInput(const Eigen::MatrixXd& cochleogram, SpeechVariant variant) : variant_(variant) {
  const double max = cochleogram.maxCoeff();
  if (!(max > 0.0) || cochleogram.cols() < 100) throw InputError("speech: cochleogram is empty or all zero");
  data_ = 1.5 * cochleogram / max;
  block_ = data_.cols() / 50;
  const Eigen::Index n = data_.cols();
  mean_ = data_.rowwise().mean();
  if (variant_ == SpeechVariant::Fig5E) {
    const Eigen::MatrixXd centred = data_.colwise() - mean_;
    const Eigen::MatrixXd cov = centred * centred.transpose() / static_cast<double>(n - 1);
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success) throw InputError("speech: covariance not positive definite (constant channel?)");
    whitening_ = llt.matrixL().solve(Eigen::MatrixXd::Identity(cov.rows(), cov.cols()));
  } else {
    const double m = data_.mean();
    std_ = std::sqrt((data_.array() - m).square().sum() / static_cast<double>(data_.size() - 1));
  }
}

Eigen::VectorXd SpeechInput::input(long t) const {
  if (variant_ == SpeechVariant::S11) return data_.col(t) / std_;
  const Eigen::VectorXd y = whitening_ * (data_.col(t) - mean_);
  const Eigen::Index c = y.size();
  Eigen::VectorXd x(2 * c);
  x.head(c) = y.cwiseMax(0.0);
  x.tail(c) = (-y).cwiseMax(0.0);
  return x;
}

Eigen::VectorXd SpeechInput::Stream::next() {
  if (left_ == 0) {  // a new block: start uniform in [0, T - block)
    const long range = owner_.data_.cols() - owner_.block_;
    column_ = static_cast<long>((static_cast<unsigned __int128>(rng_()) * static_cast<std::uint64_t>(range)) >> 64);
    left_ = owner_.block_;
  }
  --left_;
  return owner_.input(column_++);
}

}  // namespace ebn::dendritic
