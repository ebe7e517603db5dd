#include "spice/network_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <random>

#include "ebn/errors.h"
#include "ebn/number_text.h"
#include "spice/digital_line.h"
#include "spice/ngspice_session.h"
#include "spice/vcd_writer.h"

namespace spice {

namespace {

class NetworkClient final : public TransientClient {
 public:
  NetworkClient(const NetworkShape& s, const NetworkProtocol& p, int bits, ebn::LearningController& c,
                NgspiceSession& session, bool cpp_dac)
      : s_(s), p_(p), bits_(bits), P_(s.presynaptic()), ctrl_(c), session_(session), cpp_dac_(cpp_dac) {
    const auto P = static_cast<std::size_t>(P_);
    pre_.assign(P, DigitalLine(0.0));
    sgnp_.assign(P * P, DigitalLine(0.0));
    sgnn_.assign(P * P, DigitalLine(0.0));
    bit_.assign(P * P * static_cast<std::size_t>(s.magnitude_bits), DigitalLine(0.0));
    reset_.assign(P, DigitalLine(0.0));
    counter_.assign(P * P, 0);
    free_at_.assign(P, 0.0);
    for (int n = s.inputs; n < P_; ++n)
      for (int k = 0; k < P_; ++k)
        if (k != n) {
          counter_[idx(n, k)] = ctrl_.read_weight(n, k);
          apply_counter(n, k, 0.0, 0.0);
        }
    // Input pulses are known in advance: their edges, latches and updates.
    const double last = p.duration_s - p.width_s - 3 * p.edge_s - 10 * p.max_step_s;
    for (const auto& ip : make_network_input(s.inputs, last, p.input)) schedule_pulse(ip.channel, ip.t_s, false);
  }

  std::size_t idx(int n, int k) const { return static_cast<std::size_t>(n) * static_cast<std::size_t>(P_) + static_cast<std::size_t>(k); }

  double source_value(int index, double t) override {
    const auto& b = binding_[static_cast<std::size_t>(index)];
    if (b.line) return b.line->value(t);
    return dac_current(b.neuron, b.sign, t);
  }

  // --dac cpp: the sum over the synapses of neuron n of pulse x code x unit current, from the
  // same gate lines the transistor DAC sees (fractions of Vdd).
  double dac_current(int n, int sign, double t) const {
    const double vdd = p_.vdd_V;
    double total = 0.0;
    for (int k = 0; k < P_; ++k) {
      if (k == n) continue;
      const double gate = std::clamp(pre_[static_cast<std::size_t>(k)].value(t) / vdd, 0.0, 1.0);
      if (gate <= 0.0) continue;
      const std::size_t sy = idx(n, k);
      const double steer = std::clamp((sign > 0 ? sgnp_[sy] : sgnn_[sy]).value(t) / vdd, 0.0, 1.0);
      if (steer <= 0.0) continue;
      double units = 0.0;
      for (int i = 0; i < s_.magnitude_bits; ++i) units += bit_[bit_index(sy, i)].value(t) / vdd * static_cast<double>(1 << i);
      total += gate * steer * units;
    }
    return total * i_unit_A_;
  }

  std::size_t bit_index(std::size_t syn, int i) const {
    return syn * static_cast<std::size_t>(s_.magnitude_bits) + static_cast<std::size_t>(i);
  }

  void bind(const std::vector<std::string>& names) {
    for (const auto& nm : names) {
      Binding b;
      int n = -1, k = -1, i = -1;
      char rest = 0;
      if (std::sscanf(nm.c_str(), "vpre%d%c", &k, &rest) == 1 && k >= 0 && k < P_) b.line = &pre_[static_cast<std::size_t>(k)];
      else if (std::sscanf(nm.c_str(), "vreset%d%c", &n, &rest) == 1 && n >= s_.inputs && n < P_) b.line = &reset_[static_cast<std::size_t>(n)];
      else if (std::sscanf(nm.c_str(), "vbit%d_%d_%d%c", &n, &k, &i, &rest) == 3 && valid(n, k) && i >= 0 && i < s_.magnitude_bits)
        b.line = &bit_[bit_index(idx(n, k), i)];
      else if (std::sscanf(nm.c_str(), "vsgnp%d_%d%c", &n, &k, &rest) == 2 && valid(n, k)) b.line = &sgnp_[idx(n, k)];
      else if (std::sscanf(nm.c_str(), "vsgnn%d_%d%c", &n, &k, &rest) == 2 && valid(n, k)) b.line = &sgnn_[idx(n, k)];
      else if (std::sscanf(nm.c_str(), "iexc%d%c", &n, &rest) == 1 && n >= s_.inputs && n < P_) b = {nullptr, n, +1};
      else if (std::sscanf(nm.c_str(), "iinh%d%c", &n, &rest) == 1 && n >= s_.inputs && n < P_) b = {nullptr, n, -1};
      else
        throw ebn::InputError("network netlist: EXTERNAL source '" + nm + "' is not part of the network interface");
      binding_.push_back(b);
    }
  }
  bool valid(int n, int k) const { return n >= s_.inputs && n < P_ && k >= 0 && k < P_ && k != n; }

