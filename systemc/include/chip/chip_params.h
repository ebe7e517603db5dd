#pragma once
// Parameters of the level-3 chip model (one struct per level, ARCHITECTURE.md), read from the
// top-level "chip" section of the same JSON config file as behavioral/. Units are SI and part of
// every key name. Defaults are the *estimates* fitted on the transistor-level recording Sim1
// (spec chip-recording-sim1.md §4 fixed window, §6 model D / P_B); the neuron threshold and reset
// are not in that recording and are free design parameters.
#include <cstdint>
#include <string>
#include <vector>

#include "ebn/config_reader.h"

namespace chip {

// Weight DAC, model D of chip-recording-sim1 §6: w(b) = c0p + c1p*b (b > 0), 0 (b = 0),
// -(c0n + c1n*|b|) (b < 0); plus an optional bit-independent per-spike drive w0. Gains >= 0; an
// offset may be negative (a fitted line that crosses zero at a low code), each branch's magnitude
// is then clamped at 0 (a current sink does not reverse).
struct DacParams {
  double c0p_A = 1.012e-9;
  double c1p_A = 1.470e-9;
  double c0n_A = 0.289e-9;
  double c1n_A = 1.336e-9;
  double w0_A = 0.0;
  double mismatch_sigma = 0.0;       // relative sigma of each branch gain of each synapse
  std::uint64_t mismatch_seed = 1;   // std::mt19937_64 seed of the frozen mismatch draw
  // Optional per-synapse gain of both branches (offset and slope), neurons x neurons, index
  // n * neurons + k (the counters' order); multiplies the line and any mismatch draw. Empty = 1
  // everywhere. A calibration on one die fits it per synapse (docs/spice.md "Network").
  std::vector<double> gain_scale_per_synapse;
};

enum class WindowKind { Fixed, WeightDependent };

// Comparator window of the learning block (spec ebn-learning-rule §9, §10 item 13).
//   Fixed:           lower = i_lower_A, upper = i_upper_A
//   WeightDependent: lower/upper = i_rest_A - beta * I_Omega(n,k) / 2 -/+ i_sl_A, where
//                    I_Omega = w_nk * pulse_width_s / tau_mem_s is the persistent I_mem jump of
//                    one pulse through synapse (n,k) (its own DAC current, mismatch included).
struct WindowParams {
  WindowKind kind = WindowKind::Fixed;
  double i_lower_A = 8.590e-9;
  double i_upper_A = 9.356e-9;
  double i_rest_A = 8.973e-9;
  double i_sl_A = 0.383e-9;
  double beta = 1.0;
  // Optional per-neuron edges (size neurons; both or neither): a neuron's own comparators.
  // Fixed: they replace i_lower_A / i_upper_A. WeightDependent: the edges at zero synaptic current,
  // replacing i_rest_A -/+ i_sl_A (beta still shifts them). Empty = the shared edges above.
  std::vector<double> i_lower_per_neuron_A, i_upper_per_neuron_A;
};

// Rect: a presynaptic pulse drives the DAC current into the synaptic filter for pulse_width_s
// (the recorded circuit). Delta: ideal mapping to the float model -- the same charge
// w * pulse_width_s enters the filter instantly at the rising edge, and the falling edge (counter
// update) follows at the same instant.
enum class PulseShape { Rect, Delta };

struct ChipParams {
  int neurons = 20;
  int weight_bits = 8;
  double tau_mem_s = 31.33e-3;
  double tau_syn_s = 0.555e-3;   // 0 = no synaptic filter
  // Per neuron (size == neurons): resting level, threshold, reset level, I_mem at trial start.
  std::vector<double> i_inf_A;
  std::vector<double> i_threshold_A;
  std::vector<double> i_reset_A;
  std::vector<double> i_init_A;
  double refractory_s = 2e-3;     // I_mem held at reset after a spike (0 = none, as in the EBN)
  double pulse_width_s = 1.01e-3;
  PulseShape pulse_shape = PulseShape::Rect;
  DacParams dac;
  WindowParams window;
  double max_rate_hz = 10000.0;    // guard: more spikes/s per neuron on average = runaway, error
  std::string controller = "cpp";  // "cpp" | "rtl"
  double trace_dt_s = 10e-6;       // analog trace grid (only when tracing)
  int trace_neurons = 20;          // I_mem/flags of neurons [0, M) and counters W[n][k], n,k < M

  // Defaults for N neurons: i_inf 9.089 nA (P_B fit), reset at the window centre 8.973 nA (so a
  // neuron that just fired sits in the stop-learning band, as V_reset = V_rest in the EBN),
  // threshold 10.5 nA (1.5 nA above reset, ~33 LSB of jump), init = i_inf.
  static ChipParams defaults(int neurons = 20);
};

// Reads the keys of the "chip" section (see docs/chip_model.md). Per-neuron quantities are given
// either as a scalar `<name>_A` or as an array `<name>_per_neuron_A` (not both). Does not call
// finish(): the caller may read further keys (e.g. "stimulus") from the same section first.
ChipParams parse_chip_params(ebn::ConfigReader& chip);

// Throws ebn::InputError naming the offending field (for parameters built in code).
void validate(const ChipParams& p);

// The fully resolved parameters, written next to every result.
ebn::Json to_json(const ChipParams& p);

}  // namespace chip
