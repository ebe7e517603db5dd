#include "behavioral/simd_kernels.h"

#include <immintrin.h>

#include <cstdlib>
#include <cstring>

namespace ebn::behavioral::simd {

namespace {

// The kernel bodies, written once as plain loops over restrict pointers; each is inlined into a
// baseline, an AVX2 and an AVX-512 wrapper below, where GCC vectorises it for that target.
#define EBN_KERNEL static inline __attribute__((always_inline))

EBN_KERNEL bool euler_body(int n, double* __restrict v, double* __restrict cur, double* __restrict vp,
                           double* __restrict ip, const double* __restrict kick, const double* __restrict rest,
                           const double* __restrict ext, const double* __restrict thr, double a, double decay) {
  int any = 0;  // OR of (V − T > 0): exact, order-free, so it vectorises without changing results
  if (kick) {
    for (int i = 0; i < n; ++i) {
      vp[i] = v[i];
      ip[i] = cur[i] + kick[i];
      const double in = cur[i] * decay + kick[i];
      cur[i] = in;
      const double vn = v[i] + a * (rest[i] - v[i] + in + ext[i]);
      v[i] = vn;
      any |= (vn - thr[i]) > 0.0;
    }
  } else {
    for (int i = 0; i < n; ++i) {
      vp[i] = v[i];
      ip[i] = cur[i];
      const double in = cur[i] * decay;
      cur[i] = in;
      const double vn = v[i] + a * (rest[i] - v[i] + in + ext[i]);
      v[i] = vn;
      any |= (vn - thr[i]) > 0.0;
    }
  }
  return any != 0;
}

// Earliest crossing: the smallest δ_n = (T_n − V′_n)·dt/(V_n − V′_n) over the neurons with
// V_n > T_n, the lowest index on ties (as the scalar `if (δ < best)` scan). One pass four lanes at
// a time (GCC vector extensions): each lane keeps its smallest δ (δ = +inf where V_n <= T_n; NaN
// never wins a `<`) and the first index reaching it; the lanes are then merged by value, lowest
// index among equal values. That is the scalar scan's choice, and δ_k is the value it computed, bit
// for bit. (Many neurons are above threshold at once in an unbalanced network, so δ is computed
// for every lane rather than branching per neuron.) Only when no finite δ exists (all +inf or NaN;
// practically never) the plain scan decides, which returns the first +inf δ as before.
typedef double Lanes __attribute__((vector_size(32)));  // 4 lanes (8 measured slower here)
typedef long LaneMask __attribute__((vector_size(32)));

EBN_KERNEL int earliest_body(int n, const double* __restrict v, const double* __restrict vp,
                             const double* __restrict thr, double dt, double* best_out) {
  const double inf = __builtin_inf();
  constexpr int kLanes = 4;
  Lanes best4 = {inf, inf, inf, inf};
  const Lanes inf4 = best4;
  LaneMask index4 = {-1, -1, -1, -1};
  LaneMask lane_index = {0, 1, 2, 3};
  const LaneMask step = {kLanes, kLanes, kLanes, kLanes};
  int i = 0;
  for (; i + kLanes <= n; i += kLanes, lane_index += step) {
    Lanes vv, pp, tt;
    __builtin_memcpy(&vv, v + i, sizeof vv);
    __builtin_memcpy(&pp, vp + i, sizeof pp);
    __builtin_memcpy(&tt, thr + i, sizeof tt);
    const Lanes delta = (tt - pp) * dt / (vv - pp);
    const LaneMask above = vv > tt;
    const Lanes d = above ? delta : inf4;
    const LaneMask better = d < best4;
    best4 = better ? d : best4;
    index4 = better ? lane_index : index4;
  }
  double best = inf;
  long k = -1;
  for (int lane = 0; lane < kLanes; ++lane)
    if (index4[lane] >= 0 && (best4[lane] < best || (best4[lane] == best && index4[lane] < k))) {
      best = best4[lane];
      k = index4[lane];
    }
  for (; i < n; ++i)
    if (v[i] > thr[i]) {
      const double delta = (thr[i] - vp[i]) * dt / (v[i] - vp[i]);
      if (delta < best) {  // tail indices are above every lane index: strict < keeps the lower
        best = delta;
        k = i;
      }
    }
  if (k < 0) {  // no finite δ: the scalar scan over everything (first +inf δ, if any)
    for (int j = 0; j < n; ++j)
      if (v[j] > thr[j]) {
        const double delta = (thr[j] - vp[j]) * dt / (v[j] - vp[j]);
        if (delta == inf) {
          *best_out = delta;
          return j;
        }
      }
  }
  *best_out = best;
  return static_cast<int>(k);
}

EBN_KERNEL void interpolate_body(int n, double* __restrict v, double* __restrict cur, const double* __restrict vp,
                                 const double* __restrict ip, double dt, double delta) {
  for (int i = 0; i < n; ++i) {
    v[i] = (v[i] - vp[i]) / dt * delta + vp[i];
    cur[i] = (cur[i] - ip[i]) / dt * delta + ip[i];
  }
}

// The fast mode's back-step (spike_step): the ratio r = δ/dt once, then a multiply per state
// instead of a division (the divisions were a quarter of the spike kernel at N = 1000).
EBN_KERNEL void interpolate_ratio_body(int n, double* __restrict v, double* __restrict cur,
                                       const double* __restrict vp, const double* __restrict ip, double ratio) {
  for (int i = 0; i < n; ++i) {
    v[i] = (v[i] - vp[i]) * ratio + vp[i];
    cur[i] = (cur[i] - ip[i]) * ratio + ip[i];
  }
}

EBN_KERNEL void noise_body(int n, double* __restrict ext, double sigma, const double* __restrict f, const double* c,
                           int dims) {
  for (int i = 0; i < n; ++i) ext[i] *= sigma;
  for (int d = 0; d < dims; ++d) {
    const double cd = c[d];
    const double* __restrict fd = f + static_cast<long>(d) * n;
    for (int i = 0; i < n; ++i) ext[i] += fd[i] * cd;
  }
}

// The fast mode's row (fast_normal.h): the same with float32 normals z (converted exactly).
EBN_KERNEL void noise_f32_body(int n, double* __restrict ext, const float* __restrict z, double sigma,
                               const double* __restrict f, const double* c, int dims) {
  for (int i = 0; i < n; ++i) ext[i] = static_cast<double>(z[i]) * sigma;
  for (int d = 0; d < dims; ++d) {
    const double cd = c[d];
    const double* __restrict fd = f + static_cast<long>(d) * n;
    for (int i = 0; i < n; ++i) ext[i] += fd[i] * cd;
  }
}

// Fast mode, the first iteration on a new grid row: noise_f32_body then euler_body in one pass
// (the same operations in the same order, so the same values as the two calls; for N = 20 the
// per-call and per-loop overheads of the two small kernels were most of a step). ext is stored: it
// is held for the iterations that stay on this row.
// Chunks of Bytes (8, 4, 2 doubles) in GCC vector extensions, then halved chunks for what is left
// (N = 20 on AVX-512: 8 + 8 + 4, no scalar tail); element-wise, so every width gives the same bits.
template <int Bytes>
struct RowVec {  // a template's typedefs: GCC does not take dependent vector_size in a function body
  typedef double D __attribute__((vector_size(Bytes)));
  typedef long M __attribute__((vector_size(Bytes)));
  typedef unsigned long U __attribute__((vector_size(Bytes)));
  typedef float F __attribute__((vector_size(Bytes / 2)));
};

// Whether the sign bit of some lane is set (a comparison's all-ones lanes, or the sign-bit trick
// of quiet_registers): the halves ORed down to 16 bytes, then one SSE2 movmskpd. GCC 12 turned the
// plain `for l: r |= m[l]` into a scalar extract-and-OR per lane (~30 instructions for 8 lanes, in
// the spike kernel's per-chunk test). Intrinsics of the wider targets cannot be used here: the
// generic bodies that inline this have no target attribute of their own.
EBN_KERNEL bool any_sign(RowVec<16>::M m) { return _mm_movemask_pd(reinterpret_cast<__m128d>(m)) != 0; }
EBN_KERNEL bool any_sign(RowVec<32>::M m) {
  return any_sign(RowVec<16>::M(__builtin_shufflevector(m, m, 0, 1) | __builtin_shufflevector(m, m, 2, 3)));
}
EBN_KERNEL bool any_sign(RowVec<64>::M m) {
  return any_sign(RowVec<32>::M(__builtin_shufflevector(m, m, 0, 1, 2, 3) | __builtin_shufflevector(m, m, 4, 5, 6, 7)));
}

// A new row's drive of one chunk, written to ext: z·σ + f0·c0 + f1·c1 (N_x = 2), in noise_f32_body's
// order, so every kernel that enters a row gives its bits. (Returned through `out`: a vector return
// value of a function without a target attribute is an ABI warning.)
template <int Bytes>
EBN_KERNEL void row_drive_chunk(int i, double* __restrict ext, const float* __restrict z, double sigma,
                                const double* __restrict f0, const double* __restrict f1, double c0, double c1,
                                typename RowVec<Bytes>::D* out) {
  using D = typename RowVec<Bytes>::D;
  typename RowVec<Bytes>::F zz;
  D g0, g1;
  __builtin_memcpy(&zz, z + i, Bytes / 2);
  __builtin_memcpy(&g0, f0 + i, Bytes);
  __builtin_memcpy(&g1, f1 + i, Bytes);
  D e = __builtin_convertvector(zz, D) * sigma;
  e += g0 * c0;
  e += g1 * c1;
  __builtin_memcpy(ext + i, &e, Bytes);
  *out = e;
}

template <int Bytes>
EBN_KERNEL int euler_row_chunks(int i, int n, double* __restrict v, double* __restrict cur, double* __restrict vp,
                                double* __restrict ip, const double* __restrict kick, const double* __restrict rest,
                                double* __restrict ext, const float* __restrict z, double sigma,
                                const double* __restrict f0, const double* __restrict f1, double c0, double c1,
                                const double* __restrict thr, double a, double decay, bool* any) {
  using D = typename RowVec<Bytes>::D;
  using M = typename RowVec<Bytes>::M;
  constexpr int kLanes = Bytes / 8;
  M above = {};
  for (; i + kLanes <= n; i += kLanes) {
    D vv, cc, rr, tt, kk = {};
    __builtin_memcpy(&vv, v + i, Bytes);
    __builtin_memcpy(&cc, cur + i, Bytes);
    __builtin_memcpy(&rr, rest + i, Bytes);
    __builtin_memcpy(&tt, thr + i, Bytes);
    D e;
    row_drive_chunk<Bytes>(i, ext, z, sigma, f0, f1, c0, c1, &e);
    __builtin_memcpy(vp + i, &vv, Bytes);
    D in;
    if (kick) {
      __builtin_memcpy(&kk, kick + i, Bytes);
      const D ipv = cc + kk;
      __builtin_memcpy(ip + i, &ipv, Bytes);
      in = cc * decay + kk;
    } else {
      __builtin_memcpy(ip + i, &cc, Bytes);
      in = cc * decay;
    }
    __builtin_memcpy(cur + i, &in, Bytes);
    const D vn = vv + a * (rr - vv + in + e);
    __builtin_memcpy(v + i, &vn, Bytes);
    above |= (vn - tt) > 0.0;
  }
  *any |= any_sign(above);
  if constexpr (Bytes > 16)
    return euler_row_chunks<Bytes / 2>(i, n, v, cur, vp, ip, kick, rest, ext, z, sigma, f0, f1, c0, c1, thr, a, decay,
                                       any);
  return i;
}

// Fast mode, the first iteration on a new grid row: noise_f32_body then euler_body in one pass
// (the same operations in the same order, so the same values as the two calls; for N = 20 the
// per-call and per-loop overheads of the two small kernels were most of a step). ext is stored: it
// is held for the iterations that stay on this row.
template <int Bytes>
EBN_KERNEL bool euler_row_body(int n, double* __restrict v, double* __restrict cur, double* __restrict vp,
                               double* __restrict ip, const double* __restrict kick, const double* __restrict rest,
                               double* __restrict ext, const float* __restrict z, double sigma,
                               const double* __restrict f, const double* c, int dims, const double* __restrict thr,
                               double a, double decay) {
  if (dims != 2) {
    noise_f32_body(n, ext, z, sigma, f, c, dims);
    return euler_body(n, v, cur, vp, ip, kick, rest, ext, thr, a, decay);
  }
  const double c0 = c[0], c1 = c[1];
  const double* __restrict f0 = f;
  const double* __restrict f1 = f + n;
  bool any = false;
  int i = euler_row_chunks<Bytes>(0, n, v, cur, vp, ip, kick, rest, ext, z, sigma, f0, f1, c0, c1, thr, a, decay, &any);
  for (; i < n; ++i) {  // the last odd element, if any
    double e = static_cast<double>(z[i]) * sigma;
    e += f0[i] * c0;
    e += f1[i] * c1;
    ext[i] = e;
    vp[i] = v[i];
    const double k = kick ? kick[i] : 0.0;
    ip[i] = kick ? cur[i] + k : cur[i];
    const double in = kick ? cur[i] * decay + k : cur[i] * decay;
    cur[i] = in;
    const double vn = v[i] + a * (rest[i] - v[i] + in + e);
    v[i] = vn;
    any |= (vn - thr[i]) > 0.0;
  }
  return any;
}

// From this many neurons on, the scan's division runs in every chunk instead of only in chunks
// with a neuron above threshold: which chunks have one changes from spike to spike, and the
// mispredicted branch cost more than the division (N = 1000 fast learned-state trial: 60-63 -> 45-47
// ms CPU, N = 100 initial-state 2.5-2.6 -> 2.3-2.4 ms; at N = 20, where a neuron above threshold
// is rare and the branch predictable, the branch is a few per cent faster). The same values.
constexpr int kScanAllFrom = 64;

// Fast mode, an iteration with a spike of k (spike_step in simd_kernels.h): interpolate_ratio_body,
// V_k = reset, [noise_f32_body on a new row,] euler_body with the kick and the earliest_body scan
// of the new state, in one pass over the neurons instead of three or four (at N = 1000 the
// network fires at nearly every iteration). Element-wise the same operations in the same order,
// so the same values; the scan keeps per lane the smallest δ and the first index reaching it and
// merges lanes by (value, index): earliest_body's choice.
template <int Bytes, bool ScanAll>
EBN_KERNEL void spike_chunks(int& i, int n, int k, double v_reset_k, double dt, double ratio, double* __restrict v,
                             double* __restrict cur, double* __restrict vp, double* __restrict ip,
                             const double* __restrict kick, const double* __restrict rest, double* __restrict ext,
                             const float* __restrict z, double sigma, const double* __restrict f0,
                             const double* __restrict f1, double c0, double c1, const double* __restrict thr, double a,
                             double decay, bool* any, typename RowVec<Bytes>::D best_l,
                             typename RowVec<Bytes>::M index_l, double* best, long* best_k) {
  using D = typename RowVec<Bytes>::D;
  using M = typename RowVec<Bytes>::M;
  constexpr int kLanes = Bytes / 8;
  const double inf = __builtin_inf();
  M above = {};
  M lane_index;
  for (int l = 0; l < kLanes; ++l) lane_index[l] = i + l;
  const M step = M{} + kLanes;
  const M kk_index = M{} + k;
  for (; i + kLanes <= n; i += kLanes, lane_index += step) {
    D vv, cc, pp, qq, rr, tt, kk, e;
    __builtin_memcpy(&vv, v + i, Bytes);
    __builtin_memcpy(&cc, cur + i, Bytes);
    __builtin_memcpy(&pp, vp + i, Bytes);
    __builtin_memcpy(&qq, ip + i, Bytes);
    __builtin_memcpy(&rr, rest + i, Bytes);
    __builtin_memcpy(&tt, thr + i, Bytes);
    __builtin_memcpy(&kk, kick + i, Bytes);
    vv = (vv - pp) * ratio + pp;
    cc = (cc - qq) * ratio + qq;
    vv = lane_index == kk_index ? D{} + v_reset_k : vv;
    if (z)
      row_drive_chunk<Bytes>(i, ext, z, sigma, f0, f1, c0, c1, &e);
    else
      __builtin_memcpy(&e, ext + i, Bytes);
    __builtin_memcpy(vp + i, &vv, Bytes);
    const D ipv = cc + kk;
    __builtin_memcpy(ip + i, &ipv, Bytes);
    const D in = cc * decay + kk;
    __builtin_memcpy(cur + i, &in, Bytes);
    const D vn = vv + a * (rr - vv + in + e);
    __builtin_memcpy(v + i, &vn, Bytes);
    // vn > tt is euler_body's vn − tt > 0 for every pair of doubles (the difference of two
    // unequal doubles never rounds to 0; NaN, inf − inf: false in both), one comparison for both.
    const M over = vn > tt;
    above |= over;
    if (ScanAll || any_sign(over)) {  // small N: the division only in chunks with a neuron above
      const D d = (tt - vv) * dt / (vn - vv);
      const D cand = over ? d : D{} + inf;
      const M better = cand < best_l;
      best_l = better ? cand : best_l;
      index_l = better ? lane_index : index_l;
    }
  }
  *any |= any_sign(above);
  // The lanes' (δ, index) folded in halves, by value then lowest index (index −1 = none: the
  // largest as unsigned), and carried into the next width's lanes: its indices are all higher,
  // so its strict < keeps the earlier neuron on a tie. The last two lanes give the result.
  if constexpr (Bytes > 16) {
    using H = RowVec<Bytes / 2>;
    typename H::D b_lo, b_hi;
    typename H::M i_lo, i_hi;
    __builtin_memcpy(&b_lo, &best_l, Bytes / 2);
    __builtin_memcpy(&b_hi, reinterpret_cast<const char*>(&best_l) + Bytes / 2, Bytes / 2);
    __builtin_memcpy(&i_lo, &index_l, Bytes / 2);
    __builtin_memcpy(&i_hi, reinterpret_cast<const char*>(&index_l) + Bytes / 2, Bytes / 2);
    const typename H::M take =
        (b_hi < b_lo) | ((b_hi == b_lo) & (typename H::U(i_hi) < typename H::U(i_lo)));
    spike_chunks<Bytes / 2, ScanAll>(i, n, k, v_reset_k, dt, ratio, v, cur, vp, ip, kick, rest, ext, z, sigma, f0, f1,
                                     c0, c1, thr, a, decay, any, take ? b_hi : b_lo, take ? i_hi : i_lo, best, best_k);
  } else {
    const bool take = best_l[1] < best_l[0] ||
                      (best_l[1] == best_l[0] && static_cast<unsigned long>(index_l[1]) <
                                                     static_cast<unsigned long>(index_l[0]));
    *best = take ? best_l[1] : best_l[0];
    *best_k = take ? index_l[1] : index_l[0];
  }
}

template <int Bytes>
EBN_KERNEL bool spike_body(int n, int k, double v_reset_k, double dt, double delta, double* __restrict v,
                           double* __restrict cur, double* __restrict vp, double* __restrict ip,
                           const double* __restrict kick, const double* __restrict rest, double* __restrict ext,
                           const float* __restrict z, double sigma, const double* __restrict f, const double* c,
                           int dims, const double* __restrict thr, double a, double decay, int* next_k,
                           double* next_best) {
  if (z && dims != 2) {  // general N_x: the drive first, then the held-row path
    noise_f32_body(n, ext, z, sigma, f, c, dims);
    z = nullptr;
  }
  const double c0 = z ? c[0] : 0.0, c1 = z ? c[1] : 0.0;
  const double* __restrict f0 = f;
  const double* __restrict f1 = z ? f + n : f;
  bool any = false;
  double best = __builtin_inf();
  long best_k = -1;
  int i = 0;
  const double ratio = delta / dt;
  using D = typename RowVec<Bytes>::D;
  using M = typename RowVec<Bytes>::M;
  if (n >= kScanAllFrom)
    spike_chunks<Bytes, true>(i, n, k, v_reset_k, dt, ratio, v, cur, vp, ip, kick, rest, ext, z, sigma, f0, f1, c0, c1,
                              thr, a, decay, &any, D{} + best, M{} - 1, &best, &best_k);
  else
    spike_chunks<Bytes, false>(i, n, k, v_reset_k, dt, ratio, v, cur, vp, ip, kick, rest, ext, z, sigma, f0, f1, c0,
                               c1, thr, a, decay, &any, D{} + best, M{} - 1, &best, &best_k);
  for (; i < n; ++i) {  // the last odd element, if any
    double vv = (v[i] - vp[i]) * ratio + vp[i];
    const double cc = (cur[i] - ip[i]) * ratio + ip[i];
    if (i == k) vv = v_reset_k;
    double e;
    if (z) {
      e = static_cast<double>(z[i]) * sigma;
      e += f0[i] * c0;
      e += f1[i] * c1;
      ext[i] = e;
    } else {
      e = ext[i];
    }
    vp[i] = vv;
    ip[i] = cc + kick[i];
    const double in = cc * decay + kick[i];
    cur[i] = in;
    const double vn = vv + a * (rest[i] - vv + in + e);
    v[i] = vn;
    any |= (vn - thr[i]) > 0.0;
    if (vn > thr[i]) {
      const double d = (thr[i] - vv) * dt / (vn - vv);
      if (d < best) {  // the tail's indices are above every lane's: strict < keeps the lower
        best = d;
        best_k = i;
      }
    }
  }
  *next_k = static_cast<int>(best_k);
  *next_best = best;
  return any;
}

// Fast mode, the iterations without a spike, each on the next grid row (quiet_steps in
// simd_kernels.h): the loop of run_trial around euler_row_chunks, with its time bookkeeping, in one
// call -- between two spikes the step was mostly the loop, the call and the row lookup. The same
// operations in the same order as run_trial's iterations, so the same values.
// The same for n <= 4 vectors (N = 20 on AVX-512: 3): V, I, V_rest, T, F and the row's ext stay
// in registers over the steps (padded lanes: T = +inf, so they never count as above threshold;
// they read up to a vector's width of z past a row, which the caller provides); memory is
// written once, when the loop stops. "V − T > 0" is taken from the bits of d = V − T as int64 x:
// x > 0 and x <= the bits of +inf (sign of (−x) & ~x & (x − 0x7ff0000000000001)), exactly the
// comparison (NaN and −0 not above): GCC 12 lowered the vector comparison here lane by lane.
template <int Bytes, int C>
EBN_KERNEL long quiet_registers(QuietSteps& q) {
  using D = typename RowVec<Bytes>::D;
  using U = typename RowVec<Bytes>::U;
  using F = typename RowVec<Bytes>::F;
  constexpr int kLanes = Bytes / 8;
  constexpr int kPadded = C * kLanes;
  const int n = q.n;
  alignas(64) double buf[7][kPadded];  // v, cur, rest, thr, f0, f1, scratch
  for (int b = 0; b < 6; ++b)
    for (int i = n; i < kPadded; ++i) buf[b][i] = b == 3 ? __builtin_inf() : 0.0;
  __builtin_memcpy(buf[0], q.v, n * sizeof(double));
  __builtin_memcpy(buf[1], q.cur, n * sizeof(double));
  __builtin_memcpy(buf[2], q.rest, n * sizeof(double));
  __builtin_memcpy(buf[3], q.threshold, n * sizeof(double));
  __builtin_memcpy(buf[4], q.drive_columns, n * sizeof(double));
  __builtin_memcpy(buf[5], q.drive_columns + n, n * sizeof(double));
  D v[C], cur[C], rest[C], thr[C], g0[C], g1[C], e[C], vp[C], ip[C];
  for (int c = 0; c < C; ++c) {
    __builtin_memcpy(&v[c], buf[0] + c * kLanes, Bytes);
    __builtin_memcpy(&cur[c], buf[1] + c * kLanes, Bytes);
    __builtin_memcpy(&rest[c], buf[2] + c * kLanes, Bytes);
    __builtin_memcpy(&thr[c], buf[3] + c * kLanes, Bytes);
    __builtin_memcpy(&g0[c], buf[4] + c * kLanes, Bytes);
    __builtin_memcpy(&g1[c], buf[5] + c * kLanes, Bytes);
  }
  const double sigma = q.sigma, a = q.a, decay = q.decay, dt = q.dt, t_end = q.t_end;
  const U kNanFloor = U{} + 0x7ff0000000000001UL;
  long steps = 0;
  double t = q.t, t_prev = q.t_prev;
  long row = q.row;
  bool any = false;
  while (t < t_end) {
    const long grid = static_cast<long>(t / dt);  // run_trial's min(⌊t/dt⌋, last_grid)
    const long idx = grid < q.last_grid ? grid : q.last_grid;
    if (idx != row + 1 || idx >= q.rows_end) break;
    row = idx;
    const float* z = q.rows + (row - q.rows_first) * n;
    const double c0 = q.drive0[row], c1 = q.drive1[row];
    U above = {};
    for (int c = 0; c < C; ++c) {
      F zz;
      __builtin_memcpy(&zz, z + c * kLanes, Bytes / 2);
      e[c] = __builtin_convertvector(zz, D) * sigma;
      e[c] += g0[c] * c0;
      e[c] += g1[c] * c1;
      vp[c] = v[c];
      ip[c] = cur[c];
      const D in = cur[c] * decay;
      cur[c] = in;
      v[c] = v[c] + a * (rest[c] - v[c] + in + e[c]);
      const U x = (U)(v[c] - thr[c]);  // the bits, wrapping arithmetic
      above |= (U{} - x) & ~x & (x - kNanFloor);
    }
    ++steps;
    t_prev = t;
    t += dt;
    any = any_sign(reinterpret_cast<typename RowVec<Bytes>::M>(above));  // a sign bit set in some lane
    if (any) break;
  }
  if (steps > 0) {
#define EBN_STORE(X, DST)                                                          \
  for (int c = 0; c < C; ++c) __builtin_memcpy(buf[6] + c * kLanes, &X[c], Bytes); \
  __builtin_memcpy(DST, buf[6], n * sizeof(double));
    EBN_STORE(v, q.v)
    EBN_STORE(cur, q.cur)
    EBN_STORE(vp, q.v_prev)
    EBN_STORE(ip, q.i_prev)
    EBN_STORE(e, q.ext)
#undef EBN_STORE
  }
  q.t = t;
  q.t_prev = t_prev;
  q.row = row;
  q.above = any;
  return steps;
}

template <int Bytes>
EBN_KERNEL long quiet_body(QuietSteps& q) {
  constexpr int kLanes = Bytes / 8;
  switch ((q.n + kLanes - 1) / kLanes) {
    case 1: return quiet_registers<Bytes, 1>(q);
    case 2: return quiet_registers<Bytes, 2>(q);
    case 3: return quiet_registers<Bytes, 3>(q);
    case 4: return quiet_registers<Bytes, 4>(q);
    default: break;
  }
  const int n = q.n;
  long steps = 0;
  double t = q.t, t_prev = q.t_prev;
  long row = q.row;
  bool any = false;
  while (t < q.t_end) {
    const long grid = static_cast<long>(t / q.dt);  // run_trial's min(⌊t/dt⌋, last_grid)
    const long idx = grid < q.last_grid ? grid : q.last_grid;
    if (idx != row + 1 || idx >= q.rows_end) break;  // a held or skipped row, or a new chunk: run_trial's loop
    row = idx;
    const float* z = q.rows + (row - q.rows_first) * n;
    any = false;
    int i = euler_row_chunks<Bytes>(0, n, q.v, q.cur, q.v_prev, q.i_prev, nullptr, q.rest, q.ext, z, q.sigma, q.drive_columns, q.drive_columns + n,
                                    q.drive0[row], q.drive1[row], q.threshold, q.a, q.decay, &any);
    for (; i < n; ++i) {  // the last odd element, if any (as euler_row_body)
      double e = static_cast<double>(z[i]) * q.sigma;
      e += q.drive_columns[i] * q.drive0[row];
      e += q.drive_columns[n + i] * q.drive1[row];
      q.ext[i] = e;
      q.v_prev[i] = q.v[i];
      q.i_prev[i] = q.cur[i];
      const double in = q.cur[i] * q.decay;
      q.cur[i] = in;
      const double vn = q.v[i] + q.a * (q.rest[i] - q.v[i] + in + e);
      q.v[i] = vn;
      any |= (vn - q.threshold[i]) > 0.0;
    }
    ++steps;
    t_prev = t;
    t += q.dt;
    if (any) break;
  }
  q.t = t;
  q.t_prev = t_prev;
  q.row = row;
  q.above = any;
  return steps;
}

// Branch-free so that it vectorises: dir = [s < −h] − [s > h] in doubles is exactly the int step
// of ebn::decide (1, −1 or +0.0), and col + dir·g is what the scalar rule computed.
EBN_KERNEL double update_element(double vb, double rest, double col, double kappa, double half, bool subtract_rest,
                                 double step, long* changes) {
  // subtract_rest = false: vb − 0·rest is vb exactly only for finite rest, so select instead.
  const double v = subtract_rest ? vb - rest : vb;
  const double s = 2.0 * v + kappa * col;
  const double inc = s < -half ? 1.0 : 0.0;
  const double dec = s > half ? 1.0 : 0.0;
  *changes += (s < -half) | (s > half);
  return col + (inc - dec) * step;
}

// One pass over the column in vector chunks of the register width, then halved chunks, then one
// scalar element; W_kk is kept by a lane-index select. (The auto-vectorised loops over 0..k and
// k+1..n were ~1400 instructions of peeling, scalar epilogues and per-call overhead for a column
// of 100.) The same operations per element, so the same values on every width.
template <int Bytes>
EBN_KERNEL void update_chunks(int& i, int n, int k, const double* __restrict vb, const double* __restrict rest,
                              double* __restrict col, double kappa, double half, bool subtract_rest, double step,
                              double* changes) {
  using D = typename RowVec<Bytes>::D;
  using M = typename RowVec<Bytes>::M;
  constexpr int kLanes = Bytes / 8;
  M lane_index;
  for (int l = 0; l < kLanes; ++l) lane_index[l] = i + l;
  const M lanes = M{} + kLanes, self_index = M{} + k;
  const D one = D{} + 1.0, zero = D{};
  D count = {};
  for (; i + kLanes <= n; i += kLanes, lane_index += lanes) {
    D v, c;
    __builtin_memcpy(&v, vb + i, Bytes);
    __builtin_memcpy(&c, col + i, Bytes);
    if (subtract_rest) {
      D r;
      __builtin_memcpy(&r, rest + i, Bytes);
      v = v - r;
    }
    const D s = 2.0 * v + kappa * c;
    const D inc = s < -half ? one : zero;
    const D dec = s > half ? one : zero;
    const D updated = lane_index == self_index ? c : c + (inc - dec) * step;
    count += lane_index == self_index ? zero : inc + dec;
    __builtin_memcpy(col + i, &updated, Bytes);
  }
  for (int l = 0; l < kLanes; ++l) *changes += count[l];
  if constexpr (Bytes > 16) update_chunks<Bytes / 2>(i, n, k, vb, rest, col, kappa, half, subtract_rest, step, changes);
}

template <int Bytes>
EBN_KERNEL long update_body(int n, int k, const double* vb, const double* rest, double* col, double kappa, double half,
                            bool subtract_rest, double step) {
  double counted = 0.0;  // exact: fewer than 2^53 changes
  int i = 0;
  update_chunks<Bytes>(i, n, k, vb, rest, col, kappa, half, subtract_rest, step, &counted);
  long changes = static_cast<long>(counted);
  for (; i < n; ++i)  // the last odd element, if any
    if (i != k) col[i] = update_element(vb[i], rest[i], col[i], kappa, half, subtract_rest, step, &changes);
  return changes;
}

// One wrapper set per target. `target` attributes on a wrapper let GCC inline the generic body and
// vectorise it for that instruction set only; nothing outside this file is compiled for AVX.
#define EBN_WRAPPERS(SUFFIX, TARGET, BYTES)                                                                                   \
  TARGET bool euler_##SUFFIX(int n, double* v, double* cur, double* vp, double* ip, const double* kick,                \
                             const double* rest, const double* ext, const double* thr, double a, double decay) {       \
    return euler_body(n, v, cur, vp, ip, kick, rest, ext, thr, a, decay);                                              \
  }                                                                                                                    \
  TARGET int earliest_##SUFFIX(int n, const double* v, const double* vp, const double* thr, double dt,               \
                              double* best) {                                                                          \
    return earliest_body(n, v, vp, thr, dt, best);                                                                     \
  }                                                                                                                    \
  TARGET void interpolate_##SUFFIX(int n, double* v, double* cur, const double* vp, const double* ip, double dt,       \
                                   double delta) {                                                                     \
    interpolate_body(n, v, cur, vp, ip, dt, delta);                                                                    \
  }                                                                                                                    \
  TARGET void interpolate_ratio_##SUFFIX(int n, double* v, double* cur, const double* vp, const double* ip,          \
                                         double ratio) {                                                             \
    interpolate_ratio_body(n, v, cur, vp, ip, ratio);                                                                \
  }                                                                                                                    \
  TARGET void noise_##SUFFIX(int n, double* ext, double sigma, const double* f, const double* c, int dims) {          \
    noise_body(n, ext, sigma, f, c, dims);                                                                             \
  }                                                                                                                    \
  TARGET void noise_f32_##SUFFIX(int n, double* ext, const float* z, double sigma, const double* f, const double* c,  \
                                 int dims) {                                                                         \
    noise_f32_body(n, ext, z, sigma, f, c, dims);                                                                      \
  }                                                                                                                    \
  TARGET bool euler_row_##SUFFIX(int n, double* v, double* cur, double* vp, double* ip, const double* kick,            \
                                 const double* rest, double* ext, const float* z, double sigma, const double* f,       \
                                 const double* c, int dims, const double* thr, double a, double decay) {             \
    return euler_row_body<BYTES>(n, v, cur, vp, ip, kick, rest, ext, z, sigma, f, c, dims, thr, a, decay);            \
  }                                                                                                                    \
  TARGET bool spike_##SUFFIX(int n, int k, double v_reset_k, double dt, double delta, double* v, double* cur,           \
                             double* vp, double* ip, const double* kick, const double* rest, double* ext,             \
                             const float* z, double sigma, const double* f, const double* c, int dims,                \
                             const double* thr, double a, double decay, int* next_k, double* next_best) {             \
    return spike_body<BYTES>(n, k, v_reset_k, dt, delta, v, cur, vp, ip, kick, rest, ext, z, sigma, f, c, dims, thr, a, \
                             decay, next_k, next_best);                                                                \
  }                                                                                                                    \
  TARGET long quiet_##SUFFIX(QuietSteps& q) { return quiet_body<BYTES>(q); }                                          \
  TARGET long update_##SUFFIX(int n, int k, const double* vb, const double* rest, double* col, double kappa,          \
                              double half, bool subtract_rest, double step) {                                          \
    return update_body<BYTES>(n, k, vb, rest, col, kappa, half, subtract_rest, step);                                         \
  }

