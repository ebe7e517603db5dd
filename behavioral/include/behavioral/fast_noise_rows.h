#pragma once
// The input noise of one fast-mode trial (fast_trial.h): rows of N float32 normals, one per grid
// step, in chunks of chunk_rows() rows. Chunk c is FastNormal::substream(seed, c), so its values do
// not depend on which thread draws it or when. With the spare core (spare_core.h), a job draws the
// trial's chunks in order ahead of the trial's thread into a whole-trial buffer; each chunk is
// claimed by exactly one of the two (a tagged state word per chunk). The trial's thread draws a
// chunk not drawn yet itself, and waits for one being drawn at that moment no longer than drawing
// it takes (then draws it itself). So the worker can only save time, and a busy machine costs at
// most that wait per chunk.
//
// expect() announces a later trial (its seed is known a pass ahead: the trainer predicts the
// stream, fast_signal_ahead.h): the spare core draws its chunks once it is done with the work
// posted before, i.e. during the trial before it. begin() takes those chunks only for the same
// seed and length; otherwise the expectation is dropped and the chunks are drawn as without it.
// Same values with or without the spare core and whatever was expected, bit for bit (tests
// FastNoiseRows.*).
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
  // A later trial (normally the one after the next begin()) will be `rows` rows with noise `seed`:
  // the spare core draws its chunks ahead. Only with `ahead`; never changes a value.
  void expect(std::uint64_t seed, long rows);
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
  // Chunks the spare core has drawn so far, all trials (tests, benchmarks).
  long ahead_chunks() const { return ahead_chunks_.load(std::memory_order_relaxed); }
  // begin() calls that found their chunks expected (tests, benchmarks).
  long expected_trials() const { return expected_trials_; }

 private:
  struct Buffer {
    std::vector<float> values;                            // chunks, each followed by kPadFloats zeros
    std::unique_ptr<std::atomic<std::uint64_t>[]> state;  // per chunk: tag·4 + kFree/kAhead/kDrawn/kTaken
    // The expected trial whose chunks are drawn into this buffer (tag 0: none).
    std::uint64_t expected_tag = 0, expected_seed = 0;
    long expected_chunks = 0;
  };
  // Tags `b`'s chunks for a trial of `chunks` chunks (tag: a new one) and posts the job drawing them.
  void prepare(int b, std::uint64_t tag, std::uint64_t seed, long chunks);
  void draw_ahead(int b, std::uint64_t tag, std::uint64_t seed, long chunks);  // the spare core's job
  float* chunk_address(Buffer& b, long c);
  void draw(std::uint64_t seed, long c, float* out) const;
  long chunks_for(long rows) const { return (rows + chunk_rows_ - 1) / chunk_rows_; }

  int n_;
  long chunk_rows_;
  bool ahead_;
  std::uint64_t seed_ = 0;
  long chunks_ = 0, capacity_chunks_ = 0;
  std::vector<float> own_;  // a chunk the trial's thread draws for itself (+ padding)
  // Two whole-trial buffers: the running trial's and the expected next one's (or, without
  // expectations, the last trial's: a job still finishing a chunk of it writes there).
  Buffer buffers_[2];
  int current_ = 0;            // the running trial's buffer
  std::uint64_t tag_ = 0;      // the running trial's tag (tags the chunk states)
  std::uint64_t last_tag_ = 0;  // tags handed out so far: every begin() or expect() takes a new one
  long tail_ = 0;              // the trial's thread takes chunks from the end down to here (chunk())
  std::atomic<long> ahead_chunks_{0};
  long expected_trials_ = 0;
  bool running_ = false;       // between begin() and end()
};

}  // namespace ebn::behavioral
