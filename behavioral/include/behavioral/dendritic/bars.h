#pragma once
// Bars data set (spec §4.1): S x S pixels, on = 1, off = 0, flattened column-major
// (pixel (row r, column c) -> index c*S + r). Per pattern: one bar with uniform orientation and
// index; with probability p also switch on both the column and the row of that index (a cross);
// otherwise add a second independent uniform bar (which may coincide with the first).
#include <Eigen/Dense>
#include <vector>

#include "behavioral/dendritic/random.h"

namespace ebn::dendritic {

class BarGenerator {
 public:
  BarGenerator(int side, double p);
  int side() const { return side_; }
  int n_pixels() const { return side_ * side_; }
  Eigen::VectorXd next(Rng& rng) const;
  // The 2*S single-bar images: columns 0..S-1 first, then rows 0..S-1.
  std::vector<Eigen::VectorXd> bar_images() const;
  // Helpers used by next(); public for the unit tests.
  void add_column(Eigen::VectorXd& image, int column) const;
  void add_row(Eigen::VectorXd& image, int row) const;

 private:
  int side_;
  double p_;
};

}  // namespace ebn::dendritic
