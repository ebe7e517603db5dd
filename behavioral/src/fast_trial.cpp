#include "behavioral/fast_trial.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>

#include "behavioral/fast_noise_rows.h"
#include "behavioral/learning_rules.h"
#include "behavioral/simd_kernels.h"

namespace ebn::behavioral {

namespace {

constexpr int kPad = 16;                // floats per 64-byte vector: the padding unit of every array

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
template <class T>
using Aligned = std::unique_ptr<T[], FreeDeleter>;

// `count` values (rounded up to whole 64-byte lines, all set), 64-byte aligned.
template <class T>
Aligned<T> aligned_array(long count, T value) {
  const std::size_t bytes = (static_cast<std::size_t>(count) * sizeof(T) + 63) / 64 * 64;
  Aligned<T> p(static_cast<T*>(std::aligned_alloc(64, bytes)));
  if (!p) throw std::bad_alloc();
  std::fill(p.get(), p.get() + bytes / sizeof(T), value);
  return p;
}

}  // namespace

struct FastTrial::Arrays {
  // Per neuron, `padded` lanes; the padding lanes are inert: σ = 0, F = 0, T = +inf, weights 0, so
  // their V and I stay 0 and they never cross.
  Aligned<float> v, cur, vp, ip, ext, rest, reset, thr, g0, g1, sigma, scratch;
  Aligned<float> w;   // padded × N, column k = the kick of a spike of k
  Aligned<int> live;  // −1 on the neuron lanes, 0 on the padding
  std::unique_ptr<FastNoiseRows> noise;  // drawn by the trial's thread alone
};

namespace {

// Everything one trial's kernel reads and writes.
struct FastTrialRun {
  int n, padded;
  float *v, *cur, *vp, *ip, *ext, *rest, *reset, *scratch, *w;
  const float *thr, *g0, *g1, *sigma;
  const int* live;
  float a, keep, decay, dt_f;  // keep = 1 − a
  double dt, t_end, min_delta;
  long last_grid;
  const double *drive0, *drive1;
  FastNoiseRows* noise;
  const float* rows;  // the noise chunk in use
  long chunk_rows;
  bool learning, subtract_rest, diagonal;
  float kappa, half, step, diagonal_half, diagonal_step;
  std::vector<Spike>* spikes;
  long updates;
};

// Plain loops over GCC vector extensions of the register width (Bytes = 16, 32, 64), inlined into
// one wrapper per target below; -ffp-contract=off (CMakeLists.txt), so every width computes the
// same bits.
#define EBN_KERNEL static inline __attribute__((always_inline))

template <int Bytes>
struct Lanes {
  typedef float F __attribute__((vector_size(Bytes)));
  typedef int I __attribute__((vector_size(Bytes)));
  static constexpr int kCount = Bytes / 4;
};

template <int Bytes>
EBN_KERNEL typename Lanes<Bytes>::F load(const float* p) {
  typename Lanes<Bytes>::F x;
  __builtin_memcpy(&x, p, Bytes);
  return x;
}

template <int Bytes>
EBN_KERNEL void store(float* p, typename Lanes<Bytes>::F x) {
  __builtin_memcpy(p, &x, Bytes);
}

// mask ? a : b lane by lane, in bit operations (GCC 12 lowers the vector ?: of generic vectors to
// a branch per lane).
template <class F, class I>
EBN_KERNEL F select(I mask, F a, F b) {
  return reinterpret_cast<F>((reinterpret_cast<I>(a) & mask) | (reinterpret_cast<I>(b) & ~mask));
}

// The lanes of a comparison result as bits (lane l -> bit l): one movmskps per 16 bytes. GCC 12
// lowers lane-by-lane reductions of generic vectors to scalar extracts, so every reduction here goes
// through this or through halving shuffles.
EBN_KERNEL unsigned lane_bits(Lanes<16>::I m) { return static_cast<unsigned>(_mm_movemask_ps(reinterpret_cast<__m128>(m))); }
EBN_KERNEL unsigned lane_bits(Lanes<32>::I m) {
  return lane_bits(Lanes<16>::I(__builtin_shufflevector(m, m, 0, 1, 2, 3))) |
         lane_bits(Lanes<16>::I(__builtin_shufflevector(m, m, 4, 5, 6, 7))) << 4;
}
EBN_KERNEL unsigned lane_bits(Lanes<64>::I m) {
  return lane_bits(Lanes<32>::I(__builtin_shufflevector(m, m, 0, 1, 2, 3, 4, 5, 6, 7))) |
         lane_bits(Lanes<32>::I(__builtin_shufflevector(m, m, 8, 9, 10, 11, 12, 13, 14, 15))) << 8;
}
// Whether some lane is set: the halves ORed down to 16 bytes, one movmskps.
EBN_KERNEL bool any_lane(Lanes<16>::I m) { return lane_bits(m) != 0; }
EBN_KERNEL bool any_lane(Lanes<32>::I m) {
  return any_lane(Lanes<16>::I(__builtin_shufflevector(m, m, 0, 1, 2, 3) | __builtin_shufflevector(m, m, 4, 5, 6, 7)));
}
EBN_KERNEL bool any_lane(Lanes<64>::I m) {
  return any_lane(Lanes<32>::I(__builtin_shufflevector(m, m, 0, 1, 2, 3, 4, 5, 6, 7) |
                               __builtin_shufflevector(m, m, 8, 9, 10, 11, 12, 13, 14, 15)));
}
// The smallest lane (order-free: min is exact), by halving.
EBN_KERNEL float min_lane(Lanes<16>::F x) {
  const Lanes<16>::F y = __builtin_shufflevector(x, x, 2, 3, 0, 1);
  const Lanes<16>::F m = select(y < x, y, x);
  return m[1] < m[0] ? m[1] : m[0];
}
EBN_KERNEL float min_lane(Lanes<32>::F x) {
  const Lanes<16>::F lo = __builtin_shufflevector(x, x, 0, 1, 2, 3), hi = __builtin_shufflevector(x, x, 4, 5, 6, 7);
  return min_lane(select(hi < lo, hi, lo));
}
EBN_KERNEL float min_lane(Lanes<64>::F x) {
  const Lanes<32>::F lo = __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7),
                     hi = __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15);
  return min_lane(select(hi < lo, hi, lo));
}

