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

void FastNoiseRows::reserve(long rows) {
  const long chunks = chunks_for(rows);
  if (!ahead_ || chunks <= capacity_chunks_) return;
  SpareCore::instance().drain();  // no job of ours may hold pointers into the old buffers
  for (Buffer& b : buffers_) {
    b.values.assign(static_cast<std::size_t>(chunks * (chunk_rows_ * n_ + kPadFloats)), 0.0f);
    b.state = std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(chunks));
    for (long c = 0; c < chunks; ++c) b.state[c].store(kTaken, std::memory_order_relaxed);
    b.expected_tag = 0;  // its chunks are gone
  }
  capacity_chunks_ = chunks;
}

void FastNoiseRows::prepare(int k, std::uint64_t tag, std::uint64_t seed, long chunks) {
  Buffer& b = buffers_[k];
  // Closed first: a job of an earlier tag (a trial that ended early, an expectation dropped) may
  // still be running over this buffer; once no chunk is free it claims nothing more, and the one it
  // may be drawing right now is waited for (practically never: jobs run in order).
  for (long c = 0; c < capacity_chunks_; ++c) {
    std::uint64_t s = b.state[c].load(std::memory_order_acquire);
    while ((s & 3) == kFree && !b.state[c].compare_exchange_weak(s, s - kFree + kTaken, std::memory_order_acq_rel)) {
    }
  }
  for (long c = 0; c < capacity_chunks_; ++c)
    while ((b.state[c].load(std::memory_order_acquire) & 3) == kAhead) _mm_pause();
  for (long c = 0; c < capacity_chunks_; ++c)
    b.state[c].store(tag * 4 + (c < chunks ? kFree : kTaken), std::memory_order_relaxed);
  // The job's arguments are copies: members change meanwhile. (Posting takes the worker's mutex,
  // which publishes the states above to it.)
  SpareCore::instance().post([this, k, tag, seed, chunks] { draw_ahead(k, tag, seed, chunks); });
}

void FastNoiseRows::expect(std::uint64_t seed, long rows) {
  const long chunks = chunks_for(rows);
  if (!ahead_ || (running_ && chunks > capacity_chunks_)) return;  // (the running trial reads the buffers)
  reserve(rows);
  for (const Buffer& b : buffers_)
    if (b.expected_tag != 0 && b.expected_seed == seed && b.expected_chunks == chunks) return;  // already
  // A buffer without an expectation, the running trial's only once it is over; else the older
  // expectation is replaced.
  const int other = 1 - current_;
  int k = other;
  if (buffers_[other].expected_tag != 0) {
    if (!running_ && buffers_[current_].expected_tag == 0)
      k = current_;
    else if (!running_ && buffers_[current_].expected_tag < buffers_[other].expected_tag)
      k = current_;
  }
  Buffer& b = buffers_[k];
  b.expected_tag = ++last_tag_;
  b.expected_seed = seed;
  b.expected_chunks = chunks;
  prepare(k, b.expected_tag, seed, chunks);
}

void FastNoiseRows::begin(std::uint64_t seed, long rows) {
  seed_ = seed;
  chunks_ = chunks_for(rows);
  if (!ahead_) return;
  reserve(rows);
  tail_ = chunks_ - 1;
  running_ = true;
  for (int k = 0; k < 2; ++k) {
    Buffer& b = buffers_[k];
    if (b.expected_tag != 0 && b.expected_seed == seed && b.expected_chunks == chunks_) {
      current_ = k;
      tag_ = b.expected_tag;
      b.expected_tag = 0;
      ++expected_trials_;
      return;
    }
  }
  // Not expected: a buffer without an expectation (the other one than the last trial's if both
  // are free: a job may still be finishing a chunk there), else the one expected longer ago (an
  // expectation for this trial that did not come true, not the one for the next).
  const std::uint64_t t0 = buffers_[0].expected_tag, t1 = buffers_[1].expected_tag;
  const int k = t0 == 0 && t1 == 0 ? 1 - current_ : t0 == 0 ? 0 : t1 == 0 ? 1 : t0 < t1 ? 0 : 1;
  buffers_[k].expected_tag = 0;
  current_ = k;
  tag_ = ++last_tag_;
  prepare(k, tag_, seed, chunks_);
}

const float* FastNoiseRows::chunk(long c) {
  if (ahead_) {
    Buffer& b = buffers_[current_];
    float* p = chunk_address(b, c);
    std::uint64_t expected = tag_ * 4 + kFree;
    if (b.state[c].compare_exchange_strong(expected, tag_ * 4 + kTaken, std::memory_order_acq_rel)) {
      draw(seed_, c, p);  // not drawn ahead: drawn here
      return p;
    }
    if (expected == tag_ * 4 + kDrawn) return p;
    // The spare core is drawing it right now. Meanwhile the last chunk nobody has started is drawn
    // here (work the spare core would do later: so the two share a trial's chunks evenly); then
    // this one is waited for as long as drawing it takes (drawing it again here would put the two
    // in step, each drawing every chunk), and drawn here after that (the spare core lost its core).
    while (tail_ > c) {
      const long last = tail_--;
      std::uint64_t free = tag_ * 4 + kFree;
      if (b.state[last].compare_exchange_strong(free, tag_ * 4 + kAhead, std::memory_order_acq_rel)) {
        draw(seed_, last, chunk_address(b, last));
        b.state[last].store(tag_ * 4 + kDrawn, std::memory_order_release);
        break;
      }
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::microseconds(kWaitMicroseconds);
    for (int spins = 1;; ++spins) {
      if (b.state[c].load(std::memory_order_acquire) == tag_ * 4 + kDrawn) return p;
      if (spins % 64 == 0 && std::chrono::steady_clock::now() > give_up) break;
      _mm_pause();
    }
  }
  draw(seed_, c, own_.data());
  return own_.data();
}

void FastNoiseRows::end() {
  if (!ahead_) return;
  running_ = false;
  Buffer& b = buffers_[current_];
  for (long c = 0; c < chunks_; ++c) {  // no chunk of this trial may be claimed any more
    std::uint64_t expected = tag_ * 4 + kFree;
    b.state[c].compare_exchange_strong(expected, tag_ * 4 + kTaken, std::memory_order_acq_rel);
  }
}

void FastNoiseRows::draw_ahead(int k, std::uint64_t tag, std::uint64_t seed, long chunks) {
  Buffer& b = buffers_[k];
  for (long c = 0; c < chunks; ++c) {  // in order, each claimed first; one the trial's thread took, or
    std::uint64_t expected = tag * 4 + kFree;  // one of a later trial (other tag), is left alone
    if (b.state[c].load(std::memory_order_relaxed) != expected) continue;
    if (!b.state[c].compare_exchange_strong(expected, tag * 4 + kAhead, std::memory_order_acq_rel)) continue;
    draw(seed, c, chunk_address(b, c));
    b.state[c].store(tag * 4 + kDrawn, std::memory_order_release);
    ahead_chunks_.fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace ebn::behavioral
