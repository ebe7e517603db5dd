// One source of truth: rtl/ebn_pkg.sv (hand-written SystemVerilog) must agree with the C++ headers
// common/include/ebn/hw_encoding.h and decision.h, and the C++ wrappers' view of the netlist
// (rtl/verilator/include/ebn_rtl/cc_controller.h). The package is parsed here; the wire encoding
// itself is exercised on the Verilated model in test_rtl_controller (WireEncodingMatchesHwEncoding).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "ebn/decision.h"
#include "ebn/hw_encoding.h"
#include "ebn_rtl/cc_controller.h"
#include "shared_data.h"

namespace {

std::string read_package() {
  const std::string path = ebn::test::source_path("rtl/ebn_pkg.sv");
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// name -> value of every `localparam int unsigned Name = <decimal>;` in the package.
std::map<std::string, long> localparams(const std::string& text) {
  std::map<std::string, long> out;
  const std::regex re(R"(localparam\s+int\s+unsigned\s+(\w+)\s*=\s*(\d+)\s*;)");
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it)
    out[(*it)[1]] = std::stol((*it)[2]);
  return out;
}

// name -> value of every enumerator `Name = 2'd<v>` in the package.
std::map<std::string, long> enumerators(const std::string& text) {
  std::map<std::string, long> out;
  const std::regex re(R"((\w+)\s*=\s*\d+'d(\d+))");
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it)
    out[(*it)[1]] = std::stol((*it)[2]);
  return out;
}

TEST(RtlPackage, WidthsAgreeWithHwEncoding) {
  const auto p = localparams(read_package());
  ASSERT_TRUE(p.count("MinWeightBits") && p.count("MaxWeightBits")) << "package constants not found";
  EXPECT_EQ(p.at("MinWeightBits"), ebn::hw::kMinWeightBits);
  EXPECT_EQ(p.at("MaxWeightBits"), ebn::hw::kMaxWeightBits);
  EXPECT_EQ(p.at("MaxWeightBits"), ebn::rtl::kBitsMax);  // the C++ wrapper's port width
}

TEST(RtlPackage, DecisionEncodingAgreesWithDecisionH) {
  const auto e = enumerators(read_package());
  ASSERT_TRUE(e.count("DecisionHold") && e.count("DecisionInc") && e.count("DecisionDec"));
  EXPECT_EQ(e.at("DecisionHold"), static_cast<long>(ebn::Decision::Hold));
  EXPECT_EQ(e.at("DecisionInc"), static_cast<long>(ebn::Decision::Inc));
  EXPECT_EQ(e.at("DecisionDec"), static_cast<long>(ebn::Decision::Dec));
}

TEST(RtlPackage, WireDecoderIsWrittenLikeFromWires) {
  // The package's decision_from_wires must map (1,0)->Inc, (0,1)->Dec and everything else to Hold,
  // as ebn::hw::from_wires does; checked on its source text here and on the netlist elsewhere.
  const std::string text = read_package();
  // (Written as assignments to the function name with package-qualified enumerators, the form
  // yosys 0.23 reads correctly; rtl/README.md.)
  const auto has = [&text](const char* re) { return std::regex_search(text, std::regex(re)); };
  EXPECT_TRUE(has(R"(if \(inc && !dec\)\s+decision_from_wires = ebn_pkg::DecisionInc;)"));
  EXPECT_TRUE(has(R"(else if \(dec && !inc\)\s+decision_from_wires = ebn_pkg::DecisionDec;)"));
  EXPECT_TRUE(has(R"(else\s+decision_from_wires = ebn_pkg::DecisionHold;)"));
  EXPECT_EQ(ebn::hw::from_wires(true, false), ebn::Decision::Inc);
  EXPECT_EQ(ebn::hw::from_wires(false, true), ebn::Decision::Dec);
  EXPECT_EQ(ebn::hw::from_wires(true, true), ebn::Decision::Hold);
  EXPECT_EQ(ebn::hw::from_wires(false, false), ebn::Decision::Hold);
}

TEST(RtlPackage, StyleAndMutationCodesAgreeWithTheWrappers) {
  const auto p = localparams(read_package());
  EXPECT_EQ(p.at("UpdateParallel"), static_cast<long>(ebn::rtl::UpdateStyle::Parallel));
  EXPECT_EQ(p.at("UpdateSerial"), static_cast<long>(ebn::rtl::UpdateStyle::Serial));
  EXPECT_EQ(p.at("BugNone"), static_cast<long>(ebn::rtl::Mutation::None));
  EXPECT_EQ(p.at("BugSaturation"), static_cast<long>(ebn::rtl::Mutation::Saturation));
  EXPECT_EQ(p.at("BugSwapKn"), static_cast<long>(ebn::rtl::Mutation::SwapKn));
  EXPECT_EQ(p.at("BugDiagonal"), static_cast<long>(ebn::rtl::Mutation::Diagonal));
}

}  // namespace
