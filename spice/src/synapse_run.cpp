#include "spice/synapse_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <regex>

#include "ebn/errors.h"
#include "spice/digital_line.h"
#include "spice/ngspice_session.h"
#include "spice/vcd_writer.h"

namespace spice {

namespace {

constexpr int kPost = 1, kPre = 0;

class SynapseClient final : public TransientClient {
 public:
  SynapseClient(const SynapseProtocol& p, int bits, ebn::LearningController& c, NgspiceSession& s)
      : p_(p), bits_(bits), ctrl_(c), session_(s), pre_(0.0), sgnp_(0.0), sgnn_(0.0) {
    for (int i = 0; i < bits; ++i) bit_.emplace_back(0.0);
    counter_ = ctrl_.read_weight(kPost, kPre);
    apply_counter(0.0, 0.0);  // initial gates at t = 0 (no ramp)
    for (int k = 0; k < p.pulses; ++k) {
      const double on = p.first_onset_s + k * p.period_s - p.edge_s / 2;  // 50 % at onset
      const double off = on + p.width_s;
      if (on + p.edge_s >= p.t_stop_s) break;
      for (double t : pre_.set(on, p.vdd_V, p.edge_s)) breakpoints_.push_back(t);
      latch_times_.push_back(on);
      if (off + p.edge_s < p.t_stop_s) {
        for (double t : pre_.set(off, 0.0, p.edge_s)) breakpoints_.push_back(t);
        update_times_.push_back(off);
      }
    }
    // Recorded digital flags: initial SL (nothing latched yet).
    flag_t_.push_back(0.0);
    flag_d_.push_back(ebn::Decision::Hold);
  }

  double source_value(int index, double t) override {
    const auto i = static_cast<std::size_t>(index);
    if (lines_[i]) return lines_[i]->value(t);
    return dac_current(t, current_sign_[i]);
  }

  // The DAC computed in C++ (--dac cpp): the same gate lines the transistor DAC sees, as
  // fractions of Vdd, times the unit current of the netlist's reference sink. Positive codes
  // sink from the excitatory tail (sign +1), negative ones from the inhibitory tail (sign -1).
  double dac_current(double t, int sign) const {
    const double vdd = p_.vdd_V;
    const double steer = (sign > 0 ? sgnp_ : sgnn_).value(t) / vdd;
    if (steer <= 0.0) return 0.0;
    double units = 0.0;
    for (int i = 0; i < bits_; ++i) units += bit_[static_cast<std::size_t>(i)].value(t) / vdd * static_cast<double>(1 << i);
    return std::clamp(pre_.value(t) / vdd, 0.0, 1.0) * std::min(steer, 1.0) * units * i_unit_A_;
  }

  void bind(const std::vector<std::string>& names) {
    for (const auto& n : names) {
      static const std::regex bit(R"(vbit1_0_(\d+))");
      std::smatch m;
      if (n == "vpre0") lines_.push_back(&pre_);
      else if (n == "vsgnp1_0") lines_.push_back(&sgnp_);
      else if (n == "vsgnn1_0") lines_.push_back(&sgnn_);
      else if (std::regex_match(n, m, bit)) lines_.push_back(&bit_[static_cast<std::size_t>(std::stoi(m[1]))]);
      else if (n == "iexc1_0" || n == "iinh1_0") {
        lines_.push_back(nullptr);
        current_sign_.resize(lines_.size(), 0);
        current_sign_.back() = n == "iexc1_0" ? 1 : -1;
        continue;
      } else
        throw std::logic_error("unbound source " + n);
      current_sign_.resize(lines_.size(), 0);
    }
  }

