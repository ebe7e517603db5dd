#include "chip/chip_trace.h"

#include <sysc/tracing/sc_tracing_ids.h>  // I702/I703 ids (not pulled in by <systemc>)

#include <algorithm>
#include <cstdio>
#include <vector>

#include "chip/fst_wave.h"
#include "chip/learning_block.h"
#include "chip/weight_dac.h"
#include "ebn/number_text.h"

namespace chip {

namespace {

std::uint64_t to_ps(const sc_core::sc_time& t) {
  return static_cast<std::uint64_t>(t.value() / sc_core::sc_time(1, sc_core::SC_PS).value());
}

bool ends_with_fst(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".fst") == 0;
}
}  // namespace

// FST: handles of the variables and the values last written (a value is written only when it
// differs, as in a VCD).
struct ChipTracer::Emitted {
  FstWave::Handle trial, aer_id, aer_strobe, pulse_k;
  std::vector<FstWave::Handle> i_mem, spike, inc, sl, dec, w;
  int trial_v = 0, aer_id_v = 0, pulse_k_v = 0;
  char aer_strobe_v = 0;  // char like the per-neuron flags below (no vector<bool>)
  std::vector<double> i_mem_v;
  std::vector<char> spike_v, inc_v, sl_v, dec_v;
  std::vector<int> w_v;
};

ChipTracer::ChipTracer(const std::string& path, int traced_neurons) : m_(traced_neurons) {
  const auto m = static_cast<std::size_t>(m_);
  i_mem_ = std::make_unique<double[]>(m);
  spike_ = std::make_unique<bool[]>(m);
  inc_ = std::make_unique<bool[]>(m);
  sl_ = std::make_unique<bool[]>(m);
  dec_ = std::make_unique<bool[]>(m);
  w_ = std::make_unique<int[]>(m * m);
  for (int n = 0; n < m_; ++n) {
    i_mem_[n] = 0.0;
    spike_[n] = inc_[n] = dec_[n] = false;
    sl_[n] = true;  // SL is the initial latch state
  }
  for (std::size_t j = 0; j < m * m; ++j) w_[j] = 0;
  if (ends_with_fst(path)) {
    path_ = path;
    fst_ = std::make_unique<FstWave>(path, "ebn chip trace (time 0 = start of the first traced window)");
    declare_fst_variables();
    return;
  }
  // The default-timescale notes (I702/I703) would otherwise print on stdout for every VCD.
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_DEFAULT_, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_UNIT_, sc_core::SC_DO_NOTHING);
  std::string base = path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
  path_ = base + ".vcd";
  tf_ = sc_core::sc_create_vcd_trace_file(base.c_str());
  tf_->set_time_unit(1, sc_core::SC_PS);
  sc_core::sc_trace(tf_, trial_, "chip.trial");
  sc_core::sc_trace(tf_, aer_id_, "chip.aer_id");
  sc_core::sc_trace(tf_, aer_strobe_, "chip.aer_strobe");
  sc_core::sc_trace(tf_, pulse_k_, "chip.pulse_k");
  for (int n = 0; n < m_; ++n) {
    const std::string s = "chip.n" + ebn::two_digits(n) + ".";
    sc_core::sc_trace(tf_, i_mem_[n], s + "I_mem");
    sc_core::sc_trace(tf_, spike_[n], s + "spike");
    sc_core::sc_trace(tf_, inc_[n], s + "INC");
    sc_core::sc_trace(tf_, sl_[n], s + "SL");
    sc_core::sc_trace(tf_, dec_[n], s + "DEC");
  }
  for (int n = 0; n < m_; ++n)
    for (int k = 0; k < m_; ++k)
      sc_core::sc_trace(tf_, w_[static_cast<std::size_t>(n) * m + k], "chip.w.w" + ebn::two_digits(n) + "_" + ebn::two_digits(k));
}

// The hierarchy and names of SystemC's VCD (scope SystemC.chip), so waves/chip.gtkw fits both.
void ChipTracer::declare_fst_variables() {
  emitted_ = std::make_unique<Emitted>();
  Emitted& e = *emitted_;
  FstWave& f = *fst_;
  f.push_scope("SystemC");
  f.push_scope("chip");
  e.trial = f.integer("trial");
  e.aer_id = f.integer("aer_id");
  e.aer_strobe = f.bit("aer_strobe");
  e.pulse_k = f.integer("pulse_k");
  for (int n = 0; n < m_; ++n) {
    f.push_scope("n" + ebn::two_digits(n));
    e.i_mem.push_back(f.real("I_mem"));
    e.spike.push_back(f.bit("spike"));
    e.inc.push_back(f.bit("INC"));
    e.sl.push_back(f.bit("SL"));
    e.dec.push_back(f.bit("DEC"));
    f.pop_scope();
  }
  f.push_scope("w");
  for (int n = 0; n < m_; ++n)
    for (int k = 0; k < m_; ++k) e.w.push_back(f.integer("w" + ebn::two_digits(n) + "_" + ebn::two_digits(k)));
  f.pop_scope();
  f.pop_scope();
  f.pop_scope();
  const auto m = static_cast<std::size_t>(m_);
  e.i_mem_v.assign(m, 0.0);
  e.spike_v.assign(m, 0);
  e.inc_v.assign(m, 0);
  e.sl_v.assign(m, 0);
  e.dec_v.assign(m, 0);
  e.w_v.assign(m * m, 0);
}

