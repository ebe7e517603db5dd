#pragma once
// The input noise of one fast-mode trial (fast_trial.h): rows of N float32 normals, one per grid
// step, in chunks of chunk_rows() rows. Chunk c is FastNormal::substream(seed, c), so its values do
// not depend on which thread draws it or when. With the spare core (spare_core.h), a job draws the
// trial's chunks in order ahead of the trial's thread into a whole-trial buffer; each chunk is
// claimed by exactly one of the two (an epoch-tagged state word per chunk). The trial's thread
// draws a chunk not drawn yet itself, and waits for one being drawn at that moment no longer than
// drawing it takes (then draws it itself). So the worker can only save time, and a busy machine
// costs at most that wait per chunk. Same
// values with or without it, bit for bit (tests FastNoiseRows.*).
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace ebn::behavioral {

class FastNoiseRows {
 public:
  // n: values per row; ahead: draw ahead on the spare core (two whole-trial buffers of rows·n floats).
  FastNoiseRows(int n, bool ahead);
  ~FastNoiseRows();
  FastNoiseRows(const FastNoiseRows&) = delete;
  FastNoiseRows& operator=(const FastNoiseRows&) = delete;

  // Makes the buffers for trials of up to `rows` rows now (begin() does when needed).
  void reserve(long rows);
  // A trial of rows 0 .. rows − 1 with noise `seed`; the spare core (if used) starts drawing.
  void begin(std::uint64_t seed, long rows);
  // Chunk c's first row (chunk_rows()·n values, readable for kPadFloats more); valid until the
  // next call of chunk() or begin().
  const float* chunk(long c);
  // The trial is over: no more of its chunks are drawn ahead.
  void end();

  long chunk_rows() const { return chunk_rows_; }
  int values_per_row() const { return n_; }
  static constexpr int kPadFloats = 16;
  // Whether the buffers for a trial of `rows` rows stay within the memory cap.
  static bool ahead_fits(int n, long rows);
  // Chunks of the last trial the spare core drew (tests, benchmarks).
  long ahead_chunks() const { return ahead_chunks_.load(std::memory_order_relaxed); }

 private:
  struct Buffer {
    std::vector<float> values;                            // chunks, each followed by kPadFloats zeros
    std::unique_ptr<std::atomic<std::uint64_t>[]> state;  // per chunk: epoch·4 + kFree/kAhead/kDrawn/kTaken
  };
  void draw_ahead(std::uint64_t epoch, std::uint64_t seed, long chunks);  // the spare core's job
  float* chunk_address(Buffer& b, long c);
  void draw(std::uint64_t seed, long c, float* out) const;

  int n_;
  long chunk_rows_;
  bool ahead_;
  std::uint64_t seed_ = 0;
  long chunks_ = 0, capacity_chunks_ = 0;
  std::vector<float> own_;  // a chunk the trial's thread draws for itself (+ padding)
  // Two whole-trial buffers, alternating by epoch: a job still finishing a chunk of the last
  // trial writes into the other one.
  Buffer buffers_[2];
  std::uint64_t epoch_ = 0;  // the trial's number (tags the chunk states)
  long tail_ = 0;            // the trial's thread takes chunks from the end down to here (chunk())
  std::atomic<long> ahead_chunks_{0};
};

}  // namespace ebn::behavioral
