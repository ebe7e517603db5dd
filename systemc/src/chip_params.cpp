#include "chip/chip_params.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace chip {

namespace {

constexpr double kHuge = 1.0;  // 1 A: far above any on-chip current; catches unit slips (nA vs A)
constexpr double kMaxGainScale = 100.0;  // per-synapse DAC gain scale: a fitted factor, not a unit slip

// A per-neuron current: scalar `<base>_A` or array `<base>_per_neuron_A`, never both.
std::vector<double> per_neuron(ebn::ConfigReader& r, const std::string& base, const std::vector<double>& fallback,
                               int neurons, double lo, double hi) {
  const std::string scalar_key = base + "_A";
  const std::string array_key = base + "_per_neuron_A";
  if (r.has(scalar_key) && r.has(array_key)) r.fail(array_key, "give either " + scalar_key + " or " + array_key + ", not both");
  if (r.has(array_key)) {
    std::vector<double> v = r.numbers(array_key, {});
    if (static_cast<int>(v.size()) != neurons)
      r.fail(array_key, "has " + std::to_string(v.size()) + " entries, expected neurons = " + std::to_string(neurons));
    for (double x : v)
      if (x < lo || x > hi) {
        std::ostringstream m;
        m << "value " << x << " out of range [" << lo << ", " << hi << "]";
        r.fail(array_key, m.str());
      }
    return v;
  }
  if (r.has(scalar_key)) return std::vector<double>(static_cast<std::size_t>(neurons), r.number(scalar_key, 0.0, lo, hi));
  r.accept(scalar_key);
  return fallback;
}

[[noreturn]] void invalid(const std::string& field, const std::string& msg) {
  throw ebn::InputError("chip parameters: " + field + ": " + msg);
}

}  // namespace

ChipParams ChipParams::defaults(int neurons) {
  ChipParams p;
  p.neurons = neurons;
  const auto n = static_cast<std::size_t>(neurons);
  p.i_inf_A.assign(n, 9.089e-9);
  p.i_threshold_A.assign(n, 10.5e-9);
  p.i_reset_A.assign(n, 8.973e-9);
  p.i_init_A = p.i_inf_A;
  p.trace_neurons = std::min(neurons, 20);
  return p;
}

