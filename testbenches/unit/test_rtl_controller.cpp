// Directed and random tests of the Verilated learning controller in C++ mode (rtl/), for both
// update styles. Every check reads the counters back from the RTL (DAC lines and/or the register
// read port) and compares them with values computed independently here or by
// ebn::ReferenceController / ebn::hw::step_counter.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "ebn/hw_encoding.h"
#include "ebn/learning_controller.h"
#include "ebn_rtl/cc_controller.h"

namespace ebn::rtl {
namespace {

class RtlController : public ::testing::TestWithParam<UpdateStyle> {
 protected:
  std::unique_ptr<CcController> make(int neurons, int bits) { return CcController::create(neurons, bits, GetParam()); }
  static std::vector<Decision> all(int neurons, Decision d) { return std::vector<Decision>(neurons, d); }
};

// Reads every counter through the DAC lines and through the read port; both must agree.
void expect_weight(CcController& c, int n, int k, int expected) {
  EXPECT_EQ(c.dac_weight(n, k), expected) << "DAC lines W[" << n << "][" << k << "]";
  EXPECT_EQ(c.read_weight(n, k), expected) << "read port W[" << n << "][" << k << "]";
}

TEST_P(RtlController, ResetsToZero) {
  auto c = make(6, 8);
  for (int n = 0; n < 6; ++n)
    for (int k = 0; k < 6; ++k) c->write_weight(n, k, 10 * n + k - 20);
  expect_weight(*c, 5, 4, 34);
  c->reset();
  for (int n = 0; n < 6; ++n)
    for (int k = 0; k < 6; ++k) expect_weight(*c, n, k, 0);
}

TEST_P(RtlController, SaturatesAtPlusMaxForEveryWidth) {
  for (int bits = hw::kMinWeightBits; bits <= kBitsMax; ++bits) {
    SCOPED_TRACE("bits " + std::to_string(bits));
    auto c = make(3, bits);
    const int max = hw::counter_max(bits);
    c->write_weight(0, 1, max - 1);
    c->write_weight(2, 1, max);
    c->on_spike(1, all(3, Decision::Inc));
    expect_weight(*c, 0, 1, max);  // one step up to the limit
    expect_weight(*c, 2, 1, max);  // held at the limit
    c->on_spike(1, all(3, Decision::Inc));
    expect_weight(*c, 0, 1, max);
    c->on_spike(1, all(3, Decision::Dec));
    expect_weight(*c, 0, 1, max - 1);  // leaves the limit again
  }
}

TEST_P(RtlController, SaturatesAtMinusMinForEveryWidth) {
  for (int bits = hw::kMinWeightBits; bits <= kBitsMax; ++bits) {
    SCOPED_TRACE("bits " + std::to_string(bits));
    auto c = make(3, bits);
    const int min = hw::counter_min(bits);
    c->write_weight(0, 2, min + 1);
    c->write_weight(1, 2, min);
    c->on_spike(2, all(3, Decision::Dec));
    expect_weight(*c, 0, 2, min);
    expect_weight(*c, 1, 2, min);
    c->on_spike(2, all(3, Decision::Dec));
    expect_weight(*c, 0, 2, min);
    c->on_spike(2, all(3, Decision::Inc));
    expect_weight(*c, 0, 2, min + 1);
  }
}

TEST_P(RtlController, DiagonalUntouchedAndOnlyColumnKSteps) {
  const int N = 20;
  auto c = make(N, 8);
  c->write_weight(7, 7, 42);  // the diagonal can be programmed, never stepped
  c->on_spike(7, all(N, Decision::Inc));
  c->on_spike(7, all(N, Decision::Inc));
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k) {
      const int expected = (n == 7 && k == 7) ? 42 : (k == 7 ? 2 : 0);
      ASSERT_EQ(c->dac_weight(n, k), expected) << "W[" << n << "][" << k << "]";
    }
}

TEST_P(RtlController, BackToBackEventsAndCycleCount) {
  const int N = 10;
  auto c = make(N, 6);
  ReferenceController ref(N, 6);
  std::vector<Decision> d(N);
  const auto before = c->cycles();
  for (int e = 0; e < 200; ++e) {
    for (int n = 0; n < N; ++n) d[n] = static_cast<Decision>((n + e) % 3);
    c->on_spike(e % N, d);
    ref.on_spike(e % N, d);
  }
  // Parallel: one event per clock (the next valid follows the accepting edge directly).
  // Serial: one accepting cycle plus one cycle per row.
  const std::uint64_t per_event = GetParam() == UpdateStyle::Parallel ? 1 : N + 1;
  EXPECT_EQ(c->cycles() - before, 200 * per_event);
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k) ASSERT_EQ(c->dac_weight(n, k), ref.read_weight(n, k)) << n << "," << k;
}

