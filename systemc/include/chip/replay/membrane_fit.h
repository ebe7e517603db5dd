#pragma once
// Least-squares fit of the model-D membrane/DAC parameters to a recorded I_mem with the recorded
// INPUT pulses and counter sequence forced (spec §6, §10).
//
// Variable projection: for fixed time constants (tau_mem, tau_syn[, tau_e][, tau_syn2]) the model
// output is LINEAR in (i_inf, dac_offset_pos, dac_gain_pos, dac_offset_neg, dac_gain_neg, w0, or
// one drive per code instead of the four DAC terms with dac_table): it is the
// superposition of the responses to the pulse trains weighted by code. So each evaluation runs
// the six basis responses once on the uniform grid (exact propagators derived from
// chip::advance_exact, edges inside a grid step split exactly), accumulates the 6x6 normal
// equations, and solves them with a rank-revealing decomposition; only the 2-3 time constants are
// searched (coarse log grid, then Nelder-Mead in log space).
#include <string>
#include <vector>

#include "chip/replay/circuit_params.h"
#include "chip/replay/synapse_sim.h"

namespace chip::replay {

struct MembraneFitProblem {
  UniformGrid grid;
  const std::vector<double>* i_recorded = nullptr;  // recorded I_mem on the grid (A)
  PulseSchedule pulses;
  std::vector<int> codes;  // counter value driving each pulse (recorded bit_before)
  double t_start_s = 0.0;  // fit interval [t_start, end of grid]; I starts at the recorded value
  double period_s = 5e-3;  // median spike period (scales the time-constant search)
  double pulse_width_s = 1e-3;
};

struct MembraneFitOptions {
  const SynapseModelParams* warm_start = nullptr;  // skip the coarse grid, start the simplex here
  int max_evaluations = 160;
  bool fit_tau_e = true;  // search tau_e separately when w0 turns out significant
  // One DAC drive per visited non-zero code instead of the affine w(b) (still linear in the
  // parameters); the affine branches are then the weighted regression through the table.
  bool dac_table = false;
  // A second synaptic pole tau_syn2 (cascade_filter.h), searched with the other time constants
  // (from a warm start, or from the coarse grid's best one-pole point, split).
  bool second_pole = false;
};

// Returns the fitted parameters; fills `report` (interval, RMSE / max on the grid, notes on
// parameters that the data cannot identify and how they were fixed).
SynapseModelParams fit_membrane(const MembraneFitProblem& problem, const MembraneFitOptions& options,
                                FitReport& report);
// Several recordings of the same circuit (e.g. the protocol started at other counter codes, so
// that together they visit more codes): one parameter set, the squared residuals of all segments
// summed (each from its own t_start_s and recorded start value); the search scale (period, pulse
// width) and the report's interval are the first segment's, `report.pulses` counts all.
SynapseModelParams fit_membrane(const std::vector<MembraneFitProblem>& segments, const MembraneFitOptions& options,
                                FitReport& report);

// Sum of squared residuals of the best linear parameters for given time constants (exposed for
// tests: the search must find a minimum of exactly this function).
double membrane_sse(const MembraneFitProblem& problem, double tau_mem_s, double tau_syn_s, double tau_e_s,
                    SynapseModelParams* best = nullptr, bool dac_table = false, double tau_syn2_s = 0.0);

}  // namespace chip::replay
