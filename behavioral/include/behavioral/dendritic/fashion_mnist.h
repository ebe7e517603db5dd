#pragma once
// Fashion-MNIST stand-in for the MNIST 0-2 subset of spec §4.2 / §5: gzipped IDX files read with
// zlib, classes below `n_classes`, pixels in [0, 1], bilinearly resized (centre-aligned, no
// anti-alias prefilter, spec defect 9) and flattened row-major (index = row * side + column).
// Every problem with a file (missing, not gzip / corrupt, wrong magic number, truncated or
// trailing data, inconsistent counts) is an InputError naming the file.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace ebn::dendritic {

struct IdxImages {
  int rows = 0, cols = 0;
  std::vector<std::vector<std::uint8_t>> images;  // row-major bytes
};

IdxImages read_idx_images(const std::string& path);
std::vector<int> read_idx_labels(const std::string& path);

// Bilinear, centre-aligned resize: source coordinate = (dst + 0.5) / ratio - 0.5, clamped.
Eigen::VectorXd resize_bilinear(const std::vector<std::uint8_t>& image, int rows, int cols, int out_side);

struct LabelledImages {
  int side = 0;
  std::vector<Eigen::VectorXd> images;
  std::vector<int> labels;
};

// Images with label < n_classes, in file order, at most max_count (0 = all).
LabelledImages load_fashion_subset(const std::string& images_path, const std::string& labels_path, int n_classes,
                                   int out_side, std::size_t max_count = 0);

// The file names inside a data directory (Debian: /usr/share/datasets/fashion-mnist).
std::string fashion_file(const std::string& data_dir, bool train, bool labels);
constexpr const char* kDefaultFashionDir = "/usr/share/datasets/fashion-mnist";

}  // namespace ebn::dendritic
