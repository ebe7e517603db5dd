#include "behavioral/training_prefetch.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "behavioral/parallel_chain.h"
#include "ebn/errors.h"

namespace ebn::behavioral {

TrainingPrefetch::TrainingPrefetch(const NetworkParams& params, int neurons, const SignalGenerator& own)
    : params_(params), neurons_(neurons), samples_(params.samples()), own_generator_(own),
      keep_noise_(static_cast<long>(sizeof(std::uint32_t)) * neurons * params.samples() <= kMaxPredrawBytes) {
  if (params.fast_mode)  // the fast mode draws ahead on the spare core instead (fast_signal_ahead.h)
    throw std::logic_error("TrainingPrefetch: default mode only");
}

TrainingPrefetch::~TrainingPrefetch() { stop(); }

bool TrainingPrefetch::wanted() {
  if (const char* env = std::getenv("EBN_PREFETCH")) {
    if (std::strcmp(env, "on") == 0) return true;
    if (std::strcmp(env, "off") == 0) return false;
    if (std::strcmp(env, "auto") != 0 && env[0] != '\0')
      throw InputError(std::string("environment variable EBN_PREFETCH='") + env + "': expected on, off or auto");
  }
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  if (cores < 2) return false;
  // Session 9: the tasks runnable right now, not the 1-minute load average. The average lags by
  // minutes: after a build it kept `ebn learn` on one core (0.12 s instead of 0.10 s at N = 20) for
  // as long as the build had run, on an idle machine. Three looks 0.2 ms apart; a core is free when
  // at least two of them find the others' runnable tasks below cores − 1 (our thread and the
  // worker take two). Where /proc/loadavg cannot be read: the 1-minute average as before
  // (session 8: load + 2 <= cores + 1.5; at load ~3-4 the worker's CPU share came out of the trial's).
  int free_looks = 0;
  for (int look = 0; look < 3; ++look) {
    if (look > 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
    const int others = runnable_now() - 1;  // the count includes this thread
    if (others < 0) {
      double load = 0.0;
      return getloadavg(&load, 1) == 1 && load + 2.0 <= cores + 1.5;
    }
    if (others + 2 <= cores) ++free_looks;
  }
  return free_looks >= 2;
}

int TrainingPrefetch::runnable_now() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return -1;
  double a = 0.0, b = 0.0, c = 0.0;
  int running = -1, total = 0;
  const bool read = std::fscanf(f, "%lf %lf %lf %d/%d", &a, &b, &c, &running, &total) == 5;
  std::fclose(f);
  return read ? running : -1;
}

void TrainingPrefetch::start(int passes, Validations validations, const RunRng* from) {
  stop();
  start_pass_ = next_pass_;
  end_pass_ = next_pass_ + passes;
  validations_ = std::move(validations);
  const long dims = params_.input_dims;
  const long validation_bytes =
      static_cast<long>(sizeof(std::uint32_t)) * validations_.signals * (samples_ * neurons_ + (samples_ - 1) * dims);
  keep_validation_noise_ = validations_.signals > 0 && validation_bytes <= kMaxValidationBytes;
  for (ValidationBuffer& b : validation_noise_) {  // sized here: the runs hold pointers into them
    b.noise.trial.resize(keep_validation_noise_ ? validations_.signals : 0);
    b.noise.readout.resize(keep_validation_noise_ ? validations_.signals : 0);
    b.state = ValidationBuffer::State::free;
  }
  if (from && passes > 0) {
    for (Slot& s : slots_) s.ready = false;
    last_validation_start_.reset();
    last_validation_end_.reset();
    last_validation_noise_ = -1;
    cancel_ = false;
    const RunRng rng = *from;
    const long first = start_pass_, end = end_pass_;
    worker_ = std::thread([this, rng, first, end] { work(rng, first, end, false); });
  }
}

void TrainingPrefetch::release_validation_noise(int index) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    validation_noise_[index].state = ValidationBuffer::State::free;
  }
  changed_.notify_all();
}

void TrainingPrefetch::reset_validation_noise() {
  last_validation_noise_ = -1;
  for (ValidationBuffer& b : validation_noise_)
    if (b.state == ValidationBuffer::State::drawn) b.state = ValidationBuffer::State::free;
}

int TrainingPrefetch::draw_validation(RunRng& rng) {
  if (!keep_validation_noise_) {
    validations_.skip(rng);
    return -1;
  }
  int index = -1;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] {
      return cancel_ || validation_noise_[0].state == ValidationBuffer::State::free ||
             validation_noise_[1].state == ValidationBuffer::State::free;
    });
    if (cancel_) return -2;
    index = validation_noise_[0].state == ValidationBuffer::State::free ? 0 : 1;
    validation_noise_[index].state = ValidationBuffer::State::drawn;
  }
  ValidationNoise& noise = validation_noise_[index].noise;
  const int readout_values = static_cast<int>((samples_ - 1) * params_.input_dims);
  for (int v = 0; v < validations_.signals; ++v) {  // as skip_trial_and_readout
    noise.trial[v].draw(rng, neurons_, samples_);
    noise.readout[v].draw(rng, readout_values, 1);
  }
  return index;
}

