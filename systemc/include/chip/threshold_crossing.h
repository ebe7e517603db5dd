#pragma once
// When does I_mem first reach the threshold inside one constant-drive segment?
//
// Between events the drive u and the resting level are constant, and the exact solution of
// membrane_dynamics.h is a sum of two exponentials:
//   I(t) = target + A e^{-t/tau_mem} + C e^{-t/tau_syn},  target = i_inf + u,
//   C = (x0 - u) tau_syn / (tau_syn - tau_mem),  A = I0 - target - C   (C = 0 without filter).
// f(t) = I(t) - threshold has at most one stationary point, hence at most two roots. We
//  1. reject the segment with a cheap upper bound (each exponential term is monotone), which
//     removes nearly all segments;
//  2. bracket the first root: [0, dt] if f(dt) >= 0, else [0, t*] if the interior maximum t*
//     (closed form) reaches the threshold;
//  3. refine with Newton's method safeguarded by bisection until the step is < 1e-15 s.
// Error: the returned time is within ~1e-15 s of the exact root of the closed form (double
// rounding of the exponentials dominates; ~1e-16 relative in I). No fixed grid is involved.
// Requires tau_syn <= tau_mem / 2 (checked by validate()), so the closed form never degenerates.
#include "chip/membrane_dynamics.h"

namespace chip {

struct SegmentDrive {
  double u = 0.0;      // synaptic input current (A) during the segment
  double i_inf = 0.0;  // resting level incl. feed-forward input current (A)
};

// First time in [0, dt] at which I(t) >= threshold, or -1 if it stays below. Returns 0 if the
// state already is at or above the threshold. em = e^{-dt/tau_mem}, es = e^{-dt/tau_syn} (the
// caller computes them once per segment for all neurons; es ignored without filter).
double first_crossing(const MembraneConstants& c, const MembraneState& s, const SegmentDrive& d, double threshold,
                      double dt, double em, double es);

}  // namespace chip
