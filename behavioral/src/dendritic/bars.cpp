#include "behavioral/dendritic/bars.h"

#include "ebn/errors.h"

namespace ebn::dendritic {

BarGenerator::BarGenerator(int side, double p) : side_(side), p_(p) {
  if (side < 2) throw InputError("bars: side must be >= 2");
  if (!(p >= 0.0 && p <= 1.0)) throw InputError("bars: p must lie in [0, 1]");
}

void BarGenerator::add_column(Eigen::VectorXd& image, int column) const {
  image.segment(column * side_, side_).setOnes();
}

void BarGenerator::add_row(Eigen::VectorXd& image, int row) const {
  for (int c = 0; c < side_; ++c) image[c * side_ + row] = 1.0;
}

Eigen::VectorXd BarGenerator::next(Rng& rng) const {
  Eigen::VectorXd image = Eigen::VectorXd::Zero(n_pixels());
  const bool column = uniform01(rng) < 0.5;
  const int index = uniform_index(rng, side_);
  if (column) add_column(image, index); else add_row(image, index);
  if (uniform01(rng) < p_) {  // a cross: both the column and the row of that index
    add_column(image, index);
    add_row(image, index);
  } else {
    const bool column2 = uniform01(rng) < 0.5;
    const int index2 = uniform_index(rng, side_);
    if (column2) add_column(image, index2); else add_row(image, index2);
  }
  return image;
}

std::vector<Eigen::VectorXd> BarGenerator::bar_images() const {
  std::vector<Eigen::VectorXd> bars;
  for (int c = 0; c < side_; ++c) {
    bars.emplace_back(Eigen::VectorXd::Zero(n_pixels()));
    add_column(bars.back(), c);
  }
  for (int r = 0; r < side_; ++r) {
    bars.emplace_back(Eigen::VectorXd::Zero(n_pixels()));
    add_row(bars.back(), r);
  }
  return bars;
}

}  // namespace ebn::dendritic
