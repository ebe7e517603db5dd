// Level 3 (C++ reference controller) vs level 4 (Verilated RTL, C++ mode): the cross-check engine
// behind `ebn crosscheck` over several widths, sizes and both update styles, and its must-fail
// side: each deliberately broken netlist (rtl/ BugMode) is caught, with the mismatch located.
#include <gtest/gtest.h>

#include "ebn_rtl/crosscheck.h"

namespace ebn::rtl {
namespace {

CrosscheckOptions options(int neurons, int bits, std::int64_t events, UpdateStyle style = UpdateStyle::Parallel) {
  CrosscheckOptions o;
  o.neurons = neurons;
  o.bits = bits;
  o.events = events;
  o.style = style;
  o.seed = 7;
  return o;
}

TEST(RtlCrosscheck, MatchesAcrossWidthsAndSizes) {
  for (int bits : {2, 4, 8, 16})
    for (int neurons : {1, 2, 20, kNeuronsMax}) {
      const auto o = options(neurons, bits, 20000);
      const auto r = run_crosscheck(o);
      EXPECT_TRUE(r.matched) << summary(o, r);
      EXPECT_EQ(r.events_checked, 20000);
      if (neurons > 1) {  // the stream must actually reach both saturation limits
        EXPECT_GT(r.held_at_max, 0) << summary(o, r);
        EXPECT_GT(r.held_at_min, 0) << summary(o, r);
      }
    }
}

TEST(RtlCrosscheck, SerialStyleMatches) {
  const auto o = options(20, 6, 20000, UpdateStyle::Serial);
  const auto r = run_crosscheck(o);
  EXPECT_TRUE(r.matched) << summary(o, r);
  EXPECT_GT(r.rtl_cycles, 20000u * 20);  // one row per cycle
}

TEST(RtlCrosscheck, SameSeedSameStream) {
  const auto o = options(20, 8, 5000);
  const auto a = run_crosscheck(o);
  const auto b = run_crosscheck(o);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.held_at_max, b.held_at_max);
  EXPECT_EQ(a.writes, b.writes);
  auto o2 = o;
  o2.seed = 8;
  EXPECT_NE(run_crosscheck(o2).steps, a.steps);
}

struct MutantCase {
  Mutation mutation;
  const char* expected_text;  // what the mismatch report must say
};

class RtlCrosscheckMutant : public ::testing::TestWithParam<MutantCase> {};

TEST_P(RtlCrosscheckMutant, IsCaught) {
  auto o = options(20, 4, 100000);
  o.inject = GetParam().mutation;
  const auto r = run_crosscheck(o);
  EXPECT_FALSE(r.matched);
  EXPECT_LT(r.events_checked, 1000) << "caught late: " << r.mismatch;
  EXPECT_NE(r.mismatch.find("MISMATCH after event"), std::string::npos) << r.mismatch;
  EXPECT_NE(r.mismatch.find(GetParam().expected_text), std::string::npos) << r.mismatch;
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, RtlCrosscheckMutant,
    ::testing::Values(MutantCase{Mutation::Saturation, "(decision of n: Inc)"},  // held one below +max
                      MutantCase{Mutation::SwapKn, "counter(s) differ"},
                      MutantCase{Mutation::Diagonal, "counter W[n="}),
    [](const auto& info) {
      std::string s = name_of(info.param.mutation);
      for (char& c : s) c = c == '-' ? '_' : c;
      return s;
    });

TEST(RtlCrosscheckMutantDetail, DiagonalMismatchIsOnTheDiagonal) {
  auto o = options(20, 4, 100000);
  o.inject = Mutation::Diagonal;
  const auto r = run_crosscheck(o);
  ASSERT_FALSE(r.matched);
  // "... (spike from k=K): counter W[n=K][k=K] ..." -- the diagonal of the spiking neuron.
  const auto k_pos = r.mismatch.find("spike from k=");
  ASSERT_NE(k_pos, std::string::npos);
  const int k = std::stoi(r.mismatch.substr(k_pos + 13));
  EXPECT_NE(r.mismatch.find("W[n=" + std::to_string(k) + "][k=" + std::to_string(k) + "]"), std::string::npos)
      << r.mismatch;
}

TEST(RtlCrosscheck, ValidateNamesTheOption) {
  auto bad = [](auto mutate, const char* option) {
    CrosscheckOptions o;
    mutate(o);
    try {
      validate(o);
      ADD_FAILURE() << "accepted " << option;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  };
  bad([](CrosscheckOptions& o) { o.neurons = 0; }, "--neurons");
  bad([](CrosscheckOptions& o) { o.neurons = kNeuronsMax + 1; }, "--neurons");
  bad([](CrosscheckOptions& o) { o.bits = 1; }, "--bits");
  bad([](CrosscheckOptions& o) { o.bits = 17; }, "--bits");
  bad([](CrosscheckOptions& o) { o.events = 0; }, "--events");
}

}  // namespace
}  // namespace ebn::rtl
