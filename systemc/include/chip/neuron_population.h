#pragma once
// State of the whole neuron population and its exact event-to-event evolution (the math core
// of the population's single SystemC process; no SystemC in here so it is testable on its own).
//
// Per neuron n: synaptic filter x_n and membrane current I_n (membrane_dynamics.h). Between two
// events the drive is constant: u_n = sum of the DAC currents of the pulses that are high, and the
// resting level is i_inf_n + the feed-forward input current of the present grid cell. advance()
// integrates every neuron exactly (advance_exact) and stops at the first threshold crossing.
#include <vector>

#include "chip/chip_params.h"
#include "chip/membrane_dynamics.h"
#include "chip/population_kernels.h"

namespace chip {

class NeuronPopulation {
 public:
  explicit NeuronPopulation(const ChipParams& p);

  int size() const { return n_; }
  // Trial start: I = i_init, x = 0, no drive, no input.
  void reset_state();
  // New per-neuron levels (validated by the caller); used from the next reset_state() on.
  void set_levels(const ChipParams& p) {
    inf_ = p.i_inf_A;
    thr_ = p.i_threshold_A;
    reset_ = p.i_reset_A;
    init_ = p.i_init_A;
  }

  // Feed-forward input currents (A), one per neuron, held until the next call; nullptr = none.
  void set_input(const double* currents);
  // A rectangular pulse of presynaptic neuron k starts (sign +1, currents = DAC column) or ends
  // (sign -1, the same latched currents).
  void add_drive(const double* currents, double sign);
  // No pulse is high any more: drop the accumulated drive exactly (no rounding residue).
  void clear_drive();
  // Delta pulse: charge currents[n] * width enters the synaptic filter at once (or I directly
  // when there is no filter).
  void inject_charge(const double* currents, double width_s);

  // Advance all neurons from trial time t by up to dt. If some neuron reaches its threshold
  // first, stop there: returns its id and sets `elapsed` to the crossing time. Otherwise returns
  // -1 and elapsed = dt, or less if a refractory period ends earlier (a segment boundary).
  int advance(double t, double dt, double& elapsed);
  // Spike of neuron n at trial time t: I_n <- reset level, held there for the refractory period
  // (the synaptic filter keeps integrating).
  void fire(int n, double t) {
    state_[n].i = reset_[n];
    i_[n] = reset_[n];
    refractory_until_[n] = t + refractory_s_;
  }

  double i_mem(int n) const { return state_[n].i; }
  double x(int n) const { return state_[n].x; }
  double drive(int n) const { return u_[n]; }
  const std::vector<double>& i_mem_all() const { return i_; }  // refreshed by advance()/fire()/reset
  void set_state(int n, double x, double i) { state_[n] = {x, i}; i_[n] = i; }

 private:
  void integrate_all(double dt);
  void integrate_all(double dt, double em, double es);  // em, es: the decay factors of dt
  kernels::PopulationView view();  // the arrays, for the vectorised loops (population_kernels.h)
  int n_;
  MembraneConstants base_;
  std::vector<double> inf_, thr_, reset_, init_;
  std::vector<MembraneState> state_;
  std::vector<double> u_;      // synaptic drive (A)
  std::vector<double> input_;  // feed-forward input (A)
  std::vector<double> i_;      // copy of I_mem, contiguous (latch, sampling)
  double refractory_s_;
  std::vector<double> refractory_until_;
  std::vector<unsigned char> candidate_;  // scratch of advance(): may neuron n cross in the segment?
};

}  // namespace chip
