#include "chip/replay/replay.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace chip::replay {

using recording::RecordedEvents;
using Json = nlohmann::ordered_json;

namespace {
int index_of(ebn::Decision d) { return d == ebn::Decision::Inc ? 0 : (d == ebn::Decision::Hold ? 1 : 2); }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<int> settled_sequence(const std::vector<int>& before, const std::vector<int>& after) {
  std::vector<int> seq(before);
  if (!after.empty()) seq.push_back(after.back());
  return seq;
}

int last_update(const std::vector<int>& before, const std::vector<int>& after) {
  int last = -1;
  for (std::size_t k = 0; k < before.size(); ++k)
    if (after[k] != before[k]) last = static_cast<int>(k);
  return last;
}
}  // namespace

OpenLoopResult run_open_loop(const CircuitParams& p, const recording::Recording& r, const RecordedEvents& ev,
                             const Semantics& sem) {
  OpenLoopResult o;
  for (const auto& s : ev.spikes) {
    const double edge = sem.latch_edge == Edge::Rising ? s.t_on : s.t_off;
    if (!std::isfinite(edge)) {
      o.predicted.push_back(ebn::Decision::Hold);
      continue;
    }
    const double i = r.i_mem.at(edge + p.timing.latch_latency_s);
    const ebn::Decision d = ebn::decide(i, p.lower_bound(s.bit_before, p.model), p.upper_bound(s.bit_before, p.model));
    o.predicted.push_back(d);
    ++o.total;
    o.matched += d == s.decision;
    ++o.confusion[index_of(s.decision)][index_of(d)];
  }
  return o;
}

ReplayImemResult run_replay_imem(const CircuitParams& p, const RecordingOnGrid& g, const RecordedEvents& ev,
                                 const Semantics& sem) {
  ReplayImemResult out;
  const double t_start = steady_fit_start(ev, p.window.i_lower_A, p.window.i_upper_A);
  const std::size_t i0 = g.grid.first_at_or_after(t_start);
  InitialState init;
  init.t_start_s = g.grid.time(i0);
  init.i_start_A = g.i_mem[i0];
  init.i_before_start_A = g.i_mem[i0];
  init.counter = ev.initial_bit;
  for (const auto& s : ev.spikes)
    if (s.t_on >= init.t_start_s) { init.counter = s.bit_before; break; }
  out.sim = simulate(p, p.model, g.pulses, g.grid, init, &g.bit_after, sem);
  double sse = 0.0;
  for (std::size_t i = i0; i < g.grid.n; ++i) {
    const double e = out.sim.i_grid[i] - g.i_mem[i];
    sse += e * e;
    out.max_abs_A = std::max(out.max_abs_A, std::fabs(e));
  }
  out.t_start_s = init.t_start_s;
  out.t_end_s = g.grid.time(g.grid.n - 1);
  out.rmse_A = std::sqrt(sse / static_cast<double>(std::max<std::size_t>(1, g.grid.n - i0)));
  return out;
}

