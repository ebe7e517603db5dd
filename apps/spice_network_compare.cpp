#include "spice_network_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "chip/chip_params.h"
#include "chip/chip_top.h"
#include "ebn/decision.h"
#include "ebn/errors.h"

namespace ebn::app {

namespace {

// Level 3 from the single-synapse calibration. Index k < inputs: input channels, modelled as chip
// neurons that never fire (threshold far above anything) and receive no synapse of interest.
// The network's threshold and reset are not in a single-synapse recording: they are the netlist's
// design ratios to the bias-line unit current u, with u = (I_L + I_U) / (lower + upper ratio) from the
// fitted window (the window comparators are copies of the same bias line).
chip::ChipParams level3_params(const Json& net, const chip::replay::CircuitParams& c, const Level3Rest& rest,
                               const Level3Bug& bug, const DeviceCalibration* dev, std::vector<std::string>& notes) {
  const int inputs = net.at("inputs").get<int>();
  const int P = inputs + net.at("neurons").get<int>();
  chip::ChipParams p = chip::ChipParams::defaults(P);
  const auto& m = c.model;
  p.weight_bits = net.at("counter_bits").get<int>();
  p.tau_mem_s = m.tau_mem_s;
  p.tau_syn_s = m.tau_syn_s;
  const Json& d = net.at("design");
  const double u = (c.window.i_lower_A + c.window.i_upper_A) /
                   (d.at("lower_ratio").get<double>() + d.at("upper_ratio").get<double>());
  const double thr = d.at("threshold_ratio").get<double>() * u, rst = d.at("reset_ratio").get<double>() * u;
  for (int n = 0; n < P; ++n) {
    const auto i = static_cast<std::size_t>(n);
    p.i_inf_A[i] = m.i_inf_A;
    p.i_init_A[i] = m.i_inf_A;
    p.i_threshold_A[i] = n < inputs ? 1.0 : thr;  // 1 A: an input channel never fires by itself
    p.i_reset_A[i] = rst;
  }
  p.refractory_s = net.at("refractory_s").get<double>();
  p.pulse_width_s = c.timing.pulse_width_s;
  p.dac.c0p_A = m.dac_offset_pos_A;
  p.dac.c1p_A = m.dac_gain_pos_A_per_lsb;
  p.dac.c0n_A = m.dac_offset_neg_A;
  p.dac.c1n_A = m.dac_gain_neg_A_per_lsb;
  p.dac.w0_A = m.w0_A;
  if (rest.mode == "recorded") {
    // At the protocol's one pulse rate only i_inf + (drive per pulse) * width / period is
    // identifiable: the difference goes into w0, the drive every pulse carries whatever its code
    // (moving it into the branch offsets, as before, had the wrong sign for negative codes).
    const double shift = rest.recorded_rest_A - m.i_inf_A;
    for (double& v : p.i_inf_A) v = rest.recorded_rest_A;
    p.i_init_A = p.i_inf_A;
    const double per_pulse = shift * rest.period_s / rest.width_s;
    p.dac.w0_A -= per_pulse;
    notes.push_back("i_inf pinned to the recorded rest " + std::to_string(rest.recorded_rest_A * 1e9) + " nA (fit " +
                    std::to_string(m.i_inf_A * 1e9) + "), w0 " + std::to_string(-per_pulse * 1e9) + " nA");
  } else if (rest.mode != "fit") {
    throw InputError("--level3-rest: unknown mode '" + rest.mode + "' (fit, recorded)");
  }
  // A negative offset is taken as fitted (the line crosses zero at a low code; level 3 clamps the
  // branch current at 0 below that). Clamping the offset itself at 0 (before) added |offset| to the
  // drive of every code: level 3 fired up to 2.8x as often as level 5 (docs/spice.md "Network").
  for (double o : {p.dac.c0p_A, p.dac.c0n_A})
    if (o < 0) notes.push_back("negative DAC offset " + std::to_string(o * 1e9) + " nA kept (branch current clamped at 0)");
  if (c.window.beta == 0.0) {
    p.window.kind = chip::WindowKind::Fixed;
    p.window.i_lower_A = c.window.i_lower_A;
    p.window.i_upper_A = c.window.i_upper_A;
  } else {
    p.window.kind = chip::WindowKind::WeightDependent;
    p.window.i_rest_A = (c.window.i_lower_A + c.window.i_upper_A) / 2;
    p.window.i_sl_A = (c.window.i_upper_A - c.window.i_lower_A) / 2;
    p.window.beta = c.window.beta;
  }
  if (dev) {  // the same die: each neuron's own rest, window edges, threshold and reset, each synapse's gain
    if (rest.mode != "fit") throw InputError("--level3-rest " + rest.mode + ": not with --level3-calibration per-device");
    p.window.i_lower_per_neuron_A = dev->i_lower_A;
    p.window.i_upper_per_neuron_A = dev->i_upper_A;
    for (int n = inputs; n < P; ++n) {
      const auto i = static_cast<std::size_t>(n);
      p.i_inf_A[i] = p.i_init_A[i] = dev->i_inf_A[i];
      p.i_threshold_A[i] = dev->i_threshold_A[i];
      p.i_reset_A[i] = dev->i_reset_A[i];
    }
    p.dac.gain_scale_per_synapse = dev->gain_scale;
  }
  p.controller = net.at("controller").get<std::string>();
  p.trace_neurons = P;
  if (bug.name == "dac-gain-x2") {
    p.dac.c0p_A *= 2, p.dac.c1p_A *= 2, p.dac.c0n_A *= 2, p.dac.c1n_A *= 2;
  } else if (bug.name == "window-up") {  // window one width higher
    const double w = c.window.i_upper_A - c.window.i_lower_A;
    p.window.i_lower_A += w, p.window.i_upper_A += w, p.window.i_rest_A += w;
    for (double& x : p.window.i_lower_per_neuron_A) x += w;
    for (double& x : p.window.i_upper_per_neuron_A) x += w;
  } else if (!bug.name.empty()) {
    throw InputError("--inject-bug: unknown bug '" + bug.name + "' (dac-gain-x2, window-up)");
  }
  chip::validate(p);
  return p;
}

}  // namespace

Json compare_network(const Json& net, const chip::replay::CircuitParams& params, const Level3Rest& rest,
                     const Level3Bug& bug, const std::string& vcd, const DeviceCalibration* devices) {
  const int inputs = net.at("inputs").get<int>();
  const int N = net.at("neurons").get<int>();
  std::vector<std::string> notes;
  const chip::ChipParams p = level3_params(net, params, rest, bug, devices, notes);
  const auto initial = net.at("counters_initial").get<std::vector<int>>();
  chip::ChipTop chip("chip", p, vcd);
  chip.program_weights(initial);
  chip::TrialInput in;
  in.duration_s = net.at("duration_s").get<double>();
  for (const auto& e : net.at("input_pulses")) in.injected.push_back(chip::AerEvent{e[0].get<double>(), e[1].get<int>()});
  chip::TrialOptions opt;
  opt.record_decisions = true;
  const chip::TrialResult r = chip.run_trial(in, opt);
  chip.close_trace();

  // Level 3's run in the form of level 5's, compared by the one agreement both checks use.
  const NetworkRecord level5 = level5_record(net);
  NetworkRecord level3;
  level3.inputs = inputs;
  level3.neurons = N;
  level3.duration_s = level5.duration_s;
  for (const auto& e : r.spikes) level3.spikes.emplace_back(e.t_s, e.neuron);
  for (const auto& d : r.decision_log) {
    std::string s;
    for (auto x : d.decisions) s += ebn::letter_of(x);
    level3.latches.push_back({d.t_s, d.k, s});
  }
  level3.counters_initial = initial;
  level3.counters_final = r.counters;
  Json j = network_agreement(level5, level3, "level5", "level3");
  Json log3 = Json::array(), sp3 = Json::array();
  auto by_line = level3.latches;
  std::stable_sort(by_line.begin(), by_line.end(), [](const NetworkLatch& x, const NetworkLatch& y) { return x.k < y.k; });
  for (const auto& l : by_line) log3.push_back({l.t, l.k, l.d});
  for (const auto& e : r.spikes) sp3.push_back({e.t_s, e.neuron});
  j["level3_decisions"] = log3;  // [t, k, letters per index] (level 5's are in level5/network.json)
  j["level3_spikes"] = sp3;
  j["level3_params"] = chip::to_json(p);
  j["level3_notes"] = notes;
  j["level3_rest"] = rest.mode;
  const double u = (params.window.i_lower_A + params.window.i_upper_A) /
                   (net.at("design").at("lower_ratio").get<double>() + net.at("design").at("upper_ratio").get<double>());
  j["level3_threshold_A"] = p.i_threshold_A.back();
  j["level3_reset_A"] = p.i_reset_A.back();
  j["unit_current_A"] = u;
  return j;
}

}  // namespace ebn::app
