#pragma once
// The single-synapse protocol of the seed recordings at transistor level (level 5), with the
// learning controller in the loop:
//   INPUT: `pulses` pulses of `width_s` (50 % to 50 %) every `period_s` from `first_onset_s`,
//          ramps of `edge_s`; the pulse line gates the DAC in the netlist;
//   latch: at the start of each rising ramp the comparator nodes (cmplo/cmphi, read at that
//          accepted time point) give INC / SL / DEC -- decision latched on the rising edge;
//   update: at the start of each falling ramp the controller gets the spike with the latched
//          decision (ebn::LearningController::on_spike), and the DAC switch gates take the new
//          counter `update_delay_s` after the pulse gate is fully off -- step on the falling edge.
// The synapse is W[1][0] of a 2-neuron controller (0 = the input, 1 = the neuron), so the same
// controller objects (C++ reference or Verilated RTL) serve levels 2, 3 and 5.
#include <cstdint>
#include <string>
#include <vector>

#include "ebn/decision.h"
#include "ebn/learning_controller.h"
#include "recording/recording.h"
#include "spice/netlist_deck.h"

namespace spice {

struct SynapseProtocol {
  int pulses = 100;
  double period_s = 5e-3;
  double width_s = 1e-3;
  double first_onset_s = 4e-3;
  double t_stop_s = 0.5;
  double edge_s = 10e-6;          // INPUT ramp (10-90 % ~ 8 us as in the seed recording)
  double gate_edge_s = 5e-6;      // DAC gate ramps
  double update_delay_s = 1e-6;   // counter -> DAC gates after the falling ramp
  int initial_counter = 8;
  double vdd_V = 1.8;
  double max_step_s = 400e-6;
};

// What the engine found in the netlist (names: docs/spice.md "netlist conventions").
struct SynapseInterface {
  int magnitude_bits = 0;  // vbit1_0_<i>, i < magnitude_bits
  bool cpp_dac = false;    // iexc1_0 / iinh1_0 EXTERNAL current sources + vdacref1_0 (--dac cpp)
};
SynapseInterface discover_synapse_interface(const Deck& deck);

struct SynapseRunResult {
  recording::Recording recording;  // written with recording::write_recording (Spectre CSV)
  std::vector<ebn::Decision> decisions;  // latched per pulse
  std::vector<int> counter_before;       // per pulse
  int final_counter = 0;
  std::string vcd;
  long accepted_points = 0;
  double wall_s = 0.0;
  double cpu_s = 0.0;
  double i_mem_min_A = 0.0, i_mem_max_A = 0.0;
};

SynapseRunResult run_synapse(const Deck& deck, const SynapseProtocol& protocol, ebn::LearningController& controller);

}  // namespace spice
