#include "ebn/learning_controller.h"

#include <stdexcept>
#include <string>

#include "ebn/hw_encoding.h"

namespace ebn {

WeightCounters::WeightCounters(int neurons, int bits)
    : n_(neurons), bits_(bits), w_(static_cast<std::size_t>(neurons) * neurons, 0) {
  if (neurons < 1) throw std::invalid_argument("WeightCounters: neurons must be >= 1");
  if (bits < hw::kMinWeightBits || bits > hw::kMaxWeightBits)
    throw std::invalid_argument("WeightCounters: bits must be in [2, 16], got " + std::to_string(bits));
}

void WeightCounters::set(int n, int k, int value) {
  const int v = value > hw::counter_max(bits_) ? hw::counter_max(bits_)
                                               : (value < hw::counter_min(bits_) ? hw::counter_min(bits_) : value);
  w_[static_cast<std::size_t>(n) * n_ + k] = static_cast<std::int16_t>(v);
}

ReferenceController::ReferenceController(int neurons, int bits) : w_(neurons, bits) {}

void ReferenceController::on_spike(int k, const std::vector<Decision>& decisions) {
  if (!enabled_) return;
  for (int n = 0; n < w_.neurons(); ++n) {
    if (n == k) continue;  // the diagonal is never touched (the reset realises it)
    w_.set(n, k, hw::step_counter(w_.get(n, k), decisions[n], w_.bits()));
  }
}

}  // namespace ebn
