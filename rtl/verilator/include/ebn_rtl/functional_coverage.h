#pragma once
// Functional coverage bins of the port-level scoreboard: the protocol corners the stimulus aims
// at, each decision wire code x saturation state, and the N / B extremes. Counted in C++ on the
// reference side (Verilator 5.006's line coverage reports false zeros on some case arms, see
// /work/shared/notes/formal-synth-coverage-ngspice.md section 3, so the functional closure does
// not rely on it). A bin that cannot occur in a style (busy in the parallel style) is not listed
// for it.
#include <cstdint>
#include <string>
#include <vector>

#include "ebn_rtl/cc_controller.h"

namespace ebn::rtl {

enum class Bin {
  EventAndWriteSameCycle,  // evt_valid_i and wr_en_i at one edge: the write wins, the event waits
  BackToBackEvents,        // an event accepted with evt_valid_i high in every cycle since the last
  EventWhileBusy,          // serial: evt_valid_i while busy_o
  WriteStallsWalk,         // serial: a register write during the walk
  ResetDuringWalk,         // serial: rst_ni asserted while busy_o
  LearnToggledInFlight,    // learn_en_i flipped with an event pending or being walked
  EventLearningDisabled,   // an event from k < N accepted with learn_en_i low (dropped)
  EventFromOutside,        // an event from k >= N accepted (dropped)
  EventFromLastColumn,     // an event from k = N - 1 applied (N > 1)
  ResetMidStream,          // rst_ni asserted in the middle of a burst
  ReadBackAfterReset,      // every counter read through rd_data_o right after a reset
  WriteClampedHigh,        // wr_data_i above +max
  WriteClampedLow,         // wr_data_i below -min
  WriteOutsideNetwork,     // a write to W[n][k] with n or k >= N
  WriteDiagonal,           // a write to W[k][k]
  BitsBelowTwoClamped,     // cfg_bits_i < 2 (clamped to 2) with a counter stepped
  BitsAboveMaxClamped,     // cfg_bits_i > BMax (clamped) with a counter stepped
  NeuronsOne,              // N = 1 with an event applied
  NeuronsMax,              // N = NMax with an event applied
  BitsTwo,                 // B = 2 with a counter stepped
  BitsMax,                 // B = BMax with a counter stepped
  ReconfiguredNeurons,     // N changed between bursts
  ReconfiguredBits,        // B changed between bursts
  kFirstStep,              // 12 bins: wire code (hold, Inc, Dec, both high) x (at -min, inside, at +max)
  kCount = kFirstStep + 12
};

class FunctionalCoverage {
 public:
  explicit FunctionalCoverage(UpdateStyle style) : style_(style), counts_(static_cast<std::size_t>(Bin::kCount), 0) {}

  void hit(Bin bin, std::uint64_t times = 1) { counts_[static_cast<std::size_t>(bin)] += times; }
  void hit_step(int code, int state, std::uint64_t times) {
    counts_[static_cast<std::size_t>(Bin::kFirstStep) + static_cast<std::size_t>(code * 3 + state)] += times;
  }

  // The bins that apply to this style, with their names ("serial: event while busy") and counts.
  struct Entry {
    std::string name;
    std::uint64_t count;
  };
  std::vector<Entry> entries() const;
  std::vector<std::string> uncovered() const;
  int bins() const { return static_cast<int>(entries().size()); }
  UpdateStyle style() const { return style_; }

 private:
  UpdateStyle style_;
  std::vector<std::uint64_t> counts_;
};

}  // namespace ebn::rtl
