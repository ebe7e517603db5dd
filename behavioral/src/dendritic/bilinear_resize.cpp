#include "behavioral/dendritic/bilinear_resize.h"

#include <algorithm>
#include <cmath>

namespace ebn::dendritic {

Eigen::MatrixXd resize_bilinear(const Eigen::MatrixXd& image, int out_rows, int out_cols, double ratio_rows,
                                double ratio_cols) {
  const int rows = static_cast<int>(image.rows()), cols = static_cast<int>(image.cols());
  Eigen::MatrixXd out(out_rows, out_cols);
  for (int r = 0; r < out_rows; ++r) {
    const double sy = std::clamp((r + 0.5) / ratio_rows - 0.5, 0.0, rows - 1.0);
    const int y0 = static_cast<int>(std::floor(sy)), y1 = std::min(y0 + 1, rows - 1);
    const double wy = sy - y0;
    for (int c = 0; c < out_cols; ++c) {
      const double sx = std::clamp((c + 0.5) / ratio_cols - 0.5, 0.0, cols - 1.0);
      const int x0 = static_cast<int>(std::floor(sx)), x1 = std::min(x0 + 1, cols - 1);
      const double wx = sx - x0;
      out(r, c) = (1 - wy) * ((1 - wx) * image(y0, x0) + wx * image(y0, x1)) + wy * ((1 - wx) * image(y1, x0) + wx * image(y1, x1));
    }
  }
  return out;
}

}  // namespace ebn::dendritic
