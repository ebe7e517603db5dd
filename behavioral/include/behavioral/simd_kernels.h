#pragma once
// The per-step and per-spike loops of levels 1 and 2 (ebn_network.cpp, learning_rules.cpp), each
// compiled three times -- baseline x86-64 (SSE2), x86-64-v3 (AVX2) and x86-64-v4 (AVX-512) -- and
// selected once at run time from the CPU, so one portable binary uses the widest vectors present.
// Every kernel is element-wise in the same IEEE operations in the same order as the scalar code
// (no FMA contraction: the file is compiled with -ffp-contract=off, no reassociated sums), so all
// three variants give bit-identical results; a unit test runs each variant and compares.
#include <string>

namespace ebn::behavioral::simd {

enum class Level { Scalar = 0, Avx2 = 1, Avx512 = 2 };

// The widest level this CPU supports.
Level detected();
// The level in use (default: detected(); EBN_SIMD=scalar|avx2|avx512 in the environment caps it).
Level active();
// Tests and benchmarks: use `level` (capped at detected()); returns the level now active.
Level set_active(Level level);
std::string name(Level level);

// (1) of the Euler step: of the neurons with V_n > T_n the one whose linearly interpolated crossing
// δ_n = (T_n − V′_n)·dt/(V_n − V′_n) is earliest (lowest index on ties); -1 if none. best = δ_k.
int earliest_crossing(int n, const double* v, const double* v_prev, const double* threshold, double dt, double* best);

// (2)+(3) of the Euler step (ebn_network.h): V′ = V, I′ = I + J; I ← I(1 − dt/τ_f) + J;
// V ← V + a·(V_rest − V + I + ext). kick = null: no spike this iteration. Returns whether any
// V_n − T_n > 0 (the spike detector must scan next iteration).
bool euler_step(int n, double* v, double* cur, double* v_prev, double* i_prev, const double* kick, const double* rest,
                const double* ext, const double* threshold, double a, double decay);

// Fast mode, first iteration on a new grid row: noise_and_drive (float32 z) into ext, then
// euler_step, in one pass (same values as the two calls).
bool euler_step_new_row(int n, double* v, double* cur, double* v_prev, double* i_prev, const double* kick,
                        const double* rest, double* ext, const float* z, double sigma, const double* drive_columns,
                        const double* c, int dims, const double* threshold, double a, double decay);
// The active variant of euler_step_new_row itself (taken once per trial: the call through the
// wrapper was 6 % of a fast N = 20 trial).
using EulerNewRowFn = decltype(&euler_step_new_row);
EulerNewRowFn euler_step_new_row_kernel();

// Fast mode, an iteration with a spike of k, in one pass: interpolate_ratio (delta), V_k = v_reset_k,
// [z != null: noise_and_drive of a new row into ext,] euler_step with kick = W[:,k], and the
// earliest_crossing scan of the resulting state: next_k / next_best are what earliest_crossing
// would return (next_k = -1 when no finite crossing exists: call earliest_crossing then if the
// return value, "any V − T > 0", is true). The same values as the separate kernels.
bool spike_step(int n, int k, double v_reset_k, double dt, double delta, double* v, double* cur, double* v_prev,
                double* i_prev, const double* kick, const double* rest, double* ext, const float* z, double sigma,
                const double* drive_columns, const double* c, int dims, const double* threshold, double a,
                double decay, int* next_k, double* next_best);
using SpikeStepFn = decltype(&spike_step);
SpikeStepFn spike_step_kernel();

// Fast mode, N_x = 2: run_trial's iterations without a spike, as long as each enters the next grid
// row (row + 1 = ⌊t/dt⌋, capped at last_grid) and that row's noise is in `rows` (rows_first ..
// rows_end − 1, n floats each): per iteration euler_step_new_row with no kick and drive
// c = (drive0[row], drive1[row]), then t_prev = t, t += dt. Stops after a step with some V − T > 0
// (above = true), at t >= t_end, or before a row it cannot take; the state, t, t_prev and row are
// left as run_trial's loop leaves them. Returns the number of iterations taken. `rows` must be
// readable for kQuietRowPad floats past the last row (small n: whole vectors are loaded).
constexpr int kQuietRowPad = 16;
struct QuietSteps {
  int n;
  double *v, *cur, *v_prev, *i_prev, *ext;
  const double *rest, *threshold, *drive_columns;  // drive_columns: 2 columns of n
  double sigma, a, decay;
  const float* rows;
  long rows_first, rows_end;
  const double *drive0, *drive1;  // the drive of each grid row, per input dimension
  double dt, t_end;
  long last_grid;
  double t, t_prev;  // in/out
  long row;          // in/out: the grid row whose input is in ext
  bool above;        // out
};
long quiet_steps(QuietSteps& q);
using QuietStepsFn = decltype(&quiet_steps);
QuietStepsFn quiet_steps_kernel();

// Back-step of every state to the spike time: x ← (x − x′)/dt·δ + x′ for V and I.
void interpolate(int n, double* v, double* cur, const double* v_prev, const double* i_prev, double dt, double delta);

// The fast mode's back-step (inside spike_step): x ← (x − x′)·r + x′ with r = δ/dt computed once, a
// multiply per state instead of a division -- not the same bits as interpolate.
void interpolate_ratio(int n, double* v, double* cur, const double* v_prev, const double* i_prev, double dt,
                       double delta);

// ext ← ext·σ + Σ_d f_d·c_d (drive_columns: N_x columns of N values, contiguous).
void noise_and_drive(int n, double* ext, double sigma, const double* drive_columns, const double* c, int dims);
// The fast mode's variant: ext ← z·σ + Σ_d f_d·c_d with float32 normals z (fast_normal.h).
void noise_and_drive(int n, double* ext, const float* z, double sigma, const double* drive_columns, const double* c,
                     int dims);

// Discrete rule on column k (n != k): s = 2·(V′_n [− V_rest,n]) + κ·W_nk; s < −h -> W += g,
// s > h -> W −= g (Hold adds +0.0, as the scalar rule always did). Returns the number of changes.
long discrete_update(int n, int k, const double* v_before, const double* v_rest, double* column, double kappa,
                     double half_width, bool subtract_rest, double step);

}  // namespace ebn::behavioral::simd
