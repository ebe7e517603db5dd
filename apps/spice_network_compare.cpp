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

struct Latch {
  double t;
  int k;
  std::string d;  // letter per index (ebn::letter_of)
};

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

// Pairs the latches of line k of both levels in time order (input pulses: the same instants;
// spikes: within `tol`); unpaired latches count as disagreeing for every neuron.
struct DecisionTally {
  long equal = 0, total = 0, input_equal = 0, input_total = 0, unpaired5 = 0, unpaired3 = 0;
};

void tally_line(const std::vector<Latch>& a5, const std::vector<Latch>& a3, int inputs, int P, int k, double tol,
                DecisionTally& t) {
  const long per = P - inputs - (k >= inputs ? 1 : 0);  // neurons that decide at a pulse of k
  std::size_t i = 0, j = 0;
  while (i < a5.size() || j < a3.size()) {
    if (i < a5.size() && j < a3.size() && std::abs(a5[i].t - a3[j].t) <= tol) {
      for (int n = inputs; n < P; ++n) {
        if (n == k) continue;
        const bool eq = a5[i].d[static_cast<std::size_t>(n)] == a3[j].d[static_cast<std::size_t>(n)];
        t.equal += eq;
        ++t.total;
        if (k < inputs) t.input_equal += eq, ++t.input_total;
      }
      ++i, ++j;
    } else if (j >= a3.size() || (i < a5.size() && a5[i].t < a3[j].t)) {
      t.total += per, ++t.unpaired5, ++i;
      if (k < inputs) t.input_total += per;
    } else {
      t.total += per, ++t.unpaired3, ++j;
      if (k < inputs) t.input_total += per;
    }
  }
}

}  // namespace

