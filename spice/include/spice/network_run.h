#pragma once
// The small learning network at transistor level (level 5) with the learning controller in the
// loop (docs/spice.md "Network"). Index k = 0 .. inputs-1: input channels (pulse trains from
// make_network_input); k = inputs ..: neurons. The controller is a (neurons+inputs)-neuron
// controller (the same objects as levels 2-3); the rows of the input channels are not synapses
// (their decisions are always stop-learning).
//   spike:  the accepted point where cmpsp<n> is below Vdd/2 (I_mem > I_thr) and neuron n is not
//           held in reset; after spike_delay_s the reset line vreset<n> holds vmem at the reset
//           voltage for refractory_s and the pulse line pre<n> goes high for width_s;
//   latch:  at the start of each rising pulse ramp of line k the comparators of every neuron
//           n != k give INC / SL / DEC (I_mem before the pulse's jump);
//   update: at the start of the falling ramp the controller gets on_spike(k, decisions), and the
//           DAC gates of column k take the new counters update_delay_s after the pulse is off.
#include <cstdint>
#include <string>
#include <vector>

#include "ebn/decision.h"
#include "ebn/learning_controller.h"
#include "spice/netlist_deck.h"
#include "spice/network_input.h"
#include "spice/network_netlist.h"

namespace spice {

struct NetworkProtocol {
  double duration_s = 0.5;
  double width_s = 1e-3;
  double edge_s = 10e-6;
  double gate_edge_s = 5e-6;
  double update_delay_s = 1e-6;
  double spike_delay_s = 1e-6;
  double refractory_s = 2e-3;
  double vdd_V = 1.8;
  double max_step_s = 50e-6;
  NetworkInputParams input;
  // Initial counters: input synapses uniform in [input_code_min, input_code_max], recurrent
  // ones round(N(0, recurrent_std_lsb)) clamped; seeded.
  int input_code_min = 10, input_code_max = 24;
  double recurrent_std_lsb = 4.0;
  std::uint64_t weight_seed = 11;
};

struct NetworkDecision {
  double t_s;  // latch instant (start of the rising ramp)
  int k;
  std::vector<ebn::Decision> decisions;  // [n] over all indices; Hold for inputs and n == k
};

struct NetworkEvent {
  double t_s;  // 50 % point of the pulse's rising ramp (the spike as level 3 sees it)
  int index;
};

struct NetworkRunResult {
  NetworkShape shape;
  int counter_bits = 0;
  std::vector<NetworkEvent> input_pulses, spikes;
  std::vector<NetworkDecision> decisions;
  std::vector<int> counters_initial, counters_final;  // row-major W[n][k], size presynaptic^2
  // Measured neuron levels: I_mem at the spike detections and at the end of each reset hold.
  std::vector<double> i_at_spike_A, i_reset_A;
  double i_unit_A = 0.0;  // C++ DAC unit current (--dac cpp)
  std::string vcd;
  long accepted_points = 0;
  double wall_s = 0.0, cpu_s = 0.0;
};

// Initial counters of the protocol (row-major, zero on the diagonal and on the input rows).
std::vector<int> network_initial_counters(const NetworkShape& s, int counter_bits, const NetworkProtocol& p);

NetworkRunResult run_network(const Deck& deck, const NetworkShape& shape, const NetworkProtocol& protocol,
                             ebn::LearningController& controller, bool cpp_dac);

}  // namespace spice
