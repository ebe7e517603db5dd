#pragma once
// Event-by-event agreement of two runs of the small learning network (docs/spice.md "Network"):
// spike counts per neuron, the decisions every neuron latched at every presynaptic pulse, and the
// final counters. One implementation for both comparisons `spice-compare --network` reports:
// level 3 against level 5, and level 5 against itself with a tiny device perturbation (the
// reproducibility floor of an event-by-event comparison of this chaotic, learning network).
#include <string>
#include <vector>

#include "ebn/config_reader.h"

namespace ebn::app {

// Bars of issue 11 for the network.
constexpr double kNetworkDecisionShare = 0.95, kNetworkSpikeTolerance = 0.10, kNetworkCounterShare = 0.90;

struct NetworkLatch {
  double t;       // the pulse's instant (input pulses: the same on both runs; spikes: the run's own)
  int k;          // presynaptic index (inputs first, then neurons)
  std::string d;  // one letter per index (ebn::letter_of): what every neuron latched
};

struct NetworkRecord {
  int inputs = 0, neurons = 0;
  double duration_s = 0.0;
  std::vector<std::pair<double, int>> spikes;  // (t, index)
  std::vector<NetworkLatch> latches;
  std::vector<int> counters_initial, counters_final;  // [n * (inputs + neurons) + k]
};

// A level-5 network run as network.json (`ebn-spice network`) stores it. Latches are placed at
// the 50 % point of the rising ramp (network.json has its start), the instant level 3 latches at.
NetworkRecord level5_record(const Json& network_json);

// Compares run `b` with the reference run `a`; `name_a` / `name_b` label the per-neuron and
// per-synapse entries (e.g. "level5" / "level3"). Latches of a spike pair across the runs when the
// spikes lie within 1 ms; an unpaired latch counts as disagreeing for every neuron. Returns the
// figures under compare.json's keys: spikes, spikes_total, decisions (with before_first_spike),
// decision_counts, counters, counters_within_1_lsb, agree_decisions / agree_spikes /
// agree_counters / agree (the bars above).
Json network_agreement(const NetworkRecord& a, const NetworkRecord& b, const std::string& name_a,
                       const std::string& name_b);

}  // namespace ebn::app
