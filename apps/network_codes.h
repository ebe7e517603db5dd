#pragma once
// Which counter codes the level-5 network drives, and which further single-synapse runs cover them
// (spice-compare --network, --level3-calibration multi and per-device; docs/spice.md "Network").
#include <utility>
#include <vector>

#include "ebn/config_reader.h"
#include "recording/events.h"

namespace ebn::app {

// The codes of the synapses W[n][k] (k != n) of row `row`, or of every neuron row (row < 0): the
// network's counter trajectory, replayed from its initial counters and latches (INC +1 / DEC -1 on
// W[n][k] at a pulse of k, saturating) and checked against its final counters; if the replay does
// not end there, the range of the initial and final counters. Only the codes are taken from the
// network run (which single-synapse runs to calibrate on), nothing of its waveforms.
std::pair<int, int> network_code_range(const Json& net, int row = -1);

// The single-synapse protocol visits only the codes between its start and its equilibrium, so
// level 3's DAC would be extrapolated to the network's codes. Further runs of the same protocol
// start at the highest / lowest code of `range` wherever that lies outside the codes the run `ev`
// drove (from there the loop sweeps back towards its equilibrium, through every code in between).
std::vector<int> extra_start_codes(const recording::RecordedEvents& ev, std::pair<int, int> range);

}  // namespace ebn::app
