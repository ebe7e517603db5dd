#pragma once
// The rule by which `ebn learn --neurons N` (and the benchmarks) scale the configured experiment,
// valid at network.neurons = N0, to N neurons (docs/behavioral.md, "Larger N").
//
// The decoder F stays unit-norm in the same N_x-dimensional space, so the thresholds, the optimal
// weights W* = −(τ_m/τ_f)FᵀF and the noise keep their values. What changes with N:
//  * the initial random weights: std × √(N0/N), so the summed random recurrent input of a neuron
//    keeps its size (both rules);
//  * network.neuron_scaling = "rate" (default):
//    - the input amplitude A × N/N0. The balanced network fires a total rate ∝ A/‖F‖ (each spike
//      moves the readout by one unit-norm F column), so a fixed A spreads the same total over N
//      neurons (per-neuron rate ∝ 1/N: 7 Hz at N = 20, 0.14 Hz at N = 1000, and every column
//      W[:,k] is updated only on spikes of k). A ∝ N keeps the per-neuron rate, hence the number
//      of updates per synapse and pass, of the Figure-1 network;
//    - the learning steps (learning.step g, whose half is also the fig1 band, and
//      learning.diagonal_step) × √(N0/N): a neuron's recurrent input sums N weights, each off its
//      target by up to a band, so its error grows as √N·g -- the same argument as for the initial
//      std -- while the drive it must cancel grows as N. Measured at N = 1000: with g = 2 the
//      distance falls to 0.21 (pass 8) and then drifts up to 0.45; with g·√(N0/N) it reaches 0.06.
//  * "weights": the initial weights only (the rule before issue 12; reproduces older results).
// At N = N0 nothing changes (the default run is bit for bit the configured one).
#include "behavioral/params.h"
#include "ebn/config_reader.h"

namespace ebn::behavioral {

// The network-section values of `base` scaled to `neurons` (returned as a JSON patch of the
// "network" section: neurons, initial_weight_std, input_amplitude).
Json neuron_scaling_patch(const EbnConfig& base, int neurons);

// `base` scaled to `neurons` (the patch applied and re-parsed, as `ebn learn --neurons` does).
EbnConfig scale_to_neurons(const EbnConfig& base, int neurons);

}  // namespace ebn::behavioral
