#include "recording/events.h"

#include <algorithm>
#include <cmath>

#include "ebn/errors.h"
#include "ebn/median.h"

namespace recording {

namespace {

// 0 for no observation (a recording without latches of a kind keeps a zero latency).
double median(const std::vector<double>& v) { return v.empty() ? 0.0 : ebn::median(v); }

// Time at which the segment (i-1, i) crosses `level` (linear interpolation).
double crossing_time(const SignalTrace& s, std::size_t i, double level) {
  const double dv = s.v[i] - s.v[i - 1];
  const double w = dv == 0.0 ? 0.0 : (level - s.v[i - 1]) / dv;
  return s.t[i - 1] + w * (s.t[i] - s.t[i - 1]);
}

// Last crossing of `level` (either direction) with t in (t0, t1]; NaN if none.
double last_crossing(const SignalTrace& s, double level, double t0, double t1) {
  auto lo = std::upper_bound(s.t.begin(), s.t.end(), t0);
  auto hi = std::upper_bound(s.t.begin(), s.t.end(), t1);
  std::size_t a = static_cast<std::size_t>(std::max<long>(1, lo - s.t.begin()));
  std::size_t b = static_cast<std::size_t>(hi - s.t.begin());
  for (std::size_t i = std::min(b, s.size() - 1); i >= a && i > 0; --i) {
    if ((s.v[i - 1] > level) != (s.v[i] > level)) return crossing_time(s, i, level);
  }
  return SpikeEvent::kNone;
}

ebn::Decision decision_at(const Recording& r, double t, double thr, int* overlap) {
  const bool inc = r.inc.at(t) > thr;
  const bool sl = r.sl.at(t) > thr;
  if (inc && sl && overlap) ++*overlap;
  if (inc) return ebn::Decision::Inc;
  if (sl) return ebn::Decision::Hold;
  return ebn::Decision::Dec;
}

int rounded(double v) { return static_cast<int>(std::lround(v)); }

}  // namespace

RecordedEvents extract_events(const Recording& r) {
  RecordedEvents ev;
  const SignalTrace& in = r.input;
  const auto [mn, mx] = std::minmax_element(in.v.begin(), in.v.end());
  ev.levels.low_V = *mn;
  ev.levels.high_V = *mx;
  ev.levels.threshold_V = 0.5 * (*mn + *mx);
  if (!(*mx - *mn > 0.0)) throw ebn::file_error(in.path, 0, "INPUT never changes level: no spikes to replay");
  const double thr = ev.levels.threshold_V;

  // Spikes = rising crossings; an initial high state ends with a falling crossing that is no spike.
  bool high = in.v[0] > thr;
  bool in_spike = false;
  for (std::size_t i = 1; i < in.size(); ++i) {
    const bool now = in.v[i] > thr;
    if (now == high) continue;
    const double tc = crossing_time(in, i, thr);
    if (now) {
      SpikeEvent s;
      s.t_on = tc;
      ev.spikes.push_back(s);
      in_spike = true;
    } else if (in_spike) {
      ev.spikes.back().t_off = tc;
      in_spike = false;
    } else if (ev.artefact_end_s < 0.0) {
      ev.artefact_end_s = tc;  // initial high state: not a spike, nothing latches
    }
    high = now;
  }
  if (ev.spikes.empty()) throw ebn::file_error(in.path, 0, "no rising edge on INPUT: no spikes to replay");

  std::vector<double> widths, periods;
  for (std::size_t k = 0; k < ev.spikes.size(); ++k) {
    if (ev.spikes[k].has_offset()) widths.push_back(ev.spikes[k].t_off - ev.spikes[k].t_on);
    if (k > 0) periods.push_back(ev.spikes[k].t_on - ev.spikes[k - 1].t_on);
  }
  ev.pulse_width_s = median(widths);
  ev.period_s = periods.empty() ? 2.0 * ev.pulse_width_s : median(periods);
  if (widths.empty()) ev.pulse_width_s = r.t_end() - ev.spikes[0].t_on;

  const double t_end = r.t_end();
  ev.initial_bit = rounded(r.counter.v.front());
  ev.initial_decision = decision_at(r, r.inc.t.front(), thr, nullptr);
  std::vector<double> latch_lat, update_lat;
  for (std::size_t k = 0; k < ev.spikes.size(); ++k) {
    SpikeEvent& s = ev.spikes[k];
    const double t_mid = std::min(s.t_on + 0.5 * ev.pulse_width_s, t_end);
    const double next_on = k + 1 < ev.spikes.size() ? ev.spikes[k + 1].t_on : t_end;
    s.decision = decision_at(r, t_mid, thr, &ev.inc_sl_overlaps);
    s.bit_before = rounded(r.counter.at(t_mid));
    const double t_after = s.has_offset() ? 0.5 * (s.t_off + next_on) : t_mid;
    s.bit_after = s.has_offset() ? rounded(r.counter.at(t_after)) : s.bit_before;
    if (s.bit_after != s.bit_before) {
      s.t_update = last_crossing(r.counter, 0.5 * (s.bit_before + s.bit_after), s.t_on, t_after);
      if (s.t_update == s.t_update && s.has_offset()) update_lat.push_back(s.t_update - s.t_off);
    }
    const ebn::Decision prev = k == 0 ? ev.initial_decision : ev.spikes[k - 1].decision;
    if (s.decision != prev) {
      const double t_from = k == 0 ? r.inc.t.front()
                                   : (ev.spikes[k - 1].has_offset() ? 0.5 * (ev.spikes[k - 1].t_off + s.t_on)
                                                                    : ev.spikes[k - 1].t_on);
      const double a = last_crossing(r.inc, thr, t_from, t_mid);
      const double b = last_crossing(r.sl, thr, t_from, t_mid);
      s.t_switch = std::isnan(a) ? b : (std::isnan(b) ? a : std::max(a, b));
      if (s.t_switch == s.t_switch) latch_lat.push_back(s.t_switch - s.t_on);
    }
  }
  ev.latch_observations = static_cast<int>(latch_lat.size());
  ev.update_observations = static_cast<int>(update_lat.size());
  ev.latch_latency_s = median(latch_lat);
  ev.update_latency_s = median(update_lat);
  for (double l : latch_lat) ev.max_latch_deviation_s = std::max(ev.max_latch_deviation_s, std::fabs(l - ev.latch_latency_s));
  for (double l : update_lat) ev.max_update_deviation_s = std::max(ev.max_update_deviation_s, std::fabs(l - ev.update_latency_s));

  for (SpikeEvent& s : ev.spikes) {
    s.t_latch = s.t_on + ev.latch_latency_s;
    s.i_before_A = r.i_mem.at(s.t_latch);
  }
  return ev;
}

DecisionCounts count_decisions(const RecordedEvents& ev) {
  DecisionCounts c;
  for (const SpikeEvent& s : ev.spikes) {
    c.inc += s.decision == ebn::Decision::Inc;
    c.hold += s.decision == ebn::Decision::Hold;
    c.dec += s.decision == ebn::Decision::Dec;
    c.updates += s.bit_after != s.bit_before;
  }
  return c;
}

std::vector<int> turning_points(const std::vector<int>& values) {
  std::vector<int> dedup;
  for (int v : values)
    if (dedup.empty() || dedup.back() != v) dedup.push_back(v);
  if (dedup.size() <= 2) return dedup;
  std::vector<int> out{dedup.front()};
  for (std::size_t i = 1; i + 1 < dedup.size(); ++i) {
    const bool peak = dedup[i] > dedup[i - 1] && dedup[i] > dedup[i + 1];
    const bool trough = dedup[i] < dedup[i - 1] && dedup[i] < dedup[i + 1];
    if (peak || trough) out.push_back(dedup[i]);
  }
  out.push_back(dedup.back());
  return out;
}

}  // namespace recording
