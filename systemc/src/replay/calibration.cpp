#include "chip/replay/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "chip/replay/membrane_fit.h"
#include "chip/replay/window_fit.h"
#include "ebn/hw_encoding.h"

namespace chip::replay {

using recording::RecordedEvents;

namespace {
// Time-constant evaluations spent on a richer model (table, second pole) before deciding whether
// to keep it; the search is completed only for an adopted one.
constexpr int kTableDecisionEvaluations = 30;
}  // namespace

RecordingOnGrid put_on_grid(const recording::Recording& r, const RecordedEvents& ev, double dt_s) {
  RecordingOnGrid g;
  g.grid = UniformGrid::covering(r.t_end(), dt_s);
  std::vector<double> times(g.grid.n);
  for (std::size_t i = 0; i < g.grid.n; ++i) times[i] = g.grid.time(i);
  g.i_mem = recording::sample_sorted(r.i_mem, times);
  g.counter = recording::sample_sorted(r.counter, times);
  const double thr = ev.levels.threshold_V;
  const auto inc = recording::sample_sorted(r.inc, times);
  const auto sl = recording::sample_sorted(r.sl, times);
  const auto in = recording::sample_sorted(r.input, times);
  g.flags.resize(g.grid.n);
  g.input.resize(g.grid.n);
  for (std::size_t i = 0; i < g.grid.n; ++i) {
    g.flags[i] = inc[i] > thr ? 1 : (sl[i] > thr ? 0 : -1);
    g.input[i] = in[i] > thr ? 1 : 0;
  }
  g.pulses = pulses_of(ev);
  for (const auto& s : ev.spikes) {
    g.bit_before.push_back(s.bit_before);
    g.bit_after.push_back(s.bit_after);
  }
  return g;
}

std::size_t startup_end_spike(const RecordedEvents& ev, double lower_A, double upper_A) {
  for (std::size_t k = 0; k < ev.spikes.size(); ++k)
    if (ev.spikes[k].i_before_A >= lower_A && ev.spikes[k].i_before_A <= upper_A) return k;
  for (std::size_t k = 1; k < ev.spikes.size(); ++k)
    if (ev.spikes[k].decision != ev.spikes[0].decision) return k;
  return 0;
}

namespace {
double onset_margin(const RecordedEvents& ev) { return 0.02 * ev.period_s; }

// Keep at least half of the recording for the fit.
double clamp_start(const RecordedEvents& ev, std::size_t k, double t_end) {
  while (k > 0 && ev.spikes[k].t_on > 0.5 * t_end) --k;
  return std::max(0.0, ev.spikes[k].t_on - onset_margin(ev));
}
double recording_end(const RecordedEvents& ev) {
  const auto& last = ev.spikes.back();
  return (last.has_offset() ? last.t_off : last.t_on) + ev.period_s;
}
}  // namespace

double steady_fit_start(const RecordedEvents& ev, double lower_A, double upper_A) {
  const std::size_t ks = std::min(startup_end_spike(ev, lower_A, upper_A) + 1, ev.spikes.size() - 1);
  return clamp_start(ev, ks, recording_end(ev));
}

double closed_loop_fit_start(const RecordedEvents& ev, double lower_A, double upper_A) {
  const std::size_t ks = startup_end_spike(ev, lower_A, upper_A);
  const double half = 0.5 * ev.spikes[ks].i_before_A;
  std::size_t k = 0;
  while (k < ks && ev.spikes[k].i_before_A < half) ++k;
  return clamp_start(ev, k, recording_end(ev));
}

namespace {

MembraneFitProblem problem_for(const RecordingOnGrid& g, const RecordedEvents& ev, double t_start) {
  MembraneFitProblem pr;
  pr.grid = g.grid;
  pr.i_recorded = &g.i_mem;
  pr.pulses = g.pulses;
  pr.codes = g.bit_before;
  pr.t_start_s = t_start;
  pr.period_s = ev.period_s;
  pr.pulse_width_s = ev.pulse_width_s;
  return pr;
}

// RMSE / max of the forced replay over [t_start, end]: an independent check of the fast fit.
void measure_fit(const CircuitParams& p, const SynapseModelParams& m, const RecordingOnGrid& g,
                 const RecordedEvents& ev, FitReport& rep) {
  InitialState init;
  const std::size_t i0 = g.grid.first_at_or_after(rep.t_start_s);
  init.t_start_s = g.grid.time(i0);
  init.i_start_A = g.i_mem[i0];
  init.i_before_start_A = g.i_mem[i0];
  // Counter at the start: the recorded value before the first spike after it.
  init.counter = ev.initial_bit;
  for (const auto& s : ev.spikes) {
    if (s.t_on >= init.t_start_s) { init.counter = s.bit_before; break; }
  }
  const SimulationResult sim = simulate(p, m, g.pulses, g.grid, init, &g.bit_after);
  double sse = 0.0, mx = 0.0;
  long n = 0;
  for (std::size_t i = i0; i < g.grid.n; ++i) {
    const double e = sim.i_grid[i] - g.i_mem[i];
    sse += e * e;
    mx = std::max(mx, std::fabs(e));
    ++n;
  }
  rep.points = n;
  rep.rmse_A = n ? std::sqrt(sse / static_cast<double>(n)) : 0.0;
  rep.max_abs_A = mx;
}

std::vector<WindowSample> window_samples(const RecordedEvents& ev, const CircuitParams& p, const SynapseModelParams& m) {
  std::vector<WindowSample> s;
  for (const auto& sp : ev.spikes) {
    const double jump = m.dac_current(sp.bit_before) * p.timing.pulse_width_s / m.tau_mem_s;
    s.push_back({sp.i_before_A, 0.5 * jump, sp.decision});
  }
  return s;
}

void fit_counter(const RecordedEvents& ev, CounterParams& c) {
  c.initial = ev.initial_bit;
  int lo = ev.initial_bit, hi = ev.initial_bit;
  for (const auto& s : ev.spikes) {
    lo = std::min({lo, s.bit_before, s.bit_after});
    hi = std::max({hi, s.bit_before, s.bit_after});
  }
  c.bits = ebn::hw::kDefaultWeightBits;
  c.bits_from_saturation = false;
  for (const auto& s : ev.spikes) {
    if (!s.has_offset() || s.bit_after != s.bit_before) continue;
    for (int b = ebn::hw::kMinWeightBits; b <= ebn::hw::kMaxWeightBits; ++b) {
      const bool sat_hi = s.decision == ebn::Decision::Inc && s.bit_before == ebn::hw::counter_max(b);
      const bool sat_lo = s.decision == ebn::Decision::Dec && s.bit_before == ebn::hw::counter_min(b);
      if (sat_hi || sat_lo) { c.bits = b; c.bits_from_saturation = true; return; }
    }
  }
  while (c.bits < ebn::hw::kMaxWeightBits && (lo < ebn::hw::counter_min(c.bits) || hi > ebn::hw::counter_max(c.bits))) ++c.bits;
}

}  // namespace

double information_criterion(const FitReport& f) {
  const double n = std::max(1, f.pulses);
  return n * std::log(std::max(f.sse_A2, 1e-300) / n) + f.parameters * std::log(n);
}

bool prefer_richer_model(const FitReport& simple, const FitReport& richer) {
  return richer.pulses > richer.parameters && information_criterion(richer) < information_criterion(simple);
}

namespace {

// How a richer model form is named in the calibration notes.
struct RicherModelLabels {
  const char* what;     // "per-code DAC table"
  const char* richer;   // tag before its parameter count, e.g. "table, "
  const char* simpler;  // tag before the current form's count, e.g. "affine, "
};

// Steps 4b and 4c: fits the richer form `o` from the current model with a short time-constant
// search, keeps it only if the information criterion prefers it (then completes the search), and
// records the decision in the notes. Returns whether it was adopted.
bool adopt_if_preferred(const std::vector<MembraneFitProblem>& pr, MembraneFitOptions o, bool short_search_fits_tau_e,
                        const RicherModelLabels& label, CircuitParams& p) {
  const SynapseModelParams current = p.model;
  o.warm_start = &current;
  o.max_evaluations = kTableDecisionEvaluations;
  o.fit_tau_e = short_search_fits_tau_e;
  FitReport fit;
  SynapseModelParams model = fit_membrane(pr, o, fit);
  const bool adopted = prefer_richer_model(p.fit, fit);
  if (adopted) {
    const SynapseModelParams short_search = model;
    o.warm_start = &short_search;
    o.max_evaluations = MembraneFitOptions{}.max_evaluations;
    o.fit_tau_e = true;
    fit = FitReport{};
    model = fit_membrane(pr, o, fit);
  }
  char b[200];
  std::snprintf(b, sizeof b, "%s %s: BIC over %d pulses %.1f (%s%d parameters) vs %.1f (%s%d)", label.what,
                adopted ? "adopted" : "rejected", p.fit.pulses, information_criterion(fit), label.richer,
                fit.parameters, information_criterion(p.fit), label.simpler, p.fit.parameters);
  if (adopted) {
    const auto notes = p.fit.notes;
    p.model = model;
    p.fit = fit;
    p.fit.notes.insert(p.fit.notes.begin(), notes.begin(), notes.end());
  }
  p.fit.notes.push_back(b);
  return adopted;
}

}  // namespace

CircuitParams calibrate(const recording::Recording& r, const RecordedEvents& ev, const CalibrationOptions& opt) {
  return calibrate({{&r, &ev}}, opt);
}

CircuitParams calibrate(const std::vector<CalibrationRecording>& recs, const CalibrationOptions& opt) {
  if (recs.empty()) throw std::invalid_argument("calibrate: no recording");
  const recording::Recording& r = *recs.front().recording;
  const RecordedEvents& ev = *recs.front().events;
  CircuitParams p;
  p.source = r.origin;
  for (std::size_t i = 1; i < recs.size(); ++i) p.source += " + " + recs[i].recording->origin;
  p.timing.latch_latency_s = ev.latch_latency_s;
  p.timing.update_latency_s = ev.update_latency_s;
  p.timing.pulse_width_s = ev.pulse_width_s;
  fit_counter(ev, p.counter);

  // 2. fixed window (independent of the membrane model), from the latches of every recording.
  std::vector<WindowSample> plain;
  for (const auto& c : recs)
    for (const auto& sp : c.events->spikes) plain.push_back({sp.i_before_A, 0.0, sp.decision});
  const FixedWindowFit w0 = fit_fixed_window(plain);

  // 3.-4. steady fit: each recording from its own start-up end, one parameter set for all.
  std::vector<RecordingOnGrid> grids;
  for (const auto& c : recs) grids.push_back(put_on_grid(*c.recording, *c.events, opt.grid_dt_s));
  const RecordingOnGrid& g = grids.front();
  // The further recordings are there for the codes their start-up sweeps through (a run started
  // at a high or negative code visits them before it reaches the window): each is fitted from its
  // closed-loop start (rule 5, the upper half of the start-up rise), not from its start-up end.
  auto problems = [&](double (*start)(const RecordedEvents&, double, double)) {
    std::vector<MembraneFitProblem> prs;
    for (std::size_t i = 0; i < recs.size(); ++i) {
      const auto rule = i == 0 ? start : closed_loop_fit_start;
      prs.push_back(problem_for(grids[i], *recs[i].events, rule(*recs[i].events, w0.lower, w0.upper)));
    }
    return prs;
  };
  const std::vector<MembraneFitProblem> pr = problems(steady_fit_start);
  p.model = fit_membrane(pr, {}, p.fit);
  // 4b. per-code DAC table, kept only if the information criterion prefers it. Its short search
  // leaves tau_e alone (its cost grows with the number of codes).
  MembraneFitOptions richer;
  bool use_table = false;
  if (opt.try_dac_table) {
    richer.dac_table = true;
    use_table = adopt_if_preferred(pr, richer, false, {"per-code DAC table", "table, ", "affine, "}, p);
    richer.dac_table = use_table;
  }
  // 4c. second synaptic pole on top of the chosen DAC form, by the same criterion.
  bool use_cascade = false;
  if (opt.try_second_pole) {
    richer.second_pole = true;
    use_cascade = adopt_if_preferred(pr, richer, true, {"second synaptic pole", "", ""}, p);
  }
  measure_fit(p, p.model, g, ev, p.fit);
  for (std::size_t i = 1; i < recs.size(); ++i) {  // the same check on every further recording
    FitReport other;
    other.t_start_s = pr[i].t_start_s;
    measure_fit(p, p.model, grids[i], *recs[i].events, other);
    char b[200];
    std::snprintf(b, sizeof b, "recording %zu (%s): forced replay RMSE %.4f nA, max %.4f nA from %.2f ms", i + 1,
                  recs[i].recording->origin.c_str(), other.rmse_A * 1e9, other.max_abs_A * 1e9, other.t_start_s * 1e3);
    p.fit.notes.push_back(b);
  }

  // 5. closed-loop model, including the late start-up (same DAC form as the steady model).
  p.closed_loop_model = p.model;
  if (opt.fit_closed_loop_model) {
    const std::vector<MembraneFitProblem> pc = problems(closed_loop_fit_start);
    MembraneFitOptions o;
    o.warm_start = &p.model;
    o.dac_table = use_table;
    o.second_pole = use_cascade;
    p.closed_loop_model = fit_membrane(pc, o, p.closed_loop_fit);
    measure_fit(p, p.closed_loop_model, g, ev, p.closed_loop_fit);
  }

  // 6. turn-on of the neuron.
  {
    const auto& m = p.closed_loop_model;
    const auto& s0 = ev.spikes.front();
    const double i_off = g.i_mem.front();
    p.startup.i_off_A = i_off;
    const double ratio = (s0.i_before_A - m.i_inf_A) / (i_off - m.i_inf_A);  // e^{-(t_latch - t_on)/tau}
    double t_on = 0.0;
    if (ratio > 0.0 && ratio < 1.0) t_on = s0.t_latch + m.tau_mem_s * std::log(ratio);
    if (t_on > 0.0) {
      p.startup.t_turn_on_s = t_on;
      p.startup.i_on_A = i_off;
    } else {
      // Already on (or too high to be reached from rest): start at t = 0 from the level that
      // reaches I_before(0) at the first latch.
      p.startup.t_turn_on_s = 0.0;
      p.startup.i_on_A = m.i_inf_A + (s0.i_before_A - m.i_inf_A) * std::exp(s0.t_latch / m.tau_mem_s);
    }
  }

  // 7. weight-dependent shift and final window (latches of every recording).
  std::vector<WindowSample> shifted;
  for (const auto& c : recs) {
    const auto s = window_samples(*c.events, p, p.model);
    shifted.insert(shifted.end(), s.begin(), s.end());
  }
  const BetaInterval bi = feasible_beta(shifted);
  double beta = 0.0;
  if (!bi.empty() && !(bi.lo < 0.0 && 0.0 < bi.hi)) {
    if (std::isfinite(bi.lo) && std::isfinite(bi.hi)) beta = 0.5 * (bi.lo + bi.hi);
    else beta = std::isfinite(bi.lo) ? bi.lo + 1.0 : bi.hi - 1.0;
  }
  const FixedWindowFit wf = fit_fixed_window(shifted, beta);
  p.window.i_lower_A = wf.lower;
  p.window.i_upper_A = wf.upper;
  p.window.beta = beta;
  p.window.lower_feasible_lo_A = wf.lower_lo;
  p.window.lower_feasible_hi_A = wf.lower_hi;
  p.window.upper_feasible_lo_A = wf.upper_lo;
  p.window.upper_feasible_hi_A = wf.upper_hi;
  p.window.beta_feasible_lo = bi.empty() ? NAN : bi.lo;
  p.window.beta_feasible_hi = bi.empty() ? NAN : bi.hi;
  p.window.feasible = wf.feasible;
  p.window.misclassified = wf.misclassified;
  return p;
}

std::string calibration_text(const CircuitParams& p) {
  std::ostringstream o;
  char b[512];
  auto model = [&](const char* name, const SynapseModelParams& m, const FitReport& f) {
    std::snprintf(b, sizeof b,
                  "%s: tau_mem %.3f ms, tau_syn %.4f ms (second pole %.4f ms), i_inf %.4f nA, DAC +: %.4f + %.4f*b nA, -: -(%.4f + %.4f*|b|) nA, "
                  "w0 %.4f nA (tau_e %.4f ms)\n"
                  "  fit %.2f..%.2f ms (%ld points, %d evaluations): RMSE %.4f nA, max %.4f nA\n",
                  name, m.tau_mem_s * 1e3, m.tau_syn_s * 1e3, m.tau_syn2_s * 1e3, m.i_inf_A * 1e9, m.dac_offset_pos_A * 1e9,
                  m.dac_gain_pos_A_per_lsb * 1e9, m.dac_offset_neg_A * 1e9, m.dac_gain_neg_A_per_lsb * 1e9,
                  m.w0_A * 1e9, m.tau_e_s * 1e3, f.t_start_s * 1e3, f.t_end_s * 1e3, f.points, f.evaluations,
                  f.rmse_A * 1e9, f.max_abs_A * 1e9);
    o << b;
    for (const auto& n : f.notes) o << "  note: " << n << "\n";
  };
  o << "calibration of " << p.source << "\n";
  model("model (steady state)", p.model, p.fit);
  model("closed_loop_model", p.closed_loop_model, p.closed_loop_fit);
  std::snprintf(b, sizeof b,
                "window: I_L %.4f nA, I_U %.4f nA, beta %.3g; feasible I_L (%.4f, %.4f], I_U [%.4f, %.4f), beta (%.3g, %.3g); "
                "%s, %d misclassified\n",
                p.window.i_lower_A * 1e9, p.window.i_upper_A * 1e9, p.window.beta, p.window.lower_feasible_lo_A * 1e9,
                p.window.lower_feasible_hi_A * 1e9, p.window.upper_feasible_lo_A * 1e9, p.window.upper_feasible_hi_A * 1e9,
                p.window.beta_feasible_lo, p.window.beta_feasible_hi, p.window.feasible ? "feasible" : "INFEASIBLE",
                p.window.misclassified);
  o << b;
  std::snprintf(b, sizeof b,
                "timing: latch %+.3f us after the rising edge, update %+.3f us after the falling edge, pulse width %.4f ms\n"
                "counter: %d bits%s, initial %d; start-up: neuron turns on at %.3f ms from %.4f nA\n",
                p.timing.latch_latency_s * 1e6, p.timing.update_latency_s * 1e6, p.timing.pulse_width_s * 1e3,
                p.counter.bits, p.counter.bits_from_saturation ? " (from observed saturation)" : " (default; no saturation observed)",
                p.counter.initial, p.startup.t_turn_on_s * 1e3, p.startup.i_on_A * 1e9);
  o << b;
  return o.str();
}

}  // namespace chip::replay
