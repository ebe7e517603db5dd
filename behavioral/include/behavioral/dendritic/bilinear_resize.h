// Bilinear, centre-aligned image resize shared by the Fashion-MNIST and natural-scene inputs
// (the public code's Julia `imresize` without its anti-alias prefilter, spec §6 defect 9).
#pragma once

#include <Eigen/Dense>

namespace ebn::dendritic {

// Output pixel (r, c) samples the source at ((r + 0.5)/ratio_rows - 0.5, (c + 0.5)/ratio_cols - 0.5),
// clamped to the image, interpolating its four neighbours.
Eigen::MatrixXd resize_bilinear(const Eigen::MatrixXd& image, int out_rows, int out_cols, double ratio_rows,
                                double ratio_cols);

}  // namespace ebn::dendritic
