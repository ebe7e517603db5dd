#pragma once
// Waveforms of the chip on request (VCD, opened in GTKWave with waves/chip.gtkw). Everything
// traced here is a plain member variable registered with sc_trace; the VCD writer samples it
// whenever SystemC time advances. The chip only writes these values when tracing is on, and
// samples I_mem on a fixed trace grid (plus at every event, so resets and edges are sharp).
//
// VCD names (scope SystemC.chip):  aer_id, aer_strobe, pulse_k, trial,
//   nNN.I_mem (real, A), nNN.spike, nNN.INC, nNN.SL, nNN.DEC   for neurons NN < trace_neurons,
//   w.wNN_KK (counter W[NN][KK], integer)                         for NN, KK < trace_neurons.
#include <systemc>

#include <memory>
#include <string>
#include <vector>

namespace chip {

class LearningBlock;
class WeightDac;

class ChipTracer {
 public:
  // `path`: VCD file name (".vcd" appended if missing). Must be called during elaboration.
  ChipTracer(const std::string& path, int traced_neurons);
  ~ChipTracer();
  ChipTracer(const ChipTracer&) = delete;
  ChipTracer& operator=(const ChipTracer&) = delete;

  void set_i_mem(const std::vector<double>& i_mem);
  void set_flags(const LearningBlock& lb);
  void set_counters_column(const WeightDac& dac, int k);
  void set_all_counters(const WeightDac& dac);
  void spike(int n);
  void pulse(int k) { pulse_k_ = k; }
  void clear_strobes();  // called on the trace grid: a spike shows as a strobe one grid step wide
  void set_trial(int t) { trial_ = t; }
  void close();          // flush and close the VCD (idempotent)
  const std::string& path() const { return path_; }

 private:
  sc_core::sc_trace_file* tf_ = nullptr;
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