EBN_WRAPPERS(scalar, , 16)
EBN_WRAPPERS(avx2, __attribute__((target("avx2"))), 32)
EBN_WRAPPERS(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"))), 64)

struct Table {
  decltype(&earliest_scalar) earliest;
  decltype(&euler_scalar) euler;
  decltype(&interpolate_scalar) interpolate;
  decltype(&interpolate_ratio_scalar) interpolate_ratio;
  decltype(&noise_scalar) noise;
  decltype(&noise_f32_scalar) noise_f32;
  decltype(&euler_row_scalar) euler_row;
  decltype(&update_scalar) update;
  decltype(&spike_scalar) spike;
  decltype(&quiet_scalar) quiet;
};

const Table kTables[] = {
    {earliest_scalar, euler_scalar, interpolate_scalar, interpolate_ratio_scalar, noise_scalar, noise_f32_scalar, euler_row_scalar, update_scalar, spike_scalar, quiet_scalar},
    {earliest_avx2, euler_avx2, interpolate_avx2, interpolate_ratio_avx2, noise_avx2, noise_f32_avx2, euler_row_avx2, update_avx2, spike_avx2, quiet_avx2},
    {earliest_avx512, euler_avx512, interpolate_avx512, interpolate_ratio_avx512, noise_avx512, noise_f32_avx512, euler_row_avx512, update_avx512, spike_avx512, quiet_avx512},
};

Level cap_from_environment(Level level) {
  const char* env = std::getenv("EBN_SIMD");
  if (!env) return level;
  Level cap = level;
  if (std::strcmp(env, "scalar") == 0) cap = Level::Scalar;
  if (std::strcmp(env, "avx2") == 0) cap = Level::Avx2;
  if (std::strcmp(env, "avx512") == 0) cap = Level::Avx512;
  return cap < level ? cap : level;
}

Level& active_level() {
  static Level level = cap_from_environment(detected());
  return level;
}

const Table& table() { return kTables[static_cast<int>(active_level())]; }

}  // namespace

