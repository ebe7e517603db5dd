#include "chip/replay/membrane_fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "chip/membrane_dynamics.h"
#include "chip/replay/cascade_filter.h"

namespace chip::replay {

namespace {

constexpr int kCols = 6;  // i_inf, offset_pos, gain_pos, offset_neg, gain_neg, w0; then table codes
// tau_e gets its own search only if dropping w0 (tau_e tied to tau_syn) raises the SSE by this
// factor: a real per-spike drive, not a small improvement of an edge-coupling residual.
constexpr double kW0Significance = 1.5;
// Simplex size (in log time constant, i.e. relative) at which the search stops.
constexpr double kSimplexTolerance = 1e-3;
// Starting split of one synaptic pole into two equal ones (their sum of rise times ~ the one's).
constexpr double kSplit = 0.4;
enum Col { kInf = 0, kOffPos = 1, kGainPos = 2, kOffNeg = 3, kGainNeg = 4, kW0 = 5 };

// Affine one-step map of advance_exact (it is linear in x, I, u and I_inf), read off by probing
// advance_exact itself, so the fast fit uses exactly the integrator of the chip model.
struct Propagator {
  double em = 0, es = 0, kx = 0, ku = 0, kinf = 0;
};
Propagator make_propagator(double tau_mem, double tau_syn, double dt) {
  Propagator p;
  MembraneConstants c{tau_mem, tau_syn, 0.0};
  MembraneState s{1.0, 0.0};
  advance_exact(c, s, 0.0, dt);
  p.kx = s.i;
  p.es = s.x;
  s = {0.0, 1.0};
  advance_exact(c, s, 0.0, dt);
  p.em = s.i;
  s = {0.0, 0.0};
  advance_exact(c, s, 1.0, dt);
  p.ku = s.i;
  c.i_inf_A = 1.0;
  s = {0.0, 0.0};
  advance_exact(c, s, 0.0, dt);
  p.kinf = s.i;
  return p;
}

// Several recordings of one circuit fitted together: the normal equations (and the code visits)
// add up over the segments; every segment starts from its own recorded value.
using Segments = std::vector<MembraneFitProblem>;

// Pulses of a segment in its fit interval, with the code that drove each.
template <class F>
void for_pulses_in_interval(const MembraneFitProblem& pr, F f) {
  const double t_grid_end = pr.grid.time(pr.grid.n - 1);
  for (std::size_t k = 0; k < pr.pulses.t_on.size(); ++k)
    if (pr.pulses.t_on[k] >= pr.t_start_s && pr.pulses.t_on[k] < t_grid_end) f(pr.codes[k]);
}

// How many pulses in the fit interval each non-zero code drove.
std::map<int, int> code_visits(const Segments& prs) {
  std::map<int, int> visits;
  for (const auto& pr : prs)
    for_pulses_in_interval(pr, [&](int b) {
      if (b != 0) ++visits[b];
    });
  return visits;
}

// Table codes of the problem: every non-zero code that drives a pulse in the fit interval.
std::vector<int> table_codes(const Segments& prs) {
  std::vector<int> codes;
  for (const auto& [code, count] : code_visits(prs)) codes.push_back(code);
  return codes;
}

// Model D has no table columns (its cost must not grow with the number of visited codes).
std::vector<int> table_codes(const Segments& prs, bool dac_table) { return dac_table ? table_codes(prs) : std::vector<int>{}; }
int column_count(const Segments& prs, bool dac_table) { return kCols + static_cast<int>(table_codes(prs, dac_table).size()); }

// Amplitude of each DAC/w0 column for a pulse with counter value b (table columns after kCols).
std::vector<double> amplitudes(int b, const std::vector<int>& table, int n_cols) {
  std::vector<double> a(static_cast<std::size_t>(n_cols), 0.0);
  if (b > 0) { a[kOffPos] = 1.0; a[kGainPos] = b; }
  if (b < 0) { a[kOffNeg] = -1.0; a[kGainNeg] = b; }  // u = -(offset + gain*|b|)
  a[kW0] = 1.0;
  const auto it = std::lower_bound(table.begin(), table.end(), b);
  if (b != 0 && it != table.end() && *it == b) a[static_cast<std::size_t>(kCols + (it - table.begin()))] = 1.0;
  return a;
}

struct Edge {
  double t;
  std::vector<double> amp;  // amplitudes after the edge
};

struct NormalEquations {
  Eigen::MatrixXd ata;
  Eigen::VectorXd aty;
  double yy = 0.0;
  long n = 0;
  explicit NormalEquations(int n_cols) : ata(Eigen::MatrixXd::Zero(n_cols, n_cols)), aty(Eigen::VectorXd::Zero(n_cols)) {}
};

struct ColumnSet {
  std::vector<bool> active;
  std::vector<std::string> notes;
};

ColumnSet active_columns(const Segments& prs, bool dac_table) {
  std::set<int> pos, neg;
  int zeros = 0;
  for (const auto& pr : prs)
    for_pulses_in_interval(pr, [&](int b) {
      if (b > 0) pos.insert(b);
      else if (b < 0) neg.insert(-b);
      else ++zeros;
    });
  ColumnSet c;
  c.active.assign(static_cast<std::size_t>(column_count(prs, dac_table)), false);
  if (dac_table) {
    // The table replaces the affine DAC columns; w0 stays (code 0 has no table entry).
    c.active[kInf] = true;
    c.active[kW0] = zeros > 0;
    for (std::size_t j = kCols; j < c.active.size(); ++j) c.active[j] = true;
    c.notes.push_back("per-code DAC table fitted for " + std::to_string(c.active.size() - kCols) + " codes");
    if (zeros == 0) c.notes.push_back("no pulse at code 0 in the fit interval: w0 not identifiable, fixed to 0");
    return c;
  }
  c.active[kInf] = true;
  c.active[kGainPos] = !pos.empty();
  c.active[kOffPos] = pos.size() >= 2;
  c.active[kGainNeg] = !neg.empty();
  c.active[kOffNeg] = neg.size() >= 2;
  c.active[kW0] = zeros > 0;
  if (pos.empty()) c.notes.push_back("no positive counter value in the fit interval: positive DAC branch copied from the negative one");
  else if (pos.size() == 1) c.notes.push_back("one positive counter value only: dac_offset_pos_A fixed to 0");
  if (neg.empty()) c.notes.push_back("no negative counter value in the fit interval: negative DAC branch copied from the positive one");
  else if (neg.size() == 1) c.notes.push_back("one negative counter value only: dac_offset_neg_A fixed to 0");
  if (zeros == 0) c.notes.push_back("no pulse at code 0 in the fit interval: w0 not identifiable, fixed to 0");
  return c;
}

// Runs the basis responses over the fit interval and accumulates the normal equations.
// Time constants of one evaluation; tau_syn2 = 0: one synaptic pole (model D).
struct TimeConstants {
  double mem = 0, syn = 0, e = 0, syn2 = 0;
};

// One segment's contribution to `ne` (table: the codes of all segments).
void accumulate_segment(const MembraneFitProblem& pr, const TimeConstants& tc, const std::vector<int>& table,
                        NormalEquations& ne) {
  const double tau_mem = tc.mem, tau_syn = tc.syn, tau_e = tc.e;
  const bool cascade = tc.syn2 > 0.0;
  const UniformGrid& g = pr.grid;
  const std::vector<double>& rec = *pr.i_recorded;
  const std::size_t i0 = g.first_at_or_after(pr.t_start_s);
  const int n_cols = kCols + static_cast<int>(table.size());
  if (i0 >= g.n) return;

  std::vector<Edge> edges;
  for (std::size_t k = 0; k < pr.pulses.t_on.size(); ++k) {
    if (pr.pulses.t_on[k] < g.time(i0)) continue;
    edges.push_back({pr.pulses.t_on[k], amplitudes(pr.codes[k], table, n_cols)});
    if (std::isfinite(pr.pulses.t_off[k])) edges.push_back({pr.pulses.t_off[k], std::vector<double>(static_cast<std::size_t>(n_cols), 0.0)});
  }
  const Propagator ps = make_propagator(tau_mem, tau_syn, g.dt_s);
  const Propagator pe = make_propagator(tau_mem, tau_e, g.dt_s);

  std::vector<double> x(static_cast<std::size_t>(n_cols), 0.0), I(x), u(x), x2(x);
  double known = rec[i0];  // free decay of the initial recorded value
  CascadeStep grid_cascade, edge_cascade;
  if (cascade) grid_cascade = CascadeStep::make(tau_mem, tau_syn, tc.syn2, g.dt_s);
  const CascadeStep* cs = &grid_cascade;  // the cascade map of the current (sub-)step
  auto step = [&](const Propagator& p_syn, const Propagator& p_e) {
    I[kInf] = p_syn.em * I[kInf] + p_syn.kinf;
    for (std::size_t j = 1; j < x.size(); ++j) {
      if (cascade && j != kW0) {  // DAC columns through the two-pole filter (I_inf enters I directly)
        const Eigen::Matrix3d& f = cs->phi;
        const double g0 = cs->gamma(0, 0), g1 = cs->gamma(1, 0), g2 = cs->gamma(2, 0);
        const double a = x[j], b2 = x2[j], c = I[j];
        x[j] = f(0, 0) * a + g0 * u[j];
        x2[j] = f(1, 0) * a + f(1, 1) * b2 + g1 * u[j];
        I[j] = f(2, 0) * a + f(2, 1) * b2 + f(2, 2) * c + g2 * u[j];
        continue;
      }
      const Propagator& p = j == kW0 ? p_e : p_syn;
      I[j] = p.em * I[j] + p.kx * x[j] + p.ku * u[j];
      x[j] = p.es * x[j] + (1.0 - p.es) * u[j];
    }
    known *= p_syn.em;
  };

  std::size_t ei = 0;
  for (std::size_t i = i0; i < g.n; ++i) {
    const double y = rec[i] - known;
    for (int a = 0; a < n_cols; ++a) {
      const double ia = I[static_cast<std::size_t>(a)];
      if (ia == 0.0) continue;  // a column whose pulses have not started yet
      ne.aty[a] += ia * y;
      double* col = ne.ata.col(a).data();  // upper triangle, column a: contiguous (column-major)
      for (int b = 0; b <= a; ++b) col[b] += ia * I[static_cast<std::size_t>(b)];
    }
    ne.yy += y * y;
    ++ne.n;
    if (i + 1 == g.n) break;
    const double t0 = g.time(i), t1 = g.time(i + 1);
    if (ei >= edges.size() || edges[ei].t >= t1) {
      step(ps, pe);
      if (ei < edges.size() && edges[ei].t == t1) { u = edges[ei].amp; ++ei; }
      continue;
    }
    double t = t0;
    auto sub_step = [&](double dt) {
      if (cascade) {
        edge_cascade = CascadeStep::make(tau_mem, tau_syn, tc.syn2, dt);
        cs = &edge_cascade;
      }
      step(make_propagator(tau_mem, tau_syn, dt), make_propagator(tau_mem, tau_e, dt));
      cs = &grid_cascade;
    };
    while (ei < edges.size() && edges[ei].t < t1) {
      if (edges[ei].t > t) {
        sub_step(edges[ei].t - t);
        t = edges[ei].t;
      }
      u = edges[ei].amp;
      ++ei;
    }
    if (t1 > t) sub_step(t1 - t);
    if (ei < edges.size() && edges[ei].t == t1) { u = edges[ei].amp; ++ei; }
  }
}

NormalEquations accumulate(const Segments& prs, const TimeConstants& tc, bool dac_table) {
  const std::vector<int> table = table_codes(prs, dac_table);
  const int n_cols = kCols + static_cast<int>(table.size());
  NormalEquations ne(n_cols);
  for (const auto& pr : prs) accumulate_segment(pr, tc, table, ne);
  for (int a = 0; a < n_cols; ++a)
    for (int b = a + 1; b < n_cols; ++b) ne.ata(b, a) = ne.ata(a, b);
  return ne;
}

// Solves the normal equations restricted to the active columns; returns the SSE.
double solve(const NormalEquations& ne, const std::vector<bool>& active, std::vector<double>& theta) {
  const int n_cols = static_cast<int>(ne.aty.size());
  std::vector<int> idx;
  for (int a = 0; a < n_cols; ++a)
    if (active[static_cast<std::size_t>(a)] && ne.ata(a, a) > 0.0) idx.push_back(a);
  theta.assign(static_cast<std::size_t>(n_cols), 0.0);
  const int m = static_cast<int>(idx.size());
  if (m == 0) return ne.yy;
  Eigen::MatrixXd M(m, m);
  Eigen::VectorXd r(m), d(m);
  for (int a = 0; a < m; ++a) d[a] = std::sqrt(ne.ata(idx[a], idx[a]));
  for (int a = 0; a < m; ++a) {
    r[a] = ne.aty[idx[a]] / d[a];
    for (int b = 0; b < m; ++b) M(a, b) = ne.ata(idx[a], idx[b]) / (d[a] * d[b]);
  }
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(M);
  cod.setThreshold(1e-12);
  const Eigen::VectorXd z = cod.solve(r);
  double sse = ne.yy;
  for (int a = 0; a < m; ++a) theta[static_cast<std::size_t>(idx[a])] = z[a] / d[a];
  Eigen::VectorXd th(n_cols);
  for (int a = 0; a < n_cols; ++a) th[a] = theta[static_cast<std::size_t>(a)];
  sse += -2.0 * th.dot(ne.aty) + th.dot(ne.ata * th);
  return std::max(sse, 0.0);
}

SynapseModelParams to_params(const std::vector<double>& th, const std::vector<bool>& active, const std::vector<int>& table,
                             double tau_mem, double tau_syn, double tau_e) {
  SynapseModelParams m;
  m.tau_mem_s = tau_mem;
  m.tau_syn_s = tau_syn;
  m.tau_e_s = tau_e;
  m.i_inf_A = th[kInf];
  m.dac_offset_pos_A = th[kOffPos];
  m.dac_gain_pos_A_per_lsb = th[kGainPos];
  m.dac_offset_neg_A = th[kOffNeg];
  m.dac_gain_neg_A_per_lsb = th[kGainNeg];
  m.w0_A = th[kW0];
  for (std::size_t j = 0; j < table.size(); ++j)
    if (active[kCols + j]) m.dac_table_A[table[j]] = th[kCols + j];
  return m;
}

// Plain Nelder-Mead on a small dimension (2 or 3 log time constants).
std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                                double step, int max_eval, int& evals, double tol) {
  const std::size_t n = x0.size();
  std::vector<std::vector<double>> s(n + 1, x0);
  std::vector<double> fs(n + 1);
  for (std::size_t i = 0; i < n; ++i) s[i + 1][i] += step;
  for (std::size_t i = 0; i <= n; ++i) { fs[i] = f(s[i]); ++evals; }
  auto combine = [&](const std::vector<double>& c, const std::vector<double>& w, double a) {
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n; ++i) r[i] = c[i] + a * (w[i] - c[i]);
    return r;
  };
  while (evals < max_eval) {
    std::vector<std::size_t> ord(n + 1);
    for (std::size_t i = 0; i <= n; ++i) ord[i] = i;
    std::sort(ord.begin(), ord.end(), [&](std::size_t a, std::size_t b) { return fs[a] < fs[b]; });
    std::vector<std::vector<double>> s2;
    std::vector<double> f2;
    for (auto i : ord) { s2.push_back(s[i]); f2.push_back(fs[i]); }
    s = s2; fs = f2;
    double size = 0.0;
    for (std::size_t i = 1; i <= n; ++i)
      for (std::size_t j = 0; j < n; ++j) size = std::max(size, std::fabs(s[i][j] - s[0][j]));
    if (size < tol) break;
    std::vector<double> c(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) c[j] += s[i][j] / static_cast<double>(n);
    const auto xr = combine(c, s[n], -1.0);
    const double fr = f(xr); ++evals;
    if (fr < fs[0]) {
      const auto xe = combine(c, s[n], -2.0);
      const double fe = f(xe); ++evals;
      if (fe < fr) { s[n] = xe; fs[n] = fe; } else { s[n] = xr; fs[n] = fr; }
    } else if (fr < fs[n - 1]) {
      s[n] = xr; fs[n] = fr;
    } else {
      const auto xc = fr < fs[n] ? combine(c, xr, 0.5) : combine(c, s[n], 0.5);
      const double fc = f(xc); ++evals;
      if (fc < std::min(fr, fs[n])) {
        s[n] = xc; fs[n] = fc;
      } else {
        for (std::size_t i = 1; i <= n; ++i) { s[i] = combine(s[0], s[i], 0.5); fs[i] = f(s[i]); ++evals; }
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i <= n; ++i)
    if (fs[i] < fs[best]) best = i;
  return s[best];
}

}  // namespace

double membrane_sse(const MembraneFitProblem& problem, double tau_mem_s, double tau_syn_s, double tau_e_s,
                    SynapseModelParams* best, bool dac_table, double tau_syn2_s) {
  const Segments prs{problem};
  const ColumnSet cols = active_columns(prs, dac_table);
  const NormalEquations ne = accumulate(prs, {tau_mem_s, tau_syn_s, tau_e_s, tau_syn2_s}, dac_table);
  std::vector<double> th;
  const double sse = solve(ne, cols.active, th);
  if (best) {
    *best = to_params(th, cols.active, table_codes(prs, dac_table), tau_mem_s, tau_syn_s, tau_e_s);
    best->tau_syn2_s = tau_syn2_s;
  }
  return sse;
}

namespace {
// Affine branches through the table entries (least squares weighted by how often each code drove
// a pulse): the DAC for codes the recording never visited, and what the level-3 chip uses.
void affine_through_table(const Segments& prs, SynapseModelParams& m) {
  std::map<int, int> visits = code_visits(prs);
  auto branch = [&](int sign, double& offset, double& gain) {
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    int distinct = 0;
    for (const auto& [b, a] : m.dac_table_A) {
      if ((b > 0) != (sign > 0)) continue;
      const double w = visits[b], x = std::abs(b), y = sign * a;  // magnitude of the drive
      sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
      ++distinct;
    }
    if (distinct == 0) return false;
    const double det = sw * sxx - sx * sx;
    if (distinct >= 2 && det > 0.0) {
      gain = (sw * sxy - sx * sy) / det;
      offset = (sy - gain * sx) / sw;
    } else {
      gain = sy / sx;
      offset = 0.0;
    }
    return true;
  };
  const bool pos = branch(+1, m.dac_offset_pos_A, m.dac_gain_pos_A_per_lsb);
  const bool neg = branch(-1, m.dac_offset_neg_A, m.dac_gain_neg_A_per_lsb);
  if (pos && !neg) { m.dac_gain_neg_A_per_lsb = m.dac_gain_pos_A_per_lsb; m.dac_offset_neg_A = m.dac_offset_pos_A; }
  if (neg && !pos) { m.dac_gain_pos_A_per_lsb = m.dac_gain_neg_A_per_lsb; m.dac_offset_pos_A = m.dac_offset_neg_A; }
}

int pulses_in_interval(const Segments& prs) {
  int n = 0;
  for (const auto& pr : prs) for_pulses_in_interval(pr, [&](int) { ++n; });
  return n;
}
}  // namespace

SynapseModelParams fit_membrane(const MembraneFitProblem& pr, const MembraneFitOptions& opt, FitReport& report) {
  return fit_membrane(std::vector<MembraneFitProblem>{pr}, opt, report);
}

SynapseModelParams fit_membrane(const std::vector<MembraneFitProblem>& prs, const MembraneFitOptions& opt,
                                FitReport& report) {
  if (prs.empty()) throw std::invalid_argument("fit_membrane: no recording");
  const MembraneFitProblem& pr = prs.front();  // period and pulse width scale the search
  const ColumnSet cols = active_columns(prs, opt.dac_table);
  const std::vector<int> table = table_codes(prs, opt.dac_table);
  int evals = 0;
  // Searched in log space: (tau_mem, tau_syn[, tau_syn2]); tau_e tied to tau_syn.
  auto sse2 = [&](const std::vector<double>& lt) {
    const double tm = std::exp(lt[0]), ts = std::exp(lt[1]);
    std::vector<double> th;
    return solve(accumulate(prs, {tm, ts, ts, lt.size() > 2 ? std::exp(lt[2]) : 0.0}, opt.dac_table), cols.active, th);
  };

  std::vector<double> start;
  double step = std::log(1.6);
  if (opt.warm_start) {
    const SynapseModelParams& w = *opt.warm_start;
    const double floor_s = 1e-3 * pr.pulse_width_s;
    start = {std::log(w.tau_mem_s), std::log(std::max(w.tau_syn_s, floor_s))};
    if (opt.second_pole) {
      // From one pole: split it into two of kSplit of its value (about the same rise time).
      if (w.tau_syn2_s > 0.0) start.push_back(std::log(std::max(w.tau_syn2_s, floor_s)));
      else { start[1] = std::log(std::max(kSplit * w.tau_syn_s, floor_s)); start.push_back(start[1]); }
    }
    step = std::log(1.25);
  } else {
    // Coarse log grid scaled by the recording's own period and pulse width.
    double best = std::numeric_limits<double>::infinity();
    for (double fm : {0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0}) {
      for (double fs : {0.05, 0.15, 0.4, 1.0, 2.5}) {
        const std::vector<double> lt{std::log(fm * pr.period_s), std::log(fs * pr.pulse_width_s)};
        const double v = sse2(lt);
        ++evals;
        if (v < best) { best = v; start = lt; }
      }
    }
    if (opt.second_pole) {  // split the best one-pole point into two poles
      start[1] = std::log(kSplit * std::exp(start[1]));
      start.push_back(start[1]);
    }
  }
  // max_evaluations 0: keep the warm start's time constants (no search).
  std::vector<double> lt = opt.max_evaluations > 0 ? nelder_mead(sse2, start, step, evals + opt.max_evaluations, evals, kSimplexTolerance)
                                                   : start;
  double tau_mem = std::exp(lt[0]), tau_syn = std::exp(lt[1]), tau_e = tau_syn;
  const double tau_syn2 = lt.size() > 2 ? std::exp(lt[2]) : 0.0;

  // w0 with its own time constant, only when the data show a per-spike drive worth modelling
  // (one synaptic pole only: the cascade keeps tau_e tied).
  std::vector<double> th;
  const NormalEquations ne = accumulate(prs, {tau_mem, tau_syn, tau_e, tau_syn2}, opt.dac_table);
  double sse = solve(ne, cols.active, th);
  if (opt.fit_tau_e && !opt.second_pole && cols.active[kW0]) {
    auto no_w0 = cols.active;
    no_w0[kW0] = false;
    std::vector<double> th0;
    const double sse_without = solve(ne, no_w0, th0);
    if (sse_without > kW0Significance * sse) {
      auto sse3 = [&](const std::vector<double>& l) {
        std::vector<double> t3;
        return solve(accumulate(prs, {std::exp(l[0]), std::exp(l[1]), std::exp(l[2]), 0.0}, opt.dac_table), cols.active, t3);
      };
      const auto l3 = nelder_mead(sse3, {lt[0], lt[1], lt[1]}, std::log(1.3), evals + opt.max_evaluations, evals, kSimplexTolerance);
      tau_mem = std::exp(l3[0]); tau_syn = std::exp(l3[1]); tau_e = std::exp(l3[2]);
      sse = solve(accumulate(prs, {tau_mem, tau_syn, tau_e, 0.0}, opt.dac_table), cols.active, th);
      report.notes.push_back("w0 significant: tau_e fitted separately");
    } else {
      report.notes.push_back("w0 fitted with tau_e tied to tau_syn (dropping w0 raises the SSE by less than the significance factor 1.5)");
    }
  }
  SynapseModelParams m = to_params(th, cols.active, table, tau_mem, tau_syn, tau_e);
  m.tau_syn2_s = tau_syn2;
  if (tau_syn2 > 0.0) report.notes.push_back("second synaptic pole fitted");
  if (opt.dac_table) {
    affine_through_table(prs, m);
  } else {
    // Branches the data could not identify (see active_columns).
    if (!cols.active[kGainPos] && cols.active[kGainNeg]) { m.dac_gain_pos_A_per_lsb = m.dac_gain_neg_A_per_lsb; m.dac_offset_pos_A = m.dac_offset_neg_A; }
    if (!cols.active[kGainNeg] && cols.active[kGainPos]) { m.dac_gain_neg_A_per_lsb = m.dac_gain_pos_A_per_lsb; m.dac_offset_neg_A = m.dac_offset_pos_A; }
  }
  for (const auto& n : cols.notes) report.notes.push_back(n);
  report.evaluations = evals;
  report.t_start_s = pr.grid.time(pr.grid.first_at_or_after(pr.t_start_s));
  report.t_end_s = pr.grid.time(pr.grid.n - 1);
  report.sse_A2 = sse;
  report.pulses = pulses_in_interval(prs);
  int params = (tau_e != tau_syn ? 3 : 2) + (tau_syn2 > 0.0 ? 1 : 0);
  for (std::size_t j = 0; j < cols.active.size(); ++j) params += cols.active[j] && th[j] != 0.0;
  report.parameters = params;
  return m;
}

}  // namespace chip::replay
