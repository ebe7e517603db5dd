#pragma once
// Learning block of every neuron: the comparator window and the decision latch.
//
// On the RISING edge of a presynaptic pulse from k, each neuron n != k latches its decision from
// its I_mem at that instant (before the pulse's jump) against its window, using ebn::decide()
// (the one place that defines < / <= semantics). INC / SL / DEC are held levels until the next
// rising edge (as on the recording: SL stays high through a period even if I_mem leaves the window).
// The counter itself steps on the falling edge, in the learning controller -- not here.
// Neuron k has no synapse from itself: its flags keep their previous level on its own pulse.
#include <array>
#include <vector>

#include "chip/chip_params.h"
#include "ebn/decision.h"

namespace chip {

class LearningBlock {
 public:
  // omega_per_amp converts a synaptic current into the I_Omega of the weight-dependent window:
  // I_Omega = current * pulse_width_s / tau_mem_s (the persistent I_mem jump of one pulse).
  LearningBlock(int neurons, const WindowParams& window, double omega_per_amp);

  // Latch decisions of all n != k for a pulse of k. i_mem[n]: I_mem before the jump;
  // column[n]: DAC current of synapse (n,k). out.size() == neurons; out[k] = Hold (ignored).
  void latch(int k, const double* i_mem, const double* column, std::vector<ebn::Decision>& out);

  // Window bounds of synapse (n,k) for its present DAC current.
  double lower(double current) const;
  double upper(double current) const;
  // The same for neuron n: its own edges where the window has per-neuron edges.
  double lower(int n, double current) const;
  double upper(int n, double current) const;

  // Present latched level of neuron n (initially SL / Hold).
  ebn::Decision flag(int n) const { return flags_[static_cast<std::size_t>(n)]; }
  // Latched decisions since the last reset_counts(): [Hold, Inc, Dec] (indexed by the enum value).
  const std::array<long, 3>& counts() const { return counts_; }
  void reset_counts() { counts_ = {0, 0, 0}; }

 private:
  WindowParams w_;
  double omega_per_amp_;
  std::vector<ebn::Decision> flags_;
  std::array<long, 3> counts_{0, 0, 0};
};

}  // namespace chip
