#pragma once
// The result folder of `ebn learn` (and of any backend run through the trainer):
//   summary.json, resolved_config.json, weights_{initial,learned,optimal}.csv (N rows × N columns,
//   W in code units), spikes_{initial,learned,optimal}.csv (time_s,neuron), reconstruction.csv
//   (t_s, target_d, recon_initial_d, recon_learned_d, recon_optimal_d of the final evaluation; R·Bᵀ).
#include <string>
#include <vector>

#include "behavioral/trainer.h"
#include "ebn/config_reader.h"
#include "ebn/output_dir.h"

namespace ebn::behavioral {

struct RunInfo {
  std::string config_path;  // "built-in default" or the file
  double wall_s = 0.0;
};

Json summary_json(const ExperimentResult& result, const EbnConfig& config, const RunInfo& info);
std::string matrix_csv(const Eigen::MatrixXd& m);
std::string spikes_csv(const std::vector<Spike>& spikes);
std::string reconstruction_csv(const ExperimentResult& result, const NetworkParams& params);
// Stages every file into `out` (the caller commits).
void write_results(OutputDir& out, const ExperimentResult& result, const EbnConfig& config, const Json& summary);

}  // namespace ebn::behavioral