TEST_P(RtlController, LearningDisabledDropsEvents) {
  auto c = make(4, 5);
  c->write_weight(0, 3, 3);
  c->set_learning_enabled(false);
  c->on_spike(3, all(4, Decision::Inc));
  expect_weight(*c, 0, 3, 3);
  c->set_learning_enabled(true);
  c->on_spike(3, all(4, Decision::Inc));
  expect_weight(*c, 0, 3, 4);
}

TEST_P(RtlController, RegisterPortWritesClampedAndReadsBack) {
  const int N = 12;
  auto c = make(N, 5);  // range [-16, 15]
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k) c->write_weight(n, k, (n * 7 + k * 3) % 32 - 16);
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k) expect_weight(*c, n, k, (n * 7 + k * 3) % 32 - 16);
  c->write_weight(1, 2, 100);
  c->write_weight(2, 1, -100);
  c->write_weight(3, 3, 70000);  // beyond the 16-bit port too
  expect_weight(*c, 1, 2, 15);
  expect_weight(*c, 2, 1, -16);
  expect_weight(*c, 3, 3, 15);
}

TEST_P(RtlController, WireEncodingMatchesHwEncoding) {
  // All four (inc, dec) codes, including the illegal inc&dec, against ebn::hw::from_wires.
  auto c = make(5, 4);
  for (int n = 0; n < 5; ++n) c->write_weight(n, 0, 2);
  const std::uint32_t inc = 0b01010, dec = 0b01100;  // n=1: inc, n=2: dec, n=3: both, n=4: none
  c->event_wires(0, inc, dec);
  for (int n = 1; n < 5; ++n) {
    const Decision d = hw::from_wires((inc >> n) & 1, (dec >> n) & 1);
    expect_weight(*c, n, 0, hw::step_counter(2, d, 4));
  }
  EXPECT_EQ(c->dac_weight(3, 0), 2);  // inc&dec = no change
}

TEST_P(RtlController, RowsAndColumnsBeyondTheActiveNetworkStayZero) {
  auto c = make(5, 8);
  c->event_wires(2, 0xFFFFFFFFu, 0);  // decisions asserted for neurons 5..31 too
  const std::int16_t* dac = c->dac_counters();
  for (int k = 0; k < kNeuronsMax; ++k)
    for (int n = 0; n < kNeuronsMax; ++n) {
      const int expected = (k == 2 && n < 5 && n != 2) ? 1 : 0;
      ASSERT_EQ(dac[k * kNeuronsMax + n], expected) << "W[" << n << "][" << k << "]";
    }
}

TEST_P(RtlController, RandomStreamMatchesReferenceController) {
  std::mt19937 rng(12345);
  for (int bits : {2, 3, 8, 16}) {
    SCOPED_TRACE("bits " + std::to_string(bits));
    const int N = 20;
    auto c = make(N, bits);
    ReferenceController ref(N, bits);
    for (int n = 0; n < N; ++n)
      for (int k = 0; k < N; ++k) {
        const int v = hw::counter_min(bits) + static_cast<int>(rng() % (1u << bits));
        c->write_weight(n, k, v);
        ref.write_weight(n, k, v);
      }
    std::vector<Decision> d(N);
    for (int e = 0; e < 5000; ++e) {
      const int k = static_cast<int>(rng() % N);
      for (auto& x : d) x = static_cast<Decision>(rng() % 3);
      c->on_spike(k, d);
      ref.on_spike(k, d);
      for (int n = 0; n < N; ++n)
        for (int kk = 0; kk < N; ++kk)
          ASSERT_EQ(c->dac_weight(n, kk), ref.read_weight(n, kk)) << "event " << e << " W[" << n << "][" << kk << "]";
    }
  }
}

TEST(RtlControllerCreate, RejectsOutOfRangeParameters) {
  EXPECT_THROW(CcController::create(0, 8), std::invalid_argument);
  EXPECT_THROW(CcController::create(kNeuronsMax + 1, 8), std::invalid_argument);
  EXPECT_THROW(CcController::create(4, 1), std::invalid_argument);
  EXPECT_THROW(CcController::create(4, 17), std::invalid_argument);
  auto c = CcController::create(4, 8);
  EXPECT_THROW(c->write_weight(4, 0, 1), std::out_of_range);
  EXPECT_THROW(c->on_spike(0, std::vector<Decision>(3)), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Styles, RtlController, ::testing::Values(UpdateStyle::Parallel, UpdateStyle::Serial),
                         [](const auto& info) { return std::string(name_of(info.param)); });

}  // namespace
}  // namespace ebn::rtl
