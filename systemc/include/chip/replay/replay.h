#pragma once
// `ebn replay`: the checks of spec §9 with parameters fitted on (or given for) a recording.
//  * open_loop: decisions predicted by the window from the RECORDED I_mem at the latch instants;
//  * replay: model I_mem with the recorded pulses and the recorded counter forced, from the
//    recorded I_mem at the steady fit start (after the start-up transient), RMSE to the end;
//  * closed_loop: only INPUT replayed; the model (closed_loop_model + start-up) runs from t = 0
//    with its own decisions and counter; decisions, final counter, turning points, counts and
//    I_mem RMSE over the whole recording.
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recording/events.h"
#include "chip/replay/calibration.h"
#include "chip/replay/circuit_params.h"
#include "chip/replay/synapse_sim.h"

namespace chip::replay {

// rows = recorded, columns = predicted, order INC, SL, DEC
using Confusion = std::array<std::array<int, 3>, 3>;

struct OpenLoopResult {
  int matched = 0, total = 0;
  Confusion confusion{};
  std::vector<ebn::Decision> predicted;
};

struct ReplayImemResult {
  double t_start_s = 0.0, t_end_s = 0.0;
  double rmse_A = 0.0, max_abs_A = 0.0;
  SimulationResult sim;
};

struct ClosedLoopResult {
  int matched = 0, total = 0;
  Confusion confusion{};
  int final_counter_model = 0, final_counter_recorded = 0;
  double t_start_s = 0.0, t_end_s = 0.0;  // RMSE window
  double rmse_A = 0.0, max_abs_A = 0.0;
  double rmse_after_steady_start_A = 0.0;  // same, from the steady fit start
  std::vector<int> turning_points_model, turning_points_recorded;
  std::array<int, 3> counts_model{}, counts_recorded{};  // INC, SL, DEC
  int updates_model = 0, updates_recorded = 0;
  int last_update_spike_model = -1, last_update_spike_recorded = -1;
  SimulationResult sim;
};

struct ReplayReport {
  CircuitParams params;
  bool calibrated_here = false;
  recording::RecordedEvents events;
  RecordingOnGrid recorded;
  OpenLoopResult open_loop;
  ReplayImemResult replay;
  ClosedLoopResult closed_loop;
  double seconds_load = 0.0, seconds_calibrate = 0.0, seconds_replay = 0.0;
};

OpenLoopResult run_open_loop(const CircuitParams& p, const recording::Recording& r,
                             const recording::RecordedEvents& ev, const Semantics& sem = {});
ReplayImemResult run_replay_imem(const CircuitParams& p, const RecordingOnGrid& g,
                                 const recording::RecordedEvents& ev, const Semantics& sem = {});
ClosedLoopResult run_closed_loop(const CircuitParams& p, const RecordingOnGrid& g,
                                 const recording::RecordedEvents& ev, const Semantics& sem = {});

// Everything `ebn replay` does after loading: calibrate if `given` is null, then the three checks.
ReplayReport run_replay(const recording::Recording& r, const CircuitParams* given, const Semantics& sem = {},
                        double grid_dt_s = 5e-6);

nlohmann::ordered_json report_json(const ReplayReport& rep);
std::string report_text(const ReplayReport& rep);
// Recorded vs model waveforms on the grid, every `decimate`-th sample (for plot_replay.py).
std::string waveforms_csv(const ReplayReport& rep, std::size_t decimate);
// One row per spike: recorded and model quantities (for plot_replay.py and debugging).
std::string spikes_csv(const ReplayReport& rep);

}  // namespace chip::replay