// (2)+(3) of the model's iteration: V′ = V, I′ = I + J, I ← I·(1 − dt/τ_f) + J,
// V ← V·(1 − a) + a·(V_rest + I + I_ext); on a new row first I_ext = σ·z + F0·c0 + F1·c1 (held
// otherwise). Returns whether some V > T.
template <int Bytes, bool NewRow, bool Kick>
EBN_KERNEL bool euler(FastTrialRun& r, const float* z, float c0, float c1, const float* kick) {
  using F = typename Lanes<Bytes>::F;
  using I = typename Lanes<Bytes>::I;
  constexpr int L = Lanes<Bytes>::kCount;
  I above = {};
  for (int i = 0; i < r.padded; i += L) {
    const F v = load<Bytes>(r.v + i);
    F c = load<Bytes>(r.cur + i);
    F e;
    if constexpr (NewRow) {
      e = load<Bytes>(z + i) * load<Bytes>(r.sigma + i);
      e += load<Bytes>(r.g0 + i) * c0;
      e += load<Bytes>(r.g1 + i) * c1;
      store<Bytes>(r.ext + i, e);
    } else {
      e = load<Bytes>(r.ext + i);
    }
    store<Bytes>(r.vp + i, v);
    if constexpr (Kick) {
      const F k = load<Bytes>(kick + i);
      store<Bytes>(r.ip + i, c + k);
      c = c * r.decay + k;
    } else {
      store<Bytes>(r.ip + i, c);
      c = c * r.decay;
    }
    store<Bytes>(r.cur + i, c);
    const F vn = v * r.keep + r.a * (load<Bytes>(r.rest + i) + c + e);
    store<Bytes>(r.v + i, vn);
    // Some V > T: taken from the sign bits of T − V (any_lane reads sign bits). V > T implies
    // T − V < 0 exactly; the converse fails only for NaN (inf − inf), where the spike scan then
    // finds no neuron and the iteration goes on as a plain step: the same values either way. (GCC
    // 12 lowered the comparison's mask lane by lane here.)
    above |= reinterpret_cast<I>(load<Bytes>(r.thr + i) - vn);
  }
  return any_lane(above);
}

