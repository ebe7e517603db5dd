// Names of the functional coverage bins (see functional_coverage.h).
#include "ebn_rtl/functional_coverage.h"

#include <array>

namespace ebn::rtl {

namespace {
constexpr std::array<const char*, static_cast<std::size_t>(Bin::kFirstStep)> kNames = {
    "event and write in the same cycle",
    "back-to-back events",
    "event while busy",
    "write stalls the walk",
    "reset during a walk",
    "learn_en toggled with an event in flight",
    "event with learning disabled",
    "event from k >= N",
    "event from k = N-1",
    "reset mid-stream",
    "every counter read back after reset",
    "write clamped to +max",
    "write clamped to -min",
    "write outside the N x N network",
    "write to the diagonal",
    "cfg_bits < 2 clamped",
    "cfg_bits > BMax clamped",
    "N = 1",
    "N = NMax",
    "B = 2",
    "B = BMax",
    "N reconfigured between bursts",
    "B reconfigured between bursts",
};
constexpr std::array<const char*, 4> kCodes = {"hold (00)", "inc (10)", "dec (01)", "inc&dec (11)"};
constexpr std::array<const char*, 3> kStates = {"at -min", "inside", "at +max"};

bool serial_only(Bin b) { return b == Bin::EventWhileBusy || b == Bin::WriteStallsWalk || b == Bin::ResetDuringWalk; }
}  // namespace

std::vector<FunctionalCoverage::Entry> FunctionalCoverage::entries() const {
  std::vector<Entry> out;
  const std::string prefix = std::string(name_of(style_)) + ": ";
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (serial_only(static_cast<Bin>(i)) && style_ != UpdateStyle::Serial) continue;
    out.push_back({prefix + kNames[i], counts_[i]});
  }
  for (std::size_t c = 0; c < kCodes.size(); ++c)
    for (std::size_t s = 0; s < kStates.size(); ++s)
      out.push_back({prefix + kCodes[c] + " " + kStates[s], counts_[kNames.size() + c * 3 + s]});
  return out;
}

std::vector<std::string> FunctionalCoverage::uncovered() const {
  std::vector<std::string> out;
  for (const auto& e : entries())
    if (e.count == 0) out.push_back(e.name);
  return out;
}

}  // namespace ebn::rtl