ChipParams parse_chip_params(ebn::ConfigReader& r) {
  const int neurons = static_cast<int>(r.integer("neurons", 20, 1, 4096));
  ChipParams p = ChipParams::defaults(neurons);
  p.weight_bits = static_cast<int>(r.integer("weight_bits", p.weight_bits, ebn::hw::kMinWeightBits, ebn::hw::kMaxWeightBits));
  p.tau_mem_s = r.number("tau_mem_s", p.tau_mem_s, 0.0, 10.0, true);
  p.tau_syn_s = r.number("tau_syn_s", p.tau_syn_s, 0.0, 10.0);
  if (p.tau_syn_s > 0.5 * p.tau_mem_s) r.fail("tau_syn_s", "must be <= tau_mem_s / 2 (the model assumes a fast synapse)");
  p.i_inf_A = per_neuron(r, "i_inf", p.i_inf_A, neurons, -kHuge, kHuge);
  p.i_threshold_A = per_neuron(r, "i_threshold", p.i_threshold_A, neurons, -kHuge, kHuge);
  p.i_reset_A = per_neuron(r, "i_reset", p.i_reset_A, neurons, -kHuge, kHuge);
  // Start at rest unless told otherwise.
  p.i_init_A = per_neuron(r, "i_init", p.i_inf_A, neurons, -kHuge, kHuge);
  for (int n = 0; n < neurons; ++n)
    if (!(p.i_reset_A[n] < p.i_threshold_A[n]))
      r.fail(r.has("i_reset_per_neuron_A") ? "i_reset_per_neuron_A" : "i_reset_A",
             "reset level must lie below the threshold (neuron " + std::to_string(n) + ")");
  p.refractory_s = r.number("refractory_s", p.refractory_s, 0.0, 1.0);
  p.pulse_width_s = r.number("pulse_width_s", p.pulse_width_s, 0.0, 1.0, true);
  p.pulse_shape = r.choice("pulse_shape", "rect", {"rect", "delta"}) == "rect" ? PulseShape::Rect : PulseShape::Delta;

  p.dac.c0p_A = r.number("dac_c0p_A", p.dac.c0p_A, -kHuge, kHuge);
  p.dac.c1p_A = r.number("dac_c1p_A", p.dac.c1p_A, 0.0, kHuge);
  p.dac.c0n_A = r.number("dac_c0n_A", p.dac.c0n_A, -kHuge, kHuge);
  p.dac.c1n_A = r.number("dac_c1n_A", p.dac.c1n_A, 0.0, kHuge);
  p.dac.w0_A = r.number("dac_w0_A", p.dac.w0_A, -kHuge, kHuge);
  p.dac.mismatch_sigma = r.number("mismatch_sigma", p.dac.mismatch_sigma, 0.0, 0.5);
  p.dac.mismatch_seed = static_cast<std::uint64_t>(r.integer("mismatch_seed", 1, 0, std::numeric_limits<long>::max()));
  if (r.has("dac_gain_scale_per_synapse")) {
    p.dac.gain_scale_per_synapse = r.numbers("dac_gain_scale_per_synapse", {});
    const auto want = static_cast<std::size_t>(neurons) * static_cast<std::size_t>(neurons);
    if (p.dac.gain_scale_per_synapse.size() != want)
      r.fail("dac_gain_scale_per_synapse", "has " + std::to_string(p.dac.gain_scale_per_synapse.size()) +
                                               " entries, expected neurons x neurons = " + std::to_string(want));
    for (double x : p.dac.gain_scale_per_synapse)
      if (!(x >= 0.0 && x <= kMaxGainScale)) {
        std::ostringstream m;
        m << "value " << x << " out of range [0, " << kMaxGainScale << "]";
        r.fail("dac_gain_scale_per_synapse", m.str());
      }
  }

  const std::string window = r.choice("window", "fixed", {"fixed", "weight_dependent"});
  p.window.kind = window == "fixed" ? WindowKind::Fixed : WindowKind::WeightDependent;
  if (p.window.kind == WindowKind::Fixed) {
    for (const char* k : {"i_rest_A", "i_sl_A", "beta"})
      if (r.has(k)) r.fail(k, "only used with \"window\": \"weight_dependent\"");
    p.window.i_lower_A = r.number("i_lower_A", p.window.i_lower_A, -kHuge, kHuge);
    p.window.i_upper_A = r.number("i_upper_A", p.window.i_upper_A, -kHuge, kHuge);
    if (!(p.window.i_lower_A <= p.window.i_upper_A)) r.fail("i_upper_A", "must be >= i_lower_A");
  } else {
    for (const char* k : {"i_lower_A", "i_upper_A"})
      if (r.has(k)) r.fail(k, "only used with \"window\": \"fixed\"");
    p.window.i_rest_A = r.number("i_rest_A", p.window.i_rest_A, -kHuge, kHuge);
    p.window.i_sl_A = r.number("i_sl_A", p.window.i_sl_A, 0.0, kHuge);
    p.window.beta = r.number("beta", p.window.beta, -100.0, 100.0);
  }
  // Per-neuron edges (both or neither); they replace the shared edges of the window's kind.
  if (r.has("i_lower_per_neuron_A") || r.has("i_upper_per_neuron_A")) {
    for (const char* k : {"i_lower_per_neuron_A", "i_upper_per_neuron_A"})
      if (!r.has(k)) r.fail(k, "missing: per-neuron window edges come as i_lower_per_neuron_A and i_upper_per_neuron_A together");
    for (const char* k : {"i_lower_A", "i_upper_A", "i_rest_A", "i_sl_A"})
      if (r.has(k)) r.fail(k, "not with i_lower_per_neuron_A / i_upper_per_neuron_A (they replace it)");
    p.window.i_lower_per_neuron_A = per_neuron(r, "i_lower", {}, neurons, -kHuge, kHuge);
    p.window.i_upper_per_neuron_A = per_neuron(r, "i_upper", {}, neurons, -kHuge, kHuge);
    for (int n = 0; n < neurons; ++n)
      if (!(p.window.i_lower_per_neuron_A[static_cast<std::size_t>(n)] <= p.window.i_upper_per_neuron_A[static_cast<std::size_t>(n)]))
        r.fail("i_upper_per_neuron_A", "must be >= i_lower_per_neuron_A (neuron " + std::to_string(n) + ")");
  }
  p.max_rate_hz = r.number("max_rate_hz", p.max_rate_hz, 0.0, 1e9, true);
  p.controller = r.choice("controller", "cpp", {"cpp", "rtl"});
  p.trace_dt_s = r.number("trace_dt_s", p.trace_dt_s, 1e-9, 1.0);
  p.trace_neurons = static_cast<int>(r.integer("trace_neurons", std::min(neurons, 20), 0, neurons));
  validate(p);
  return p;
}

