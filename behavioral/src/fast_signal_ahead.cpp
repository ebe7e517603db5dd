#include "behavioral/fast_signal_ahead.h"

#include "behavioral/fast_normal.h"
#include "behavioral/spare_core.h"

namespace ebn::behavioral {

FastSignalAhead::FastSignalAhead(const NetworkParams& params) : generator_(params) {
  SpareCore::instance();  // started now, not in the first trial
}

FastSignalAhead::~FastSignalAhead() { SpareCore::instance().drain(); }  // its jobs use this

RunRng FastSignalAhead::start(const RunRng& from) {
  RunRng after = from;
  (void)FastNormal::from(after);  // a fast-mode signal's one draw (SignalGenerator::draw_into)
  const int k = held_ == 0 ? 1 : 0;  // never the slot the running trial reads
  if (slots_[k].state.load(std::memory_order_acquire) == kDrawing) return after;  // still busy with a stale draw
  slots_[k].from = from;
  slots_[k].state.store(kPosted, std::memory_order_release);
  posted_ = k;
  SpareCore::instance().post([this, k] { draw_ahead(k); });
  return after;
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
    // kDrawing: the spare core is at it right now; drawn here rather than waited for (start()
    // skips the slot until the job is done with it).
  }
  own.draw_into(rng, own_signal);
  return own_signal;
}

void FastSignalAhead::draw_ahead(int k) {
  Slot& s = slots_[k];
  int expected = kPosted;
  if (!s.state.compare_exchange_strong(expected, kDrawing, std::memory_order_acq_rel)) return;  // withdrawn
  RunRng rng = *s.from;
  generator_.draw_into(rng, s.signal);
  s.after = rng;
  s.state.store(kReady, std::memory_order_release);
}

}  // namespace ebn::behavioral