Level detected() {
  __builtin_cpu_init();
  // FMA too: the fast mode's normals use it (fast_normal.cpp); every AVX2 processor has it.
  const bool fma = __builtin_cpu_supports("fma");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && fma)
    return Level::Avx512;
  if (__builtin_cpu_supports("avx2") && fma) return Level::Avx2;
  return Level::Scalar;
}

Level active() { return active_level(); }

Level set_active(Level level) {
  const Level max = detected();
  active_level() = level < max ? level : max;
  return active_level();
}

std::string name(Level level) {
  switch (level) {
    case Level::Avx512: return "avx512";
    case Level::Avx2: return "avx2";
    case Level::Scalar: break;
  }
  return "scalar";
}

int earliest_crossing(int n, const double* v, const double* v_prev, const double* threshold, double dt, double* best) {
  return table().earliest(n, v, v_prev, threshold, dt, best);
}

bool euler_step(int n, double* v, double* cur, double* v_prev, double* i_prev, const double* kick, const double* rest,
                const double* ext, const double* threshold, double a, double decay) {
  return table().euler(n, v, cur, v_prev, i_prev, kick, rest, ext, threshold, a, decay);
}

void interpolate(int n, double* v, double* cur, const double* v_prev, const double* i_prev, double dt, double delta) {
  table().interpolate(n, v, cur, v_prev, i_prev, dt, delta);
}

