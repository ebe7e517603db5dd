#include "chip/learning_block.h"

namespace chip {

LearningBlock::LearningBlock(int neurons, const WindowParams& window, double omega_per_amp)
    : w_(window), omega_per_amp_(omega_per_amp), flags_(static_cast<std::size_t>(neurons), ebn::Decision::Hold) {}

double LearningBlock::lower(double current) const {
  if (w_.kind == WindowKind::Fixed) return w_.i_lower_A;
  return w_.i_rest_A - w_.beta * 0.5 * current * omega_per_amp_ - w_.i_sl_A;
}

double LearningBlock::upper(double current) const {
  if (w_.kind == WindowKind::Fixed) return w_.i_upper_A;
  return w_.i_rest_A - w_.beta * 0.5 * current * omega_per_amp_ + w_.i_sl_A;
}

double LearningBlock::lower(int n, double current) const {
  if (w_.i_lower_per_neuron_A.empty()) return lower(current);
  const double edge = w_.i_lower_per_neuron_A[static_cast<std::size_t>(n)];
  return w_.kind == WindowKind::Fixed ? edge : edge - w_.beta * 0.5 * current * omega_per_amp_;
}

double LearningBlock::upper(int n, double current) const {
  if (w_.i_upper_per_neuron_A.empty()) return upper(current);
  const double edge = w_.i_upper_per_neuron_A[static_cast<std::size_t>(n)];
  return w_.kind == WindowKind::Fixed ? edge : edge - w_.beta * 0.5 * current * omega_per_amp_;
}

void LearningBlock::latch(int k, const double* i_mem, const double* column, std::vector<ebn::Decision>& out) {
  const int neurons = static_cast<int>(flags_.size());
  out.resize(flags_.size());
  for (int n = 0; n < neurons; ++n) {
    if (n == k) {
      out[n] = ebn::Decision::Hold;
      continue;
    }
    const ebn::Decision d = ebn::decide(i_mem[n], lower(n, column[n]), upper(n, column[n]));
    out[n] = d;
    flags_[n] = d;
    ++counts_[static_cast<std::size_t>(d)];
  }
}

}  // namespace chip
