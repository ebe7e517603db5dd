#include "chip/replay/vcd_playback.h"

#include <sysc/tracing/sc_tracing_ids.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <systemc>
#include <unistd.h>
#include <vector>

#include "ebn/errors.h"
#include "ebn/output_dir.h"

namespace chip::replay {

namespace {

// Model decision state over time: the decision latched at each spike holds until the next latch.
std::vector<signed char> model_flags(const ReplayReport& rep) {
  const auto& g = rep.recorded;
  const auto& sim = rep.closed_loop.sim;
  std::vector<signed char> flags(g.grid.n, 0);
  signed char state = 0;  // SL until the first latch (the recorded initial state is SL on Sim1)
  if (!g.flags.empty()) state = g.flags.front();
  std::size_t k = 0;
  const auto& spikes = rep.events.spikes;
  for (std::size_t i = 0; i < g.grid.n; ++i) {
    const double t = g.grid.time(i);
    while (k < spikes.size() && spikes[k].t_on + rep.params.timing.latch_latency_s <= t) {
      if (sim.simulated[k]) {
        const auto d = sim.decisions[k];
        state = d == ebn::Decision::Inc ? 1 : (d == ebn::Decision::Hold ? 0 : -1);
      }
      ++k;
    }
    flags[i] = state;
  }
  return flags;
}

struct Playback : sc_core::sc_module {
  sc_core::sc_signal<double> i_rec, i_replay, i_closed, lower, upper;
  sc_core::sc_signal<bool> input, inc_rec, sl_rec, dec_rec, inc_model, sl_model, dec_model;
  sc_core::sc_signal<int> counter_rec, counter_model;
  const ReplayReport& rep;
  std::vector<signed char> flags_model;
  std::size_t decimate;

  SC_HAS_PROCESS(Playback);
  Playback(sc_core::sc_module_name name, const ReplayReport& r, std::size_t dec)
      : sc_core::sc_module(name), rep(r), flags_model(model_flags(r)), decimate(dec) {
    SC_THREAD(run);
  }

  void run() {
    const auto& g = rep.recorded;
    const auto& p = rep.params;
    const std::size_t i_replay_start = g.grid.first_at_or_after(rep.replay.t_start_s);
    const sc_core::sc_time step(g.grid.dt_s * static_cast<double>(decimate), sc_core::SC_SEC);
    for (std::size_t i = 0; i < g.grid.n; i += decimate) {
      const int b_rec = static_cast<int>(std::lround(g.counter[i]));
      i_rec.write(g.i_mem[i] * 1e9);
      i_replay.write((i >= i_replay_start ? rep.replay.sim.i_grid[i] : g.i_mem[i]) * 1e9);
      i_closed.write(rep.closed_loop.sim.i_grid[i] * 1e9);
      lower.write(p.lower_bound(b_rec, p.model) * 1e9);
      upper.write(p.upper_bound(b_rec, p.model) * 1e9);
      input.write(g.input[i] != 0);
      inc_rec.write(g.flags[i] == 1);
      sl_rec.write(g.flags[i] == 0);
      dec_rec.write(g.flags[i] == -1);
      inc_model.write(flags_model[i] == 1);
      sl_model.write(flags_model[i] == 0);
      dec_model.write(flags_model[i] == -1);
      counter_rec.write(b_rec);
      counter_model.write(rep.closed_loop.sim.counter_grid[i]);
      wait(step);
    }
  }
};

}  // namespace

void write_replay_vcd(const ReplayReport& rep, const std::string& path, std::size_t decimate) {
  namespace fs = std::filesystem;
  // Written beside the target, checked and renamed into place: no half-written trace on failure.
  ebn::AtomicFile file(path);
  const std::string stage_base = file.temp_path() + ".sc";  // SystemC appends ".vcd"
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_DEFAULT_, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_UNIT_, sc_core::SC_DO_NOTHING);
  Playback pb("replay", rep, decimate == 0 ? 1 : decimate);
  sc_core::sc_trace_file* tf = sc_core::sc_create_vcd_trace_file(stage_base.c_str());
  tf->set_time_unit(1, sc_core::SC_NS);
  sc_core::sc_trace(tf, pb.i_rec, "i_mem_recorded_nA");
  sc_core::sc_trace(tf, pb.i_replay, "i_mem_replay_nA");
  sc_core::sc_trace(tf, pb.i_closed, "i_mem_closed_loop_nA");
  sc_core::sc_trace(tf, pb.lower, "i_lower_nA");
  sc_core::sc_trace(tf, pb.upper, "i_upper_nA");
  sc_core::sc_trace(tf, pb.input, "input");
  sc_core::sc_trace(tf, pb.inc_rec, "inc_recorded");
  sc_core::sc_trace(tf, pb.sl_rec, "sl_recorded");
  sc_core::sc_trace(tf, pb.dec_rec, "dec_recorded");
  sc_core::sc_trace(tf, pb.inc_model, "inc_model");
  sc_core::sc_trace(tf, pb.sl_model, "sl_model");
  sc_core::sc_trace(tf, pb.dec_model, "dec_model");
  sc_core::sc_trace(tf, pb.counter_rec, "counter_recorded");
  sc_core::sc_trace(tf, pb.counter_model, "counter_model");
  sc_core::sc_start();
  sc_core::sc_close_vcd_trace_file(tf);
  std::error_code ec;
  fs::rename(stage_base + ".vcd", file.temp_path(), ec);
  if (ec) {
    fs::remove(stage_base + ".vcd", ec);
    throw ebn::InputError(path + ": cannot move trace into place");
  }
  file.commit();
}

}  // namespace chip::replay