  // Probes per neuron: I_mem, cmplo, cmphi, cmpsp; then the DAC reference (--dac cpp).
  void on_accepted(double t, const std::vector<double>& v) override {
    if (cpp_dac_) i_unit_A_ = v.back();
    const int N = s_.neurons;
    auto probe = [&](int n, int q) { return v[static_cast<std::size_t>((n - s_.inputs) * 4 + q)]; };
    if (sample_t_.empty() || t > sample_t_.back()) {
      sample_t_.push_back(t);
      for (int j = 0; j < N; ++j) samples_.push_back(probe(s_.inputs + j, 0));
    }
    const double eps = 1e-12;
    // Reset holds that end now: the measured reset level.
    for (int n = s_.inputs; n < P_; ++n) {
      auto& r = hold_end_[static_cast<std::size_t>(n)];
      if (r > 0 && t >= r - eps) {
        i_reset_.push_back(probe(n, 0));
        r = -1;
      }
    }
    while (!events_.empty() && events_.begin()->first.first <= t + eps) {
      const Event e = events_.begin()->second;
      events_.erase(events_.begin());
      if (e.latch) {
        NetworkDecision d{e.t, e.k, std::vector<ebn::Decision>(static_cast<std::size_t>(P_), ebn::Decision::Hold)};
        for (int n = s_.inputs; n < P_; ++n) {
          if (n == e.k) continue;
          const bool inc = probe(n, 1) > p_.vdd_V / 2;  // I_mem < I_L
          const bool dec = probe(n, 2) < p_.vdd_V / 2;  // I_mem > I_U
          d.decisions[static_cast<std::size_t>(n)] =
              inc && !dec ? ebn::Decision::Inc : (dec && !inc ? ebn::Decision::Dec : ebn::Decision::Hold);
        }
        latched_[e.pulse] = d.decisions;
        decisions_.push_back(std::move(d));
      } else {
        ctrl_.on_spike(e.k, latched_.at(e.pulse));
        latched_.erase(e.pulse);
        const double t_gate = e.t + p_.edge_s + p_.update_delay_s;
        for (int n = s_.inputs; n < P_; ++n) {
          if (n == e.k) continue;
          const int now = ctrl_.read_weight(n, e.k);
          if (now == counter_[idx(n, e.k)]) continue;
          counter_[idx(n, e.k)] = now;
          counter_log_.push_back({t_gate, n, e.k, now});
          for (double b : apply_counter(n, e.k, t_gate, p_.gate_edge_s)) session_.add_breakpoint(b);
        }
      }
    }
    // Spikes: comparator low while the neuron is free (not held, pulse line idle).
    for (int n = s_.inputs; n < P_; ++n) {
      if (t < free_at_[static_cast<std::size_t>(n)] || t >= p_.duration_s - p_.width_s - 3 * p_.edge_s) continue;
      if (probe(n, 3) >= p_.vdd_V / 2) continue;
      spike_t_.push_back(t);
      i_at_spike_.push_back(probe(n, 0));
      const double on = t + p_.spike_delay_s;
      auto& rl = reset_[static_cast<std::size_t>(n)];
      for (double b : rl.set(on, p_.vdd_V, p_.gate_edge_s)) session_.add_breakpoint(b);
      for (double b : rl.set(on + p_.refractory_s, 0.0, p_.gate_edge_s)) session_.add_breakpoint(b);
      hold_end_[static_cast<std::size_t>(n)] = on + p_.refractory_s;
      free_at_[static_cast<std::size_t>(n)] = std::max(on + p_.refractory_s, on + p_.width_s) + 2 * p_.edge_s;
      schedule_pulse(n, on, true);
    }
  }