// (1): of the neurons with V > T the earliest linearly interpolated crossing
// δ = (T − V′)·dt/(V − V′), the lowest index on ties; -1 if none has a δ below +inf (then the
// first with δ = +inf, as the model's scan).
template <int Bytes>
EBN_KERNEL int earliest(FastTrialRun& r, float* best_out) {
  using F = typename Lanes<Bytes>::F;
  using I = typename Lanes<Bytes>::I;
  constexpr int L = Lanes<Bytes>::kCount;
  const float inf = std::numeric_limits<float>::infinity();
  F best = F{} + inf;
  for (int i = 0; i < r.padded; i += L) {
    const F v = load<Bytes>(r.v + i), p = load<Bytes>(r.vp + i), t = load<Bytes>(r.thr + i);
    const F d = (t - p) * r.dt_f / (v - p);
    const F candidate = select(v > t, d, F{} + inf);  // NaN never wins the < below
    store<Bytes>(r.scratch + i, candidate);
    best = select(candidate < best, candidate, best);
  }
  const float m = min_lane(best);
  if (m < inf) {
    for (int i = 0; i < r.padded; i += L) {
      const unsigned hit = lane_bits(I(load<Bytes>(r.scratch + i) == m));
      if (hit) {
        *best_out = m;
        return i + __builtin_ctz(hit);
      }
    }
  }
  for (int j = 0; j < r.n; ++j)  // no finite δ (practically never)
    if (r.v[j] > r.thr[j] && (r.thr[j] - r.vp[j]) * r.dt_f / (r.v[j] - r.vp[j]) == inf) {
      *best_out = inf;
      return j;
    }
  return -1;
}

// Back-step of V and I to the spike time: x ← (x − x′)·(δ/dt) + x′.
template <int Bytes>
EBN_KERNEL void back_step(FastTrialRun& r, float ratio) {
  using F = typename Lanes<Bytes>::F;
  constexpr int L = Lanes<Bytes>::kCount;
  for (int i = 0; i < r.padded; i += L) {
    const F p = load<Bytes>(r.vp + i), q = load<Bytes>(r.ip + i);
    store<Bytes>(r.v + i, (load<Bytes>(r.v + i) - p) * ratio + p);
    store<Bytes>(r.cur + i, (load<Bytes>(r.cur + i) - q) * ratio + q);
  }
}

// (4) the discrete rule on column k (n != k): s = 2·(V′_n [− V_rest,n]) + κ·W_nk; s < −h -> +g,
// s > h -> −g; then the diagonal rule of k. Returns the number of changes.
template <int Bytes>
EBN_KERNEL long learn(FastTrialRun& r, int k) {
  using F = typename Lanes<Bytes>::F;
  using I = typename Lanes<Bytes>::I;
  constexpr int L = Lanes<Bytes>::kCount;
  float* col = r.w + static_cast<long>(k) * r.padded;
  const float self = col[k];  // W_kk takes no part: restored below (a per-lane index test was
                              // lowered to scalar code by GCC 12)
  long total = 0;
  for (int i = 0; i < r.padded; i += L) {
    F vb = load<Bytes>(r.vp + i);
    if (r.subtract_rest) vb -= load<Bytes>(r.rest + i);
    const F c = load<Bytes>(col + i);
    const F s = 2.0f * vb + r.kappa * c;
    I live;  // −1 on the N neuron lanes, 0 on the padding
    __builtin_memcpy(&live, r.live + i, Bytes);
    const I inc = (s < -r.half) & live, dec = (s > r.half) & live;
    store<Bytes>(col + i, select(inc, c + r.step, select(dec, c - r.step, c)));
    total += __builtin_popcount(lane_bits(inc | dec));
  }
  if (col[k] != self) {
    col[k] = self;
    --total;
  }
  if (r.diagonal) {
    const float s = 2.0f * r.vp[k] + (r.reset[k] + r.thr[k]);
    const float d = s < -r.diagonal_half ? r.diagonal_step : (s > r.diagonal_half ? -r.diagonal_step : 0.0f);
    if (d != 0.0f) {
      r.reset[k] += d;
      r.rest[k] += d;
      ++total;
    }
  }
  return total;
}

