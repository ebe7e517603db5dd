#include "recording/plausibility.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "ebn/errors.h"
#include "ebn/number_text.h"
#include "recording/recording.h"

namespace recording {

namespace {

std::string g(double x) { return ebn::g_text(x, 4); }  // the figures in the messages

[[noreturn]] void implausible(const SignalTrace& s, const char* signal, const std::string& what) {
  throw ebn::InputError(s.path + ": " + signal + ": " + what);
}

void warn(std::vector<std::string>& w, const SignalTrace& s, const char* signal, const std::string& what) {
  w.push_back(s.path + ": " + signal + ": " + what);
}

struct Extremes {
  double lo, hi;
};
Extremes extremes(const SignalTrace& s) {
  const auto [lo, hi] = std::minmax_element(s.v.begin(), s.v.end());
  return {*lo, *hi};
}

// Time axis: seconds, and every signal covers the same interval.
void check_time(const SignalTrace* const (&all)[5], const char* const (&names)[5], std::vector<std::string>& w) {
  // The longest signal defines the span the others must match.
  const SignalTrace* longest = all[0];
  for (const SignalTrace* s : all)
    if (s->t.back() - s->t.front() > longest->t.back() - longest->t.front()) longest = s;
  for (int i = 0; i < 5; ++i) {
    const SignalTrace& s = *all[i];
    const double span = s.t.back() - s.t.front();
    if (span > kMaxSpanS)
      implausible(s, names[i], "time axis spans " + g(span) + " s, more than " + g(kMaxSpanS) +
                                   " s: a transient of this circuit lasts milliseconds to seconds; is the time in ms or "
                                   "ns instead of s?");
    if (span < kMinSpanS)
      implausible(s, names[i], "time axis spans only " + g(span) + " s (less than " + g(kMinSpanS) +
                                   " s): is the time in ks or scaled, instead of s?");
  }
  const double span = longest->t.back() - longest->t.front();
  const double tol = kSpanAgreementRel * span;
  for (int i = 0; i < 5; ++i) {
    const SignalTrace& s = *all[i];
    if (std::fabs(s.t.back() - longest->t.back()) > tol)
      implausible(s, names[i], "signal ends at " + g(s.t.back()) + " s but " + longest->path + " ends at " +
                                   g(longest->t.back()) + " s: replay would invent values past the end of a signal");
    if (std::fabs(s.t.front() - longest->t.front()) > tol)
      implausible(s, names[i], "signal starts at " + g(s.t.front()) + " s but " + longest->path + " starts at " +
                                   g(longest->t.front()) + " s: the signals do not cover the same interval");
  }
  if (span > 0.25 * kMaxSpanS) warn(w, *longest, "time", "unusually long transient (" + g(span) + " s)");
}

// A logic signal: high level in volts, a real swing, not negated. Returns the mid threshold.
double check_logic(const SignalTrace& s, const char* name, std::vector<std::string>& w) {
  const auto [lo, hi] = extremes(s);
  if (hi > kMaxLogicHighV)
    implausible(s, name, "high level " + g(hi) + " V is above " + g(kMaxLogicHighV) + " V: is the signal in mV instead of V?");
  if (-lo > hi)
    implausible(s, name, "levels are mostly negative (" + g(lo) + " .. " + g(hi) + " V): is the signal negated?");
  if (hi - lo < kMinLogicSwingV)
    implausible(s, name, "swings only " + g(hi - lo) + " V (< " + g(kMinLogicSwingV) +
                             " V): constant, or in kV instead of V?");
  if (hi < kTypicalLogicHighLoV || hi > kTypicalLogicHighHiV)
    warn(w, s, name, "unusual logic high level " + g(hi) + " V (typical " + g(kTypicalLogicHighLoV) + " .. " +
                         g(kTypicalLogicHighHiV) + " V)");
  return 0.5 * (lo + hi);
}

// Rising crossings of `threshold` after the first low sample (an initial high state is not a pulse).
int rising_crossings(const SignalTrace& s, double threshold) {
  int n = 0;
  bool seen_low = false, high = false;
  for (double v : s.v) {
    const bool now = v > threshold;
    if (!now) seen_low = true;
    if (now && !high && seen_low) ++n;
    high = now;
  }
  return n;
}

bool crosses(const SignalTrace& s, double threshold) {
  bool above = false, below = false;
  for (double v : s.v) (v > threshold ? above : below) = true;
  return above && below;
}

void check_current(const SignalTrace& s, std::vector<std::string>& w) {
  const auto [lo, hi] = extremes(s);
  const double peak = std::max(std::fabs(lo), std::fabs(hi));
  if (-lo > hi)
    implausible(s, "I_mem", "mostly negative (" + g(lo) + " .. " + g(hi) +
                                " A): a drain current is positive; is the signal negated?");
  if (peak > kMaxPeakCurrentA) {
    const auto at = std::find_if(s.v.begin(), s.v.end(), [&](double v) { return std::fabs(v) == peak; });
    throw ebn::file_error(s.path, s.line_of(static_cast<std::size_t>(at - s.v.begin())),
                          "I_mem: peak " + g(peak) + " A is above " + g(kMaxPeakCurrentA) +
                              " A (the circuit works in the nA range): is the current in nA or uA instead of A?");
  }
  if (peak < kMinPeakCurrentA)
    implausible(s, "I_mem", "peak " + g(peak) + " A is below " + g(kMinPeakCurrentA) +
                                " A (the circuit works in the nA range): is the current scaled twice or in kA?");
  if (hi - lo < 1e-3 * peak) implausible(s, "I_mem", "constant at " + g(hi) + " A: no membrane dynamics recorded");
  if (peak < kTypicalPeakCurrentLoA || peak > kTypicalPeakCurrentHiA)
    warn(w, s, "I_mem", "unusual peak current " + g(peak) + " A (typical " + g(kTypicalPeakCurrentLoA) + " .. " +
                            g(kTypicalPeakCurrentHiA) + " A)");
  if (-lo > 0.1 * hi)
    warn(w, s, "I_mem", "unusually negative minimum " + g(lo) + " A for a drain current");
}

void check_counter(const SignalTrace& s, int pulses, std::vector<std::string>& w) {
  const auto [lo, hi] = extremes(s);
  const double range = hi - lo;
  // Settled values are whole LSBs (edges glitch for a few ns; most samples are settled).
  std::size_t whole = 0;
  for (double v : s.v) whole += std::fabs(v - std::round(v)) < 0.2;
  if (range > 1e-3 && range < 0.5)
    implausible(s, "counter", "changes by only " + g(range) + " LSB: the counter moves in whole LSB steps; is it scaled?");
  if (2 * whole < s.v.size())
    implausible(s, "counter", "most values are not whole LSBs (" + std::to_string(whole) + " of " +
                                  std::to_string(s.v.size()) + " samples): is the counter scaled?");
  const double steps = std::round(hi) - std::round(lo);
  if (steps > pulses + 1.0)
    implausible(s, "counter", "spans " + g(steps) + " LSB with " + std::to_string(pulses) +
                                  " pulses, but it moves at most one LSB per pulse: is it scaled (e.g. x1000)?");
  if (range <= 1e-3) warn(w, s, "counter", "never changes (every decision Hold or saturated?)");
}

}  // namespace

std::vector<std::string> check_plausibility(const Recording& r) {
  std::vector<std::string> w;
  const SignalTrace* const all[5] = {&r.input, &r.i_mem, &r.inc, &r.sl, &r.counter};
  const char* const names[5] = {"INPUT", "I_mem", "INC", "SL", "counter"};
  check_time(all, names, w);
  check_current(r.i_mem, w);
  const double threshold = check_logic(r.input, "INPUT", w);
  for (const auto& [s, name] : {std::pair{&r.inc, "INC"}, std::pair{&r.sl, "SL"}}) {
    check_logic(*s, name, w);
    // Flags use INPUT's logic levels (same supply): a flag that never crosses them never changes.
    if (!crosses(*s, threshold))
      implausible(*s, name, std::string("decision flag never changes (never crosses ") + g(threshold) +
                                " V): the recording shows no decision to calibrate or compare");
  }
  const int pulses = rising_crossings(r.input, threshold);
  if (pulses < kMinPulses)
    implausible(r.input, "INPUT", std::to_string(pulses) + " pulse(s), calibration needs at least " +
                                      std::to_string(kMinPulses));
  if (pulses < kTypicalMinPulses)
    warn(w, r.input, "INPUT", "only " + std::to_string(pulses) + " pulses (calibration is more reliable with " +
                                  std::to_string(kTypicalMinPulses) + " or more)");
  check_counter(r.counter, pulses, w);
  return w;
}

}  // namespace recording
