#pragma once
// The Figure-1 experiment (spec §4) on any NetworkBackend: initialisation, training passes with
// validation, and the final evaluation of the learned, optimal and initial networks.
//
// Random draws, in this order:
//  initialisation, NumpyLegacyNormal(seed) (random.h; NumPy's RandomState(seed).randn stream):
//    a discarded N_x×N draw, F (N_x×N, row-major, columns then scaled to unit L2 norm),
//    Ω₀ = initial_weight_std·N(0,1)^{N×N} (row-major); W₀ = −disc(Ω₀), zero diagonal (§6).
//  experiment, RunRng(seed) (xoshiro256++, random.h):
//    1. the validation signals, one after the other;
//    2. for each pass i: if i % validate_every == 0, for each validation signal: the network's
//       input noise, then the readout noise; then the training signal and the training run's noise
//       (training runs need no readout, so they draw none);
//    3. after the last pass: one more validation (the end point of the learning curve);
//    4. the evaluation signal; then learned, optimal, initial network (each: noise, readout noise).
//  network.fast_mode: the same order, but each signal, trial noise and readout noise is one draw
//    (the seed of its own FastNormal stream, fast_normal.h).
#include <Eigen/Dense>

#include <functional>
#include <string>
#include <vector>

#include "behavioral/metrics.h"
#include "behavioral/network_backend.h"

namespace ebn::behavioral {

// Initial state of the experiment (everything before the first pass).
struct ExperimentInit {
  Eigen::MatrixXd encoder;         // F (N_x × N), unit-norm columns
  Eigen::VectorXd threshold;       // T
  Eigen::MatrixXd omega0;          // Ω₀ before discretisation
  Eigen::MatrixXd w_initial;       // W₀ = −disc(Ω₀), zero diagonal
  Eigen::MatrixXd w_optimal;       // W* (continuous, zero diagonal)
  Eigen::MatrixXd c_optimal;       // C* = disc(W*): reference of the distance (§5.2)
  Eigen::VectorXd v_rest_optimal;  // T − (‖F‖₂² + μλ²)
  Eigen::VectorXd v_rest_initial;  // 0, or the optimal rest when learning.diagonal = "optimal"
  NetworkSetup initial_setup() const;
  NetworkSetup optimal_setup() const;
};

ExperimentInit initialise(const EbnConfig& config);

struct CurvePoint {
  int pass;                  // validation before pass `pass` (pass == passes: after the last one)
  double distance;           // dist(W, C*)
  double decoding_error;     // mean E over the validation signals, R·Bᵀ (as the reference)
  double decoding_error_ls;  // same with R·B
};

struct Evaluation {
  std::vector<Spike> spikes;
  Eigen::MatrixXd reconstruction;  // R·Bᵀ (samples × N_x)
  DecodingError error;
  double rate_hz = 0.0;            // mean rate per neuron
  double distance = 0.0;           // of this network's weights to the optimum reference (§5.2)
};

struct PassReport {
  int pass;              // pass just finished (0-based)
  int passes;
  double distance;       // after the pass
  long weight_updates;   // in the pass
  int spikes;            // in the pass
  // A validation whose result became known since the previous report (its `pass` says when it
  // ran), or nullptr. Sequential runs: the validation before this pass. Two-core runs validate in
  // the background, so a point is reported a few passes after it ran.
  const CurvePoint* validation;
};

struct ExperimentResult {
  std::string backend;
  ExperimentInit init;
  std::vector<CurvePoint> curve;
  std::vector<double> distance_after_pass;  // one per pass
  std::vector<long> updates_per_pass;
  Eigen::MatrixXd w_learned;
  Eigen::VectorXd v_rest_learned, v_reset_learned;
  InputSignal evaluation_signal;
  Evaluation initial, learned, optimal;
  double distance_initial = 0, distance_final = 0;
  double correlation_final = 0;  // corr(W_learned, W*) off-diagonal
  double simulated_s = 0;        // all trials (training, validation, evaluation)
  double learning_simulated_s = 0;  // the training passes only
  double learning_wall_s = 0;       // wall time of the training passes (signal draw + learning trial)
};

using PassCallback = std::function<void(const PassReport&)>;

// parallel = true: the validation runs go to a second thread while learning goes on, on a copy of
// the learner, and the three evaluation networks run on two threads (parallel_chain.h; the results
// are those of the sequential run, bit for bit: if a background validation drew other than
// predicted -- practically never -- the experiment is run again without background validation, and
// on_pass sees its passes again). Only for backends whose instances may run concurrently (the
// behavioral ones; not SystemC, one kernel per process).
ExperimentResult run_experiment(const EbnConfig& config, const BackendFactory& factory,
                                const PassCallback& on_pass = nullptr, bool parallel = false);

}  // namespace ebn::behavioral
