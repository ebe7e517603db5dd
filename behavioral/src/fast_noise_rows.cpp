#include "behavioral/fast_noise_rows.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>

#include "behavioral/fast_normal.h"
#include "behavioral/spare_core.h"

namespace ebn::behavioral {

namespace {
constexpr long kChunkValues = 16384;        // ~5 us of drawing: the unit of work sharing
constexpr long kAheadCapValues = 1L << 21;  // 8 MB of float32 per trial buffer at most
constexpr int kWaitMicroseconds = 10;       // about twice a chunk's drawing time
enum : std::uint64_t { kFree = 0, kAhead = 1, kDrawn = 2, kTaken = 3 };
}  // namespace

FastNoiseRows::FastNoiseRows(int n, bool ahead) : n_(n), chunk_rows_(std::max(1L, kChunkValues / n)), ahead_(ahead) {
  own_.assign(static_cast<std::size_t>(chunk_rows_ * n_ + kPadFloats), 0.0f);
  if (ahead_) SpareCore::instance();  // started now, not in the first trial
}

FastNoiseRows::~FastNoiseRows() {
  if (ahead_) SpareCore::instance().drain();  // its jobs use this
}

bool FastNoiseRows::ahead_fits(int n, long rows) { return static_cast<long>(n) * rows <= kAheadCapValues; }

void FastNoiseRows::draw(std::uint64_t seed, long c, float* out) const {
  FastNormal::substream(seed, static_cast<std::uint64_t>(c)).fill(out, chunk_rows_ * n_);
}

// Each chunk is followed by its own kPadFloats zeros, never written: reads past a chunk's last row
// (whole vectors) never touch a chunk the spare core may be writing.
float* FastNoiseRows::chunk_address(Buffer& b, long c) { return b.values.data() + c * (chunk_rows_ * n_ + kPadFloats); }

void FastNoiseRows::begin(std::uint64_t seed, long rows) {
  seed_ = seed;
  chunks_ = (rows + chunk_rows_ - 1) / chunk_rows_;
  ++epoch_;
  if (!ahead_) return;
  reserve(rows);
  Buffer& b = buffers_[epoch_ & 1];
  for (long c = 0; c < capacity_chunks_; ++c)  // a chunk of two trials ago still being drawn (practically never)
    while ((b.state[c].load(std::memory_order_acquire) & 3) == kAhead) _mm_pause();
  for (long c = 0; c < capacity_chunks_; ++c)
    b.state[c].store(epoch_ * 4 + (c < chunks_ ? kFree : kTaken), std::memory_order_relaxed);
  ahead_chunks_.store(0, std::memory_order_relaxed);
  tail_ = chunks_ - 1;
  // The job's arguments are copies: a later trial's begin() changes the members meanwhile. (Posting
  // takes the worker's mutex, which publishes the states above to it.)
  SpareCore::instance().post([this, epoch = epoch_, seed, chunks = chunks_] { draw_ahead(epoch, seed, chunks); });
}

void FastNoiseRows::reserve(long rows) {
  const long chunks = (rows + chunk_rows_ - 1) / chunk_rows_;
  if (!ahead_ || chunks <= capacity_chunks_) return;
  SpareCore::instance().drain();  // no job of ours may hold pointers into the old buffers
  for (Buffer& b : buffers_) {
    b.values.assign(static_cast<std::size_t>(chunks * (chunk_rows_ * n_ + kPadFloats)), 0.0f);
    b.state = std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(chunks));
    for (long c = 0; c < chunks; ++c) b.state[c].store(kTaken, std::memory_order_relaxed);
  }
  capacity_chunks_ = chunks;
}

const float* FastNoiseRows::chunk(long c) {
  if (ahead_) {
    Buffer& b = buffers_[epoch_ & 1];
    float* p = chunk_address(b, c);
    std::uint64_t expected = epoch_ * 4 + kFree;
    if (b.state[c].compare_exchange_strong(expected, epoch_ * 4 + kTaken, std::memory_order_acq_rel)) {
      draw(seed_, c, p);  // not drawn ahead: drawn here
      return p;
    }
    if (expected == epoch_ * 4 + kDrawn) return p;
    // The spare core is drawing it right now. Meanwhile the last chunk nobody has started is drawn
    // here (work the spare core would do later: so the two share a trial's chunks evenly); then
    // this one is waited for as long as drawing it takes (drawing it again here would put the two
    // in step, each drawing every chunk), and drawn here after that (the spare core lost its core).
    while (tail_ > c) {
      const long last = tail_--;
      std::uint64_t free = epoch_ * 4 + kFree;
      if (b.state[last].compare_exchange_strong(free, epoch_ * 4 + kAhead, std::memory_order_acq_rel)) {
        draw(seed_, last, chunk_address(b, last));
        b.state[last].store(epoch_ * 4 + kDrawn, std::memory_order_release);
        break;
      }
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::microseconds(kWaitMicroseconds);
    for (int spins = 1;; ++spins) {
      if (b.state[c].load(std::memory_order_acquire) == epoch_ * 4 + kDrawn) return p;
      if (spins % 64 == 0 && std::chrono::steady_clock::now() > give_up) break;
      _mm_pause();
    }
  }
  draw(seed_, c, own_.data());
  return own_.data();
}

void FastNoiseRows::end() {
  if (!ahead_) return;
  Buffer& b = buffers_[epoch_ & 1];
  for (long c = 0; c < chunks_; ++c) {  // no chunk of this trial may be claimed any more
    std::uint64_t expected = epoch_ * 4 + kFree;
    b.state[c].compare_exchange_strong(expected, epoch_ * 4 + kTaken, std::memory_order_acq_rel);
  }
}

void FastNoiseRows::draw_ahead(std::uint64_t epoch, std::uint64_t seed, long chunks) {
  Buffer& b = buffers_[epoch & 1];
  long drawn = 0;
  for (long c = 0; c < chunks; ++c) {  // in order, each claimed first; one the trial's thread took, or
    std::uint64_t expected = epoch * 4 + kFree;  // one of a later trial (other tag), is left alone
    if (b.state[c].load(std::memory_order_relaxed) != expected) continue;
    if (!b.state[c].compare_exchange_strong(expected, epoch * 4 + kAhead, std::memory_order_acq_rel)) continue;
    draw(seed, c, chunk_address(b, c));
    b.state[c].store(epoch * 4 + kDrawn, std::memory_order_release);
    ++drawn;
  }
  ahead_chunks_.store(drawn, std::memory_order_relaxed);
}

}  // namespace ebn::behavioral
