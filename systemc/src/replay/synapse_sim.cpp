#include "chip/replay/synapse_sim.h"

#include <algorithm>
#include <cmath>

#include "chip/membrane_dynamics.h"
#include "chip/replay/cascade_filter.h"
#include "ebn/hw_encoding.h"

namespace chip::replay {

PulseSchedule pulses_of(const recording::RecordedEvents& ev) {
  PulseSchedule s;
  for (const auto& sp : ev.spikes) {
    s.t_on.push_back(sp.t_on);
    s.t_off.push_back(sp.t_off);
  }
  return s;
}

UniformGrid UniformGrid::covering(double t_end, double dt_s) {
  UniformGrid g;
  g.dt_s = dt_s;
  g.n = static_cast<std::size_t>(std::floor(t_end / dt_s + 1e-9)) + 1;
  return g;
}

std::size_t UniformGrid::first_at_or_after(double t) const {
  if (t <= 0.0) return 0;
  const double idx = std::ceil(t / dt_s - 1e-9);
  return std::min(n, static_cast<std::size_t>(idx));
}

namespace {
enum class Kind { Latch = 0, Update = 1, Edge = 2 };  // processing order at equal times
struct Event {
  double t;
  Kind kind;
  std::size_t spike;
  bool rising;  // for Kind::Edge
};
}  // namespace

SimulationResult simulate(const CircuitParams& p, const SynapseModelParams& m, const PulseSchedule& pulses,
                          const UniformGrid& grid, const InitialState& init,
                          const std::vector<int>* forced_bit_after, const Semantics& semantics) {
  const std::size_t n_spikes = pulses.t_on.size();
  SimulationResult r;
  r.i_grid.assign(grid.n, init.i_before_start_A);
  r.counter_grid.assign(grid.n, init.counter);
  r.i_latch.assign(n_spikes, 0.0);
  r.decisions.assign(n_spikes, ebn::Decision::Hold);
  r.bit_before.assign(n_spikes, init.counter);
  r.bit_after.assign(n_spikes, init.counter);
  r.simulated.assign(n_spikes, false);

  // Events after t_start. A pulse already high at t_start keeps driving until its offset.
  std::vector<Event> events;
  events.reserve(4 * n_spikes);
  bool pulse_high = false;
  for (std::size_t k = 0; k < n_spikes; ++k) {
    const double on = pulses.t_on[k], off = pulses.t_off[k];
    const bool has_off = std::isfinite(off);
    if (on < init.t_start_s && (!has_off || off > init.t_start_s)) pulse_high = true;
    if (on >= init.t_start_s) events.push_back({on, Kind::Edge, k, true});
    if (has_off && off >= init.t_start_s) events.push_back({off, Kind::Edge, k, false});
    const double latch_edge = semantics.latch_edge == Edge::Rising ? on : off;
    const double update_edge = semantics.update_edge == Edge::Falling ? off : on;
    if (!std::isfinite(latch_edge)) continue;
    const double t_latch = latch_edge + p.timing.latch_latency_s;
    if (t_latch < init.t_start_s) continue;
    events.push_back({t_latch, Kind::Latch, k, false});
    if (std::isfinite(update_edge))  // an update never precedes its own latch
      events.push_back({std::max(update_edge + p.timing.update_latency_s, t_latch), Kind::Update, k, false});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.t < b.t || (a.t == b.t && static_cast<int>(a.kind) < static_cast<int>(b.kind));
  });

  // Two linear sub-systems share the membrane: DAC synapse (x, I incl. I_inf) and the fixed
  // per-spike drive (x_e, I_e). I_mem = I + I_e (superposition).
  const MembraneConstants c_dac{m.tau_mem_s, m.tau_syn_s, m.i_inf_A};
  const MembraneConstants c_e{m.tau_mem_s, m.tau_e_s, 0.0};
  MembraneState s_dac{0.0, init.i_start_A};
  MembraneState s_e{0.0, 0.0};
  // With a second synaptic pole the DAC path is the three-state cascade (x1, x2, I).
  const bool cascade = m.tau_syn2_s > 0.0;
  Eigen::Vector3d z(0.0, 0.0, init.i_start_A);
  CascadeStep step;
  double step_dt = -1.0;  // the grid step repeats: its map is computed once
  int b = init.counter;
  double t = init.t_start_s;
  auto advance_to = [&](double t_next) {
    if (t_next <= t) return;
    const double drive = pulse_high ? 1.0 : 0.0;
    if (cascade) {
      const double dt = t_next - t;
      if (std::fabs(dt - step_dt) > 1e-12 * dt) {  // ulp-level differences of the grid step reuse it
        step = CascadeStep::make(m.tau_mem_s, m.tau_syn_s, m.tau_syn2_s, dt); step_dt = dt; }
      z = step.phi * z + step.gamma * Eigen::Vector2d(drive * m.dac_current(b), m.i_inf_A);
      s_dac.i = z(2);
    } else {
      advance_exact(c_dac, s_dac, drive * m.dac_current(b), t_next - t);
    }
    if (m.w0_A != 0.0) advance_exact(c_e, s_e, drive * m.w0_A, t_next - t);
    t = t_next;
  };

  std::size_t gi = grid.first_at_or_after(init.t_start_s);
  std::size_t ei = 0;
  while (gi < grid.n || ei < events.size()) {
    const double tg = gi < grid.n ? grid.time(gi) : INFINITY;
    const double te = ei < events.size() ? events[ei].t : INFINITY;
    if (tg < te) {
      advance_to(tg);
      r.i_grid[gi] = s_dac.i + s_e.i;
      r.counter_grid[gi] = b;
      ++gi;
      continue;
    }
    const Event& e = events[ei++];
    advance_to(e.t);
    const std::size_t k = e.spike;
    switch (e.kind) {
      case Kind::Edge:
        pulse_high = e.rising;
        if (e.rising) r.bit_before[k] = b;
        break;
      case Kind::Latch: {
        const double i_now = s_dac.i + s_e.i;
        r.i_latch[k] = i_now;
        r.decisions[k] = ebn::decide(i_now, p.lower_bound(b, m), p.upper_bound(b, m));
        r.simulated[k] = true;
        if (pulses.t_on[k] < init.t_start_s) r.bit_before[k] = b;
        break;
      }
      case Kind::Update:
        b = forced_bit_after ? (*forced_bit_after)[k] : ebn::hw::step_counter(b, r.decisions[k], p.counter.bits);
        r.bit_after[k] = b;
        break;
    }
  }
  // Spikes without an update keep their counter.
  for (std::size_t k = 0; k < n_spikes; ++k)
    if (r.simulated[k] && !std::isfinite(pulses.t_off[k])) r.bit_after[k] = r.bit_before[k];
  return r;
}

}  // namespace chip::replay