  void schedule_pulse(int k, double on, bool live) {
    auto& l = pre_[static_cast<std::size_t>(k)];
    const double off = on + p_.width_s;
    std::vector<double> bps = l.set(on, p_.vdd_V, p_.edge_s);
    for (double b : l.set(off, 0.0, p_.edge_s)) bps.push_back(b);
    const long id = next_pulse_++;
    events_.emplace(std::make_pair(on, seq_++), Event{on, k, id, true});
    events_.emplace(std::make_pair(off, seq_++), Event{off, k, id, false});
    (k < s_.inputs ? inputs_ : spikes_).push_back({on + p_.edge_s / 2, k});
    if (live)
      for (double b : bps) session_.add_breakpoint(b);
    else
      for (double b : bps) breakpoints_.push_back(b);
  }

  // Sign-magnitude decoding of counter W[n][k] onto the DAC gates of that synapse.
  std::vector<double> apply_counter(int n, int k, double t, double ramp) {
    std::vector<double> bps;
    const int c = counter_[idx(n, k)];
    const int mag = std::min(std::abs(c), (1 << s_.magnitude_bits) - 1);
    auto put = [&](DigitalLine& l, bool on) {
      for (double b : l.set(t, on ? p_.vdd_V : 0.0, ramp)) bps.push_back(b);
    };
    const std::size_t sy = idx(n, k);
    for (int i = 0; i < s_.magnitude_bits; ++i) put(bit_[bit_index(sy, i)], (mag >> i) & 1);
    put(sgnp_[sy], c > 0);
    put(sgnn_[sy], c < 0);
    return bps;
  }

  struct Binding {
    DigitalLine* line = nullptr;
    int neuron = -1, sign = 0;
  };
  struct Event {
    double t;
    int k;
    long pulse;
    bool latch;
  };
  struct CounterChange {
    double t;
    int n, k, value;
  };