// The iterations without a spike, each entering the next grid row whose noise is in the chunk,
// until some V > T, the chunk ends, a row is held or skipped, or the trial ends. For up to 4
// vectors (N <= 64 on AVX-512) the state stays in registers over the steps and is stored once.
template <int Bytes, int C>
EBN_KERNEL void quiet_registers(FastTrialRun& r, double& t, double& t_prev, long& row, long chunk_first,
                                long chunk_end, bool& above) {
  using F = typename Lanes<Bytes>::F;
  using I = typename Lanes<Bytes>::I;
  constexpr int L = Lanes<Bytes>::kCount;
  F v[C], cur[C], rest[C], thr[C], g0[C], g1[C], sigma[C], vp[C], ip[C], e[C];
  for (int c = 0; c < C; ++c) {
    v[c] = load<Bytes>(r.v + c * L);
    cur[c] = load<Bytes>(r.cur + c * L);
    rest[c] = load<Bytes>(r.rest + c * L);
    thr[c] = load<Bytes>(r.thr + c * L);
    g0[c] = load<Bytes>(r.g0 + c * L);
    g1[c] = load<Bytes>(r.g1 + c * L);
    sigma[c] = load<Bytes>(r.sigma + c * L);
  }
  long steps = 0;
  bool any = false;
  while (t < r.t_end) {
    const long grid = static_cast<long>(t / r.dt);  // ⌊t/dt⌋ (t >= 0)
    const long idx = grid < r.last_grid ? grid : r.last_grid;
    if (idx != row + 1 || idx >= chunk_end) break;
    row = idx;
    const float* z = r.rows + (row - chunk_first) * r.n;
    __builtin_prefetch(z + 16 * r.n);  // rows the spare core drew: from its cache
    const float c0 = static_cast<float>(r.drive0[row]), c1 = static_cast<float>(r.drive1[row]);
    I over = {};
    for (int c = 0; c < C; ++c) {  // euler<Bytes, true, false>'s operations
      e[c] = load<Bytes>(z + c * L) * sigma[c];
      e[c] += g0[c] * c0;
      e[c] += g1[c] * c1;
      vp[c] = v[c];
      ip[c] = cur[c];
      cur[c] = cur[c] * r.decay;
      v[c] = v[c] * r.keep + r.a * (rest[c] + cur[c] + e[c]);
      over |= reinterpret_cast<I>(thr[c] - v[c]);  // sign bits: see euler
    }
    ++steps;
    t_prev = t;
    t += r.dt;
    any = any_lane(over);
    if (any) break;
  }
  if (steps == 0) return;
  for (int c = 0; c < C; ++c) {
    store<Bytes>(r.v + c * L, v[c]);
    store<Bytes>(r.cur + c * L, cur[c]);
    store<Bytes>(r.vp + c * L, vp[c]);
    store<Bytes>(r.ip + c * L, ip[c]);
    store<Bytes>(r.ext + c * L, e[c]);
  }
  above = any;
}

template <int Bytes>
EBN_KERNEL void quiet(FastTrialRun& r, double& t, double& t_prev, long& row, long chunk_first, long chunk_end,
                      bool& above) {
  switch (r.padded / Lanes<Bytes>::kCount) {
    case 1: return quiet_registers<Bytes, 1>(r, t, t_prev, row, chunk_first, chunk_end, above);
    case 2: return quiet_registers<Bytes, 2>(r, t, t_prev, row, chunk_first, chunk_end, above);
    case 3: return quiet_registers<Bytes, 3>(r, t, t_prev, row, chunk_first, chunk_end, above);
    case 4: return quiet_registers<Bytes, 4>(r, t, t_prev, row, chunk_first, chunk_end, above);
    default: break;
  }
  while (t < r.t_end) {
    const long grid = static_cast<long>(t / r.dt);  // ⌊t/dt⌋ (t >= 0)
    const long idx = grid < r.last_grid ? grid : r.last_grid;
    if (idx != row + 1 || idx >= chunk_end) return;
    row = idx;
    __builtin_prefetch(r.rows + (row - chunk_first + 16) * r.n);  // rows the spare core drew: from its cache
    above = euler<Bytes, true, false>(r, r.rows + (row - chunk_first) * r.n, static_cast<float>(r.drive0[row]),
                                      static_cast<float>(r.drive1[row]), nullptr);
    t_prev = t;
    t += r.dt;
    if (above) return;
  }
}

