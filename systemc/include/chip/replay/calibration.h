#pragma once
// `ebn calibrate`: fit every parameter of circuit_params.h from one recording (spec §10).
//
// Order and data-derived rules (nothing recording-specific is hard-coded):
//  1. events (events.h): spikes, recorded decisions, I_before, bits, latch/update latencies;
//  2. fixed window from decisions vs I_before (window_fit.h);
//  3. start-up end: k* = first spike whose I_before lies inside that window (the neuron has
//     reached the operating region); fallback: first spike whose decision differs from spike 0's;
//     else spike 0. Steady fit start = onset(k* + 1) - 2 % of the period (just before a pulse,
//     when the synaptic filter has decayed);
//  4. steady membrane/DAC fit (membrane_fit.h) from that start to the end -> `model`;
//  4b. per-code DAC table (membrane_fit.h, dac_table): refit with one drive per visited code,
//     warm-started from step 4; adopted only if the Bayesian information criterion prefers it
//     with the number of pulses in the fit interval as the sample size (the grid samples of one
//     pulse's response are not independent observations: each pulse is one measured jump);
//  4c. (try_second_pole, on by default) second synaptic pole (membrane_fit.h, second_pole) on top of the
//     DAC form of 4/4b, by the same criterion;
//  5. closed-loop fit: from the first spike whose I_before reaches half of I_before(k*) (the
//     upper half of the start-up rise, where the neuron behaves linearly), warm-started from
//     step 4 -> `closed_loop_model`;
//  6. turn-on time of the neuron (closed loop from t = 0): the model relaxes from I_mem(0) towards
//     i_inf from t_turn_on; t_turn_on is solved so that the model's I at the first latch equals
//     the recorded I_before(0) (clamped at 0: then it starts at t = 0 from the matching level);
//  7. weight-dependent window shift beta: exact feasible interval; beta = 0 when 0 is feasible
//     (fixed window, the IC model), else the centre of the interval; the window is refitted at it;
//  8. counter width: inferred only from an observed saturation (an INC/DEC without a step at a
//     two's-complement limit), else the default width, widened to hold the recorded range.
#include <string>
#include <vector>

#include "recording/events.h"
#include "recording/recording.h"
#include "chip/replay/circuit_params.h"
#include "chip/replay/synapse_sim.h"

namespace chip::replay {

struct CalibrationOptions {
  double grid_dt_s = 5e-6;
  bool fit_closed_loop_model = true;
  bool try_dac_table = true;    // rule 4b (false: affine DAC only)
  // Rule 4c (false: one synaptic pole): kept only where the information criterion prefers it. With
  // the bias-generator netlist it closes every level-5 closure run (docs/replay.md, docs/spice.md).
  bool try_second_pole = true;
};

// BIC of a fit, sample size = pulses in its interval: n ln(SSE/n) + k ln n.
double information_criterion(const FitReport& f);
// The richer model is kept only if its information criterion is lower (it pays ln n per parameter).
bool prefer_richer_model(const FitReport& simple, const FitReport& richer);

// Recorded I_mem on the uniform grid and the forced counter sequence: shared by calibration,
// replay and plots.
struct RecordingOnGrid {
  UniformGrid grid;
  std::vector<double> i_mem;  // A
  std::vector<double> counter;  // recorded counter value (raw, LSB)
  std::vector<signed char> flags;  // recorded INC/SL state: +1 INC, 0 SL, -1 DEC
  std::vector<signed char> input;  // presynaptic pulse line: 1 above the logic threshold
  PulseSchedule pulses;
  std::vector<int> bit_before, bit_after;
};
RecordingOnGrid put_on_grid(const recording::Recording& r, const recording::RecordedEvents& ev, double dt_s);

// Index k* of rule 3 and the steady fit start derived from it.
std::size_t startup_end_spike(const recording::RecordedEvents& ev, double lower_A, double upper_A);
double steady_fit_start(const recording::RecordedEvents& ev, double lower_A, double upper_A);
double closed_loop_fit_start(const recording::RecordedEvents& ev, double lower_A, double upper_A);

CircuitParams calibrate(const recording::Recording& r, const recording::RecordedEvents& ev,
                        const CalibrationOptions& options = {});

// Several recordings of the same circuit (same corner and device draw; e.g. the protocol started
// at other counter codes so that together they visit the codes a network will use), fitted as one:
// the window (steps 2 and 7) from the latches of all, the membrane/DAC fits (4-5) with the
// residuals of all summed; the first recording from its start-up end (rule 3), each further one
// from its closed-loop start (rule 5: a run started at another code adds the codes its start-up
// sweeps through, before it reaches the window). Timing, counter
// width and start-up (1, 6, 8) come from the first, which is also the one `fit` is measured on
// (the others' forced-replay RMSE are in its notes).
struct CalibrationRecording {
  const recording::Recording* recording = nullptr;
  const recording::RecordedEvents* events = nullptr;
};
CircuitParams calibrate(const std::vector<CalibrationRecording>& recordings, const CalibrationOptions& options = {});

// Human-readable summary of the fitted parameters and fit quality.
std::string calibration_text(const CircuitParams& p);

}  // namespace chip::replay
