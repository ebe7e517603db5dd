#pragma once
// The dendritic-balance experiments (spec §4): configuration (top-level "dendritic" section of a
// JSON config, defaults per experiment / rule / quick setting), training with periodic test
// passes, and the metrics written to summary.json.
#include <Eigen/Dense>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "behavioral/dendritic/network.h"
#include "behavioral/dendritic/params.h"
#include "ebn/config_reader.h"

namespace ebn::dendritic {

enum class Experiment { Bars, Fmnist, Scenes, Speech };
std::string experiment_name(Experiment experiment);

struct BarsSetup {
  int side = 8;
  int n_neurons = 16;
  double p = 0.0;
  long test_patterns = 500;
};

struct FmnistSetup {
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int n_classes = 3;
  int side = 16;
  int n_neurons = 9;
  long test_images = 1000;              // first test images with label < n_classes
  long classifier_train_images = 3000;  // first training images for the linear read-out
};

// Natural image patches (spec §4.3) on the prepared stand-in photographs (prepared_data.h).
struct ScenesSetup {
  std::string cache_dir = "runs/dendritic-data";  // output of scripts/prepare_dendritic_data.py
  std::string source_dir = "/usr/lib/python3/dist-packages/skimage/data";  // for the preparation step
  int n_neurons = 0;               // 0 = round(1 / rate_per_ms): population rate 1/ms (Fig 4D)
  long test_patterns = 500;        // the paper's quirk: the first training patterns
  long heldout_patterns = 500;     // fresh patterns from the independent test stream
  long correlation_patterns = 64;  // S10 snapshot
  double correlation_every_ms = 3.0;
};

// Speech (spec §4.4) on the prepared cochleogram stand-in.
struct SpeechSetup {
  std::string variant = "fig5e";   // fig5e (whitened, [y;-y]) | s11 (unwhitened)
  std::string cache_dir = "runs/dendritic-data";
  std::string espeak = "espeak-ng";  // for the preparation step
  int n_neurons = 100;
  long test_samples = 2000;
  long snapshot_samples = 200;     // reconstruction + raster after training
};

struct Schedule {
  long train_patterns = 50000;
  long test_every_patterns = 10000;  // a test pass after every this many training patterns
  long log_every_patterns = 1000;    // training-loss curve resolution
};

struct DendriticConfig {
  Experiment experiment = Experiment::Bars;
  Rule rule = Rule::Analytic;
  std::uint64_t seed = 1;
  bool quick = false;
  BarsSetup bars;
  FmnistSetup fmnist;
  ScenesSetup scenes;
  SpeechSetup speech;
  Schedule schedule;
  NetworkParams network;
};

// Defaults of spec §4 for an experiment and rule (quick = shortened schedule, 10x faster anneal).
NetworkParams default_network_params(Experiment experiment, Rule rule, bool quick, const std::string& speech_variant = "fig5e");
DendriticConfig default_config(Experiment experiment, Rule rule, bool quick, const std::string& speech_variant = "fig5e");

// Reads a "dendritic" section (already merged with command-line overrides): keys rule, seed,
// quick, bars{...} | fmnist{...}, schedule{...}, network{...}, hardware{...}. Unknown keys and
// out-of-range values throw InputError naming "dendritic.<key>".
DendriticConfig parse_dendritic_config(Experiment experiment, const Json& section, const std::string& source);
// The fully resolved configuration (every value used), for config.json next to the results.
Json resolved_config_json(const DendriticConfig& config);

struct CurvePoint {
  long patterns;
  double loss;
};

struct RunResult {
  double test_loss = 0.0;            // last test pass
  std::vector<CurvePoint> test_curve;
  std::vector<CurvePoint> train_curve;  // mean training-step loss per log window
  double wall_s = 0.0;
  double final_sigma2 = 0.0;
  double mean_rate_per_ms = 0.0;     // population mean during the last test pass
  Eigen::MatrixXd feedforward, decoder;
  // Recurrent weights: analytic Winh = -s2 F D (n_z x n_z), somatic W, or the dendritic tensor
  // W_jik (row j*n_x+i, column k) of the local rules.
  Eigen::MatrixXd recurrent;
  int bars_found = 0;                // bars only
  std::vector<int> bar_assignment;   // bars only: matched bar per neuron or -1
  double linear_accuracy = 0.0;      // fmnist only
  double pixel_linear_accuracy = 0.0;
  // Scenes: the held-out test set's curve, the §4.3 metrics and the S10 trace correlation.
  std::vector<CurvePoint> heldout_curve;
  double heldout_test_loss = 0.0;
  double trace_correlation = 0.0;
  // Speech: per snapshot sample the mean input and mean reconstruction D z (n_x x samples), and
  // the spike raster of the snapshot (time in ms from its start, neuron).
  Eigen::MatrixXd snapshot_input, snapshot_reconstruction;
  std::vector<std::pair<double, int>> raster;
  // Speech snapshot: of the steps with at least one spike, the fraction with two or more (what
  // one_spike_per_step removes), and the mean number of spikes in such a step.
  double coincident_step_fraction = 0.0, spikes_per_active_step = 0.0;
  int image_side = 0;
  bool column_major = false;         // pixel order of receptive fields
  std::uint64_t network_seed = 0, train_seed = 0, test_seed = 0;
};

using ProgressFn = std::function<void(const std::string&)>;

// One test pass (spec §1.5): plasticity off, state carried on, its own fading stream; mean loss
// over all steps. With `mean_traces`, also the mean trace per pattern (classifier features).
double test_pass(DendriticNetwork& net, const std::vector<Eigen::VectorXd>& patterns,
                 std::vector<Eigen::VectorXd>* mean_traces = nullptr, double* mean_spikes_per_step = nullptr);

RunResult run_bars(const DendriticConfig& config, Mutation mutation = Mutation::None, const ProgressFn& progress = {});
RunResult run_fmnist(const DendriticConfig& config, Mutation mutation = Mutation::None, const ProgressFn& progress = {});
// Scenes and speech read the prepared caches (scenes.cache_dir / speech.cache_dir).
RunResult run_scenes(const DendriticConfig& config, Mutation mutation = Mutation::None, const ProgressFn& progress = {});
RunResult run_speech(const DendriticConfig& config, Mutation mutation = Mutation::None, const ProgressFn& progress = {});
RunResult run_experiment(const DendriticConfig& config, Mutation mutation = Mutation::None, const ProgressFn& progress = {});

// Test-loss metrics of spec §4.3: minimum over training (Fig 4D) and the mean of the 9 passes
// before the last (Fig 5A, Python [-10:-1]; fewer passes: all but the last, or the only one).
double min_loss(const std::vector<CurvePoint>& curve);
double mean_before_last(const std::vector<CurvePoint>& curve, std::size_t count = 9);
// Mean pairwise Pearson correlation of the columns' rows (neurons x samples); rows with zero
// variance are left out. S10.
double mean_pairwise_correlation(const Eigen::MatrixXd& traces);
// The training loop shared by every experiment: a test pass on each set after every
// test_every_patterns patterns and at the end; curves[k] belongs to test_sets[k].
struct TrainCurves {
  std::vector<std::vector<CurvePoint>> test;
  std::vector<CurvePoint> train;
  double mean_spikes_per_step = 0.0;  // during the last pass on the first set
};
TrainCurves train_network(DendriticNetwork& net, const std::function<Eigen::VectorXd()>& source,
                          const std::vector<const std::vector<Eigen::VectorXd>*>& test_sets, const Schedule& schedule,
                          const ProgressFn& progress);

// A result with the seeds of the run's streams (network, training data, test data) filled in.
RunResult seeded_result(const DendriticConfig& config);
// A trained network into a result: the curves of the first test set and its last loss, the
// training curve, the mean rate of the last pass, the final weights and sigma^2.
void fill_trained_result(RunResult& r, const DendriticNetwork& net, TrainCurves& curves);
double seconds_since(std::chrono::steady_clock::time_point start);

// summary.json content and the CSV files of a run.
Json summary_json(const DendriticConfig& config, const RunResult& result);
std::string curve_csv(const RunResult& result);
std::string matrix_csv(const Eigen::MatrixXd& m);

}  // namespace ebn::dendritic