// The trial: the model's loop (ebn_network.h) from the rest state.
template <int Bytes>
EBN_KERNEL void trial_body(FastTrialRun& run) {
  // A local copy whose address never escapes: its pointers and constants stay in registers (the
  // float stores of the loops cannot alias it; through the reference they were reloaded per step).
  FastTrialRun r = run;
  for (int i = 0; i < r.padded; ++i) {
    r.v[i] = r.rest[i];
    r.vp[i] = r.rest[i];
    r.cur[i] = r.ip[i] = r.ext[i] = 0.0f;
  }
  double t = 0.0, t_prev = 0.0;
  long row = -1, chunk_end = 0;  // chunk_end: first row not in r.rows
  bool above = false;
  while (t < r.t_end) {
    if (!above && chunk_end > 0) {
      const double before = t;
      quiet<Bytes>(r, t, t_prev, row, chunk_end - r.chunk_rows, chunk_end, above);
      if (t != before) continue;
    }
    int k = -1;
    if (above) {
      float best = 0.0f;
      k = earliest<Bytes>(r, &best);
      if (k >= 0) {
        const double spike_t = std::min(std::max(t_prev + best, t_prev + r.min_delta), t);
        const double delta = spike_t - t_prev;
        t = spike_t;
        back_step<Bytes>(r, static_cast<float>(delta / r.dt));
        r.v[k] = r.reset[k];
      }
    }
    const long grid = static_cast<long>(t / r.dt);
    const long idx = grid < r.last_grid ? grid : r.last_grid;
    const float* kick = k >= 0 ? r.w + static_cast<long>(k) * r.padded : nullptr;
    if (row < idx) {  // rows are consumed in order; a skipped row's values are dropped
      row = idx;
      if (row >= chunk_end) {  // chunks are independent: one skipped entirely is never drawn
        const long c = row / r.chunk_rows;
        r.rows = r.noise->chunk(c);
        chunk_end = (c + 1) * r.chunk_rows;
      }
      const float* z = r.rows + (row - (chunk_end - r.chunk_rows)) * r.n;
      const float c0 = static_cast<float>(r.drive0[row]), c1 = static_cast<float>(r.drive1[row]);
      above = kick ? euler<Bytes, true, true>(r, z, c0, c1, kick) : euler<Bytes, true, false>(r, z, c0, c1, nullptr);
    } else {
      above = kick ? euler<Bytes, false, true>(r, nullptr, 0.0f, 0.0f, kick)
                   : euler<Bytes, false, false>(r, nullptr, 0.0f, 0.0f, nullptr);
    }
    if (k >= 0) {
      if (r.learning) r.updates += learn<Bytes>(r, k);
      r.spikes->push_back({t, k});
    }
    t_prev = t;
    t += r.dt;
  }
  run.updates = r.updates;
}

void trial_scalar(FastTrialRun& r) { trial_body<16>(r); }
__attribute__((target("avx2"))) void trial_avx2(FastTrialRun& r) { trial_body<32>(r); }
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))) void trial_avx512(FastTrialRun& r) {
  trial_body<64>(r);
}

void run_kernel(FastTrialRun& r) {
  switch (simd::active()) {
    case simd::Level::Avx512: return trial_avx512(r);
    case simd::Level::Avx2: return trial_avx2(r);
    case simd::Level::Scalar: break;
  }
  trial_scalar(r);
}

