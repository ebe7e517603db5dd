#include "behavioral/dendritic/fashion_mnist.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "behavioral/dendritic/bilinear_resize.h"
#include "ebn/errors.h"

namespace ebn::dendritic {

namespace {
// Whole decompressed content. gzread also reads an uncompressed file transparently.
std::vector<std::uint8_t> read_gz(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw file_error(path, 0, "cannot open IDX file");
  std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(file, gzclose);
  std::vector<std::uint8_t> data;
  std::vector<std::uint8_t> chunk(1 << 16);
  for (;;) {
    const int got = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file, &code);
      throw file_error(path, 0, std::string("corrupt gzip data (") + (message ? message : "unknown zlib error") + ")");
    }
    if (got == 0) break;
    data.insert(data.end(), chunk.begin(), chunk.begin() + got);
  }
  return data;
}

std::uint32_t big_endian(const std::vector<std::uint8_t>& d, std::size_t at) {
  return (std::uint32_t{d[at]} << 24) | (std::uint32_t{d[at + 1]} << 16) | (std::uint32_t{d[at + 2]} << 8) | d[at + 3];
}

void check_size(const std::string& path, const std::vector<std::uint8_t>& data, std::size_t expected) {
  if (data.size() < expected)
    throw file_error(path, 0, "truncated IDX data: " + std::to_string(data.size()) + " bytes, header promises " + std::to_string(expected));
  if (data.size() > expected)
    throw file_error(path, 0, "unexpected trailing data: " + std::to_string(data.size()) + " bytes, header promises " + std::to_string(expected));
}
}  // namespace

IdxImages read_idx_images(const std::string& path) {
  const auto data = read_gz(path);
  if (data.size() < 16) throw file_error(path, 0, "truncated IDX header (" + std::to_string(data.size()) + " bytes)");
  const std::uint32_t magic = big_endian(data, 0);
  if (magic != 0x00000803u) throw file_error(path, 0, "wrong magic number " + std::to_string(magic) + " (expected 2051 for IDX unsigned-byte images)");
  const std::size_t count = big_endian(data, 4);
  IdxImages out;
  out.rows = static_cast<int>(big_endian(data, 8));
  out.cols = static_cast<int>(big_endian(data, 12));
  if (out.rows <= 0 || out.cols <= 0 || out.rows > 4096 || out.cols > 4096) throw file_error(path, 0, "implausible image size");
  const std::size_t pixels = static_cast<std::size_t>(out.rows) * out.cols;
  check_size(path, data, 16 + count * pixels);
  out.images.resize(count);
  for (std::size_t k = 0; k < count; ++k)
    out.images[k].assign(data.begin() + 16 + k * pixels, data.begin() + 16 + (k + 1) * pixels);
  return out;
}

std::vector<int> read_idx_labels(const std::string& path) {
  const auto data = read_gz(path);
  if (data.size() < 8) throw file_error(path, 0, "truncated IDX header (" + std::to_string(data.size()) + " bytes)");
  const std::uint32_t magic = big_endian(data, 0);
  if (magic != 0x00000801u) throw file_error(path, 0, "wrong magic number " + std::to_string(magic) + " (expected 2049 for IDX labels)");
  const std::size_t count = big_endian(data, 4);
  check_size(path, data, 8 + count);
  return std::vector<int>(data.begin() + 8, data.end());
}

Eigen::VectorXd resize_bilinear(const std::vector<std::uint8_t>& image, int rows, int cols, int out_side) {
  Eigen::MatrixXd pixels(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) pixels(r, c) = image[static_cast<std::size_t>(r) * cols + c] / 255.0;
  const Eigen::MatrixXd out = resize_bilinear(pixels, out_side, out_side, static_cast<double>(out_side) / rows,
                                              static_cast<double>(out_side) / cols);
  Eigen::VectorXd flat(out_side * out_side);
  for (int r = 0; r < out_side; ++r)
    for (int c = 0; c < out_side; ++c) flat[r * out_side + c] = out(r, c);
  return flat;
}

LabelledImages load_fashion_subset(const std::string& images_path, const std::string& labels_path, int n_classes,
                                   int out_side, std::size_t max_count) {
  const IdxImages images = read_idx_images(images_path);
  const std::vector<int> labels = read_idx_labels(labels_path);
  if (images.images.size() != labels.size())
    throw file_error(labels_path, 0, std::to_string(labels.size()) + " labels for " + std::to_string(images.images.size()) + " images in " + images_path);
  LabelledImages out;
  out.side = out_side;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (labels[k] >= n_classes) continue;
    out.images.push_back(resize_bilinear(images.images[k], images.rows, images.cols, out_side));
    out.labels.push_back(labels[k]);
    if (max_count > 0 && out.images.size() >= max_count) break;
  }
  if (out.images.empty()) throw file_error(labels_path, 0, "no image with label < " + std::to_string(n_classes));
  return out;
}

std::string fashion_file(const std::string& data_dir, bool train, bool labels) {
  return data_dir + "/" + (train ? "train" : "t10k") + (labels ? "-labels-idx1-ubyte.gz" : "-images-idx3-ubyte.gz");
}

}  // namespace ebn::dendritic