ClosedLoopResult run_closed_loop(const CircuitParams& p, const RecordingOnGrid& g, const RecordedEvents& ev,
                                 const Semantics& sem) {
  ClosedLoopResult c;
  InitialState init;
  init.t_start_s = p.startup.t_turn_on_s;
  init.i_start_A = p.startup.i_on_A;
  init.i_before_start_A = p.startup.i_off_A;
  init.counter = ev.initial_bit;
  c.sim = simulate(p, p.closed_loop_model, g.pulses, g.grid, init, nullptr, sem);

  std::vector<int> rec_before, rec_after;
  for (std::size_t k = 0; k < ev.spikes.size(); ++k) {
    const auto& s = ev.spikes[k];
    rec_before.push_back(s.bit_before);
    rec_after.push_back(s.bit_after);
    ++c.counts_recorded[index_of(s.decision)];
    if (!c.sim.simulated[k]) continue;
    ++c.total;
    c.matched += c.sim.decisions[k] == s.decision;
    ++c.confusion[index_of(s.decision)][index_of(c.sim.decisions[k])];
    ++c.counts_model[index_of(c.sim.decisions[k])];
  }
  c.final_counter_model = c.sim.counter_grid.back();
  c.final_counter_recorded = static_cast<int>(std::lround(g.counter.back()));
  c.turning_points_model = recording::turning_points(settled_sequence(c.sim.bit_before, c.sim.bit_after));
  c.turning_points_recorded = recording::turning_points(settled_sequence(rec_before, rec_after));
  for (std::size_t k = 0; k < ev.spikes.size(); ++k) {
    c.updates_model += c.sim.bit_after[k] != c.sim.bit_before[k];
    c.updates_recorded += rec_after[k] != rec_before[k];
  }
  c.last_update_spike_model = last_update(c.sim.bit_before, c.sim.bit_after);
  c.last_update_spike_recorded = last_update(rec_before, rec_after);

  const std::size_t i_steady = g.grid.first_at_or_after(steady_fit_start(ev, p.window.i_lower_A, p.window.i_upper_A));
  double sse = 0.0, sse_steady = 0.0;
  for (std::size_t i = 0; i < g.grid.n; ++i) {
    const double e = c.sim.i_grid[i] - g.i_mem[i];
    sse += e * e;
    if (i >= i_steady) sse_steady += e * e;
    c.max_abs_A = std::max(c.max_abs_A, std::fabs(e));
  }
  c.t_start_s = 0.0;
  c.t_end_s = g.grid.time(g.grid.n - 1);
  c.rmse_A = std::sqrt(sse / static_cast<double>(g.grid.n));
  c.rmse_after_steady_start_A = std::sqrt(sse_steady / static_cast<double>(std::max<std::size_t>(1, g.grid.n - i_steady)));
  return c;
}

ReplayReport run_replay(const recording::Recording& r, const CircuitParams* given, const Semantics& sem, double dt) {
  ReplayReport rep;
  auto t0 = std::chrono::steady_clock::now();
  rep.events = recording::extract_events(r);
  if (given) {
    rep.params = *given;
  } else {
    CalibrationOptions o;
    o.grid_dt_s = dt;
    rep.params = calibrate(r, rep.events, o);
    rep.calibrated_here = true;
  }
  rep.seconds_calibrate = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  rep.recorded = put_on_grid(r, rep.events, dt);
  rep.open_loop = run_open_loop(rep.params, r, rep.events, sem);
  rep.replay = run_replay_imem(rep.params, rep.recorded, rep.events, sem);
  rep.closed_loop = run_closed_loop(rep.params, rep.recorded, rep.events, sem);
  rep.seconds_replay = seconds_since(t0);
  return rep;
}

namespace {
Json confusion_json(const Confusion& c) {
  Json j = Json::array();
  for (const auto& row : c) j.push_back(row);
  return j;
}
}  // namespace