// The process's one noise source drawn ahead on the spare core (its whole-trial buffers are made
// once, not per network: the trainer builds networks for every validation), held by one trial at a
// time; a trial that finds it in use (another experiment on another thread) draws its own noise.
class NoiseAheadLease {
 public:
  explicit NoiseAheadLease(int n) {  // n = 0: not wanted
    if (n == 0 || !lock_.try_lock()) return;
    held_ = true;
    std::unique_ptr<FastNoiseRows>& shared = pooled();
    if (!shared || shared->values_per_row() != n) shared = std::make_unique<FastNoiseRows>(n, true);
  }
  ~NoiseAheadLease() {
    if (held_) lock_.unlock();
  }
  NoiseAheadLease(const NoiseAheadLease&) = delete;
  NoiseAheadLease& operator=(const NoiseAheadLease&) = delete;
  FastNoiseRows* rows() { return held_ ? pooled().get() : nullptr; }

 private:
  static std::unique_ptr<FastNoiseRows>& pooled() {
    static std::unique_ptr<FastNoiseRows> rows;
    return rows;
  }
  static inline std::mutex lock_;
  bool held_ = false;
};

}  // namespace

std::optional<FastTrialRule> fast_trial_rule(const EbnConfig& c) {
  const LearningParams& l = c.learning;
  if (l.quantized || (l.rule != "discrete-fig1" && l.rule != "discrete-paper")) return std::nullopt;
  const DiscreteComparator cmp = make_comparator(l, c.network);
  FastTrialRule r;
  r.kappa = cmp.omega_per_weight;
  r.half_width = cmp.half_width;
  r.subtract_rest = cmp.subtract_rest;
  r.step = l.step;
  r.diagonal = l.diagonal == "fig1";
  r.diagonal_half = l.step / 2.0 + l.band_margin;  // diagonal_decision's band
  r.diagonal_step = l.diagonal_step;
  return r;
}

FastTrialConstants fast_trial_constants(const NetworkParams& p) {
  return {p.dt_s, p.tau_mem_s, p.tau_fast_s, p.min_step_fraction,
          p.noise_std * std::sqrt(static_cast<double>(p.input_noise_terms))};
}

FastTrial::FastTrial(const Eigen::MatrixXd& drive_weights, const Eigen::VectorXd& threshold,
                     const FastTrialConstants& constants, const FastTrialRule& rule)
    : n_(static_cast<int>(drive_weights.rows())),
      padded_((n_ + kPad - 1) / kPad * kPad),
      constants_(constants),
      rule_(rule),
      arrays_(std::make_unique<Arrays>()) {
  Arrays& a = *arrays_;
  const float inf = std::numeric_limits<float>::infinity();
  for (Aligned<float>* p : {&a.v, &a.cur, &a.vp, &a.ip, &a.ext, &a.rest, &a.reset, &a.g0, &a.g1, &a.sigma, &a.scratch})
    *p = aligned_array(padded_, 0.0f);
  a.thr = aligned_array(padded_, inf);
  a.w = aligned_array(static_cast<long>(padded_) * n_, 0.0f);
  a.live = aligned_array(padded_, 0);
  for (int i = 0; i < n_; ++i) {
    a.g0[i] = static_cast<float>(drive_weights(i, 0));
    a.g1[i] = static_cast<float>(drive_weights(i, 1));
    a.thr[i] = static_cast<float>(threshold[i]);
    a.sigma[i] = static_cast<float>(constants.noise_sigma);
  }
  for (int i = 0; i < n_; ++i) a.live[i] = -1;
}

FastTrial::~FastTrial() = default;

void FastTrial::load(const Eigen::MatrixXd& weights, const Eigen::VectorXd& v_rest, const Eigen::VectorXd& v_reset) {
  Arrays& a = *arrays_;
  for (int k = 0; k < n_; ++k)
    for (int i = 0; i < n_; ++i) a.w[static_cast<long>(k) * padded_ + i] = static_cast<float>(weights(i, k));
  for (int i = 0; i < n_; ++i) {
    a.rest[i] = static_cast<float>(v_rest[i]);
    a.reset[i] = static_cast<float>(v_reset[i]);
  }
}

