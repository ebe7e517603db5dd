#pragma once
// Weight DAC of every synapse: counter value -> synaptic current during a presynaptic pulse.
//
// Nominal transfer (model D, chip-recording-sim1 §5/§6): separate positive and negative branches
// (sign-magnitude DAC) with first-code offsets, w(0) = 0, plus an optional bit-independent drive w0.
// Device mismatch: every synapse (n,k) gets its own gain factor per branch, (1 + sigma*z), z ~ N(0,1),
// drawn once per chip instance from std::mt19937_64(mismatch_seed) and frozen. Draw order (part of
// the stored-run contract): for n in 0..N-1, for k in 0..N-1: positive-branch z, then negative-
// branch z (the diagonal is drawn too, so the matrix does not depend on which synapses exist).
// z comes from a portable Box-Muller transform (std::normal_distribution differs between standard
// libraries), so a seed gives the same matrix everywhere. Factors are clamped at 0 (a branch
// cannot change sign).
//
// This class is the analog side's MIRROR of the counters: the chip refreshes it from the learning
// controller (read_weight) after programming and after every update; it never steps counters itself.
// There is no self-synapse: the diagonal always gives 0 A.
#include <cstdint>
#include <string>
#include <vector>

#include "chip/chip_params.h"
#include "ebn/config_reader.h"

namespace chip {

// Nominal DAC output (A) for counter value b, without mismatch and without w0.
double dac_nominal(const DacParams& p, int code);

// Portable standard normal numbers from a 64-bit Mersenne Twister seed (Box-Muller, both outputs).
std::vector<double> portable_normals(std::uint64_t seed, std::size_t count);

class WeightDac {
 public:
  WeightDac(int neurons, int bits, const DacParams& params);

  int neurons() const { return n_; }
  int bits() const { return bits_; }
  const DacParams& params() const { return p_; }

  int code(int n, int k) const { return codes_[idx(n, k)]; }
  // Set the mirrored counter value; returns true if it changed. Values outside the B-bit range
  // are an error (the controller must never report them).
  bool set_code(int n, int k, int code);
  // Current (A) of synapse (n,k) during a pulse of k, mismatch and w0 included; 0 on the diagonal.
  double current(int n, int k) const { return current_[idx(n, k)]; }
  // Column k (all postsynaptic n, contiguous): what a pulse of presynaptic neuron k drives.
  const double* column(int k) const { return &current_[idx(0, k)]; }

  double gain_pos(int n, int k) const { return gain_pos_[idx(n, k)]; }
  double gain_neg(int n, int k) const { return gain_neg_[idx(n, k)]; }

  // The frozen mismatch draw, stored with every run: CSV rows "n,k,gain_pos,gain_neg" (17
  // significant digits) and JSON {"seed", "sigma", "gain_pos": [[..]], "gain_neg": [[..]]}.
  std::string mismatch_csv() const;
  ebn::Json mismatch_json() const;

 private:
  std::size_t idx(int n, int k) const { return static_cast<std::size_t>(k) * n_ + n; }  // column-major
  void update_current(int n, int k);

  int n_;
  int bits_;
  DacParams p_;
  std::vector<int> codes_;
  std::vector<double> current_;
  std::vector<double> gain_pos_;
  std::vector<double> gain_neg_;
};

}  // namespace chip
