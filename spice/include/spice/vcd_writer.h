#pragma once
// Minimal VCD writer for level-5 waveforms, using the signal names of the level-3 chip trace
// (SystemC.chip.nNN.I_mem, nNN.INC/SL/DEC/spike, w.wNN_KK, pulse_k; systemc/include/chip/chip_trace.h),
// so the committed GTKWave views show level 3 and level 5 alike. Changes may be added in any
// order; render() sorts them by time (stable) and writes a 1 ns timescale.
#include <cstdint>
#include <string>
#include <vector>

namespace spice {

class VcdWriter {
 public:
  enum class Kind { Real, Integer, Bit };
  // `path`: dotted hierarchical name, e.g. "SystemC.chip.n01.I_mem". Returns the signal id.
  int add(const std::string& path, Kind kind);
  void change(double t_s, int id, double value);
  std::string render() const;

 private:
  struct Signal {
    std::string path;
    Kind kind;
  };
  struct Change {
    std::int64_t t_ns;
    int id;
    double value;
  };
  std::vector<Signal> signals_;
  std::vector<Change> changes_;
};

}  // namespace spice
