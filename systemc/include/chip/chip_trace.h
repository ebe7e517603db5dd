#pragma once
// Waveforms of the chip on request (opened in GTKWave with waves/chip.gtkw). The chip only writes
// the values below when tracing is on, and samples I_mem on a fixed trace grid (plus at every
// event, so resets and edges are sharp). Two writers, chosen by the file name:
//  * "*.vcd" (or no extension): a raw VCD on SystemC's global time. Every value is a plain member
//    registered with sc_trace; SystemC's VCD writer samples it whenever SystemC time advances.
//    finish_trace (ebn/trace_file.h) windows it and converts it afterwards.
//  * "*.fst": FST written directly (fst_wave.h), with the same names and the same sampling
//    (the values of an instant are emitted once SystemC time moves on), but only inside the
//    windows opened by begin_window(): time 0 of the file = the first window's start. For the
//    traced learning pass this is the finished file: no VCD text, no windowing, no vcd2fst.
//
// VCD names (scope SystemC.chip):  aer_id, aer_strobe, pulse_k, trial,
//   nNN.I_mem (real, A), nNN.spike, nNN.INC, nNN.SL, nNN.DEC   for neurons NN < trace_neurons,
//   w.wNN_KK (counter W[NN][KK], integer)                         for NN, KK < trace_neurons.
#include <systemc>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace chip {

class FstWave;
class LearningBlock;
class WeightDac;

class ChipTracer {
 public:
  // `path`: "*.fst" = direct FST, else VCD (".vcd" appended if missing). Must be called during
  // elaboration.
  ChipTracer(const std::string& path, int traced_neurons);
  ~ChipTracer();
  ChipTracer(const ChipTracer&) = delete;
  ChipTracer& operator=(const ChipTracer&) = delete;

  void set_i_mem(const std::vector<double>& i_mem);
  void set_flags(const LearningBlock& lb);
  void set_counters_column(const WeightDac& dac, int k);
  void set_all_counters(const WeightDac& dac);
  void spike(int n);
  void pulse(int k) {
    touch();
    pulse_k_ = k;
  }
  void clear_strobes();  // called on the trace grid: a spike shows as a strobe one grid step wide
  void set_trial(int t) {
    touch();
    trial_ = t;
  }
  // FST: a traced interval starts at the present SystemC time (the first start is the file's
  // time 0; all values are written at each start) and ends at `end` (>= the last value change;
  // later changes are not written). VCD: nothing to do (finish_trace windows it afterwards).
  void begin_window();
  void end_window(const sc_core::sc_time& end);
  void close();          // flush and close the file (idempotent)
  const std::string& path() const { return path_; }
  bool direct_fst() const { return fst_ != nullptr; }

 private:
  struct Emitted;  // FST: the values last written, per variable
  void declare_fst_variables();
  // FST: before a value changes, the values of an earlier instant are written out.
  void touch() {
    if (fst_ && in_window_ && sc_core::sc_time_stamp() != stamp_) flush();
  }
  void flush();
  sc_core::sc_trace_file* tf_ = nullptr;
  std::unique_ptr<FstWave> fst_;
  std::unique_ptr<Emitted> emitted_;
  bool in_window_ = false;
  bool window_opened_ = false;
  bool write_all_ = false;  // the next flush writes every value (a window's start)
  sc_core::sc_time stamp_;   // the instant whose values are pending
  std::uint64_t origin_ps_ = 0;
  std::string path_;
  int m_;
  std::unique_ptr<double[]> i_mem_;
  std::unique_ptr<bool[]> spike_, inc_, sl_, dec_;
  std::unique_ptr<int[]> w_;
  int aer_id_ = -1;
  bool aer_strobe_ = false;
  int pulse_k_ = -1;
  int trial_ = -1;
};

}  // namespace chip