  void on_accepted(double t, const std::vector<double>& v) override {
    // v: [0] I_mem (A), [1] cmplo, [2] cmphi, [3] DAC unit current (A, --dac cpp only)
    if (v.size() > 3) i_unit_A_ = v[3];
    if (imem_t_.empty() || t > imem_t_.back()) {
      imem_t_.push_back(t);
      imem_v_.push_back(v[0]);
      lo_v_.push_back(v[1]);
      hi_v_.push_back(v[2]);
    }
    const double eps = 1e-12;
    while (next_latch_ < latch_times_.size() && t >= latch_times_[next_latch_] - eps) {
      const bool inc = v[1] > p_.vdd_V / 2;   // I_mem < I_L
      const bool dec = v[2] < p_.vdd_V / 2;   // I_mem > I_U
      const ebn::Decision d = inc && !dec ? ebn::Decision::Inc : (dec && !inc ? ebn::Decision::Dec : ebn::Decision::Hold);
      decisions_.push_back(d);
      counter_before_.push_back(counter_);
      flag_t_.push_back(latch_times_[next_latch_]);
      flag_d_.push_back(d);
      ++next_latch_;
    }
    while (next_update_ < update_times_.size() && t >= update_times_[next_update_] - eps) {
      const std::size_t k = next_update_;
      std::vector<ebn::Decision> ds(2, ebn::Decision::Hold);
      ds[kPost] = decisions_.at(k);
      ctrl_.on_spike(kPre, ds);
      const int now = ctrl_.read_weight(kPost, kPre);
      const double t_gate = update_times_[k] + p_.edge_s + p_.update_delay_s;
      if (now != counter_) {
        counter_t_.push_back(t_gate);
        counter_v_.push_back(now);
        counter_ = now;
        for (double b : apply_counter(t_gate, p_.gate_edge_s)) session_.add_breakpoint(b);
      }
      ++next_update_;
    }
  }

  // Sign-magnitude decoding of the counter onto the DAC gates (the digital side of the DAC).
  std::vector<double> apply_counter(double t, double ramp) {
    std::vector<double> bps;
    const int mag = std::min(std::abs(counter_), (1 << bits_) - 1);
    auto put = [&](DigitalLine& l, bool on) {
      for (double b : l.set(t, on ? p_.vdd_V : 0.0, ramp)) bps.push_back(b);
    };
    for (int i = 0; i < bits_; ++i) put(bit_[static_cast<std::size_t>(i)], (mag >> i) & 1);
    put(sgnp_, counter_ > 0);
    put(sgnn_, counter_ < 0);
    return bps;
  }

  const SynapseProtocol& p_;
  int bits_;
  ebn::LearningController& ctrl_;
  NgspiceSession& session_;
  DigitalLine pre_, sgnp_, sgnn_;
  std::vector<DigitalLine> bit_;
  std::vector<DigitalLine*> lines_;  // nullptr: a DAC current source (current_sign_)
  std::vector<int> current_sign_;
  double i_unit_A_ = 0.0;  // DC bias: read at the operating point, before any pulse
  std::vector<double> breakpoints_, latch_times_, update_times_;
  std::size_t next_latch_ = 0, next_update_ = 0;
  int counter_ = 0;
  std::vector<ebn::Decision> decisions_;
  std::vector<int> counter_before_;
  std::vector<double> imem_t_, imem_v_, lo_v_, hi_v_;
  std::vector<double> flag_t_;
  std::vector<ebn::Decision> flag_d_;
  std::vector<double> counter_t_;
  std::vector<int> counter_v_;
};

// A digital level signal as recorded samples: corners with `ramp` transitions, ending at t_end.
recording::SignalTrace step_trace(const std::string& name, const std::vector<double>& t, const std::vector<double>& v,
                                  double ramp, double t_end) {
  recording::SignalTrace s;
  s.name = name;
  s.t.push_back(0.0);
  s.v.push_back(v.front());
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (v[i] == s.v.back()) continue;
    if (t[i] > s.t.back()) {
      s.t.push_back(t[i]);
      s.v.push_back(s.v.back());
    }
    s.t.push_back(t[i] + ramp);
    s.v.push_back(v[i]);
  }
  if (t_end > s.t.back()) {
    s.t.push_back(t_end);
    s.v.push_back(s.v.back());
  }
  return s;
}

}  // namespace

