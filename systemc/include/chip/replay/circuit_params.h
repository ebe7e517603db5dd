#pragma once
// Parameters of the single-synapse learning circuit (spec chip-recording-sim1.md §6 "model D"),
// in SI units. `ebn calibrate` fits them from a recording and writes them as JSON; `ebn replay
// --params` reads them back; the SystemC chip model maps them onto its DAC, neuron and window.
//
// Model D (p(t) = 1 during a presynaptic pulse, b(t) = counter value):
//   DAC current   w(b) = dac_offset_pos_A + dac_gain_pos_A_per_lsb * b        (b > 0)
//                      = 0                                                     (b = 0)
//                      = -(dac_offset_neg_A + dac_gain_neg_A_per_lsb * |b|)    (b < 0)
//   synapse       tau_syn_s * dx/dt   = -x   + p(t) * w(b(t))
//   fixed drive   tau_e_s   * dx_e/dt = -x_e + p(t) * w0_A        (bit-independent, per spike)
//   neuron        tau_mem_s * dI/dt   = -I + i_inf_A + x + x_e     (I = recorded I_mem)
// Learning block (edge semantics measured on the recording):
//   latch  at rising edge + latch_latency_s:  decision = ebn::decide(I, lower(b), upper(b))
//          lower(b) = i_lower_A - beta * J(b)/2, upper(b) = i_upper_A - beta * J(b)/2,
//          J(b) = w(b) * pulse_width_s / tau_mem_s (persistent I_mem jump of one pulse);
//          beta = 0 is the fixed window of the IC; beta = 1 the [SM] rule's -I_Omega/2 shift.
//   update at falling edge + update_latency_s: counter += +1 (Inc) / -1 (Dec), saturating at
//          the signed range of counter_bits.
// Per-code DAC table (optional, replay only): where the recording visits a code often enough for
// the data to pin its drive, `dac_table_A[b]` replaces the affine w(b) above (the synaptic DPI is
// not linear in the code: the same code step gives different jumps at low and high codes). It is
// used only when the information criterion prefers it (calibration.h, rule 4b); codes not in
// the table keep the affine line, which is then the weighted regression through the table (so the
// level-3 chip, which knows only the affine DAC, gets the best line through the measured codes).
// Second synaptic pole (optional, replay only): tau_syn2_s > 0 filters x once more before the
// neuron, tau_syn2 dx2/dt = -x2 + x, tau_mem dI/dt = -I + i_inf + x2 + x_e (the DPI's soft start:
// I_mem keeps falling for a while after the onset, then rises steeply). Opt-in, and then kept
// only when it lowers the information criterion (calibration.h, rule 4c). It changes the shape of a jump, not its
// integral (w(b) * pulse width), so the level-3 chip keeps its single tau_syn.
// Two membrane/DAC sets are kept: `model` (fitted after the start-up: best steady-state
// accuracy, used for replay) and `closed_loop_model` (fitted including the late start-up, used
// for the closed loop from t = 0 together with `startup`, spec §7 / §9 tier 4).
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chip::replay {

struct SynapseModelParams {
  double tau_mem_s = 31e-3;
  double tau_syn_s = 0.5e-3;
  double i_inf_A = 9e-9;
  double dac_gain_pos_A_per_lsb = 1.5e-9;
  double dac_offset_pos_A = 0.0;
  double dac_gain_neg_A_per_lsb = 1.5e-9;
  double dac_offset_neg_A = 0.0;
  double w0_A = 0.0;       // bit-independent per-spike drive
  double tau_e_s = 0.5e-3;  // its filter time constant
  std::map<int, double> dac_table_A;  // code (!= 0) -> DAC drive (A, signed); empty = model D
  double tau_syn2_s = 0.0;  // second synaptic pole (cascade_filter.h); 0 = one pole (model D)

  // DAC output current for counter value b (A).
  double dac_current(int b) const {
    if (!dac_table_A.empty()) {
      const auto it = dac_table_A.find(b);
      if (it != dac_table_A.end()) return it->second;
    }
    if (b > 0) return dac_offset_pos_A + dac_gain_pos_A_per_lsb * b;
    if (b < 0) return -(dac_offset_neg_A + dac_gain_neg_A_per_lsb * (-b));
    return 0.0;
  }
};

// Quality of a least-squares fit of I_mem (all on the uniform output grid).
struct FitReport {
  double t_start_s = 0.0, t_end_s = 0.0;  // fit interval
  double rmse_A = 0.0, max_abs_A = 0.0;
  long points = 0;
  int evaluations = 0;                  // model evaluations of the time-constant search
  double sse_A2 = 0.0;                  // sum of squared residuals of the fast basis fit
  int pulses = 0;                       // pulses in the interval (the model selection's sample size)
  int parameters = 0;                   // fitted parameters (linear + time constants)
  std::vector<std::string> notes;       // e.g. parameters that were not identifiable
};

struct WindowParams {
  double i_lower_A = 0.0;
  double i_upper_A = 0.0;
  double beta = 0.0;
  // Report of the threshold fit: feasible intervals (NaN bound = unbounded / infeasible).
  double lower_feasible_lo_A = 0.0, lower_feasible_hi_A = 0.0;  // (lo, hi]
  double upper_feasible_lo_A = 0.0, upper_feasible_hi_A = 0.0;  // [lo, hi)
  double beta_feasible_lo = 0.0, beta_feasible_hi = 0.0;
  bool feasible = true;          // all recorded decisions reproducible by a fixed window
  int misclassified = 0;         // at the chosen thresholds (recorded I_before)
};

struct TimingParams {
  double latch_latency_s = 0.0;   // latch instant - rising 50 % crossing of INPUT
  double update_latency_s = 0.0;  // counter update - falling 50 % crossing
  double pulse_width_s = 1e-3;    // median presynaptic pulse width (for J(b))
};

struct CounterParams {
  int bits = 8;
  int initial = 0;
  bool bits_from_saturation = false;  // true if the width was inferred from an observed saturation
};

struct StartupParams {
  double t_turn_on_s = 0.0;  // neuron turns on here (closed loop from t = 0)
  double i_off_A = 0.0;      // I_mem before the turn-on
  double i_on_A = 0.0;       // I_mem at the turn-on instant (0 = from rest)
};

struct CircuitParams {
  SynapseModelParams model;              // steady-state fit (replay)
  SynapseModelParams closed_loop_model;  // fit including the late start-up (closed loop)
  WindowParams window;
  TimingParams timing;
  CounterParams counter;
  StartupParams startup;
  FitReport fit;              // of `model`
  FitReport closed_loop_fit;  // of `closed_loop_model`
  std::string source;         // recording it was fitted on

  // Window bounds for counter value b with the given model's DAC.
  double lower_bound(int b, const SynapseModelParams& m) const;
  double upper_bound(int b, const SynapseModelParams& m) const;
};

nlohmann::ordered_json to_json(const CircuitParams& p);
// Strict: unknown keys, wrong types and out-of-range values are ebn::InputError naming the key.
CircuitParams params_from_json(const nlohmann::ordered_json& j, const std::string& source);
CircuitParams load_params(const std::string& path);

}  // namespace chip::replay
