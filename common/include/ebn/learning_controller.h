#pragma once
// The controller interface of the fidelity ladder: "spike from k arrived; here are the latched
// decisions of every neuron n != k" -> counters W[n][k] step with saturation. The C++ reference
// controller (below) and the Verilated RTL controller (systemc/, rtl/) implement it, so one
// adapter swaps them.
#include <cstdint>
#include <vector>

#include "ebn/decision.h"

namespace ebn {

class LearningController {
 public:
  virtual ~LearningController() = default;
  virtual int neurons() const = 0;
  virtual int bits() const = 0;
  // Program / read back one counter (the chip is programmed before and read after learning).
  virtual void write_weight(int n, int k, int value) = 0;
  virtual int read_weight(int n, int k) = 0;
  virtual void set_learning_enabled(bool enabled) = 0;
  // decisions.size() == neurons(); decisions[k] (the diagonal) is ignored.
  virtual void on_spike(int k, const std::vector<Decision>& decisions) = 0;
};

// Weight matrix as row-major counters, W[n][k] = synapse from k onto n.
class WeightCounters {
 public:
  WeightCounters(int neurons, int bits);
  int neurons() const { return n_; }
  int bits() const { return bits_; }
  int get(int n, int k) const { return w_[static_cast<std::size_t>(n) * n_ + k]; }
  void set(int n, int k, int value);  // clamps into the counter range
  const std::vector<std::int16_t>& raw() const { return w_; }

 private:
  int n_;
  int bits_;
  std::vector<std::int16_t> w_;
};

// The reference (C++) controller: the behaviour the RTL must reproduce bit for bit.
class ReferenceController final : public LearningController {
 public:
  ReferenceController(int neurons, int bits);
  int neurons() const override { return w_.neurons(); }
  int bits() const override { return w_.bits(); }
  void write_weight(int n, int k, int value) override { w_.set(n, k, value); }
  int read_weight(int n, int k) override { return w_.get(n, k); }
  void set_learning_enabled(bool enabled) override { enabled_ = enabled; }
  void on_spike(int k, const std::vector<Decision>& decisions) override;
  const WeightCounters& weights() const { return w_; }

 private:
  WeightCounters w_;
  bool enabled_ = true;
};

}  // namespace ebn
