#pragma once
// The fast mode's second core: one worker thread per process that does, ahead of the learning
// thread, work the learning thread could do itself -- the next training signal
// (fast_signal_ahead.h) and the chunks of the running and the next trial's noise (fast_noise_rows.h). Jobs run
// one after another in the order posted. A job claims its pieces of work itself (the learning
// thread may have done them already), so the learning thread waits for the worker at most while
// it finishes a piece, and a late job costs nothing but its claims. One thread for both: two threads on the one spare core
// took turns by the scheduler's slices, and a sleeping thread woken per pass was often woken on
// the learning thread's core. Between jobs the worker spins 50 us (passes follow each other
// within microseconds), then yields its core for up to 500 us, then sleeps; it runs at nice 10,
// below the process's other threads and any other program, and is kept off the core of the thread
// that last posted to it (the learning thread).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <sys/types.h>

namespace ebn::behavioral {

class SpareCore {
 public:
  using Job = std::function<void()>;
  // The process's worker (started on first use, in a forked child anew; it lives as long as the
  // process, so it outlives every client).
  static SpareCore& instance();
  ~SpareCore();
  SpareCore(const SpareCore&) = delete;
  SpareCore& operator=(const SpareCore&) = delete;

  void post(Job job);
  // Returns when every job posted so far has finished (before a client frees what its jobs use).
  void drain();

 private:
  SpareCore();
  void loop();
  void keep_off(int cpu);  // under mutex_ (or in the constructor)

  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  std::deque<Job> jobs_;
  long posted_ = 0, done_ = 0;  // under mutex_
  std::atomic<long> posted_atomic_{0};  // posted_, for the idle worker's polling
  bool sleeping_ = false, quit_ = false;
  pid_t worker_tid_ = 0;
  int avoided_cpu_ = -1;  // the core the worker is kept off (the last posting thread's)
  std::thread thread_;
};

}  // namespace ebn::behavioral