Json report_json(const ReplayReport& rep) {
  Json j;
  const auto counts = recording::count_decisions(rep.events);
  j["recording"] = rep.params.source.empty() ? Json(nullptr) : Json(rep.params.source);
  j["events"] = {{"spikes", rep.events.spikes.size()},
                 {"inc", counts.inc}, {"sl", counts.hold}, {"dec", counts.dec}, {"updates", counts.updates},
                 {"logic_threshold_V", rep.events.levels.threshold_V},
                 {"latch_latency_s", rep.events.latch_latency_s},
                 {"latch_observations", rep.events.latch_observations},
                 {"latch_max_deviation_s", rep.events.max_latch_deviation_s},
                 {"update_latency_s", rep.events.update_latency_s},
                 {"update_observations", rep.events.update_observations},
                 {"update_max_deviation_s", rep.events.max_update_deviation_s},
                 {"inc_sl_overlaps", rep.events.inc_sl_overlaps},
                 {"startup_artefact_end_s", rep.events.artefact_end_s >= 0 ? Json(rep.events.artefact_end_s) : Json(nullptr)}};
  j["open_loop"] = {{"matched", rep.open_loop.matched},
                    {"total", rep.open_loop.total},
                    {"confusion", confusion_json(rep.open_loop.confusion)},
                    {"confusion_order", "rows recorded, columns predicted: INC, SL, DEC"}};
  const auto& c = rep.closed_loop;
  j["closed_loop"] = {{"matched", c.matched},
                      {"total", c.total},
                      {"confusion", confusion_json(c.confusion)},
                      {"final_counter_model", c.final_counter_model},
                      {"final_counter_recorded", c.final_counter_recorded},
                      {"imem_rmse_nA", c.rmse_A * 1e9},
                      {"imem_max_abs_nA", c.max_abs_A * 1e9},
                      {"imem_rmse_window_s", {c.t_start_s, c.t_end_s}},
                      {"imem_rmse_after_steady_start_nA", c.rmse_after_steady_start_A * 1e9},
                      {"turning_points_model", c.turning_points_model},
                      {"turning_points_recorded", c.turning_points_recorded},
                      {"counts_model", {{"inc", c.counts_model[0]}, {"sl", c.counts_model[1]}, {"dec", c.counts_model[2]}}},
                      {"counts_recorded", {{"inc", c.counts_recorded[0]}, {"sl", c.counts_recorded[1]}, {"dec", c.counts_recorded[2]}}},
                      {"updates_model", c.updates_model},
                      {"updates_recorded", c.updates_recorded},
                      {"last_update_spike_model", c.last_update_spike_model},
                      {"last_update_spike_recorded", c.last_update_spike_recorded}};
  j["replay_imem_rmse_nA"] = rep.replay.rmse_A * 1e9;
  j["replay_imem_max_abs_nA"] = rep.replay.max_abs_A * 1e9;
  j["replay_window_s"] = {rep.replay.t_start_s, rep.replay.t_end_s};
  j["replay_start_s"] = rep.replay.t_start_s;
  j["params_calibrated_on_this_recording"] = rep.calibrated_here;
  j["params"] = to_json(rep.params);
  j["timing_s"] = {{"calibrate", rep.seconds_calibrate}, {"replay", rep.seconds_replay}};
  return j;
}

std::string report_text(const ReplayReport& rep) {
  std::ostringstream o;
  char b[512];
  const auto counts = recording::count_decisions(rep.events);
  std::snprintf(b, sizeof b, "events: %zu spikes, INC/SL/DEC %d/%d/%d, %d updates; latch %+.3f us (rising edge), update %+.3f us (falling edge)\n",
                rep.events.spikes.size(), counts.inc, counts.hold, counts.dec, counts.updates,
                rep.events.latch_latency_s * 1e6, rep.events.update_latency_s * 1e6);
  o << b;
  auto confusion = [&](const Confusion& c) {
    std::snprintf(b, sizeof b, "[[%d,%d,%d],[%d,%d,%d],[%d,%d,%d]]", c[0][0], c[0][1], c[0][2], c[1][0], c[1][1], c[1][2],
                  c[2][0], c[2][1], c[2][2]);
    return std::string(b);
  };
  o << "open loop (recorded I_mem at the latch instants): " << rep.open_loop.matched << "/" << rep.open_loop.total
    << " decisions, confusion (rows recorded INC/SL/DEC) " << confusion(rep.open_loop.confusion) << "\n";
  std::snprintf(b, sizeof b, "replay (recorded counter forced) from %.3f ms: I_mem RMSE %.4f nA, max %.4f nA\n",
                rep.replay.t_start_s * 1e3, rep.replay.rmse_A * 1e9, rep.replay.max_abs_A * 1e9);
  o << b;
  const auto& c = rep.closed_loop;
  auto seq = [](const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
    return s;
  };
  std::snprintf(b, sizeof b,
                "closed loop from t = 0: %d/%d decisions, final counter %d (recorded %d), I_mem RMSE %.4f nA over %.1f-%.1f ms "
                "(%.4f nA after %.1f ms)\n",
                c.matched, c.total, c.final_counter_model, c.final_counter_recorded, c.rmse_A * 1e9, c.t_start_s * 1e3,
                c.t_end_s * 1e3, c.rmse_after_steady_start_A * 1e9, rep.replay.t_start_s * 1e3);
  o << b;
  o << "  turning points model [" << seq(c.turning_points_model) << "], recorded [" << seq(c.turning_points_recorded)
    << "]; INC/SL/DEC model " << c.counts_model[0] << "/" << c.counts_model[1] << "/" << c.counts_model[2]
    << ", recorded " << c.counts_recorded[0] << "/" << c.counts_recorded[1] << "/" << c.counts_recorded[2]
    << "; last update at spike " << c.last_update_spike_model << " (recorded " << c.last_update_spike_recorded << ")\n";
  std::snprintf(b, sizeof b, "time: events+calibration %.3f s, replay %.3f s%s\n", rep.seconds_calibrate,
                rep.seconds_replay, rep.calibrated_here ? "" : " (parameters given)");
  o << b;
  return o.str();
}

