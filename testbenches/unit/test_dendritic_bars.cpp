// Bars generator (spec §4.1): shapes, column-major layout, cross probability, determinism.
#include <gtest/gtest.h>

#include "behavioral/dendritic/bars.h"
#include "ebn/errors.h"

#include <cmath>

using namespace ebn::dendritic;

TEST(DendriticBars, ColumnAndRowLayoutIsColumnMajor) {
  BarGenerator gen(3, 0.0);
  Eigen::VectorXd image = Eigen::VectorXd::Zero(9);
  gen.add_column(image, 1);  // column 1 = pixels (r, 1) = indices 3, 4, 5
  Eigen::VectorXd expected(9);
  expected << 0, 0, 0, 1, 1, 1, 0, 0, 0;
  EXPECT_EQ(image, expected);
  image.setZero();
  gen.add_row(image, 2);  // row 2 = pixels (2, c) = indices 2, 5, 8
  expected << 0, 0, 1, 0, 0, 1, 0, 0, 1;
  EXPECT_EQ(image, expected);
  const auto bars = gen.bar_images();
  ASSERT_EQ(bars.size(), 6u);
  EXPECT_EQ(bars[3 + 2], expected);  // rows follow the 3 columns
}

// With p = 1 every pattern is a cross: a full row and the full column of the same index.
TEST(DendriticBars, PEqualsOneGivesCrosses) {
  BarGenerator gen(4, 1.0);
  Rng rng(5);
  for (int n = 0; n < 200; ++n) {
    const Eigen::VectorXd x = gen.next(rng);
    EXPECT_EQ(x.sum(), 7.0);  // 4 + 4 - 1 overlapping pixel
    int full_cols = 0, full_rows = 0, col = -1, row = -1;
    for (int c = 0; c < 4; ++c)
      if (x.segment(c * 4, 4).sum() == 4.0) { ++full_cols; col = c; }
    for (int r = 0; r < 4; ++r) {
      double s = 0;
      for (int c = 0; c < 4; ++c) s += x[c * 4 + r];
      if (s == 4.0) { ++full_rows; row = r; }
    }
    ASSERT_EQ(full_cols, 1);
    ASSERT_EQ(full_rows, 1);
    EXPECT_EQ(col, row);
  }
}

// With p = 0: two independent bars. Count how often the pattern is a single bar (both draws
// equal: probability 1/(2S)) and how often it is a cross of equal index (never by construction
// except by coincidence of a column and a row with the same index: probability 1/(2S)).
TEST(DendriticBars, PZeroStatistics) {
  const int side = 4;
  BarGenerator gen(side, 0.0);
  Rng rng(11);
  const int n = 40000;
  int single = 0;
  for (int k = 0; k < n; ++k) {
    const Eigen::VectorXd x = gen.next(rng);
    EXPECT_TRUE(((x.array() == 0.0) || (x.array() == 1.0)).all());
    if (x.sum() == side) ++single;
  }
  const double expected = 1.0 / (2 * side);  // second bar identical to the first
  EXPECT_NEAR(static_cast<double>(single) / n, expected, 4.0 * std::sqrt(expected * (1 - expected) / n));
}

TEST(DendriticBars, SameSeedSamePatterns) {
  BarGenerator gen(8, 0.5);
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int k = 0; k < 50; ++k) {
    const Eigen::VectorXd xa = gen.next(a), xb = gen.next(b), xc = gen.next(c);
    EXPECT_EQ(xa, xb);
    differs = differs || xa != xc;
  }
  EXPECT_TRUE(differs);
}

TEST(DendriticBars, RejectsBadParameters) {
  EXPECT_THROW(BarGenerator(1, 0.5), ebn::InputError);
  EXPECT_THROW(BarGenerator(4, 1.5), ebn::InputError);
  EXPECT_THROW(BarGenerator(4, -0.1), ebn::InputError);
}
