#include "behavioral/fast_noise_rows.h"

#include <immintrin.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "behavioral/fast_normal.h"

namespace ebn::behavioral {

namespace {
constexpr long kChunkValues = 16384;        // ~5 us of drawing: the unit of work sharing
constexpr long kHelperCapValues = 1L << 21;  // 8 MB of float32 per trial buffer at most
constexpr int kSpinMicroseconds = 50;       // the helper's busy wait for the next trial, then ...
constexpr int kYieldMicroseconds = 500;     // ... yielding its core to others, then sleeping
constexpr int kHelperNice = 10;
enum : std::uint64_t { kFree = 0, kHelper = 1, kDrawn = 2, kTaken = 3 };
}  // namespace

FastNoiseRows::FastNoiseRows(int n, bool with_helper)
    : n_(n), chunk_rows_(std::max(1L, kChunkValues / n)), helper_(with_helper) {
  own_.assign(static_cast<std::size_t>(chunk_rows_ * n_ + kPadFloats), 0.0f);
}

FastNoiseRows::~FastNoiseRows() { stop_helper(); }

bool FastNoiseRows::helper_fits(int n, long rows) { return static_cast<long>(n) * rows <= kHelperCapValues; }

void FastNoiseRows::stop_helper() {
  if (!thread_.joinable()) return;
  quit_.store(true, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mutex_);
  }
  wake_.notify_one();
  thread_.join();
  quit_.store(false, std::memory_order_relaxed);
}

void FastNoiseRows::draw(std::uint64_t seed, long c, float* out) const {
  FastNormal::substream(seed, static_cast<std::uint64_t>(c)).fill(out, chunk_rows_ * n_);
}

// Each chunk is followed by its own kPadFloats zeros, never written: reads past a chunk's last row
// (whole vectors) never touch a chunk the helper may be writing.
float* FastNoiseRows::chunk_address(Buffer& b, long c) { return b.values.data() + c * (chunk_rows_ * n_ + kPadFloats); }

void FastNoiseRows::begin(std::uint64_t seed, long rows) {
  seed_ = seed;
  chunks_ = (rows + chunk_rows_ - 1) / chunk_rows_;
  ++epoch_;
  if (!helper_) return;
  if (chunks_ > capacity_chunks_) {  // the first trial, or a longer one: new buffers
    stop_helper();                   // it holds pointers into them
    for (Buffer& b : buffers_) {
      b.values.assign(static_cast<std::size_t>(chunks_ * (chunk_rows_ * n_ + kPadFloats)), 0.0f);
      b.state = std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(chunks_));
      for (long c = 0; c < chunks_; ++c) b.state[c].store(kTaken, std::memory_order_relaxed);
    }
    capacity_chunks_ = chunks_;
    thread_ = std::thread([this, seen = epoch_ - 1] { helper_loop(seen); });
  }
  Buffer& b = buffers_[epoch_ & 1];
  for (long c = 0; c < capacity_chunks_; ++c)  // a chunk of two trials ago still being drawn (practically never)
    while ((b.state[c].load(std::memory_order_acquire) & 3) == kHelper) _mm_pause();
  for (long c = 0; c < capacity_chunks_; ++c) b.state[c].store(epoch_ * 4 + (c < chunks_ ? kFree : kTaken), std::memory_order_relaxed);
  helper_chunks_.store(0, std::memory_order_relaxed);
  posted_seed_.store(seed, std::memory_order_relaxed);
  posted_chunks_.store(chunks_, std::memory_order_relaxed);
  posted_epoch_.store(epoch_, std::memory_order_release);  // publishes the states and the two above
  std::lock_guard<std::mutex> lock(mutex_);
  if (helper_sleeping_) wake_.notify_one();
}

const float* FastNoiseRows::chunk(long c) {
  if (helper_) {
    Buffer& b = buffers_[epoch_ & 1];
    float* p = chunk_address(b, c);
    std::uint64_t expected = epoch_ * 4 + kFree;
    if (b.state[c].compare_exchange_strong(expected, epoch_ * 4 + kTaken, std::memory_order_acq_rel)) {
      draw(seed_, c, p);  // not drawn ahead: drawn here
      return p;
    }
    if (expected == epoch_ * 4 + kDrawn) return p;
    // The helper is drawing it right now: drawn here as well (the same values) rather than waited for.
  }
  draw(seed_, c, own_.data());
  return own_.data();
}

void FastNoiseRows::end() {
  if (!helper_) return;
  Buffer& b = buffers_[epoch_ & 1];
  for (long c = 0; c < chunks_; ++c) {  // no chunk of this trial may be claimed any more
    std::uint64_t expected = epoch_ * 4 + kFree;
    b.state[c].compare_exchange_strong(expected, epoch_ * 4 + kTaken, std::memory_order_acq_rel);
  }
}

void FastNoiseRows::helper_loop(std::uint64_t seen) {
  // Below the other threads of the process on the spare core (the training-signal prefetch, whose
  // result the trial's thread waits for): the helper only saves work the trial's thread can do itself.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kHelperNice);
  for (;;) {
    // The next trial: consecutive learning passes follow each other within microseconds, and a
    // sleeping thread takes tens of them to wake, so first a short busy wait, then a longer one
    // that yields the core to any other runnable thread, then sleep.
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t epoch = posted_epoch_.load(std::memory_order_acquire);
    for (int spins = 0; epoch == seen && !quit_.load(std::memory_order_acquire); ++spins) {
      const auto waited = std::chrono::steady_clock::now() - start;
      if (waited > std::chrono::microseconds(kYieldMicroseconds)) {
        std::unique_lock<std::mutex> lock(mutex_);
        helper_sleeping_ = true;
        wake_.wait(lock, [&] {
          return quit_.load(std::memory_order_acquire) || posted_epoch_.load(std::memory_order_acquire) != seen;
        });
        helper_sleeping_ = false;
      } else if (waited > std::chrono::microseconds(kSpinMicroseconds)) {
        sched_yield();
      } else {
        _mm_pause();
      }
      epoch = posted_epoch_.load(std::memory_order_acquire);
    }
    if (quit_.load(std::memory_order_acquire)) return;
    seen = epoch;
    // A later trial's seed here (posted meanwhile) is harmless: every chunk of `epoch` is then
    // taken already, so no claim below succeeds.
    const std::uint64_t seed = posted_seed_.load(std::memory_order_relaxed);
    const long chunks = std::min(posted_chunks_.load(std::memory_order_relaxed), capacity_chunks_);
    Buffer& b = buffers_[epoch & 1];
    long drawn = 0;
    for (long c = 0; c < chunks; ++c) {  // in order, each claimed first
      std::uint64_t expected = epoch * 4 + kFree;
      if (b.state[c].load(std::memory_order_relaxed) != expected) continue;
      if (!b.state[c].compare_exchange_strong(expected, epoch * 4 + kHelper, std::memory_order_acq_rel)) continue;
      draw(seed, c, chunk_address(b, c));
      b.state[c].store(epoch * 4 + kDrawn, std::memory_order_release);
      ++drawn;
    }
    helper_chunks_.store(drawn, std::memory_order_relaxed);
  }
}

}  // namespace ebn::behavioral
