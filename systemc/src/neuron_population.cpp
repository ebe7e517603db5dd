#include "chip/neuron_population.h"

#include <algorithm>
#include <cmath>

#include "chip/population_kernels.h"
#include "chip/threshold_crossing.h"

namespace chip {

NeuronPopulation::NeuronPopulation(const ChipParams& p)
    : n_(p.neurons),
      base_{p.tau_mem_s, p.tau_syn_s, 0.0},
      inf_(p.i_inf_A),
      thr_(p.i_threshold_A),
      reset_(p.i_reset_A),
      init_(p.i_init_A),
      state_(static_cast<std::size_t>(p.neurons)),
      u_(static_cast<std::size_t>(p.neurons), 0.0),
      input_(static_cast<std::size_t>(p.neurons), 0.0),
      i_(static_cast<std::size_t>(p.neurons), 0.0),
      refractory_s_(p.refractory_s),
      refractory_until_(static_cast<std::size_t>(p.neurons), -1.0),
      candidate_(static_cast<std::size_t>(p.neurons), 0) {
  reset_state();
}

void NeuronPopulation::reset_state() {
  for (int n = 0; n < n_; ++n) {
    state_[n] = {0.0, init_[n]};
    i_[n] = init_[n];
    u_[n] = 0.0;
    input_[n] = 0.0;
    refractory_until_[n] = -1.0;
  }
}

void NeuronPopulation::set_input(const double* currents) {
  for (int n = 0; n < n_; ++n) input_[n] = currents ? currents[n] : 0.0;
}

void NeuronPopulation::add_drive(const double* currents, double sign) {
  for (int n = 0; n < n_; ++n) u_[n] += sign * currents[n];
}

void NeuronPopulation::clear_drive() {
  for (int n = 0; n < n_; ++n) u_[n] = 0.0;
}

void NeuronPopulation::inject_charge(const double* currents, double width_s) {
  for (int n = 0; n < n_; ++n) {
    const double q = currents[n] * width_s;
    if (base_.tau_syn_s > 0.0) state_[n].x += q / base_.tau_syn_s;
    else state_[n].i += q / base_.tau_mem_s;
    i_[n] = state_[n].i;
  }
}

void NeuronPopulation::integrate_all(double dt) {
  if (dt <= 0.0) return;
  // Shared time constants: the decay factors are computed once for the whole population.
  integrate_all(dt, std::exp(-dt / base_.tau_mem_s), base_.tau_syn_s > 0.0 ? std::exp(-dt / base_.tau_syn_s) : 0.0);
}

void NeuronPopulation::integrate_all(double dt, double em, double es) {
  if (dt <= 0.0) return;
  kernels::integrate(view(), dt, em, es);
}

kernels::PopulationView NeuronPopulation::view() {
  return {n_, state_.data(), i_.data(), inf_.data(), input_.data(), u_.data(), thr_.data(), base_.tau_mem_s,
          base_.tau_syn_s};
}

int NeuronPopulation::advance(double t, double dt, double& elapsed) {
  elapsed = dt;
  if (dt <= 0.0) {
    elapsed = 0.0;
    for (int n = 0; n < n_; ++n)
      if (refractory_until_[n] <= t && state_[n].i >= thr_[n]) return n;
    return -1;
  }
  // A refractory period that ends inside the segment ends the segment there.
  bool any_refractory = false;
  for (int n = 0; n < n_; ++n)
    if (refractory_until_[n] > t) {
      any_refractory = true;
      dt = std::min(dt, refractory_until_[n] - t);
    }
  const double em = std::exp(-dt / base_.tau_mem_s);
  const double es = base_.tau_syn_s > 0.0 ? std::exp(-dt / base_.tau_syn_s) : 0.0;
  int first = -1;
  double t_first = dt;
  MembraneConstants c = base_;
  // Most segments cross nowhere: a branch-free pass over all neurons with first_crossing's own
  // early-out tests (same operations, so the same verdicts) leaves only the candidates for it.
  const bool any_candidate = kernels::crossing_candidates(view(), em, es, candidate_.data());
  for (int n = 0; any_candidate && n < n_; ++n) {
    if (!candidate_[static_cast<std::size_t>(n)]) continue;
    if (any_refractory && refractory_until_[n] > t) continue;  // clamped at reset: cannot cross
    c.i_inf_A = inf_[n] + input_[n];
    const double tc = first_crossing(c, state_[n], SegmentDrive{u_[n], c.i_inf_A}, thr_[n], dt, em, es);
    // Strictly earlier wins, so simultaneous crossings are taken in neuron-id order.
    if (tc >= 0.0 && (first < 0 || tc < t_first)) {
      first = n;
      t_first = tc;
    }
  }
  elapsed = first >= 0 ? t_first : dt;
  if (first >= 0) integrate_all(elapsed);
  else integrate_all(dt, em, es);  // the whole segment: its decay factors are already known
  if (any_refractory)
    for (int n = 0; n < n_; ++n)
      if (refractory_until_[n] > t) state_[n].i = i_[n] = reset_[n];  // held for the whole segment
  return first;
}

}  // namespace chip
