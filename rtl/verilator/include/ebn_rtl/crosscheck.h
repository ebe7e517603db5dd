#pragma once
// Event-by-event cross-check of the Verilated RTL controller (C++ mode) against the C++ reference
// controller (ebn::ReferenceController): the same random stream drives both -- random initial
// weights including values at and beyond saturation, random decision vectors, occasional
// learning-disabled events and re-programmed counters -- and EVERY counter of the RTL's DAC lines
// (all kNeuronsMax^2, the inactive ones must stay 0) is compared after EVERY event.
#include <cstdint>
#include <functional>
#include <string>

#include "ebn_rtl/cc_controller.h"

namespace ebn::rtl {

struct CrosscheckOptions {
  std::int64_t events = 1000000;
  std::uint64_t seed = 1;
  int neurons = 20;
  int bits = 8;
  UpdateStyle style = UpdateStyle::Parallel;
  Mutation inject = Mutation::None;  // a deliberately wrong RTL: the check must fail
};

struct CrosscheckResult {
  bool matched = false;
  std::int64_t events_checked = 0;  // events compared without a mismatch
  std::string mismatch;             // first mismatch in detail (empty if matched)
  // Coverage of the stream, counted on the reference side.
  std::int64_t held_at_max = 0;     // Inc on a counter already at +max
  std::int64_t held_at_min = 0;     // Dec on a counter already at -min
  std::int64_t steps = 0;           // counters that changed
  std::int64_t writes = 0;          // register writes (initial programming + mid-stream)
  std::int64_t disabled_events = 0; // events with learning disabled
  std::uint64_t rtl_cycles = 0;
};

// Throws std::invalid_argument for out-of-range options (message names the option).
void validate(const CrosscheckOptions& options);

// `progress(events_done)` is called every 2^16 events (may be empty).
CrosscheckResult run_crosscheck(const CrosscheckOptions& options,
                                const std::function<void(std::int64_t)>& progress = {});

// One line: "matched N events (...)" or "MISMATCH ...".
std::string summary(const CrosscheckOptions& options, const CrosscheckResult& result);

}  // namespace ebn::rtl
