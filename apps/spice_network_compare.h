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
#include "network_agreement.h"
#include "spice_device_calibration.h"

namespace ebn::app {

struct Level3Bug {
  std::string name;  // "" | dac-gain-x2 | window-up (hidden: shows the check can fail)
};

// How the calibrated single-synapse parameters become the level-3 neuron's resting level.
//  fit:      i_inf of the fit as it is;
//  recorded: i_inf = the recorded I_mem before the first pulse of the single-synapse run (its
//            rest), and the difference moved into w0 (the drive of every pulse, any code): at
//            the protocol's fixed pulse rate only i_inf + drive * width / period is identifiable,
//            so the fit may split a constant drive between the two; the network's inputs have
//            other rates.
struct Level3Rest {
  std::string mode = "fit";
  double recorded_rest_A = 0.0;
  double period_s = 0.0, width_s = 0.0;  // of the single-synapse protocol
};

// Runs level 3 on the level-5 network result `net` (network.json) with calibrated `params`;
// returns the comparison (compare.json's "network" part). `vcd`: level-3 waveforms ("" = none).
// `devices` (per-device calibration, may be null): per-neuron resting levels, window edges,
// threshold / reset and per-synapse DAC gain scales on top of `params` (its shared constants).
Json compare_network(const Json& net, const chip::replay::CircuitParams& params, const Level3Rest& rest,
                     const Level3Bug& bug, const std::string& vcd, const DeviceCalibration* devices = nullptr);

}  // namespace ebn::app
