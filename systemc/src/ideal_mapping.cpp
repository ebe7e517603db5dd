#include "chip/ideal_mapping.h"

#include <cmath>
#include <string>

#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace chip {

ChipParams ideal_mapping(const FloatEbnParams& f, const CurrentScale& s) {
  const auto n = static_cast<std::size_t>(f.neurons);
  if (f.threshold.size() != n || f.v_rest.size() != n || f.v_reset.size() != n)
    throw ebn::InputError("ideal_mapping: threshold, v_rest and v_reset need one value per neuron");
  if (!(s.amps_per_unit > 0.0) || !(s.charge_time_s > 0.0)) throw ebn::InputError("ideal_mapping: scale and charge time must be > 0");
  ChipParams p = ChipParams::defaults(f.neurons);
  p.weight_bits = f.weight_bits;
  p.tau_mem_s = f.tau_mem_s;
  p.tau_syn_s = f.tau_fast_s;
  for (std::size_t i = 0; i < n; ++i) {
    p.i_inf_A[i] = map_voltage(f.v_rest[i], s);
    p.i_threshold_A[i] = map_voltage(f.threshold[i], s);
    p.i_reset_A[i] = map_voltage(f.v_reset[i], s);
  }
  p.i_init_A = p.i_inf_A;  // trials start at rest
  p.refractory_s = 0.0;
  p.pulse_shape = PulseShape::Delta;
  p.pulse_width_s = s.charge_time_s;
  const double gain = s.amps_per_unit * f.weight_step * f.tau_fast_s / s.charge_time_s;
  p.dac = DacParams{0.0, gain, 0.0, gain, 0.0, 0.0, 1, {}};
  p.window.kind = WindowKind::WeightDependent;
  p.window.i_rest_A = map_voltage(f.v_rule_rest, s);
  p.window.i_sl_A = s.amps_per_unit * f.band_half_width / 2.0;
  p.window.beta = f.omega_per_weight * f.tau_mem_s / f.tau_fast_s;
  p.max_rate_hz = 1e6;
  validate(p);
  return p;
}

int weight_to_code(double w, const FloatEbnParams& f) {
  const double b = w / f.weight_step;
  const long code = std::lround(b);
  if (std::fabs(b - static_cast<double>(code)) > 1e-9)
    throw ebn::InputError("ideal_mapping: weight " + std::to_string(w) + " is not a multiple of the step " + std::to_string(f.weight_step));
  if (code < ebn::hw::counter_min(f.weight_bits) || code > ebn::hw::counter_max(f.weight_bits))
    throw ebn::InputError("ideal_mapping: weight " + std::to_string(w) + " outside the " + std::to_string(f.weight_bits) + "-bit counter range");
  return static_cast<int>(code);
}

}  // namespace chip
