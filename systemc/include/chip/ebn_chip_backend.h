#pragma once
// Level 3 as a behavioral::NetworkBackend: the Figure-1 experiment (behavioral/trainer.h) runs on
// the SystemC chip, scored by the same readout, decoder and metrics as levels 1 and 2.
//
// Mapping of the float EBN (spec ebn-learning-rule §1.4, §3.2) onto the current-mode chip, with
// s = amps_per_unit (A per unit of V) and I0 = i_offset_A:
//   I_mem = I0 + s·V;  I_inf = I0 + s·V_rest;  threshold I0 + s·T_n;  reset I0 + s·V_reset
//   feed-forward input current  s·(τ_m·Fᵀc + ξ)  on the dt grid (same noise stream as level 1)
//   tau_mem = τ_m, tau_syn = τ_f, delta pulses: a spike of k puts charge w·T into the filter, so
//   x jumps by w·T/τ_syn = s·W_eff; the DAC gain per LSB is s·step·τ_syn/T (symmetric, no offsets)
//   window (weight dependent): INC if I' < I0 − β·I_Ω/2 − I_SL, DEC if I' > I0 − β·I_Ω/2 + I_SL,
//   I_Ω = w·T/τ_mem; β = τ_m·τ_mem/τ_syn reproduces the Figure-1 code units (Ω = τ_m·W), β = 1 the
//   true PSP ("psp" units); I_SL = s·(g/2 + m)/2.
// What differs by construction (docs/chip_model.md): exact exponentials and exact threshold
// crossings instead of back-stepped Euler; a refractory period of one step dt instead of "one
// spike per Euler step"; no diagonal learning (V_rest, V_reset fixed); weights
// are B-bit counters (one LSB = one rule step) times a per-synapse mismatch gain.
//
// Weights: set_weights(W) programs the counters a designer would program, round(W/step),
// without knowledge of the mismatch; weights() returns the EFFECTIVE weights counter·step·gain
// (code units), on which distances and correlations are computed. optimum_reference() is the
// mismatched chip's own optimum: the nearest effective weights the chip can hold to W*.
//
// SystemC elaborates once per process, so all backends made by one factory share ONE chip; each
// backend keeps its own counters and neuron levels and loads them when it runs a trial.
#include <memory>
#include <string>
#include <utility>

#include "behavioral/network_backend.h"
#include "chip/chip_params.h"

namespace chip {

struct EbnChipOptions {
  double amps_per_unit = 1e-9;  // s
  double i_offset_A = 20e-9;    // I0: keeps I_mem positive over the EBN's voltage range
  double pulse_width_s = 1e-4;  // T_q: nominal width of the delta pulse (sets the DAC gain)
  std::string trace_vcd;        // waveform of the LAST learning pass ("" = none; *.fst = written directly, chip_trace.h)
};

// Circuit parameters of the mapping above. `base` supplies what the network does not define
// (weight bits, controller, mismatch, trace grid); its dynamics keys are replaced.
ChipParams ebn_chip_params(const ebn::behavioral::EbnConfig& config, const ChipParams& base,
                           const EbnChipOptions& options);

// Keys of the "chip" section that the mapping derives from "network"/"learning": giving them
// in a config used with the chip backend is an error (they would be silently ignored).
const std::vector<std::string>& ebn_derived_chip_keys();

class EbnChip;  // the shared chip (defined in the .cpp)

// Factory for the trainer. The first backend it makes elaborates the chip.
class EbnChipFactory {
 public:
  EbnChipFactory(const ebn::behavioral::EbnConfig& config, const ChipParams& base, const EbnChipOptions& options);
  ~EbnChipFactory();
  std::unique_ptr<ebn::behavioral::NetworkBackend> operator()(const ebn::behavioral::NetworkSetup& setup,
                                                              const ebn::behavioral::EbnConfig& config);
  ebn::behavioral::BackendFactory as_function();
  // The frozen mismatch draw and resolved circuit parameters, stored with every run.
  std::string mismatch_csv() const;
  ebn::Json resolved_params() const;
  // Close the waveform file (returns its path, "" if none).
  std::string close_trace();
  // (SystemC start time, duration) in seconds of the traced learning pass; start < 0 if none.
  std::pair<double, double> traced_trial() const;

 private:
  std::shared_ptr<EbnChip> chip_;
};

}  // namespace chip