std::string waveforms_csv(const ReplayReport& rep, std::size_t decimate) {
  const auto& g = rep.recorded;
  const auto& p = rep.params;
  std::string out = "t_s,i_mem_recorded_A,i_mem_replay_A,i_mem_closed_loop_A,counter_recorded,counter_closed_loop,"
                    "flag_recorded,input,i_lower_A,i_upper_A\n";
  out.reserve(g.grid.n / std::max<std::size_t>(1, decimate) * 120);
  const std::size_t i_replay = g.grid.first_at_or_after(rep.replay.t_start_s);
  char b[320];
  for (std::size_t i = 0; i < g.grid.n; i += std::max<std::size_t>(1, decimate)) {
    const int b_rec = static_cast<int>(std::lround(g.counter[i]));
    char replay_value[32] = "";  // empty before the replay start
    if (i >= i_replay) std::snprintf(replay_value, sizeof replay_value, "%.9g", rep.replay.sim.i_grid[i]);
    std::snprintf(b, sizeof b, "%.9g,%.9g,%s,%.9g,%d,%d,%d,%d,%.9g,%.9g\n", g.grid.time(i), g.i_mem[i],
                  replay_value, rep.closed_loop.sim.i_grid[i],
                  b_rec, rep.closed_loop.sim.counter_grid[i], g.flags[i], g.input[i], p.lower_bound(b_rec, p.model),
                  p.upper_bound(b_rec, p.model));
    out += b;
  }
  return out;
}

std::string spikes_csv(const ReplayReport& rep) {
  std::string out = "k,t_on_s,t_off_s,i_before_recorded_A,decision_recorded,bit_before_recorded,bit_after_recorded,"
                    "decision_open_loop,i_before_closed_loop_A,decision_closed_loop,bit_before_closed_loop\n";
  char b[320];
  for (std::size_t k = 0; k < rep.events.spikes.size(); ++k) {
    const auto& s = rep.events.spikes[k];
    const auto& c = rep.closed_loop.sim;
    std::snprintf(b, sizeof b, "%zu,%.9g,%.9g,%.9g,%c,%d,%d,%c,%.9g,%c,%d\n", k, s.t_on, s.t_off, s.i_before_A,
                  ebn::letter_of(s.decision), s.bit_before, s.bit_after, ebn::letter_of(rep.open_loop.predicted[k]),
                  c.i_latch[k], ebn::letter_of(c.decisions[k]), c.bit_before[k]);
    out += b;
  }
  return out;
}

}  // namespace chip::replay
