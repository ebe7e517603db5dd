#pragma once
// Exact solution of the current-mode neuron between events (the "analog" part of level 3).
//
//   tau_syn * dx/dt = -x + u            synaptic low-pass of the DAC current u (piecewise constant)
//   tau_mem * dI/dt = -I + I_inf + x    membrane current I_mem relaxing to I_inf (+ filtered drive)
//
// Between two events u is constant, so (x, I) has a closed form; the chip model and the replay
// tools both advance with advance_exact(), never with a fixed small Euler step. Units are SI
// (seconds, amperes), but the formula is unit-free.
#include <cmath>

namespace chip {

struct MembraneState {
  double x = 0.0;  // synaptic filter output (A)
  double i = 0.0;  // membrane current I_mem (A)
};

struct MembraneConstants {
  double tau_mem_s = 0.0;
  double tau_syn_s = 0.0;  // 0 = no filter: x follows u instantly
  double i_inf_A = 0.0;
};

// Advance `s` by dt seconds with constant synaptic input u (A), given the decay factors
// em = exp(-dt/tau_mem) and es = exp(-dt/tau_syn) (es unused without filter). A population whose
// neurons share the time constants computes them once per segment instead of once per neuron.
inline void advance_exact_factors(const MembraneConstants& c, MembraneState& s, double u, double dt, double em,
                                  double es) {
  if (dt <= 0.0) return;
  const double target = c.i_inf_A + u;  // fixed point of I when x has settled at u
  if (c.tau_syn_s <= 0.0) {
    s.x = u;
    s.i = target + (s.i - target) * em;
    return;
  }
  const double dx0 = s.x - u;  // deviation of the filter from its target, decays with tau_syn
  double coupled;              // contribution of that decaying deviation to I at time dt
  const double a = c.tau_syn_s, b = c.tau_mem_s;
  if (std::fabs(a - b) < 1e-12 * b) {
    coupled = dx0 * (dt / b) * em;  // degenerate limit tau_syn == tau_mem
  } else {
    coupled = dx0 * a / (a - b) * (es - em);
  }
  s.i = target + (s.i - target) * em + coupled;
  s.x = u + dx0 * es;
}

// Advance `s` by dt seconds with constant synaptic input u (A).
inline void advance_exact(const MembraneConstants& c, MembraneState& s, double u, double dt) {
  if (dt <= 0.0) return;
  const double em = std::exp(-dt / c.tau_mem_s);
  const double es = c.tau_syn_s > 0.0 ? std::exp(-dt / c.tau_syn_s) : 0.0;
  advance_exact_factors(c, s, u, dt, em, es);
}

}  // namespace chip