void FastTrial::store(Eigen::MatrixXd& weights, Eigen::VectorXd& v_rest, Eigen::VectorXd& v_reset) const {
  const Arrays& a = *arrays_;
  weights.resize(n_, n_);
  v_rest.resize(n_);
  v_reset.resize(n_);
  for (int k = 0; k < n_; ++k)
    for (int i = 0; i < n_; ++i) weights(i, k) = a.w[static_cast<long>(k) * padded_ + i];
  for (int i = 0; i < n_; ++i) {
    v_rest[i] = a.rest[i];
    v_reset[i] = a.reset[i];
  }
}

void FastTrial::use_spare_core(bool wanted, long rows) {
  spare_core_ = wanted;
  if (!wanted || !FastNoiseRows::ahead_fits(n_, rows)) return;
  NoiseAheadLease lease(n_);
  if (lease.rows()) lease.rows()->reserve(rows);
}

// One draw of the experiment stream seeds a trial's noise.
std::uint64_t FastTrial::noise_seed(RunRng& rng) { return rng(); }

void FastTrial::expect(const RunRng& stream_at_start, long rows) {
  if (!spare_core_ || !FastNoiseRows::ahead_fits(n_, rows)) return;
  NoiseAheadLease lease(n_);
  RunRng stream = stream_at_start;
  if (lease.rows()) lease.rows()->expect(noise_seed(stream), rows);
}

TrialResult FastTrial::run(const InputSignal& input, bool learning, RunRng& rng) {
  Arrays& a = *arrays_;
  const long rows = input.samples() + 1;  // grid points 0 .. samples
  // Learning passes draw their noise ahead on the spare core when a core is free for it; the
  // values are the same either way (fast_noise_rows.h).
  NoiseAheadLease lease(learning && spare_core_ && FastNoiseRows::ahead_fits(n_, rows) ? n_ : 0);
  if (!a.noise) a.noise = std::make_unique<FastNoiseRows>(n_, false);
  FastNoiseRows* source = lease.rows() ? lease.rows() : a.noise.get();
  source->begin(noise_seed(rng), rows);
  TrialResult result;
  result.spikes.reserve(static_cast<std::size_t>(n_) * 64);
  const double dt = constants_.dt;
  const double a_step = dt / constants_.tau_mem;
  FastTrialRun r{};
  r.n = n_;
  r.padded = padded_;
  r.v = a.v.get(), r.cur = a.cur.get(), r.vp = a.vp.get(), r.ip = a.ip.get(), r.ext = a.ext.get();
  r.rest = a.rest.get(), r.reset = a.reset.get(), r.scratch = a.scratch.get(), r.w = a.w.get();
  r.live = a.live.get();
  r.thr = a.thr.get(), r.g0 = a.g0.get(), r.g1 = a.g1.get(), r.sigma = a.sigma.get();
  r.a = static_cast<float>(a_step);
  r.keep = static_cast<float>(1.0 - a_step);
  r.decay = static_cast<float>(1.0 - dt / constants_.tau_fast);
  r.dt_f = static_cast<float>(dt);
  r.dt = dt;
  r.last_grid = input.samples();
  r.t_end = static_cast<double>(r.last_grid) * dt;
  r.min_delta = constants_.min_step_fraction * dt;
  r.drive0 = input.drive.col(0).data();
  r.drive1 = input.drive.col(1).data();
  r.noise = source;
  r.rows = nullptr;
  r.chunk_rows = source->chunk_rows();
  r.learning = learning;
  r.subtract_rest = rule_.subtract_rest;
  r.diagonal = rule_.diagonal;
  r.kappa = static_cast<float>(rule_.kappa);
  r.half = static_cast<float>(rule_.half_width);
  r.step = static_cast<float>(rule_.step);
  r.diagonal_half = static_cast<float>(rule_.diagonal_half);
  r.diagonal_step = static_cast<float>(rule_.diagonal_step);
  r.spikes = &result.spikes;
  run_kernel(r);
  source->end();
  result.weight_updates = r.updates;
  return result;
}

}  // namespace ebn::behavioral