void validate(const ChipParams& p) {
  if (p.neurons < 1) invalid("neurons", "must be >= 1");
  if (p.weight_bits < ebn::hw::kMinWeightBits || p.weight_bits > ebn::hw::kMaxWeightBits)
    invalid("weight_bits", "must be in [2, 16]");
  if (!(p.tau_mem_s > 0.0) || !std::isfinite(p.tau_mem_s)) invalid("tau_mem_s", "must be > 0");
  if (!(p.tau_syn_s >= 0.0) || p.tau_syn_s > 0.5 * p.tau_mem_s) invalid("tau_syn_s", "must be in [0, tau_mem_s / 2]");
  const auto n = static_cast<std::size_t>(p.neurons);
  const std::pair<const char*, const std::vector<double>*> vectors[] = {
      {"i_inf_A", &p.i_inf_A}, {"i_threshold_A", &p.i_threshold_A}, {"i_reset_A", &p.i_reset_A}, {"i_init_A", &p.i_init_A}};
  for (const auto& [name, v] : vectors) {
    if (v->size() != n) invalid(name, "needs one value per neuron (" + std::to_string(n) + ")");
    for (double x : *v)
      if (!std::isfinite(x)) invalid(name, "must be finite");
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!(p.i_reset_A[i] < p.i_threshold_A[i])) invalid("i_reset_A", "must lie below the threshold");
  if (!(p.refractory_s >= 0.0) || !std::isfinite(p.refractory_s)) invalid("refractory_s", "must be >= 0");
  if (!(p.pulse_width_s > 0.0)) invalid("pulse_width_s", "must be > 0");
  if (p.dac.c1p_A < 0 || p.dac.c1n_A < 0) invalid("dac", "gains must be >= 0");
  if (!(p.dac.mismatch_sigma >= 0.0 && p.dac.mismatch_sigma <= 0.5)) invalid("mismatch_sigma", "must be in [0, 0.5]");
  if (p.window.kind == WindowKind::Fixed && !(p.window.i_lower_A <= p.window.i_upper_A)) invalid("i_upper_A", "must be >= i_lower_A");
  if (p.window.kind == WindowKind::WeightDependent && !(p.window.i_sl_A >= 0.0)) invalid("i_sl_A", "must be >= 0");
  const auto& ws = p.dac.gain_scale_per_synapse;
  if (!ws.empty() && ws.size() != n * n) invalid("dac_gain_scale_per_synapse", "needs neurons x neurons entries");
  for (double x : ws)
    if (!(x >= 0.0 && x <= kMaxGainScale)) invalid("dac_gain_scale_per_synapse", "values must be in [0, 100]");
  const auto& lo = p.window.i_lower_per_neuron_A;
  const auto& hi = p.window.i_upper_per_neuron_A;
  if (lo.empty() != hi.empty()) invalid("i_lower_per_neuron_A", "needs i_upper_per_neuron_A too (both or neither)");
  if (!lo.empty()) {
    if (lo.size() != n || hi.size() != n) invalid("i_lower_per_neuron_A", "needs one value per neuron (" + std::to_string(n) + ")");
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(lo[i]) || !std::isfinite(hi[i]) || !(lo[i] <= hi[i]))
        invalid("i_upper_per_neuron_A", "must be finite and >= i_lower_per_neuron_A");
  }
  if (!(p.max_rate_hz > 0.0)) invalid("max_rate_hz", "must be > 0");
  if (p.controller != "cpp" && p.controller != "rtl") invalid("controller", "must be cpp or rtl");
  if (!(p.trace_dt_s > 0.0)) invalid("trace_dt_s", "must be > 0");
  if (p.trace_neurons < 0 || p.trace_neurons > p.neurons) invalid("trace_neurons", "must be in [0, neurons]");
}

ebn::Json to_json(const ChipParams& p) {
  ebn::Json j;
  j["neurons"] = p.neurons;
  j["weight_bits"] = p.weight_bits;
  j["tau_mem_s"] = p.tau_mem_s;
  j["tau_syn_s"] = p.tau_syn_s;
  j["i_inf_per_neuron_A"] = p.i_inf_A;
  j["i_threshold_per_neuron_A"] = p.i_threshold_A;
  j["i_reset_per_neuron_A"] = p.i_reset_A;
  j["i_init_per_neuron_A"] = p.i_init_A;
  j["refractory_s"] = p.refractory_s;
  j["pulse_width_s"] = p.pulse_width_s;
  j["pulse_shape"] = p.pulse_shape == PulseShape::Rect ? "rect" : "delta";
  j["dac_c0p_A"] = p.dac.c0p_A;
  j["dac_c1p_A"] = p.dac.c1p_A;
  j["dac_c0n_A"] = p.dac.c0n_A;
  j["dac_c1n_A"] = p.dac.c1n_A;
  j["dac_w0_A"] = p.dac.w0_A;
  j["mismatch_sigma"] = p.dac.mismatch_sigma;
  j["mismatch_seed"] = p.dac.mismatch_seed;
  if (!p.dac.gain_scale_per_synapse.empty()) j["dac_gain_scale_per_synapse"] = p.dac.gain_scale_per_synapse;
  const bool per_neuron_edges = !p.window.i_lower_per_neuron_A.empty();
  if (p.window.kind == WindowKind::Fixed) {
    j["window"] = "fixed";
    if (!per_neuron_edges) {
      j["i_lower_A"] = p.window.i_lower_A;
      j["i_upper_A"] = p.window.i_upper_A;
    }
  } else {
    j["window"] = "weight_dependent";
    if (!per_neuron_edges) {
      j["i_rest_A"] = p.window.i_rest_A;
      j["i_sl_A"] = p.window.i_sl_A;
    }
    j["beta"] = p.window.beta;
  }
  if (per_neuron_edges) {
    j["i_lower_per_neuron_A"] = p.window.i_lower_per_neuron_A;
    j["i_upper_per_neuron_A"] = p.window.i_upper_per_neuron_A;
  }
  j["max_rate_hz"] = p.max_rate_hz;
  j["controller"] = p.controller;
  j["trace_dt_s"] = p.trace_dt_s;
  j["trace_neurons"] = p.trace_neurons;
  return j;
}

}  // namespace chip
