#pragma once
// One trial (pass) of the chip: what goes in, what comes out. Many trials run in ONE elaboration
// (ChipTop::run_trial); neuron state is reset at the start of each trial, counters persist.
#include <array>
#include <cstddef>
#include <vector>

#include "chip/aer_bus.h"
#include "ebn/decision.h"

namespace chip {

struct TrialInput {
  double duration_s = 1.0;
  // Feed-forward input currents on a uniform grid: row j (neurons values, row-major) holds on
  // [j*input_dt_s, (j+1)*input_dt_s); the last row holds until the end. Empty = no input.
  double input_dt_s = 0.0;
  std::vector<double> input_A;
  // External spikes injected on the AER bus as if neuron k had fired (pulses on row k, neuron k
  // itself untouched). Sorted by time. Used e.g. to drive a synapse with a recorded pulse train.
  std::vector<AerEvent> injected;
};

struct TrialOptions {
  bool learning = true;
  // I_mem of every neuron sampled at t = j*sample_dt_s (j = 0, 1, ... while t <= duration); 0 = off.
  double sample_dt_s = 0.0;
  // Keep one record per presynaptic pulse (rising-edge time, k, decisions of all n).
  bool record_decisions = false;
  // Keep one record per counter change (time it reached the DAC mirror, synapse, old/new value).
  bool record_updates = false;
};

struct DecisionRecord {
  double t_s = 0.0;
  int k = 0;
  std::vector<ebn::Decision> decisions;  // [n]; entry k is Hold (no self-synapse)
};

struct UpdateRecord {
  double t_s = 0.0;  // trial time at which the read-back value reached the DAC mirror
  int n = 0, k = 0;
  int before = 0, after = 0;
};

struct TrialResult {
  std::vector<AerEvent> spikes;        // the chip's own spikes (not the injected ones)
  int sample_count = 0;
  std::vector<double> samples_A;       // sample_count x neurons, row-major
  std::array<long, 3> decisions{0, 0, 0};  // latched [Hold, Inc, Dec] over all pulses and n != k
  long pulses = 0;                     // presynaptic pulses (own + injected)
  long updates = 0;                    // counter values that changed (read back from the controller)
  std::vector<int> counters;           // final W[n][k], row-major, from the DAC mirror
  std::vector<DecisionRecord> decision_log;
  std::vector<UpdateRecord> update_log;
  double t_start_s = 0.0;              // SystemC time at which the trial started
  double sim_end_s = 0.0;              // SystemC time when all updates of the trial were applied
};

}  // namespace chip
