#include "behavioral/dendritic/natural_scenes.h"

#include <algorithm>
#include <cmath>

#include "behavioral/dendritic/bilinear_resize.h"
#include "ebn/errors.h"

namespace ebn::dendritic {

Eigen::MatrixXd resize_bilinear(const Eigen::MatrixXd& image, double ratio) {
  return resize_bilinear(image, static_cast<int>(std::floor(image.rows() * ratio)), static_cast<int>(std::floor(image.cols() * ratio)),
                         ratio, ratio);
}

int PatchSet::patches_per_axis(int original_side, double scale, int patch_side, int offset) {
  // Julia: splits = div(Int((512-8)*scale) - i, sl); range 5+i : splits*sl; whole patches only.
  const int splits = (static_cast<int>(std::floor((original_side - 8) * scale)) - offset) / patch_side;
  const int length = splits * patch_side - (4 + offset);
  return std::max(0, length / patch_side);
}

PatchSet::PatchSet(const SceneImages& scenes, int patch_side, double scale, int pixel_steps) : side_(patch_side) {
  for (std::size_t n = 0; n < scenes.images.size(); ++n) {
    const int original = static_cast<int>(scenes.images[n].rows());
    resized_.push_back(resize_bilinear(scenes.images[n], scale));
    for (int i = 0; i <= pixel_steps; ++i)
      for (int j = 0; j <= pixel_steps; ++j) {
        const int nr = patches_per_axis(original, scale, patch_side, i), nc = patches_per_axis(original, scale, patch_side, j);
        for (int a = 0; a < nr; ++a)
          for (int b = 0; b < nc; ++b) where_.push_back({static_cast<int>(n), 4 + i + a * patch_side, 4 + j + b * patch_side});
      }
  }
  if (where_.empty()) throw InputError("natural scenes: no patches (images too small)");
}

double scene_nonlinearity(double v) { return 1.0 / (1.0 + std::exp(-16.0 * (v - 0.15))); }

Eigen::VectorXd PatchSet::patch(long k) const {
  const Where& w = where_.at(static_cast<std::size_t>(k));
  Eigen::VectorXd p(side_ * side_);
  for (int c = 0; c < side_; ++c)
    for (int r = 0; r < side_; ++r) p[c * side_ + r] = resized_[w.image](w.row + r, w.col + c);
  return p;
}

Eigen::VectorXd PatchSet::input(long k) const {
  const Eigen::VectorXd p = patch(k);
  const int n = static_cast<int>(p.size());
  Eigen::VectorXd x(2 * n);
  for (int i = 0; i < n; ++i) {
    x[i] = scene_nonlinearity(p[i]);
    x[n + i] = scene_nonlinearity(-p[i]);
  }
  return x;
}

Eigen::VectorXd PatchSet::draw(Rng& rng) const {
  const long k = static_cast<long>((static_cast<unsigned __int128>(rng()) * static_cast<std::uint64_t>(size())) >> 64);
  return input(k);
}

}  // namespace ebn::dendritic
