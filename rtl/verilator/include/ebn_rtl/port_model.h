#pragma once
// Cycle-accurate reference model of ebn_learning_ctrl at its PORTS, written from the interface
// specification in rtl/README.md (not from the RTL): valid/ready handshake, register-write
// priority and stall, the serial walk (one row per cycle after the accepting edge, busy_o high
// while it runs), write clamping, events from k >= N dropped, learn_en_i, run-time N and B,
// asynchronous reset and the combinational read port. The scoreboard (scoreboard.h) runs it in
// lock-step with the Verilated netlist and compares the whole state after every clock cycle.
//
// Counters whose value lies outside the configured range (possible after cfg_bits_i was lowered
// between bursts) saturate by comparison: an Inc of a counter >= +max yields +max, a Dec of one
// <= -min yields -min (the RTL's `value >= upper ? upper : value + 1`, as specified in the README).
#include <array>
#include <cstdint>

#include "ebn_rtl/cc_controller.h"
#include "ebn_rtl/port_signals.h"

namespace ebn::rtl {

// What the rising edge did (for the scoreboard's statistics and coverage bins).
struct EdgeActivity {
  bool in_reset = false;
  bool fired = false;         // evt_valid & evt_ready at the edge (the event left the sender)
  bool applied = false;       // ... and learning enabled and k < N: it will step the column
  bool wrote = false;
  bool walk_stalled = false;  // serial: a write held the walk for one cycle
  int stepped_rows = 0;       // counters stepped at this edge (including holds at saturation)
  // Stepped counters by wire code (inc | dec << 1: hold, Inc, Dec, both high) and by the state
  // before the step (0: at or below -min, 1: inside, 2: at or above +max): coverage bins.
  std::array<std::array<std::uint32_t, 3>, 4> steps_by_code{};
};

class PortModel {
 public:
  static constexpr int kCounters = kNeuronsMax * kNeuronsMax;

  explicit PortModel(UpdateStyle style) : style_(style) {}

  // The inputs for the coming cycle, set while the clock is low. An asserted reset clears the
  // state at once (asynchronous).
  void drive(const PortInputs& in);
  // Combinational outputs for the driven inputs and the current state.
  PortOutputs outputs() const;
  // Rising clock edge with the driven inputs.
  EdgeActivity clock();

  // All counters, column-major as on the DAC lines: [k * kNeuronsMax + n] = W[n][k].
  const std::int16_t* counters() const { return w_.data(); }
  int weight(int n, int k) const { return w_[static_cast<std::size_t>(k * kNeuronsMax + n)]; }
  bool busy() const { return busy_; }
  const PortInputs& inputs() const { return in_; }
  UpdateStyle style() const { return style_; }

  // The configuration as the controller interprets it.
  int effective_bits() const;
  int counter_max() const { return (1 << (effective_bits() - 1)) - 1; }
  int counter_min() const { return -counter_max() - 1; }
  int neurons() const { return in_.cfg_neurons; }

  // One learning step of value v for the wire code (inc, dec), saturating at the configured range.
  int step(int v, bool inc, bool dec) const;

 private:
  void reset_state();
  void step_counter(std::int16_t& w, bool inc, bool dec, EdgeActivity& a) const;
  bool ready() const { return !in_.wr_en && !(style_ == UpdateStyle::Serial && busy_); }

  UpdateStyle style_;
  PortInputs in_;
  std::array<std::int16_t, kCounters> w_{};
  // Serial walk: the latched event and the row stepped at the next edge.
  bool busy_ = false;
  int walk_pre_ = 0;
  std::uint32_t walk_inc_ = 0;
  std::uint32_t walk_dec_ = 0;
  int walk_row_ = 0;
};

}  // namespace ebn::rtl
