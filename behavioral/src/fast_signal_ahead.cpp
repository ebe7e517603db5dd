#include "behavioral/fast_signal_ahead.h"

namespace ebn::behavioral {

FastSignalAhead::FastSignalAhead(const NetworkParams& params) : params_(params) {
  worker_ = std::thread([this] { work(); });
}

FastSignalAhead::~FastSignalAhead() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void FastSignalAhead::start(const RunRng& from) {
  int k = held_ == 0 ? 1 : 0;  // never the slot the running trial reads
  if (slots_[k].state.load(std::memory_order_acquire) == kDrawing) return;  // still busy with a stale draw
  slots_[k].from = from;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[k].state.store(kPosted, std::memory_order_release);
  }
  posted_ = k;
  wake_.notify_one();
}

const InputSignal& FastSignalAhead::next(RunRng& rng, const SignalGenerator& own, InputSignal& own_signal) {
  held_ = -1;
  const int k = posted_;
  posted_ = -1;
  if (k >= 0) {
    Slot& s = slots_[k];
    int expected = kPosted;
    if (s.state.compare_exchange_strong(expected, kIdle, std::memory_order_acq_rel)) {
      // not started: withdrawn, drawn below
    } else if (expected == kReady && *s.from == rng) {
      rng = *s.after;
      s.state.store(kIdle, std::memory_order_relaxed);
      held_ = k;
      ++taken_;
      return s.signal;
    } else if (expected == kReady) {
      s.state.store(kIdle, std::memory_order_relaxed);  // drawn from another stream state: dropped
    }
    // kDrawing: the worker is at it right now; drawn here rather than waited for (start() skips
    // the slot until the worker is done with it).
  }
  own.draw_into(rng, own_signal);
  return own_signal;
}

void FastSignalAhead::work() {
  const SignalGenerator generator(params_);  // a generator is not shared between threads
  for (;;) {
    int k = -1;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] {
        if (quit_) return true;
        for (int i = 0; i < 2; ++i)
          if (slots_[i].state.load(std::memory_order_acquire) == kPosted) k = i;
        return k >= 0;
      });
      if (quit_) return;
    }
    Slot& s = slots_[k];
    int expected = kPosted;
    if (!s.state.compare_exchange_strong(expected, kDrawing, std::memory_order_acq_rel)) continue;  // withdrawn
    RunRng rng = *s.from;
    generator.draw_into(rng, s.signal);
    s.after = rng;
    s.state.store(kReady, std::memory_order_release);
  }
}

}  // namespace ebn::behavioral
