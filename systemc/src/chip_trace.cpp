#include "chip/chip_trace.h"

#include <sysc/tracing/sc_tracing_ids.h>  // I702/I703 ids (not pulled in by <systemc>)

#include <cstdio>

#include "chip/learning_block.h"
#include "chip/weight_dac.h"

namespace chip {

namespace {
std::string two(int v) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}
}  // namespace

ChipTracer::ChipTracer(const std::string& path, int traced_neurons) : m_(traced_neurons) {
  // The default-timescale notes (I702/I703) would otherwise print on stdout for every VCD.
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_DEFAULT_, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_UNIT_, sc_core::SC_DO_NOTHING);
  std::string base = path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
  path_ = base + ".vcd";
  tf_ = sc_core::sc_create_vcd_trace_file(base.c_str());
  tf_->set_time_unit(1, sc_core::SC_PS);
  const auto m = static_cast<std::size_t>(m_);
  i_mem_ = std::make_unique<double[]>(m);
  spike_ = std::make_unique<bool[]>(m);
  inc_ = std::make_unique<bool[]>(m);
  sl_ = std::make_unique<bool[]>(m);
  dec_ = std::make_unique<bool[]>(m);
  w_ = std::make_unique<int[]>(m * m);
  sc_core::sc_trace(tf_, trial_, "chip.trial");
  sc_core::sc_trace(tf_, aer_id_, "chip.aer_id");
  sc_core::sc_trace(tf_, aer_strobe_, "chip.aer_strobe");
  sc_core::sc_trace(tf_, pulse_k_, "chip.pulse_k");
  for (int n = 0; n < m_; ++n) {
    const std::string s = "chip.n" + two(n) + ".";
    i_mem_[n] = 0.0;
    spike_[n] = inc_[n] = dec_[n] = false;
    sl_[n] = true;  // SL is the initial latch state
    sc_core::sc_trace(tf_, i_mem_[n], s + "I_mem");
    sc_core::sc_trace(tf_, spike_[n], s + "spike");
    sc_core::sc_trace(tf_, inc_[n], s + "INC");
    sc_core::sc_trace(tf_, sl_[n], s + "SL");
    sc_core::sc_trace(tf_, dec_[n], s + "DEC");
  }
  for (int n = 0; n < m_; ++n)
    for (int k = 0; k < m_; ++k) {
      w_[static_cast<std::size_t>(n) * m + k] = 0;
      sc_core::sc_trace(tf_, w_[static_cast<std::size_t>(n) * m + k], "chip.w.w" + two(n) + "_" + two(k));
    }
}

ChipTracer::~ChipTracer() { close(); }

void ChipTracer::close() {
  if (tf_) sc_core::sc_close_vcd_trace_file(tf_);
  tf_ = nullptr;
}

void ChipTracer::set_i_mem(const std::vector<double>& i_mem) {
  for (int n = 0; n < m_; ++n) i_mem_[n] = i_mem[n];
}

void ChipTracer::set_flags(const LearningBlock& lb) {
  for (int n = 0; n < m_; ++n) {
    const ebn::Decision d = lb.flag(n);
    inc_[n] = d == ebn::Decision::Inc;
    dec_[n] = d == ebn::Decision::Dec;
    sl_[n] = d == ebn::Decision::Hold;
  }
}

void ChipTracer::set_counters_column(const WeightDac& dac, int k) {
  if (k >= m_) return;
  for (int n = 0; n < m_; ++n) w_[static_cast<std::size_t>(n) * m_ + k] = dac.code(n, k);
}

void ChipTracer::set_all_counters(const WeightDac& dac) {
  for (int k = 0; k < m_; ++k) set_counters_column(dac, k);
}

void ChipTracer::spike(int n) {
  aer_id_ = n;
  aer_strobe_ = true;
  if (n < m_) spike_[n] = true;
}

void ChipTracer::clear_strobes() {
  aer_strobe_ = false;
  for (int n = 0; n < m_; ++n) spike_[n] = false;
}

}  // namespace chip