SynapseInterface discover_synapse_interface(const Deck& deck) {
  SynapseInterface itf;
  bool pre = false, sp = false, sn = false, iexc = false, iinh = false;
  std::vector<int> bits;
  static const std::regex bit(R"(vbit1_0_(\d+))");
  for (const auto& n : external_sources(deck)) {
    std::smatch m;
    if (n == "vpre0") pre = true;
    else if (n == "vsgnp1_0") sp = true;
    else if (n == "vsgnn1_0") sn = true;
    else if (std::regex_match(n, m, bit)) bits.push_back(std::stoi(m[1]));
    else if (n == "iexc1_0") iexc = true;
    else if (n == "iinh1_0") iinh = true;
    else
      throw ebn::InputError(deck.origin_of(n) + ": EXTERNAL source '" + n +
                            "' is not part of the single-synapse interface (vpre0, vbit1_0_<i>, vsgnp1_0, vsgnn1_0"
                            ", iexc1_0, iinh1_0)");
  }
  if (iexc != iinh) throw ebn::InputError(deck.netlist + ": the C++ DAC needs both iexc1_0 and iinh1_0");
  itf.cpp_dac = iexc;
  if (itf.cpp_dac && deck.origin_of("vdacref1_0").empty())
    throw ebn::InputError(deck.netlist + ": the C++ DAC needs the unit-current reference source vdacref1_0");
  if (!pre || !sp || !sn || bits.empty())
    throw ebn::InputError(deck.netlist +
                          ": single-synapse netlist needs EXTERNAL sources vpre0, vsgnp1_0, vsgnn1_0 and vbit1_0_0.. "
                          "(docs/spice.md)");
  std::sort(bits.begin(), bits.end());
  for (std::size_t i = 0; i < bits.size(); ++i)
    if (bits[i] != static_cast<int>(i))
      throw ebn::InputError(deck.netlist + ": DAC bit sources must be vbit1_0_0 .. vbit1_0_<n-1> without gaps");
  itf.magnitude_bits = static_cast<int>(bits.size());
  return itf;
}

