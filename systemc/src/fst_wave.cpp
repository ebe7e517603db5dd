#include "chip/fst_wave.h"

#include <fstapi.h>

#include "ebn/errors.h"

namespace chip {

FstWave::FstWave(const std::string& path, const std::string& header) : path_(path) {
  ctx_ = fstWriterCreate(path.c_str(), 1);
  if (!ctx_) throw ebn::InputError(path + ": cannot create the waveform file");
  // LZ4 blocks, compressed in fstapi's writer thread: ~0.1 s for a 20-neuron pass where zlib
  // (vcd2fst -Z) took ~0.4 s; the file is ~40 % larger (18 vs 13 MB), GTKWave reads both.
  fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
  fstWriterSetParallelMode(ctx_, 1);
  fstWriterSetTimescale(ctx_, -12);           // 1 ps, as the SystemC VCD tracer
  set_header(header);
}

void FstWave::set_header(const std::string& text) { fstWriterSetVersion(ctx_, text.c_str()); }

FstWave::~FstWave() {
  if (ctx_) fstWriterClose(ctx_);
}

void FstWave::push_scope(const std::string& name) { fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, name.c_str(), nullptr); }
void FstWave::pop_scope() { fstWriterSetUpscope(ctx_); }

FstWave::Handle FstWave::real(const std::string& name) {
  ++variables_;
  return fstWriterCreateVar(ctx_, FST_VT_VCD_REAL, FST_VD_IMPLICIT, 64, name.c_str(), 0);
}
FstWave::Handle FstWave::bit(const std::string& name) {
  ++variables_;
  return fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, 1, name.c_str(), 0);
}
FstWave::Handle FstWave::integer(const std::string& name) {
  ++variables_;
  return fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, 32, (name + " [31:0]").c_str(), 0);
}

void FstWave::time(std::uint64_t ps) {
  // fstapi compresses a block of value changes when it holds 128 MB, i.e. for a traced pass only in
  // close(), on the caller's thread (~0.17 s of a 0.55 s main job). A block every kBlockValues
  // changes is compressed by fstapi's writer thread while the simulation goes on (the flush
  // happens at this time change).
  if (values_in_block_ >= kBlockValues) {
    fstWriterFlushContext(ctx_);
    values_in_block_ = 0;
  }
  fstWriterEmitTimeChange(ctx_, ps);
  last_time_ = ps;
}
void FstWave::emit(Handle h, double value) {
  fstWriterEmitValueChange(ctx_, h, &value);
  ++values_in_block_;
}
void FstWave::emit(Handle h, bool value) {
  fstWriterEmitValueChange32(ctx_, h, 1, value ? 1u : 0u);
  ++values_in_block_;
}
void FstWave::emit(Handle h, int value) {
  fstWriterEmitValueChange32(ctx_, h, 32, static_cast<std::uint32_t>(value));
  ++values_in_block_;
}

void FstWave::close() {
  if (!ctx_) return;
  const bool seek_failed = fstWriterGetFseekFailed(ctx_) != 0;
  fstWriterClose(ctx_);
  ctx_ = nullptr;
  // fstapi does not report failed writes (full disk, file-size limit): read the file back. Its
  // hierarchy and geometry are written last, so a truncated file does not open or misses them.
  void* reader = seek_failed ? nullptr : fstReaderOpen(path_.c_str());
  const bool complete = reader && fstReaderGetVarCount(reader) == variables_ && fstReaderGetEndTime(reader) == last_time_;
  if (reader) fstReaderClose(reader);
  if (!complete)
    throw ebn::InputError(path_ + ": not written completely (no space left on the device, or the file-size limit)");
}

}  // namespace chip
