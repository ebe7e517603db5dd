// Fashion-MNIST IDX reading: good files, and every kind of bad file -> InputError naming it.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "behavioral/dendritic/fashion_mnist.h"
#include "ebn/errors.h"

using namespace ebn::dendritic;
namespace fs = std::filesystem;

namespace {
class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("ebn_dendritic_idx_" + std::to_string(::getpid()) + "_" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::vector<unsigned char> be32(std::uint32_t v) {
  return {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 8),
          static_cast<unsigned char>(v)};
}

void write_gz(const std::string& path, const std::vector<unsigned char>& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  gzclose(f);
}

std::vector<unsigned char> images_bytes(std::uint32_t magic, std::uint32_t count, int rows, int cols, std::size_t pixels) {
  std::vector<unsigned char> b;
  for (auto v : {magic, count, static_cast<std::uint32_t>(rows), static_cast<std::uint32_t>(cols)}) {
    const auto w = be32(v);
    b.insert(b.end(), w.begin(), w.end());
  }
  for (std::size_t k = 0; k < pixels; ++k) b.push_back(static_cast<unsigned char>(k * 37 % 256));
  return b;
}

std::vector<unsigned char> labels_bytes(const std::vector<unsigned char>& labels) {
  std::vector<unsigned char> b = be32(0x801);
  const auto n = be32(static_cast<std::uint32_t>(labels.size()));
  b.insert(b.end(), n.begin(), n.end());
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

void expect_input_error(const std::function<void()>& f, const std::string& path, const std::string& fragment) {
  try {
    f();
    FAIL() << "no error for " << path;
  } catch (const ebn::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}
}  // namespace

TEST(DendriticIdx, ReadsImagesAndLabelsAndSubset) {
  TempDir dir;
  write_gz(dir.file("img.gz"), images_bytes(0x803, 3, 2, 2, 12));
  write_gz(dir.file("lab.gz"), labels_bytes({1, 5, 0}));
  const IdxImages im = read_idx_images(dir.file("img.gz"));
  ASSERT_EQ(im.images.size(), 3u);
  EXPECT_EQ(im.rows, 2);
  EXPECT_EQ(im.images[1][0], static_cast<unsigned char>(4 * 37 % 256));
  EXPECT_EQ(read_idx_labels(dir.file("lab.gz")), (std::vector<int>{1, 5, 0}));
  const LabelledImages sub = load_fashion_subset(dir.file("img.gz"), dir.file("lab.gz"), 3, 2);
  ASSERT_EQ(sub.labels, (std::vector<int>{1, 0}));  // label 5 skipped
  EXPECT_DOUBLE_EQ(sub.images[1][3], (11 * 37 % 256) / 255.0);  // same size: identity resize
}

// 2x2 -> 1x1 centre-aligned bilinear: source (0.5, 0.5) -> mean of the four pixels.
TEST(DendriticIdx, BilinearResizeIsCentreAligned) {
  const Eigen::VectorXd out = resize_bilinear({0, 255, 255, 0}, 2, 2, 1);
  EXPECT_DOUBLE_EQ(out[0], 0.5);
  // 1x2 -> 4 columns: positions (c + 0.5) / 2 - 0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1).
  const Eigen::VectorXd up = resize_bilinear({0, 255}, 1, 2, 4);
  EXPECT_DOUBLE_EQ(up[0 * 4 + 1], 0.25);
  EXPECT_DOUBLE_EQ(up[0 * 4 + 2], 0.75);
  EXPECT_DOUBLE_EQ(up[0 * 4 + 3], 1.0);
}

TEST(DendriticIdx, BadFilesNameTheFile) {
  TempDir dir;
  const std::string missing = dir.file("missing.gz");
  expect_input_error([&] { read_idx_images(missing); }, missing, "cannot open");

  const std::string magic = dir.file("magic.gz");
  write_gz(magic, images_bytes(0x801, 1, 2, 2, 4));
  expect_input_error([&] { read_idx_images(magic); }, magic, "wrong magic number");
  const std::string image_magic = dir.file("image_magic.gz");
  write_gz(image_magic, images_bytes(0x803, 1, 2, 2, 4));
  expect_input_error([&] { read_idx_labels(image_magic); }, image_magic, "wrong magic number");

  const std::string truncated = dir.file("truncated.gz");
  write_gz(truncated, images_bytes(0x803, 10, 2, 2, 20));
  expect_input_error([&] { read_idx_images(truncated); }, truncated, "truncated IDX data");

  const std::string trailing = dir.file("trailing.gz");
  write_gz(trailing, images_bytes(0x803, 1, 2, 2, 5));
  expect_input_error([&] { read_idx_images(trailing); }, trailing, "trailing");

  const std::string short_header = dir.file("short.gz");
  write_gz(short_header, {0, 0, 8});
  expect_input_error([&] { read_idx_labels(short_header); }, short_header, "truncated IDX header");

  // A gzip stream cut in the middle: zlib reports an error (not silently short data).
  const std::string cut = dir.file("cut.gz");
  write_gz(cut, images_bytes(0x803, 50, 28, 28, 50 * 784));
  const auto size = fs::file_size(cut);
  fs::resize_file(cut, size / 2);
  expect_input_error([&] { read_idx_images(cut); }, cut, "");

  // Corrupt compressed bytes after a valid gzip header.
  const std::string corrupt = dir.file("corrupt.gz");
  write_gz(corrupt, images_bytes(0x803, 50, 28, 28, 50 * 784));
  {
    std::fstream f(corrupt, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    const char junk[64] = {'\xff', '\x13', '\x77', '\x00', '\xab'};
    f.write(junk, sizeof junk);
  }
  expect_input_error([&] { read_idx_images(corrupt); }, corrupt, "");

  const std::string lab = dir.file("lab.gz");
  write_gz(dir.file("img.gz"), images_bytes(0x803, 3, 2, 2, 12));
  write_gz(lab, labels_bytes({1, 0}));
  expect_input_error([&] { load_fashion_subset(dir.file("img.gz"), lab, 3, 2); }, lab, "2 labels for 3 images");
}

TEST(DendriticIdx, RealFashionMnistIfInstalled) {
  const std::string images = fashion_file(kDefaultFashionDir, false, false);
  if (!fs::exists(images)) GTEST_SKIP() << "Fashion-MNIST not found: " << images << " (Debian package dataset-fashion-mnist)";
  const LabelledImages test = load_fashion_subset(images, fashion_file(kDefaultFashionDir, false, true), 3, 16, 100);
  ASSERT_EQ(test.images.size(), 100u);
  EXPECT_EQ(test.images[0].size(), 256);
  for (int label : test.labels) EXPECT_LT(label, 3);
  for (const auto& im : test.images) EXPECT_TRUE((im.array() >= 0.0).all() && (im.array() <= 1.0).all());
}
