#pragma once
// A trial's input noise drawn ahead of the trial (default mode): `rows` rows of N normals, each row
// drawn as ReferenceNetwork::run_trial draws it (ZigguratNormal::fill of N values, rows in grid
// order), with the stream state before and after. The two-core trainer's prefetch thread must run
// through these draws anyway to know where the next signal starts (training_prefetch.h); keeping
// the values lets the trial read them instead of drawing every normal a second time.
//
// A trial uses the rows only when its stream is exactly at `start()` (so the values are the ones
// it would draw) and continues from `end()`; if it needs more rows it draws them from there, if it
// needs fewer, rewind() gives the state after the rows it used. Bit for bit the drawing in place.
#include <cstdint>
#include <vector>

#include "behavioral/random.h"

namespace ebn::behavioral {

class PredrawnNoise {
 public:
  // Draws `rows` rows of `neurons` normals from `rng` (advanced past them), reusing the storage.
  void draw(RunRng& rng, int neurons, long rows);
  // Whether a trial of `neurons` neurons whose stream is at `rng` may take these rows.
  bool usable(const RunRng& rng, int neurons) const { return valid_ && neurons == neurons_ && rng == start_; }
  long rows() const { return rows_; }
  // Row r into out[0..neurons) (the values are kept as ZigguratNormal codes: 4 bytes each, and
  // fresh pages cost ~2 µs each to fault in on this VM).
  void row_into(long r, double* out) const {
    const auto& normal = standard_normal();
    const std::uint32_t* code = codes_.data() + r * neurons_;
    for (int i = 0; i < neurons_; ++i) out[i] = normal.value(code[i], slow_.data());
  }
  const RunRng& end() const { return end_; }
  // The stream state after the first `used` rows (used <= rows()).
  void rewind(RunRng& rng, long used) const;
  void clear() { valid_ = false; }

 private:
  std::vector<std::uint32_t> codes_;
  std::vector<double> slow_;  // the values of rejections (ZigguratNormal::fill_codes)
  int neurons_ = 0;
  long rows_ = 0;
  bool valid_ = false;
  RunRng start_{0}, end_{0};
};

// The noise drawn ahead for the trials this thread runs while the scope lives: the one way such
// noise reaches ReferenceNetwork::run_trial, which takes it only where the trial's stream is at
// its start(). A scope, not a member of the signal: the validation signals are shared between
// threads (and a copy of them per run cost more in page faults than the noise saves).
class TrialNoiseScope {
 public:
  explicit TrialNoiseScope(const PredrawnNoise* noise) : previous_(current_) { current_ = noise; }
  ~TrialNoiseScope() { current_ = previous_; }
  TrialNoiseScope(const TrialNoiseScope&) = delete;
  TrialNoiseScope& operator=(const TrialNoiseScope&) = delete;
  static const PredrawnNoise* current() { return current_; }

 private:
  const PredrawnNoise* previous_;
  static inline thread_local const PredrawnNoise* current_ = nullptr;
};

}  // namespace ebn::behavioral
