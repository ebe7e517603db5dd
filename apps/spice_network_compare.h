#pragma once
// `ebn spice-compare --network`: level 3 against level 5 on the small network (docs/spice.md
// "Network"). Level 5: the network at transistor level (ebn-spice network). Level 3: the SystemC
// chip with the parameters calibrated on a level-5 SINGLE-synapse run at the same corner / seed
// (nothing of the network run is fitted), driven by the same input pulses from the same initial
// counters. Compared: spike counts per neuron, the decisions latched at every presynaptic pulse,
// the final counters.
#include <string>

#include "chip/replay/circuit_params.h"
#include "ebn/config_reader.h"

namespace ebn::app {

// Bars of issue 11 for the network.
constexpr double kNetworkDecisionShare = 0.95, kNetworkSpikeTolerance = 0.10, kNetworkCounterShare = 0.90;

struct Level3Bug {
  std::string name;  // "" | dac-gain-x2 | window-up (hidden: shows the check can fail)
};

// Runs level 3 on the level-5 network result `net` (network.json) with calibrated `params`;
// returns the comparison (compare.json's "network" part). `vcd`: level-3 waveforms ("" = none).
Json compare_network(const Json& net, const chip::replay::CircuitParams& params, const Level3Bug& bug,
                     const std::string& vcd);

}  // namespace ebn::app
