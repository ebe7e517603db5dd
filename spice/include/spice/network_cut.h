#pragma once
// One synapse of the level-5 network cut out as a single-synapse netlist: the network's bias
// generator and shared references, neuron n and synapse W[n][k] -- the same device instances
// (names, sizes) with the same Monte Carlo threshold shifts the network run drew for them
// (network.json "mismatch_delvto_V") -- renamed to the single-synapse interface (vpre0,
// vbit1_0_<i>, vsgnp1_0, vsgnn1_0, vimem1, cmplo1, cmphi1; C++ DAC: iexc1_0, iinh1_0, vdacref1_0),
// so that the single-synapse protocol characterises THAT synapse of THAT die (docs/spice.md
// "Network", --level3-calibration per-device). The reset switch is held open (its gate at 0 V);
// the neuron's other synapses are left out (their switches are off in the network between pulses).
#include <map>
#include <string>

#include "spice/network_netlist.h"

namespace spice {

// What the cut shows on the single-synapse probes, to characterise the neuron's other devices:
//  window:    cmplo1 / cmphi1 are the window comparators (the synapse as in the network);
//  threshold: cmphi1 is the spike comparator cmpsp<n> (DEC = I_mem above the spike threshold), so
//             the upper edge a window fit finds is the neuron's threshold;
//  hold:      the reset switch is closed periodically (`HoldSchedule`, a SPICE pulse source): I_mem
//             sits at the neuron's reset level during each hold and steps down when the switch
//             opens (its charge injection) -- the level the neuron climbs from after a spike.
enum class CutVariant { Window, Threshold, Hold };

// The holds of the `hold` variant: the gate rises at delay + i * period (ramps of edge_s) and stays
// high for hold_s (the network's refractory hold is 2 ms). Written into run.json by ebn-spice.
struct HoldSchedule {
  double delay_s = 2.5e-3, edge_s = 5e-6, hold_s = 2e-3, period_s = 10e-3;
};

// Netlist text of synapse W[n][k] (inputs <= n < presynaptic(), k != n, 0 <= k < presynaptic()).
// `delvto_V`: device name (lower case) -> threshold shift; every MOSFET of the cut that has an
// entry gets it (none without mismatch). ebn::InputError for an index outside the shape.
std::string synapse_cut_netlist(const NetworkShape& shape, const NetworkDesign& design, const std::string& models, int n,
                                int k, const std::map<std::string, double>& delvto_V,
                                CutVariant variant = CutVariant::Window, const HoldSchedule& hold = {});

}  // namespace spice