SynapseRunResult run_synapse(const Deck& deck, const SynapseProtocol& p, ebn::LearningController& controller) {
  const auto itf = discover_synapse_interface(deck);
  const auto wall0 = std::chrono::steady_clock::now();
  const std::clock_t cpu0 = std::clock();
  auto& session = NgspiceSession::instance();
  std::vector<std::string> probes = {"vimem1#branch", "cmplo1", "cmphi1"};
  if (itf.cpp_dac) probes.push_back("vdacref1_0#branch");
  std::string save = ".save";
  for (const auto& pr : probes) save += " " + pr;
  session.load(deck, {save});
  controller.write_weight(kPost, kPre, p.initial_counter);
  SynapseClient client(p, itf.magnitude_bits, controller, session);
  client.bind(external_sources(deck));
  TransientSpec spec;
  spec.t_stop_s = p.t_stop_s;
  spec.t_step_s = 10e-6;
  spec.max_step_s = p.max_step_s;
  spec.external_sources = external_sources(deck);
  spec.probes = probes;
  spec.breakpoints = client.breakpoints_;
  session.run(spec, client);

  SynapseRunResult r;
  r.decisions = client.decisions_;
  r.counter_before = client.counter_before_;
  r.final_counter = controller.read_weight(kPost, kPre);
  r.accepted_points = session.accepted_points();
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  r.cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

  // Recording: INPUT from the pulse line's corners, I_mem at every accepted point, INC/SL latched
  // flags and the counter as digital levels with 1 ns transitions.
  auto& rec = r.recording;
  rec.input.name = "pre0";
  rec.input.t = client.pre_.times();
  rec.input.v = client.pre_.levels();
  if (rec.input.t.back() < p.t_stop_s) {
    rec.input.t.push_back(p.t_stop_s);
    rec.input.v.push_back(rec.input.v.back());
  }
  rec.i_mem.name = "/M2/D";
  rec.i_mem.t = client.imem_t_;
  rec.i_mem.v = client.imem_v_;
  const double ramp = 1e-9;
  const double t_end = client.imem_t_.back();
  std::vector<double> inc, sl;
  for (auto d : client.flag_d_) {
    inc.push_back(d == ebn::Decision::Inc ? p.vdd_V : 0.0);
    sl.push_back(d == ebn::Decision::Hold ? p.vdd_V : 0.0);
  }
  rec.inc = step_trace("INC", client.flag_t_, inc, ramp, t_end);
  rec.sl = step_trace("SL", client.flag_t_, sl, ramp, t_end);
  std::vector<double> ct = {0.0}, cv = {static_cast<double>(p.initial_counter)};
  for (std::size_t i = 0; i < client.counter_t_.size(); ++i) {
    ct.push_back(client.counter_t_[i]);
    cv.push_back(client.counter_v_[i]);
  }
  rec.counter = step_trace("BitValue", ct, cv, ramp, t_end);
  r.i_mem_min_A = *std::min_element(rec.i_mem.v.begin(), rec.i_mem.v.end());
  r.i_mem_max_A = *std::max_element(rec.i_mem.v.begin(), rec.i_mem.v.end());

  // Waveforms with the level-3 chip names (neuron n01, synapse w01_00, input = pulse_k 0).
  VcdWriter vcd;
  const int s_imem = vcd.add("SystemC.chip.n01.I_mem", VcdWriter::Kind::Real);
  const int s_inc = vcd.add("SystemC.chip.n01.INC", VcdWriter::Kind::Bit);
  const int s_sl = vcd.add("SystemC.chip.n01.SL", VcdWriter::Kind::Bit);
  const int s_dec = vcd.add("SystemC.chip.n01.DEC", VcdWriter::Kind::Bit);
  const int s_w = vcd.add("SystemC.chip.w.w01_00", VcdWriter::Kind::Integer);
  const int s_pulse = vcd.add("SystemC.chip.pulse_k", VcdWriter::Kind::Integer);
  const int s_in = vcd.add("SystemC.spice.input_V", VcdWriter::Kind::Real);
  const int s_lo = vcd.add("SystemC.spice.cmplo1_V", VcdWriter::Kind::Real);
  const int s_hi = vcd.add("SystemC.spice.cmphi1_V", VcdWriter::Kind::Real);
  for (std::size_t i = 0; i < client.imem_t_.size(); ++i) {
    vcd.change(client.imem_t_[i], s_imem, client.imem_v_[i]);
    vcd.change(client.imem_t_[i], s_lo, client.lo_v_[i]);
    vcd.change(client.imem_t_[i], s_hi, client.hi_v_[i]);
  }
  for (std::size_t i = 0; i < rec.input.t.size(); ++i) vcd.change(rec.input.t[i], s_in, rec.input.v[i]);
  for (std::size_t i = 0; i < client.flag_t_.size(); ++i) {
    const auto d = client.flag_d_[i];
    vcd.change(client.flag_t_[i], s_inc, d == ebn::Decision::Inc);
    vcd.change(client.flag_t_[i], s_sl, d == ebn::Decision::Hold);
    vcd.change(client.flag_t_[i], s_dec, d == ebn::Decision::Dec);
  }
  for (std::size_t i = 0; i < ct.size(); ++i) vcd.change(ct[i], s_w, cv[i]);
  vcd.change(0.0, s_pulse, -1);
  for (std::size_t i = 0; i < client.latch_times_.size(); ++i) {
    vcd.change(client.latch_times_[i], s_pulse, 0);
    vcd.change(client.latch_times_[i] + p.width_s + p.edge_s, s_pulse, -1);
  }
  r.vcd = vcd.render();
  return r;
}

}  // namespace spice
