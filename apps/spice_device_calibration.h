#pragma once
// `spice-compare --network --level3-calibration per-device`: level 3 as a model of THE SAME die as
// the level-5 network (docs/spice.md "Network"). Every synapse W[n][k] of the network is cut out with
// its own devices and their Monte Carlo draws (ebn-spice run --cut-from, spice/network_cut.h) and
// run through the single-synapse protocol; then
//  * per neuron n: one calibration over its synapses' runs plus one at half the pulse rate (the
//    rate separates the resting level from the per-pulse drive) -> its resting level i_inf and its
//    window edges; its spike threshold from a run whose "upper comparator" is the spike comparator,
//    started at the highest code so that I_mem crosses it (the window fit's upper edge); its reset
//    level from a run with the reset switch closed 2 ms every 10 ms: I_mem just after each release
//    (the switch's charge injection steps it below the held level; the neuron climbs from there);
//  * shared by all neurons (level 3 has one of each): tau_mem, tau_syn (medians), the DAC line and
//    w0 (means), the window's beta (median);
//  * per synapse: the gain scale s of the shared DAC line that best replays that synapse's own run
//    (I_mem RMSE, forced counter) with the level-3 model of its neuron (shared constants, own i_inf
//    and window) -- a 1-D search, nothing of the network run itself is fitted.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chip/replay/calibration.h"
#include "chip/replay/circuit_params.h"
#include "ebn/config_reader.h"
#include "recording/recording.h"

namespace ebn::app {

struct DeviceCalibration {
  chip::replay::CircuitParams shared;  // the shared constants (and the first neuron's timing / counter)
  // Per chip index (inputs + neurons; input rows keep the shared values):
  std::vector<double> i_inf_A, i_lower_A, i_upper_A, i_threshold_A, i_reset_A;
  std::vector<double> gain_scale;  // (inputs + neurons)^2, index n * P + k; 1 on input rows and the diagonal
  Json report;                     // per-neuron fits, per-synapse scales and replay RMSE, runs
};

// A level-5 single-synapse run of the cut W[n][k] (ebn-spice run --cut-from): optionally from another
// start code / at another period, and with the probes of `variant` (window | threshold | hold).
struct CutSpec {
  int n = 0, k = 0;
  std::optional<int> code;
  std::optional<double> period_s;
  std::string variant = "window";  // window | threshold | hold (ebn-spice run --cut-variant)
};
// Returns the run's output folder (recording, run.json).
using CutRun = std::function<std::string(const CutSpec&)>;
using LoadRun = std::function<recording::Recording(const std::string& dir)>;

DeviceCalibration calibrate_devices(const Json& network, const CutRun& run, const LoadRun& load,
                                    const chip::replay::CalibrationOptions& options);

}  // namespace ebn::app
