#pragma once
// Natural-image patch pipeline of spec §4.3 on the whitened stand-in photographs:
//   (1) resize x0.5 (bilinear, centre-aligned, defect 9); (2) non-overlapping 8x8 patches on the
//   36 grids starting at 1-based row/column 5+i, 5+j (i, j in 0..5), as the public code:
//   splits = ((N-8)*scale - i) div 8, rows 5+i .. splits*8, whole patches only -- 30,30,30,30,30,28
//   per axis for N = 512; (3) a pattern is a uniformly drawn patch p, input g([p; -p]) with
//   g(v) = sigmoid(16 (v - 0.15)), n_x = 2*64 = 128 (patch flattened column-major).
#include <Eigen/Dense>
#include <vector>

#include "behavioral/dendritic/prepared_data.h"
#include "behavioral/dendritic/random.h"

namespace ebn::dendritic {

// Bilinear, centre-aligned resize of a square image: source = (dst + 0.5)/ratio - 0.5, clamped.
Eigen::MatrixXd resize_bilinear(const Eigen::MatrixXd& image, double ratio);

class PatchSet {
 public:
  PatchSet(const SceneImages& scenes, int patch_side = 8, double scale = 0.5, int pixel_steps = 5);
  long size() const { return static_cast<long>(where_.size()); }
  int n_inputs() const { return 2 * side_ * side_; }
  // Patch k (column-major) and the network input g([p; -p]).
  Eigen::VectorXd patch(long k) const;
  Eigen::VectorXd input(long k) const;
  Eigen::VectorXd draw(Rng& rng) const;  // input of a uniformly drawn patch
  // Patches per axis for a resized side and grid offset (the public code's formula).
  static int patches_per_axis(int original_side, double scale, int patch_side, int offset);

 private:
  struct Where {
    int image, row, col;
  };
  int side_;
  std::vector<Eigen::MatrixXd> resized_;
  std::vector<Where> where_;
};

double scene_nonlinearity(double v);  // sigmoid(16 (v - 0.15))

}  // namespace ebn::dendritic