ChipTracer::~ChipTracer() {
  try {
    close();
  } catch (...) {  // a destructor must not throw; close() reports write errors to explicit callers
  }
}

void ChipTracer::close() {
  if (tf_) sc_core::sc_close_vcd_trace_file(tf_);
  tf_ = nullptr;
  if (fst_) {
    if (in_window_) end_window(sc_core::sc_time_stamp());
    fst_->close();
  }
}

void ChipTracer::begin_window() {
  if (!fst_ || in_window_) return;
  stamp_ = sc_core::sc_time_stamp();
  if (!window_opened_) {
    origin_ps_ = to_ps(stamp_);
    char header[128];  // FST's version field (128 bytes): where readers show the origin, as in windowed VCDs
    std::snprintf(header, sizeof header, "ebn chip trace: time 0 of this file = %.12g s of the simulation",
                  stamp_.to_seconds());
    fst_->set_header(header);
  }
  window_opened_ = true;
  in_window_ = true;
  write_all_ = true;  // every value at the window's start, once this instant's values are final
}

void ChipTracer::end_window(const sc_core::sc_time& end) {
  if (!fst_ || !in_window_) return;
  flush();
  in_window_ = false;
  // The file runs to the end of the window, so the last values span it.
  const std::uint64_t end_ps = to_ps(end);
  fst_->time(std::max(end_ps, to_ps(stamp_)) - origin_ps_);
}

// Writes the values of the instant stamp_ (those that changed; all at a window's start), then
// moves stamp_ to now.
void ChipTracer::flush() {
  const bool all = write_all_;
  write_all_ = false;
  Emitted& e = *emitted_;
  FstWave& f = *fst_;
  bool timed = false;  // the time is written before the first change only (no empty instants)
  auto at_stamp = [&]() -> FstWave& {
    if (!timed) f.time(to_ps(stamp_) - origin_ps_);
    timed = true;
    return f;
  };
  auto put_int = [&](FstWave::Handle h, int v, int& last) {
    if (all || v != last) at_stamp().emit(h, v);
    last = v;
  };
  auto put_bit = [&](FstWave::Handle h, bool v, char& last) {
    if (all || v != static_cast<bool>(last)) at_stamp().emit(h, v);
    last = v;
  };
  put_int(e.trial, trial_, e.trial_v);
  put_int(e.aer_id, aer_id_, e.aer_id_v);
  put_bit(e.aer_strobe, aer_strobe_, e.aer_strobe_v);
  put_int(e.pulse_k, pulse_k_, e.pulse_k_v);
  for (int n = 0; n < m_; ++n) {
    if (all || i_mem_[n] != e.i_mem_v[n]) at_stamp().emit(e.i_mem[n], i_mem_[n]);
    e.i_mem_v[n] = i_mem_[n];
    put_bit(e.spike[n], spike_[n], e.spike_v[n]);
    put_bit(e.inc[n], inc_[n], e.inc_v[n]);
    put_bit(e.sl[n], sl_[n], e.sl_v[n]);
    put_bit(e.dec[n], dec_[n], e.dec_v[n]);
  }
  for (std::size_t j = 0; j < e.w.size(); ++j) put_int(e.w[j], w_[j], e.w_v[j]);
  stamp_ = sc_core::sc_time_stamp();
}

void ChipTracer::set_i_mem(const std::vector<double>& i_mem) {
  touch();
  for (int n = 0; n < m_; ++n) i_mem_[n] = i_mem[n];
}

void ChipTracer::set_flags(const LearningBlock& lb) {
  touch();
  for (int n = 0; n < m_; ++n) {
    const ebn::Decision d = lb.flag(n);
    inc_[n] = d == ebn::Decision::Inc;
    dec_[n] = d == ebn::Decision::Dec;
    sl_[n] = d == ebn::Decision::Hold;
  }
}

void ChipTracer::set_counters_column(const WeightDac& dac, int k) {
  if (k >= m_) return;
  touch();
  for (int n = 0; n < m_; ++n) w_[static_cast<std::size_t>(n) * m_ + k] = dac.code(n, k);
}

void ChipTracer::set_all_counters(const WeightDac& dac) {
  for (int k = 0; k < m_; ++k) set_counters_column(dac, k);
}

void ChipTracer::spike(int n) {
  touch();
  aer_id_ = n;
  aer_strobe_ = true;
  if (n < m_) spike_[n] = true;
}

void ChipTracer::clear_strobes() {
  touch();
  aer_strobe_ = false;
  for (int n = 0; n < m_; ++n) spike_[n] = false;
}

}  // namespace chip
