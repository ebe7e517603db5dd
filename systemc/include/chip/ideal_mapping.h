#pragma once
// Ladder preparation (level 2 -> level 3): map the float / quantized EBN of behavioral/ onto
// circuit parameters so that, with mismatch off, the chip computes the same dynamics and the same
// learning decisions. Plain values here (behavioral/ fills them from its EbnConfig and
// NetworkSetup: tau_mem_s, tau_fast_s, threshold, v_rest, v_reset, learning.step, band, Ω units).
//
// Voltage -> current:  I = i_zero_A + amps_per_unit * V    (V_rest, V_reset, T map the same way)
// Time constants:      tau_mem = tau_m,  tau_syn = tau_f
// Input current:       I_in = amps_per_unit * I_ext        (enters like I_inf, not filtered)
// Weights:             code b = W / g; delta pulses (pulse_shape "delta") of nominal width T_q
//                      inject the charge w(b) * T_q at once, so x jumps by w T_q / tau_f = s W:
//                      symmetric DAC, c1 = s g tau_f / T_q, no offsets, no w0, no mismatch.
// Rule (Fig. 1 code, spec §3.2): INC if 2V' + rho W - 2 V_rule < -h, DEC if > +h, with
//                      rho = omega_per_weight (tau_m in the code, "code" Ω units), h = g/2 + m.
//                      Chip: weight-dependent window, i_rest = I(V_rule), i_sl = s h / 2 and
//                      beta = rho tau_m / tau_f, because the chip's I_Omega is the true jump
//                      w T_q / tau_mem = s W tau_f / tau_m (e.g. beta = 2.5 for the Fig-1 code).
// Refractory period 0 (the EBN has none). See docs/chip_model.md for what differs by construction.
#include <vector>

#include "chip/chip_params.h"

namespace chip {

struct FloatEbnParams {
  int neurons = 20;
  double tau_mem_s = 0.05;          // tau_m
  double tau_fast_s = 1e-3;         // tau_f
  std::vector<double> threshold;    // T_n (V units), size neurons
  std::vector<double> v_rest;       // V_rest,n
  std::vector<double> v_reset;      // V_reset,n
  double weight_step = 2.0;         // g: W per counter LSB
  int weight_bits = 8;
  double band_half_width = 1.0;     // h = g/2 + m
  double omega_per_weight = 0.05;   // rho: Ω = rho W in the rule
  double v_rule_rest = 0.0;         // V_rest used inside the rule (0 in the Fig-1 code)
};

struct CurrentScale {
  double i_zero_A = 20e-9;          // current that represents V = 0 (keeps I_mem > 0 for V > -20)
  double amps_per_unit = 1e-9;      // s
  double charge_time_s = 1e-4;      // T_q: nominal width of the delta pulse (sets the DAC gain)
};

ChipParams ideal_mapping(const FloatEbnParams& f, const CurrentScale& s);

inline double map_voltage(double v, const CurrentScale& s) { return s.i_zero_A + s.amps_per_unit * v; }
inline double unmap_current(double i, const CurrentScale& s) { return (i - s.i_zero_A) / s.amps_per_unit; }
inline double map_input(double i_ext, const CurrentScale& s) { return s.amps_per_unit * i_ext; }
// Counter value of a weight on the level-2 grid; throws ebn::InputError if W is not a multiple of
// g or lies outside the B-bit range.
int weight_to_code(double w, const FloatEbnParams& f);

}  // namespace chip