void interpolate_ratio(int n, double* v, double* cur, const double* v_prev, const double* i_prev, double dt,
                       double delta) {
  table().interpolate_ratio(n, v, cur, v_prev, i_prev, delta / dt);
}

void noise_and_drive(int n, double* ext, double sigma, const double* drive_columns, const double* c, int dims) {
  table().noise(n, ext, sigma, drive_columns, c, dims);
}

void noise_and_drive(int n, double* ext, const float* z, double sigma, const double* drive_columns, const double* c,
                     int dims) {
  table().noise_f32(n, ext, z, sigma, drive_columns, c, dims);
}

bool euler_step_new_row(int n, double* v, double* cur, double* v_prev, double* i_prev, const double* kick,
                        const double* rest, double* ext, const float* z, double sigma, const double* drive_columns,
                        const double* c, int dims, const double* threshold, double a, double decay) {
  return table().euler_row(n, v, cur, v_prev, i_prev, kick, rest, ext, z, sigma, drive_columns, c, dims, threshold, a,
                           decay);
}

EulerNewRowFn euler_step_new_row_kernel() { return table().euler_row; }

bool spike_step(int n, int k, double v_reset_k, double dt, double delta, double* v, double* cur, double* v_prev,
                double* i_prev, const double* kick, const double* rest, double* ext, const float* z, double sigma,
                const double* drive_columns, const double* c, int dims, const double* threshold, double a,
                double decay, int* next_k, double* next_best) {
  return table().spike(n, k, v_reset_k, dt, delta, v, cur, v_prev, i_prev, kick, rest, ext, z, sigma, drive_columns, c,
                       dims, threshold, a, decay, next_k, next_best);
}

SpikeStepFn spike_step_kernel() { return table().spike; }

long quiet_steps(QuietSteps& q) { return table().quiet(q); }

QuietStepsFn quiet_steps_kernel() { return table().quiet; }

long discrete_update(int n, int k, const double* v_before, const double* v_rest, double* column, double kappa,
                     double half_width, bool subtract_rest, double step) {
  return table().update(n, k, v_before, v_rest, column, kappa, half_width, subtract_rest, step);
}

}  // namespace ebn::behavioral::simd