Json compare_network(const Json& net, const chip::replay::CircuitParams& params, const Level3Rest& rest,
                     const Level3Bug& bug, const std::string& vcd, const DeviceCalibration* devices) {
  const int inputs = net.at("inputs").get<int>();
  const int N = net.at("neurons").get<int>();
  const int P = inputs + N;
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

  // Spike counts.
  std::vector<int> s5(static_cast<std::size_t>(P), 0), s3(static_cast<std::size_t>(P), 0);
  for (const auto& e : net.at("spikes")) ++s5[e[1].get<std::size_t>()];
  for (const auto& e : r.spikes) ++s3[static_cast<std::size_t>(e.neuron)];
  Json spikes = Json::array();
  bool spikes_ok = true;
  int tot5 = 0, tot3 = 0;
  for (int n = inputs; n < P; ++n) {
    const int a = s5[static_cast<std::size_t>(n)], b = s3[static_cast<std::size_t>(n)];
    const bool ok = std::abs(a - b) <= kNetworkSpikeTolerance * a;
    spikes_ok = spikes_ok && ok;
    tot5 += a, tot3 += b;
    spikes.push_back({{"neuron", n}, {"level5", a}, {"level3", b}, {"within_10_percent", ok}});
  }
  // Decisions, line by line.
  std::vector<std::vector<Latch>> l5(static_cast<std::size_t>(P)), l3(static_cast<std::size_t>(P));
  for (const auto& d : net.at("decisions")) {
    const int k = d[1].get<int>();
    // Level 5 latches at the start of the rising ramp; its spike / input time is the 50 % point.
    l5[static_cast<std::size_t>(k)].push_back({d[0].get<double>() + net.at("edge_s").get<double>() / 2, k, d[2].get<std::string>()});
  }
  for (const auto& d : r.decision_log) {
    std::string s;
    for (auto x : d.decisions) s += ebn::letter_of(x);
    l3[static_cast<std::size_t>(d.k)].push_back({d.t_s, d.k, s});
  }
  DecisionTally t;
  const double tol = 1e-3;  // spikes of the two levels closer than this are the same spike
  for (int k = 0; k < P; ++k) tally_line(l5[static_cast<std::size_t>(k)], l3[static_cast<std::size_t>(k)], inputs, P, k, k < inputs ? 1e-9 : tol, t);
  // The same before the first spike of either level: only input pulses, the same instants, so
  // every decision there compares the two levels' resting levels, drives and windows as they are,
  // before any spike phase or learning history can differ (docs/spice.md "Network", cause 6).
  double first_spike = net.at("duration_s").get<double>();
  for (const auto& e : net.at("spikes")) first_spike = std::min(first_spike, e[0].get<double>());
  for (const auto& e : r.spikes) first_spike = std::min(first_spike, e.t_s);
  DecisionTally t0;
  for (int k = 0; k < inputs; ++k) {
    auto before = [first_spike](const std::vector<Latch>& v) {
      std::vector<Latch> o;
      for (const auto& l : v)
        if (l.t < first_spike) o.push_back(l);
      return o;
    };
    tally_line(before(l5[static_cast<std::size_t>(k)]), before(l3[static_cast<std::size_t>(k)]), inputs, P, k, 1e-9, t0);
  }
  // Diagnostic beside the pairwise figure: INC / SL / DEC counts per neuron over all latches.
  Json counts = Json::array();
  for (int n = inputs; n < P; ++n) {
    int c5[3] = {0, 0, 0}, c3[3] = {0, 0, 0};
    auto add = [n](const std::vector<std::vector<Latch>>& ls, int* c) {
      for (const auto& line : ls)
        for (const auto& l : line) {
          if (l.k == n) continue;
          const char x = l.d[static_cast<std::size_t>(n)];
          ++c[x == 'I' ? 0 : x == 'S' ? 1 : 2];
        }
    };
    add(l5, c5);
    add(l3, c3);
    counts.push_back({{"neuron", n}, {"level5_inc_sl_dec", {c5[0], c5[1], c5[2]}}, {"level3_inc_sl_dec", {c3[0], c3[1], c3[2]}}});
  }
  const double share = t.total ? static_cast<double>(t.equal) / static_cast<double>(t.total) : 1.0;
  // Final counters of the synapses (neuron rows, k != n).
  const auto final5 = net.at("counters_final").get<std::vector<int>>();
  int close = 0, synapses = 0, exact = 0;
  Json counters = Json::array();
  for (int n = inputs; n < P; ++n)
    for (int k = 0; k < P; ++k) {
      if (k == n) continue;
      const auto i = static_cast<std::size_t>(n * P + k);
      const int a = final5[i], b = r.counters[i];
      ++synapses;
      close += std::abs(a - b) <= 1;
      exact += a == b;
      counters.push_back({{"n", n}, {"k", k}, {"initial", initial[i]}, {"level5", a}, {"level3", b}});
    }
  const double counter_share = synapses ? static_cast<double>(close) / synapses : 1.0;
  Json j;
  j["spikes"] = spikes;
  j["spikes_total"] = {{"level5", tot5}, {"level3", tot3}};
  j["decisions"] = {{"agreeing", t.equal},
                    {"total", t.total},
                    {"share", share},
                    {"at_input_pulses", {{"agreeing", t.input_equal}, {"total", t.input_total}}},
                    {"unpaired_pulses_level5", t.unpaired5},
                    {"unpaired_pulses_level3", t.unpaired3},
                    {"before_first_spike", {{"agreeing", t0.equal}, {"total", t0.total}, {"until_s", first_spike}}}};
  j["decision_counts"] = counts;
  j["counters"] = counters;
  j["counters_within_1_lsb"] = {{"synapses", synapses}, {"within", close}, {"exact", exact}, {"share", counter_share}};
  Json log3 = Json::array(), sp3 = Json::array();
  for (const auto& k : l3)
    for (const auto& l : k) log3.push_back({l.t, l.k, l.d});
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
  j["agree_decisions"] = share >= kNetworkDecisionShare;
  j["agree_spikes"] = spikes_ok;
  j["agree_counters"] = counter_share >= kNetworkCounterShare;
  j["agree"] = share >= kNetworkDecisionShare && spikes_ok && counter_share >= kNetworkCounterShare;
  return j;
}

}  // namespace ebn::app