  const NetworkShape& s_;
  const NetworkProtocol& p_;
  int bits_, P_;
  ebn::LearningController& ctrl_;
  NgspiceSession& session_;
  bool cpp_dac_;
  std::vector<DigitalLine> pre_, sgnp_, sgnn_, bit_, reset_;
  std::vector<Binding> binding_;
  std::vector<int> counter_;
  std::vector<double> free_at_;
  std::vector<double> hold_end_ = std::vector<double>(16, -1.0);
  std::map<std::pair<double, long>, Event> events_;
  long seq_ = 0, next_pulse_ = 0;
  std::map<long, std::vector<ebn::Decision>> latched_;
  std::vector<double> breakpoints_;
  std::vector<NetworkEvent> inputs_, spikes_;
  std::vector<NetworkDecision> decisions_;
  std::vector<CounterChange> counter_log_;
  std::vector<double> sample_t_, samples_;
  std::vector<double> spike_t_, i_at_spike_, i_reset_;
  double i_unit_A_ = 0.0;
};

}  // namespace

std::vector<int> network_initial_counters(const NetworkShape& s, int counter_bits, const NetworkProtocol& p) {
  const int P = s.presynaptic();
  const int hi = (1 << (counter_bits - 1)) - 1, lo = -(1 << (counter_bits - 1));
  std::vector<int> w(static_cast<std::size_t>(P * P), 0);
  std::mt19937_64 rng(p.weight_seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  for (int n = s.inputs; n < P; ++n)
    for (int k = 0; k < P; ++k) {
      if (k == n) continue;
      int c;
      if (k < s.inputs) {
        c = p.input_code_min + static_cast<int>(uniform() * (p.input_code_max - p.input_code_min + 1));
      } else {
        const double g = std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform());
        c = static_cast<int>(std::lround(g * p.recurrent_std_lsb));
      }
      w[static_cast<std::size_t>(n * P + k)] = std::clamp(c, lo, hi);
    }
  return w;
}

NetworkRunResult run_network(const Deck& deck, const NetworkShape& shape, const NetworkProtocol& p,
                             ebn::LearningController& controller, bool cpp_dac) {
  validate_shape(shape);
  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  const int P = shape.presynaptic();
  const int bits = shape.magnitude_bits + 1;
  auto& session = NgspiceSession::instance();
  std::vector<std::string> probes;
  for (int n = shape.inputs; n < P; ++n)
    for (const char* q : {"vimem%d#branch", "cmplo%d", "cmphi%d", "cmpsp%d"}) {
      char b[32];
      std::snprintf(b, sizeof b, q, n);
      probes.push_back(b);
    }
  if (cpp_dac) probes.push_back("vdacref#branch");
  std::string save = ".save";
  for (const auto& pr : probes) save += " " + pr;
  session.load(deck, {save});

  NetworkRunResult r;
  r.shape = shape;
  r.counter_bits = bits;
  r.counters_initial = network_initial_counters(shape, bits, p);
  for (int n = 0; n < P; ++n)
    for (int k = 0; k < P; ++k) controller.write_weight(n, k, r.counters_initial[static_cast<std::size_t>(n * P + k)]);
  NetworkClient client(shape, p, bits, controller, session, cpp_dac);
  const auto sources = external_sources(deck);
  client.bind(sources);
  TransientSpec spec;
  spec.t_stop_s = p.duration_s;
  spec.t_step_s = 10e-6;
  spec.max_step_s = p.max_step_s;
  spec.external_sources = sources;
  spec.probes = probes;
  spec.breakpoints = client.breakpoints_;
  std::sort(spec.breakpoints.begin(), spec.breakpoints.end());
  session.run(spec, client);

  r.input_pulses = client.inputs_;
  r.spikes = client.spikes_;
  r.decisions = client.decisions_;
  r.counters_final.assign(static_cast<std::size_t>(P * P), 0);
  for (int n = 0; n < P; ++n)
    for (int k = 0; k < P; ++k) r.counters_final[static_cast<std::size_t>(n * P + k)] = controller.read_weight(n, k);
  r.i_at_spike_A = client.i_at_spike_;
  r.i_reset_A = client.i_reset_;
  r.i_unit_A = client.i_unit_A_;
  r.accepted_points = session.accepted_points();
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  r.cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

  // Waveforms with the level-3 chip names (docs/spice.md): nNN.I_mem, nNN.spike, nNN.INC/SL/DEC,
  // w.wNN_KK, pulse_k.
  VcdWriter vcd;
  std::vector<int> s_imem, s_spike, s_inc, s_sl, s_dec;
  for (int n = 0; n < P; ++n) {
    const std::string base = "SystemC.chip.n" + ebn::two_digits(n) + ".";
    s_imem.push_back(n >= shape.inputs ? vcd.add(base + "I_mem", VcdWriter::Kind::Real) : -1);
    s_spike.push_back(vcd.add(base + "spike", VcdWriter::Kind::Bit));
    s_inc.push_back(vcd.add(base + "INC", VcdWriter::Kind::Bit));
    s_sl.push_back(vcd.add(base + "SL", VcdWriter::Kind::Bit));
    s_dec.push_back(vcd.add(base + "DEC", VcdWriter::Kind::Bit));
  }
  std::map<std::pair<int, int>, int> s_w;
  for (int n = shape.inputs; n < P; ++n)
    for (int k = 0; k < P; ++k)
      if (k != n) {
        const int id = vcd.add("SystemC.chip.w.w" + ebn::two_digits(n) + "_" + ebn::two_digits(k), VcdWriter::Kind::Integer);
        s_w[{n, k}] = id;
        vcd.change(0.0, id, r.counters_initial[static_cast<std::size_t>(n * P + k)]);
      }
  const int s_pulse = vcd.add("SystemC.chip.pulse_k", VcdWriter::Kind::Integer);
  const std::size_t N = static_cast<std::size_t>(shape.neurons);
  for (std::size_t i = 0; i < client.sample_t_.size(); ++i)
    for (std::size_t j = 0; j < N; ++j) vcd.change(client.sample_t_[i], s_imem[shape.inputs + j], client.samples_[i * N + j]);
  for (int n = 0; n < P; ++n) vcd.change(0.0, s_spike[static_cast<std::size_t>(n)], 0);
  for (const auto& e : r.spikes) {
    vcd.change(e.t_s, s_spike[static_cast<std::size_t>(e.index)], 1);
    vcd.change(e.t_s + 10e-6, s_spike[static_cast<std::size_t>(e.index)], 0);
  }
  vcd.change(0.0, s_pulse, -1);
  for (const auto& d : r.decisions) {
    vcd.change(d.t_s, s_pulse, d.k);
    vcd.change(d.t_s + p.width_s + p.edge_s, s_pulse, -1);
    for (int n = shape.inputs; n < P; ++n) {
      if (n == d.k) continue;
      const auto x = d.decisions[static_cast<std::size_t>(n)];
      vcd.change(d.t_s, s_inc[static_cast<std::size_t>(n)], x == ebn::Decision::Inc);
      vcd.change(d.t_s, s_sl[static_cast<std::size_t>(n)], x == ebn::Decision::Hold);
      vcd.change(d.t_s, s_dec[static_cast<std::size_t>(n)], x == ebn::Decision::Dec);
    }
  }
  for (const auto& c : client.counter_log_) vcd.change(c.t, s_w[{c.n, c.k}], c.value);
  r.vcd = vcd.render();
  return r;
}

}  // namespace spice
