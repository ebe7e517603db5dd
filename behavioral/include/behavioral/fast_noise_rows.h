#pragma once
// The input noise of one fast-mode trial (fast_trial.h): rows of N float32 normals, one per grid
// step, in chunks of chunk_rows() rows. Chunk c is FastNormal::substream(seed, c), so its values do
// not depend on which thread draws it or when. With a helper thread (when a core is free), the
// helper draws the trial's chunks in order ahead of the trial's thread into a whole-trial buffer;
// each chunk is claimed by exactly one of the two (an epoch-tagged state word per chunk). The
// trial's thread never waits for the helper: a chunk not drawn yet, or being drawn at that moment,
// it draws itself. So the helper can only save time, and a busy machine (helper descheduled) costs
// nothing but the claims. Same values with or without the helper, bit for bit (tests FastNoiseRows.*).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ebn::behavioral {

class FastNoiseRows {
 public:
  // n: values per row; with_helper: run a helper thread (two whole-trial buffers of rows·n floats).
  FastNoiseRows(int n, bool with_helper);
  ~FastNoiseRows();
  FastNoiseRows(const FastNoiseRows&) = delete;
  FastNoiseRows& operator=(const FastNoiseRows&) = delete;

  // A trial of rows 0 .. rows − 1 with noise `seed`; the helper (if any) starts drawing.
  void begin(std::uint64_t seed, long rows);
  // Chunk c's first row (chunk_rows()·n values, readable for kPadFloats more); valid until the
  // next call of chunk() or begin().
  const float* chunk(long c);
  // The trial is over: the helper draws no more of its chunks.
  void end();

  long chunk_rows() const { return chunk_rows_; }
  int values_per_row() const { return n_; }
  static constexpr int kPadFloats = 16;
  // Whether a helper's buffers for a trial of `rows` rows stay within the memory cap.
  static bool helper_fits(int n, long rows);
  // Chunks of the last trial the helper drew (tests, benchmarks).
  long helper_chunks() const { return helper_chunks_.load(std::memory_order_relaxed); }

 private:
  struct Buffer {
    std::vector<float> values;                           // chunks, each followed by kPadFloats zeros
    std::unique_ptr<std::atomic<std::uint64_t>[]> state;  // per chunk: epoch·4 + kFree/kHelper/kDrawn/kTaken
  };
  void helper_loop(std::uint64_t seen);  // seen: the epoch it starts after
  void stop_helper();
  float* chunk_address(Buffer& b, long c);
  void draw(std::uint64_t seed, long c, float* out) const;

  int n_;
  long chunk_rows_;
  bool helper_;
  std::uint64_t seed_ = 0;
  long chunks_ = 0, capacity_chunks_ = 0;
  std::vector<float> own_;  // a chunk the trial's thread draws for itself (+ padding)
  // Two whole-trial buffers, alternating by epoch: a helper still finishing a chunk of the last
  // trial writes into the other one.
  Buffer buffers_[2];
  std::uint64_t epoch_ = 0;  // the trial's number (tags the chunk states)
  std::thread thread_;
  std::atomic<bool> quit_{false};
  std::atomic<std::uint64_t> posted_epoch_{0}, posted_seed_{0};
  std::atomic<long> posted_chunks_{0}, helper_chunks_{0};
  std::mutex mutex_;  // guards helper_sleeping_ (and the wake-up)
  std::condition_variable wake_;
  bool helper_sleeping_ = false;
};

}  // namespace ebn::behavioral
