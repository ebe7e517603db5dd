#pragma once
// The two per-segment loops of NeuronPopulation over all neurons, compiled for baseline x86-64,
// AVX2 and AVX-512 and picked at run time with the level of the behavioral SIMD kernels
// (behavioral/simd_kernels.h: detected CPU, EBN_SIMD caps it). Every variant does the same IEEE
// operations in the same order per neuron as the scalar code (no FMA contraction, no reassociation),
// so all give identical results; a unit test compares them.
#include "chip/membrane_dynamics.h"

namespace chip::kernels {

struct PopulationView {
  int n;
  MembraneState* state;        // x, I per neuron
  double* i_copy;              // contiguous copy of I (refreshed by integrate)
  const double* i_inf;         // resting level per neuron
  const double* input;         // feed-forward input current per neuron
  const double* drive;         // synaptic drive u per neuron
  const double* threshold;
  double tau_mem_s, tau_syn_s;
};

// candidate[n] = 1 unless first_crossing() would certainly return -1 for neuron n in a segment with
// decay factors em, es (its tests 0 and 1: already at/above threshold, or the upper bound of I over
// the segment reaches it); returns whether any neuron is a candidate.
bool crossing_candidates(const PopulationView& p, double em, double es, unsigned char* candidate);

// advance_exact_factors() for every neuron (dt > 0), then i_copy = I.
void integrate(const PopulationView& p, double dt, double em, double es);

}  // namespace chip::kernels