bool TrainingPrefetch::validation_end(const RunRng& rng, RunRng& end, int* noise) {
  const long pass = next_pass_;
  if (noise) *noise = -1;
  // The kept noise goes to the caller only with a matching state; otherwise it stays `drawn` and
  // is freed when the pass is taken or the worker restarts.
  const auto hand_out = [&](int index) {
    if (index < 0 || !noise) return;
    validation_noise_[index].state = ValidationBuffer::State::handed;
    *noise = index;
  };
  if (pass == end_pass_ && validations_.after_last && validations_.skip && worker_.joinable()) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return cancel_ || last_validation_end_.has_value(); });
    if (!last_validation_end_ || !(*last_validation_start_ == rng)) return false;
    end = *last_validation_end_;
    hand_out(last_validation_noise_);
    return true;
  }
  if (!(pass < end_pass_ && worker_.joinable() && validation_before(pass))) return false;
  Slot& slot = slots_[pass % kSlots];
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return slot.ready; });
  if (!slot.validation_start || !(*slot.validation_start == rng)) return false;
  end = *slot.validation_end;
  hand_out(slot.validation_noise);
  return true;
}

void TrainingPrefetch::stop() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void TrainingPrefetch::work(RunRng rng, long first_pass, long end_pass, bool trial_running) {
  if (!worker_generator_) worker_generator_.emplace(params_);
  if (trial_running) skip_trial_noise(rng, neurons_, samples_, false);  // the running trial's noise
  for (long pass = first_pass; pass < end_pass; ++pass) {
    Slot& slot = slots_[pass % kSlots];
    {
      std::unique_lock<std::mutex> lock(mutex_);
      for (;;) {  // until the slot is free; meanwhile smooth the earliest signal left for smoothing
        if (cancel_) return;
        if (!slot.ready) break;
        Slot* waiting = nullptr;
        for (Slot& s : slots_)
          if (s.ready && s.smoothing == Slot::Smoothing::pending && (!waiting || s.pass < waiting->pass)) waiting = &s;
        if (waiting)
          smooth(*waiting, lock, *worker_generator_);
        else
          changed_.wait(lock);
      }
    }
    // The slot is free (its previous pass is over) and the caller reads it only after `ready` is
    // set under the mutex below, which orders these writes before that read.
    slot.validation_start.reset();
    slot.validation_end.reset();
    slot.validation_noise = -1;
    if (validation_before(pass)) {
      slot.validation_start = rng;
      slot.validation_noise = draw_validation(rng);
      if (slot.validation_noise == -2) return;  // cancelled
      slot.validation_end = rng;
    }
    slot.before = rng;
    slot.pass = pass;
    worker_generator_->draw_noise(rng, slot.z);
    slot.smoothing = Slot::Smoothing::pending;
    slot.after = rng;
    if (keep_noise_)  // the trial's noise, kept for it (noise())
      slot.noise.draw(rng, neurons_, samples_);
    else
      skip_trial_noise(rng, neurons_, samples_, false);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      slot.ready = true;
    }
    changed_.notify_all();
  }
  if (validations_.after_last && validations_.skip) {
    const RunRng start = rng;
    const int kept = draw_validation(rng);
    if (kept == -2) return;  // cancelled
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_validation_start_ = start;
      last_validation_end_ = rng;
      last_validation_noise_ = kept;
    }
    changed_.notify_all();
  }
}

void TrainingPrefetch::smooth(Slot& slot, std::unique_lock<std::mutex>& lock, const SignalGenerator& generator) {
  if (slot.smoothing == Slot::Smoothing::pending) {
    slot.smoothing = Slot::Smoothing::running;
    lock.unlock();
    generator.finish_into(slot.z, slot.signal);
    lock.lock();
    slot.smoothing = Slot::Smoothing::done;
    changed_.notify_all();
  }
  changed_.wait(lock, [&] { return slot.smoothing == Slot::Smoothing::done; });
}

const InputSignal& TrainingPrefetch::next(RunRng& rng, bool* prefetched) {
  const long pass = next_pass_++;
  if (held_slot_ >= 0) {  // the last pass's trial is over: its slot may take pass + 1
    {
      std::lock_guard<std::mutex> lock(mutex_);
      slots_[held_slot_].ready = false;
    }
    held_slot_ = -1;
    changed_.notify_all();
  }
  Slot& slot = slots_[pass % kSlots];
  bool hit = false;
  if (pass < end_pass_ && worker_.joinable()) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return slot.ready; });
    hit = *slot.before == rng;
    // The validation before this pass is over: its kept noise, if the caller did not take it, is free.
    if (slot.validation_noise >= 0 && validation_noise_[slot.validation_noise].state == ValidationBuffer::State::drawn) {
      validation_noise_[slot.validation_noise].state = ValidationBuffer::State::free;
      changed_.notify_all();
    }
    if (hit) smooth(slot, lock, own_generator_);
  }
  if (prefetched) *prefetched = hit;
  if (hit) {
    held_slot_ = static_cast<int>(pass % kSlots);
    rng = *slot.after;
    return slot.signal;
  }
  // First pass of a start(), or a misprediction: draw here; the worker draws the following
  // passes' signals from the state predicted after this pass's trial.
  stop();
  own_generator_.draw_into(rng, own_signal_);
  if (pass + 1 < end_pass_) {
    for (Slot& s : slots_) s.ready = false;
    last_validation_start_.reset();
    last_validation_end_.reset();
    reset_validation_noise();
    cancel_ = false;
    const long first = next_pass_, end = end_pass_;
    worker_ = std::thread([this, rng, first, end] { work(rng, first, end); });
  }
  return own_signal_;
}

}  // namespace ebn::behavioral
