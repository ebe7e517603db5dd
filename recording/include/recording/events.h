#pragma once
// Event extraction from a recording (spec chip-recording-sim1.md §2): presynaptic spikes, the
// decision latched for each spike, the counter value before/after it, and the latencies of the
// latch (INC/SL switch vs rising edge) and of the counter update (vs falling edge).
//
// Rules (nothing recording-specific is hard-coded):
//  * logic threshold = half-way between the lowest and highest INPUT level found in the data
//    (0.9 V for a 0 / 1.8 V recording); the same threshold is applied to INC and SL;
//  * a spike is a RISING crossing of INPUT; an initial high state and its falling crossing
//    (the start-up artefact) are not a spike; a spike still high at the end has no offset;
//  * decision(k) = INC/SL sampled half a (median) pulse width after the onset:
//    INC high -> Inc, SL high -> Hold, both low -> Dec (DEC is not exported);
//  * bit_before(k) = counter rounded at the same mid-pulse instant; bit_after(k) = counter
//    rounded half-way between the offset and the next onset (or the end);
//  * t_update(k) = last crossing of the half-way level between bit_before and bit_after before
//    that sampling point (ns glitches at the edges cross and come back, so the LAST crossing is
//    the settled update);
//  * t_switch(k) = last INC or SL threshold crossing between the previous mid-gap and the
//    mid-pulse of k, for spikes whose recorded decision differs from the previous one;
//  * latch instant = onset + median latch latency (onset if no decision ever changed);
//    I_before(k) = I_mem there (linear interpolation).
#include <limits>
#include <vector>

#include "recording/recording.h"
#include "ebn/decision.h"

namespace recording {

struct LogicLevels {
  double low_V = 0.0;
  double high_V = 0.0;
  double threshold_V = 0.0;  // (low + high) / 2
};

struct SpikeEvent {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double t_on = kNone;      // rising threshold crossing (s)
  double t_off = kNone;     // falling crossing; NaN if INPUT is still high at the end
  double t_latch = kNone;   // instant at which I_before is read (onset + latch latency)
  double t_switch = kNone;  // observed INC/SL switch, NaN if the decision did not change
  double t_update = kNone;  // observed counter update, NaN if the counter did not change
  double i_before_A = 0.0;  // recorded I_mem at t_latch
  ebn::Decision decision = ebn::Decision::Hold;  // recorded decision
  int bit_before = 0;       // settled counter during the pulse
  int bit_after = 0;        // settled counter after the update
  bool has_offset() const { return t_off == t_off; }
};

struct RecordedEvents {
  LogicLevels levels;
  std::vector<SpikeEvent> spikes;
  double pulse_width_s = 0.0;     // median (onset -> offset)
  double period_s = 0.0;          // median onset spacing
  double latch_latency_s = 0.0;   // median t_switch - t_on (0 if never observed)
  int latch_observations = 0;
  double update_latency_s = 0.0;  // median t_update - t_off (0 if never observed)
  int update_observations = 0;
  double max_latch_deviation_s = 0.0;   // max |t_switch - t_on - median|
  double max_update_deviation_s = 0.0;  // max |t_update - t_off - median|
  int initial_bit = 0;                  // counter at t = 0
  ebn::Decision initial_decision = ebn::Decision::Hold;
  double artefact_end_s = -1.0;  // falling crossing of an initial high INPUT (-1 if none)
  int inc_sl_overlaps = 0;       // mid-pulse samples with INC and SL both high (must be 0)
};

RecordedEvents extract_events(const Recording& r);

// Counts of recorded decisions (Inc, Hold, Dec) and counter updates.
struct DecisionCounts {
  int inc = 0, hold = 0, dec = 0, updates = 0;
};
DecisionCounts count_decisions(const RecordedEvents& ev);

// Settled counter sequence with repeats removed, keeping first, last and local extrema
// (e.g. 8, 15, -6, 2, -2, 0 on Sim1).
std::vector<int> turning_points(const std::vector<int>& values);

}  // namespace recording
