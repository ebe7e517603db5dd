#pragma once
// Constrained-random stimulus for the port-level scoreboard: drives the controller's protocol
// corners on purpose, one cycle at a time, from one seeded mt19937_64 (same seed, same stream).
//
// The run is a sequence of BURSTS. Between bursts the controller is first let run idle (pending
// event accepted, serial walk finished), then, each with its own weight: an asynchronous reset
// (followed by a read-back of every counter through the read port), a reconfiguration of N and/or
// B, a run of register writes. Within a burst every cycle draws, by the burst's kind: a new event
// (held valid, with stable data, until accepted: the valid/ready protocol), a register write (in
// the same cycle as a pending event on purpose: write priority and stall), a learn_en toggle, a
// mid-stream reset, and the read-port address. All weights are in StimulusWeights below.
#include <cstdint>
#include <random>

#include "ebn_rtl/port_model.h"
#include "ebn_rtl/port_signals.h"

namespace ebn::rtl {

// Every weight in per mille (of the draws it belongs to), so the mix can be read here.
struct StimulusWeights {
  // Between bursts (controller idle).
  unsigned reset_between = 40;         // an asynchronous reset pulse of 1-3 cycles
  unsigned reconfigure_neurons = 250;  // a new N
  unsigned reconfigure_bits = 250;     // a new B
  unsigned program_run = 300;          // 1 .. 2N register writes before the burst
  // The new N: 1, NMax, 2, else uniform in [1, NMax].
  unsigned neurons_one = 150;
  unsigned neurons_max = 200;
  unsigned neurons_two = 100;
  // The new B: 2, BMax, out of the range the RTL accepts (0, 1, BMax+1..31: it clamps), else uniform.
  unsigned bits_two = 200;
  unsigned bits_max = 200;
  unsigned bits_out_of_range = 100;
  // Burst kinds (drawn per burst; they sum to 1000) and their per-cycle event / write chances.
  unsigned burst_back_to_back = 350;   // valid every cycle: events back to back, while busy
  unsigned burst_sparse = 200;
  unsigned burst_write_storm = 150;    // writes in half the cycles, racing the events
  unsigned burst_mixed = 300;
  unsigned back_to_back_write = 30, sparse_event = 250, sparse_write = 100;
  unsigned storm_event = 600, storm_write = 500, mixed_event = 700, mixed_write = 120;
  // Per cycle within a burst.
  unsigned mid_stream_reset = 2;       // reset asserted in the middle of a burst
  unsigned learn_toggle = 20;          // learn_en_i flips
  // The event's presynaptic k: >= N (dropped; when N < NMax), = N - 1 (last column), else < N.
  unsigned pre_outside = 120;
  unsigned pre_last = 100;
  // Decision wires per burst: uniform bits (all 4 codes, both high included), mostly Inc,
  // mostly Dec, mostly both high (illegal code = hold), mostly hold. Sum to 1000.
  unsigned wires_uniform = 400, wires_inc = 200, wires_dec = 200, wires_both = 100, wires_hold = 100;
  // Register write address: outside the N x N network, on the diagonal, in the column of the
  // last event (races the walk), else inside the network.
  unsigned write_outside = 250, write_diagonal = 100, write_event_column = 200;
  // Write data: +max, -min, beyond the range (clamped), any 16-bit value, else in range.
  unsigned data_max = 150, data_min = 150, data_beyond = 150, data_any16 = 100;
  // Read-port address: the column of the last event, the last written counter, else anywhere.
  unsigned read_event_column = 300, read_last_write = 300;
};

class ProtocolStimulus {
 public:
  ProtocolStimulus(std::uint64_t seed, const StimulusWeights& weights = {});

  // The inputs of the next cycle, given the model's state before it.
  PortInputs next(const PortModel& model);
  // What the edge of that cycle did (releases an accepted event).
  void observe(const EdgeActivity& activity);
  // True once after a reset ended: the scoreboard then reads every counter through the read port.
  bool take_read_back_request() {
    const bool r = read_back_;
    read_back_ = false;
    return r;
  }
  // Set by next(): the configuration changed before this cycle (between bursts).
  bool reconfigured_neurons() const { return reconf_n_; }
  bool reconfigured_bits() const { return reconf_b_; }
  bool mid_stream_reset() const { return mid_reset_; }

 private:
  enum class Phase { Reset, Drain, Program, Burst };
  enum class BurstKind { BackToBack, Sparse, WriteStorm, Mixed };
  enum class Wires { Uniform, Inc, Dec, Both, Hold };

  bool chance(unsigned per_mille) { return rng_() % 1000 < per_mille; }
  int uniform(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  void between_bursts(const PortModel& model);
  void start_burst();
  void start_reset(int cycles);
  void new_event(int neurons);
  void add_write(const PortModel& model, PortInputs& in);
  std::uint32_t wire_word(bool inc);

  std::mt19937_64 rng_;
  StimulusWeights w_;
  PortInputs cur_;  // configuration, learn_en and the pending event persist across cycles
  Phase phase_ = Phase::Reset;
  int phase_left_ = 2;
  BurstKind kind_ = BurstKind::Mixed;
  Wires wires_ = Wires::Uniform;
  bool pending_ = false;
  bool read_back_ = false;
  bool reconf_n_ = false;
  bool reconf_b_ = false;
  bool mid_reset_ = false;
  int last_pre_ = 0;
  int last_wr_post_ = 0;
  int last_wr_pre_ = 0;
};

}  // namespace ebn::rtl
