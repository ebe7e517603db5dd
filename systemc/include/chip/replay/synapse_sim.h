#pragma once
// Event-driven simulation of the single-synapse circuit (model D, circuit_params.h) driven by
// rectangular presynaptic pulses between the extracted onset/offset times. Between events the
// state advances with chip::advance_exact (exact integration, no fixed Euler step); the output is
// sampled on a uniform grid (5 us by default) for RMSE and plots.
//
// Two modes: forced (replay: the counter takes the RECORDED value after every update) and
// closed loop (the model latches its own decisions from its own I_mem and steps its counter).
#include <cstddef>
#include <vector>

#include "recording/events.h"
#include "chip/replay/circuit_params.h"
#include "ebn/decision.h"

namespace chip::replay {

// Edge semantics; the defaults are the measured ones. The alternatives exist so tests can prove
// that the acceptance checks fail when the semantics are wrong.
enum class Edge { Rising, Falling };
struct Semantics {
  Edge latch_edge = Edge::Rising;
  Edge update_edge = Edge::Falling;
};

struct PulseSchedule {
  std::vector<double> t_on;   // rising edges (s)
  std::vector<double> t_off;  // falling edges; NaN = still high at the end
};
PulseSchedule pulses_of(const recording::RecordedEvents& ev);

struct UniformGrid {
  double dt_s = 5e-6;
  std::size_t n = 0;  // samples at t = i * dt, i = 0..n-1
  double time(std::size_t i) const { return static_cast<double>(i) * dt_s; }
  static UniformGrid covering(double t_end, double dt_s = 5e-6);
  std::size_t first_at_or_after(double t) const;
};

struct InitialState {
  double t_start_s = 0.0;  // the model runs from here
  double i_start_A = 0.0;  // I_mem at t_start (synaptic filters start at 0)
  double i_before_start_A = 0.0;  // output on grid points before t_start
  int counter = 0;         // counter value at t_start
};

struct SimulationResult {
  std::vector<double> i_grid;   // model I_mem on the grid (A)
  std::vector<int> counter_grid;  // model counter on the grid
  // Per spike (only spikes whose latch lies after t_start are filled; others keep defaults).
  std::vector<double> i_latch;                  // model I_mem at the latch instant
  std::vector<ebn::Decision> decisions;         // model's decision at the latch
  std::vector<int> bit_before, bit_after;       // counter during the pulse / after the update
  std::vector<bool> simulated;                  // spike's latch was inside the simulated span
};

// forced_bit_after: recorded counter after each spike's update (replay); nullptr = closed loop.
SimulationResult simulate(const CircuitParams& p, const SynapseModelParams& m, const PulseSchedule& pulses,
                          const UniformGrid& grid, const InitialState& init,
                          const std::vector<int>* forced_bit_after, const Semantics& semantics = {});

}  // namespace chip::replay
