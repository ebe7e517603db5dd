#pragma once
// Port-level scoreboard (Ibex style): the protocol stimulus drives the Verilated controller and
// the port-level reference model (port_model.h) in lock-step, and after EVERY clock cycle the
// whole state is compared: all kNeuronsMax x kNeuronsMax counters on the DAC lines (inside and
// outside the configured network, the diagonal included), evt_ready_o, busy_o and rd_data_o
// (before and after each edge); after every reset, every counter is also read through the read
// port. The first difference ends the run with its cycle, signal, expected and actual value.
#include <cstdint>
#include <string>

#include "ebn_rtl/functional_coverage.h"
#include "ebn_rtl/protocol_stimulus.h"
#include "ebn_rtl/rtl_ports.h"

namespace ebn::rtl {

struct ScoreboardOptions {
  std::int64_t cycles = 1'000'000;
  std::uint64_t seed = 1;
  UpdateStyle style = UpdateStyle::Parallel;
  StimulusWeights weights;
};

struct ScoreboardResult {
  bool matched = false;
  std::int64_t cycles = 0;        // clock cycles compared without a difference
  std::int64_t events = 0;        // events accepted (evt_valid_i & evt_ready_o at an edge)
  std::int64_t applied = 0;       // ... of which stepped their column (learning on, k < N)
  std::int64_t writes = 0;        // register writes
  std::int64_t resets = 0;        // reset pulses
  std::int64_t port_reads = 0;    // read-port reads compared (one per cycle + the read-backs)
  std::int64_t counter_compares = 0;
  std::string mismatch;           // the first difference (empty if matched)
  FunctionalCoverage coverage{UpdateStyle::Parallel};
};

// Runs the scoreboard on `rtl` (a fresh model of options.style). Deterministic for a seed.
ScoreboardResult run_scoreboard(RtlPorts& rtl, const ScoreboardOptions& options);

// "matched N cycles / M events (...)" or the mismatch.
std::string summary(const ScoreboardOptions& options, const ScoreboardResult& result);

}  // namespace ebn::rtl
