#pragma once
// THE PLUG-IN POINT OF THE FIDELITY LADDER.
//
// The training loop with validation (trainer.h) drives a network only through this interface,
// so the same experiment (same signals, same readout, same decoder fit, same metrics) runs on
//   level 1  ReferenceNetwork, float weights         (behavioral/, name() = "reference")
//   level 2  ReferenceNetwork, B-bit counters         (behavioral/, name() = "quantized")
//   level 3  the SystemC chip model                   (systemc/, added by its own factory)
// A backend simulates the recurrent population for one trial and reports its spikes; everything
// downstream of the spikes (readout filter, decoder, metrics) belongs to the experiment, so all
// levels are scored by the same code.
//
// Weights are exchanged in "code units" (spec §2): W[n][k] = synapse from k onto n, the kick a
// spike of k adds to the fast synaptic current of n; the diagonal is 0 (the reset realises it).
#include <Eigen/Dense>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "behavioral/input_signal.h"
#include "behavioral/params.h"
#include "behavioral/random.h"

namespace ebn::behavioral {

struct Spike {
  double time_s;
  int neuron;
};

struct TrialResult {
  std::vector<Spike> spikes;  // in time order
  long weight_updates = 0;    // weight changes applied (learning runs only)
};

// Everything that defines one network instance (initial, learned or optimal).
struct NetworkSetup {
  Eigen::MatrixXd encoder;      // F (N_x × N): input weights τ_m·F, decoder F (spec §1.2)
  Eigen::VectorXd threshold;    // T_i (§1.3), never changed by learning
  Eigen::VectorXd v_rest;       // V_rest (moved by diagonal learning)
  Eigen::VectorXd v_reset;      // V_reset (moved by diagonal learning)
  Eigen::MatrixXd weights;      // W (N × N), code units, zero diagonal
};

class NetworkBackend {
 public:
  virtual ~NetworkBackend() = default;
  virtual std::string name() const = 0;
  virtual int neurons() const = 0;
  // Runs one trial of input.samples() steps from the rest state (V = V_rest, synaptic currents 0,
  // t = 0), with or without on-line learning. Noise is drawn from `rng` (same stream order on
  // every backend that models the same noise).
  virtual TrialResult run_trial(const InputSignal& input, bool learning, RunRng& rng) = 0;
  virtual Eigen::MatrixXd weights() const = 0;
  virtual void set_weights(const Eigen::MatrixXd& weights) = 0;
  // Neuron parameters changed by learning (diagonal rule): V_rest, V_reset.
  virtual Eigen::VectorXd v_rest() const = 0;
  virtual Eigen::VectorXd v_reset() const = 0;
  // Hints from the trainer to its learner; they never change a result, and a backend may ignore
  // them. use_spare_core: a second core is free for work done ahead of the learning trials
  // (TrainingPrefetch::wanted, the trainer's decision). expect_learning_trial: the next learning
  // trial will most likely start with the stream at `stream_at_start` (the fast mode draws its
  // noise during the trial before, fast_noise_rows.h).
  virtual void use_spare_core(bool wanted) { (void)wanted; }
  virtual void expect_learning_trial(const RunRng& stream_at_start) { (void)stream_at_start; }
  // The weights the distance to optimal is measured against (spec §5.2): by default C* = disc(W*).
  // A backend whose realisable weights differ (the mismatched chip: counter × per-synapse gain)
  // returns its own optimum, the realisable weights nearest to W*.
  virtual Eigen::MatrixXd optimum_reference(const Eigen::MatrixXd& w_optimal, const Eigen::MatrixXd& c_optimal) const {
    (void)w_optimal;
    return c_optimal;
  }
};

// Builds a backend for a network instance; the trainer creates the learner and the three
// evaluation networks through it.
using BackendFactory = std::function<std::unique_ptr<NetworkBackend>(const NetworkSetup&, const EbnConfig&)>;

}  // namespace ebn::behavioral
