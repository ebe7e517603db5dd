#pragma once
// Test helper: writes a recording produced by the project's own circuit model with KNOWN
// parameters (closed loop from a turn-on instant), in the Spectre CSV format, with logic levels,
// timing and counter range unlike Sim1. Calibrating on it must give the parameters back: the
// proof that nothing of Sim1 is hard-coded in the calibration.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "chip/replay/circuit_params.h"
#include "chip/replay/synapse_sim.h"
#include "temp_recording.h"

namespace ebn::test {

// The synthetic tests' reference circuit (unlike Sim1 in every constant): affine DAC with unequal
// branches, one synaptic pole, a narrow window around I_ss(0) so the loop ends in a limit cycle
// between -2 and +2 (both DAC branches, several magnitudes and code 0), 6-bit counter from 6.
inline chip::replay::CircuitParams reference_circuit() {
  chip::replay::CircuitParams p;
  auto& m = p.model;
  m.tau_mem_s = 18e-3;
  m.tau_syn_s = 0.3e-3;
  m.i_inf_A = 4e-9;
  m.dac_offset_pos_A = 0.3e-9;
  m.dac_gain_pos_A_per_lsb = 0.9e-9;
  m.dac_offset_neg_A = 0.1e-9;
  m.dac_gain_neg_A_per_lsb = 0.7e-9;
  m.w0_A = 0.0;
  m.tau_e_s = m.tau_syn_s;
  p.closed_loop_model = m;
  p.window.i_lower_A = 3.9e-9;
  p.window.i_upper_A = 4.15e-9;
  p.timing.latch_latency_s = -0.4e-6;
  p.timing.update_latency_s = 1.2e-6;
  p.timing.pulse_width_s = 0.7e-3;
  p.counter.bits = 6;
  p.counter.initial = 6;
  return p;
}

// A compressive DAC (drive ~ |b|^0.6, unequal per sign): far from any straight line, so a line
// fitted through the low codes overestimates the high ones.
inline double compressive_dac_drive(int b) {
  return (b > 0 ? 1.0 : -0.8) * (0.3e-9 + 1.6e-9 * std::pow(std::abs(b), 0.6));
}

// reference_circuit() with that DAC as a per-code table over the whole 6-bit range (every visited
// code is non-affine) and a window the loop crosses with it.
inline chip::replay::CircuitParams compressive_dac_circuit() {
  chip::replay::CircuitParams p = reference_circuit();
  for (int b = -31; b <= 31; ++b)
    if (b != 0) p.model.dac_table_A[b] = compressive_dac_drive(b);
  p.window.i_lower_A = 3.95e-9;
  p.window.i_upper_A = 4.35e-9;
  p.closed_loop_model = p.model;
  return p;
}

struct SyntheticSpec {
  chip::replay::CircuitParams truth;
  int spikes = 150;
  double first_onset_s = 5e-3;
  double period_s = 4e-3;
  double width_s = 0.7e-3;
  double ramp_s = 10e-6;      // INPUT rise/fall time (the 50 % crossing is the edge)
  double logic_high_V = 1.2;  // not 1.8: the threshold must come from the data
  double t_turn_on_s = 2e-3;
  double dt_s = 2e-6;         // I_mem sample step
};

struct SyntheticResult {
  chip::replay::SimulationResult sim;
  chip::replay::UniformGrid grid;
  // Smallest and largest counter value the generated trajectory drove the DAC with (a recovery
  // test proves little unless both signs and several magnitudes are exercised).
  // No pulse at all reads as an impossible range (99 / -99), so such an assertion fails.
  int lowest_code() const {
    return sim.bit_before.empty() ? 99 : *std::min_element(sim.bit_before.begin(), sim.bit_before.end());
  }
  int highest_code() const {
    return sim.bit_before.empty() ? -99 : *std::max_element(sim.bit_before.begin(), sim.bit_before.end());
  }
};

inline SyntheticResult write_synthetic_recording(const TempDir& d, const SyntheticSpec& s) {
  using namespace chip::replay;
  const double t_end = s.first_onset_s + s.period_s * s.spikes;
  PulseSchedule pulses;
  for (int k = 0; k < s.spikes; ++k) {
    pulses.t_on.push_back(s.first_onset_s + s.period_s * k);
    pulses.t_off.push_back(pulses.t_on.back() + s.width_s);
  }
  SyntheticResult out;
  out.grid = UniformGrid::covering(t_end, s.dt_s);
  InitialState init;
  init.t_start_s = s.t_turn_on_s;
  init.i_start_A = 0.0;
  init.i_before_start_A = 0.0;
  init.counter = s.truth.counter.initial;
  out.sim = simulate(s.truth, s.truth.model, pulses, out.grid, init, nullptr);

  char b[128];
  auto fmt = [&](double t, double v) {
    std::snprintf(b, sizeof b, "%.12g,%.12g\n", t, v);
    return std::string(b);
  };
  // INPUT: initial high state (start-up artefact) falling at 10 us, then ramped pulses.
  std::string in = "/vin X,/vin Y\n" + fmt(0.0, s.logic_high_V) + fmt(5e-6, s.logic_high_V) + fmt(15e-6, 0.0);
  for (int k = 0; k < s.spikes; ++k) {
    const double on = pulses.t_on[k], off = pulses.t_off[k], h = 0.5 * s.ramp_s;
    in += fmt(on - h, 0.0) + fmt(on + h, s.logic_high_V) + fmt(off - h, s.logic_high_V) + fmt(off + h, 0.0);
  }
  in += fmt(t_end, 0.0);
  d.write("Syn_INPUT.csv", in);

  std::string im = "/N1/D X,/N1/D Y\n";
  for (std::size_t i = 0; i < out.grid.n; ++i) im += fmt(out.grid.time(i), out.sim.i_grid[i]);
  d.write("Syn_I_mem.csv", im);

  // Flags switch at the latch instants, the counter at the update instants (1 ns transitions).
  const double lat = s.truth.timing.latch_latency_s, upd = s.truth.timing.update_latency_s;
  std::string inc = "/L/inc X,/L/inc Y\n", sl = "/L/sl X,/L/sl Y\n", cnt = "Count X,Count Y\n";
  int state = 0;  // initial state SL
  inc += fmt(0.0, 0.0);
  sl += fmt(0.0, s.logic_high_V);
  cnt += fmt(0.0, s.truth.counter.initial);
  for (int k = 0; k < s.spikes; ++k) {
    const auto dk = out.sim.decisions[k];
    const int next = dk == ebn::Decision::Inc ? 1 : (dk == ebn::Decision::Hold ? 0 : -1);
    if (next != state) {
      const double t = pulses.t_on[k] + lat;
      inc += fmt(t - 1e-9, state == 1 ? s.logic_high_V : 0.0) + fmt(t, next == 1 ? s.logic_high_V : 0.0);
      sl += fmt(t - 1e-9, state == 0 ? s.logic_high_V : 0.0) + fmt(t, next == 0 ? s.logic_high_V : 0.0);
      state = next;
    }
    if (out.sim.bit_after[k] != out.sim.bit_before[k]) {
      const double t = pulses.t_off[k] + upd;
      cnt += fmt(t - 1e-9, out.sim.bit_before[k]) + fmt(t, out.sim.bit_after[k]);
    }
  }
  inc += fmt(t_end, state == 1 ? s.logic_high_V : 0.0);
  sl += fmt(t_end, state == 0 ? s.logic_high_V : 0.0);
  cnt += fmt(t_end, out.sim.counter_grid.back());
  d.write("Syn_INC.csv", inc);
  d.write("Syn_SL.csv", sl);
  d.write("Syn_BitValue.csv", cnt);
  return out;
}

}  // namespace ebn::test
