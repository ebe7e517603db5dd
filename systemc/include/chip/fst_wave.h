#pragma once
// A small writer of FST files (GTKWave's compressed waveform format) on fstapi, the FST library
// that ships with Verilator (its include/gtkwave/). The chip tracer writes the traced learning pass
// straight into FST with it: no VCD text is printed, parsed, windowed and converted by vcd2fst,
// which took ~3 s of a 4 s `ebn learn --trace` run.
//
// Use: declare scopes and variables first, then time(t) (non-decreasing) and the value changes at
// that time; close() finishes the file and reports a write error (InputError naming the file).
#include <cstdint>
#include <string>

namespace chip {

class FstWave {
 public:
  using Handle = std::uint32_t;
  // Creates `path` (timescale 1 ps). `header`: see set_header().
  FstWave(const std::string& path, const std::string& header);
  ~FstWave();
  FstWave(const FstWave&) = delete;
  FstWave& operator=(const FstWave&) = delete;

  void push_scope(const std::string& name);
  void pop_scope();
  Handle real(const std::string& name);
  Handle bit(const std::string& name);
  Handle integer(const std::string& name);  // 32-bit two's complement, named "name [31:0]" as SystemC's VCD

  // The header text readers show as the simulator version (at most 127 characters; may be set
  // at any time before close()).
  void set_header(const std::string& text);

  void time(std::uint64_t ps);
  void emit(Handle h, double value);
  void emit(Handle h, bool value);
  void emit(Handle h, int value);

  // Finishes the file and reads it back (variables, end time): InputError naming the file if it
  // is incomplete (full disk, file-size limit). Idempotent.
  void close();
  const std::string& path() const { return path_; }

 private:
  void* ctx_ = nullptr;
  std::string path_;
  std::uint64_t variables_ = 0;
  std::uint64_t last_time_ = 0;
  std::uint64_t values_in_block_ = 0;  // value changes since the last block was handed on
  static constexpr std::uint64_t kBlockValues = 1u << 18;
};

}  // namespace chip
