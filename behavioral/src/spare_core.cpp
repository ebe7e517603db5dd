#include "behavioral/spare_core.h"

#include <immintrin.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <future>

namespace ebn::behavioral {

namespace {
constexpr int kSpinMicroseconds = 50;    // busy wait for the next job, then ...
constexpr int kYieldMicroseconds = 500;  // ... yielding the core to others, then sleeping
constexpr int kNice = 10;
}  // namespace

SpareCore& SpareCore::instance() {
  // Made once per process and never destroyed (its thread ends with the process, after every
  // client has drained it in its destructor). A child forked from a process that has one (the
  // sweeps run experiments in forked children) gets one of its own: the parent's thread does not
  // exist there, so jobs posted to the parent's would never run.
  static std::mutex made;
  static SpareCore* core = nullptr;
  static pid_t owner = 0;
  std::lock_guard<std::mutex> lock(made);
  if (!core || owner != ::getpid()) {
    core = new SpareCore();
    owner = ::getpid();
  }
  return *core;
}

SpareCore::SpareCore() {
  std::promise<pid_t> tid;
  std::future<pid_t> started = tid.get_future();
  thread_ = std::thread([this, &tid] {
    tid.set_value(static_cast<pid_t>(syscall(SYS_gettid)));
    loop();
  });
  worker_tid_ = started.get();
  keep_off(sched_getcpu());
}

// The worker on any allowed core but `cpu` (the posting thread's). The scheduler now and then put
// it beside the learning thread, where, niced, it was starved for milliseconds (fast N = 20 runs
// with 4-23 of 51 signals delivered instead of 50-51); the learning thread also moves now and then
// (the validations' threads), so post() follows it.
void SpareCore::keep_off(int cpu) {
  avoided_cpu_ = cpu;
  cpu_set_t allowed;
  if (cpu < 0 || sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2 ||
      !CPU_ISSET(cpu, &allowed))
    return;
  CPU_CLR(cpu, &allowed);
  sched_setaffinity(worker_tid_, sizeof allowed, &allowed);
}

SpareCore::~SpareCore() {  // not called for instance() (see there)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    posted_atomic_.store(-1, std::memory_order_release);  // ends a spinning wait
  }
  wake_.notify_one();
  thread_.join();
}

void SpareCore::post(Job job) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int cpu = sched_getcpu();
  if (cpu != avoided_cpu_) keep_off(cpu);  // a syscall only when the posting thread has moved
  jobs_.push_back(std::move(job));
  ++posted_;
  posted_atomic_.store(posted_, std::memory_order_release);
  if (sleeping_) wake_.notify_one();
}

void SpareCore::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  const long target = posted_;
  finished_.wait(lock, [&] { return done_ >= target; });
}

void SpareCore::loop() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kNice);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!jobs_.empty()) {
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      ++done_;
      finished_.notify_all();
      continue;
    }
    if (quit_) return;
    // Idle: poll without the lock for a while, then sleep.
    const long seen = posted_;
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    bool sleep = false;
    for (;;) {
      if (posted_atomic_.load(std::memory_order_acquire) != seen) break;
      const auto waited = std::chrono::steady_clock::now() - start;
      if (waited > std::chrono::microseconds(kYieldMicroseconds)) {
        sleep = true;
        break;
      }
      if (waited > std::chrono::microseconds(kSpinMicroseconds))
        sched_yield();
      else
        _mm_pause();
    }
    lock.lock();
    if (sleep && jobs_.empty() && !quit_) {
      sleeping_ = true;
      wake_.wait(lock, [&] { return quit_ || !jobs_.empty(); });
      sleeping_ = false;
    }
  }
}

}  // namespace ebn::behavioral
