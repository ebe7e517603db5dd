#pragma once
// The small learning network at transistor level (level 5), written out as a flat netlist from
// the cells of the single-synapse netlist (spice/netlists/learning_synapse.cir: same devices,
// sizes and biases), so that the Monte Carlo draw reaches every device (flat M lines).
//
// Presynaptic lines k = 0 .. inputs-1 are the input channels (pulses from C++), k = inputs ..
// inputs+neurons-1 the neurons (their own spikes). Every neuron n receives one plastic DAC
// synapse W[n][k] from every k != n (input synapses and all-to-all recurrent ones). Per neuron:
// one excitatory and one inhibitory DPI synaptic filter shared by its synapses (the currents add
// at the filter's tail, as level 3 sums them into one filter), the DPI neuron, the two window
// comparators (cmplo<n>, cmphi<n>), a spike comparator (cmpsp<n>: low when I_mem > I_thr) and a
// reset switch that holds vmem<n> at the reset voltage while the EXTERNAL line vreset<n> is high.
// Every bias comes from the single-synapse netlist's bias generator (one master current, ratio
// mirrors). The window, threshold and reset currents are copies of the resting-drive bias current u
// (bdc line, W ratios): I_L = 3.15 u, I_U = 3.55 u, I_thr = threshold_ratio u; the reset holds vmem
// at the gate voltage of an I_mem-sized diode carrying reset_ratio u (current-referenced, so it
// follows the corner like the window does).
#include <string>

namespace spice {

struct NetworkShape {
  int neurons = 3;
  int inputs = 2;
  int magnitude_bits = 5;
  int presynaptic() const { return neurons + inputs; }
};

struct NetworkDesign {
  // Comparator ratios to the bias-line unit current u (level 3 uses the same design ratios).
  // (the W ratios of mnl / mnu to mdc in learning_synapse.cir)
  static constexpr double kLowerRatio = 3.15, kUpperRatio = 3.55;
  double threshold_ratio = 3.8;  // above the window by 0.25 u (as 3.6 was above 3.4 by 0.2 u)
  double reset_ratio = 3.35;     // the window centre
};

// Netlist text. `models`: path of the model library (.lib PATH tt; the corner is substituted by
// read_deck). `shape` must be valid (checked by validate_shape).
std::string network_netlist(const NetworkShape& shape, const NetworkDesign& design, const std::string& models);
// ebn::InputError for a network that is not 2..4 neurons with 1..4 inputs.
void validate_shape(const NetworkShape& shape);

}  // namespace spice
