#pragma once
// A network of n_z stochastic sigmoid-spiking coding neurons with analog input (spec §1), learning
// with one of the rules of spec §3. One call of step() is one time step of spec §1.8:
//   potential u from x(t) and the delayed trace z(t - delay)  ->  Bernoulli spikes s(t)
//   -> batch plasticity (every UI steps) -> event plasticity (steps with a spike)
//   -> trace z(t) = e^{-1/tau} z(t-1) + s(t)  (recursive, untruncated; spec §1.3)
// The decoder D reconstructs x(t) from z(t); the loss of a step is |x - D z|^2 / (2 n_x).
//
// Layout: F is n_z x n_x (row j = feedforward weights of neuron j), D is n_x x n_z. The dendritic
// inhibitory tensor W_jik of the local rules is stored as a (n_z*n_x) x n_z matrix, row j*n_x+i,
// so all compartment potentials are one matrix-vector product.
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "behavioral/dendritic/params.h"
#include "behavioral/dendritic/random.h"
#include "behavioral/dendritic/weight_quantizer.h"

namespace ebn::dendritic {

// E1 = sum_{k=0}^{n} r^k and E2 = sum_{k=0}^{n} r^{2k} (spec §3.0, closed form).
struct EventSums {
  double e1, e2;
};
EventSums event_sums(double trace_decay, long n);

class DendriticNetwork {
 public:
  DendriticNetwork(const NetworkParams& params, int n_inputs, int n_neurons, std::uint64_t seed,
                   Mutation mutation = Mutation::None);

  // One time step. `learn` = plasticity on and training step counter advancing; with learn =
  // false (test passes) the state still evolves but no weight, bias, sigma or counter changes.
  // `x_changed` = false promises x equals the previous call's x (lets F x be reused).
  const Eigen::VectorXd& step(const Eigen::VectorXd& x, bool learn, bool x_changed = true);
  // Loss of the step just taken: |x - D z(t)|^2 / (2 n_x).
  double loss(const Eigen::VectorXd& x) const;

  int n_inputs() const { return n_x_; }
  int n_neurons() const { return n_z_; }
  const NetworkParams& params() const { return p_; }
  const Eigen::MatrixXd& feedforward() const { return F_; }   // F, n_z x n_x
  const Eigen::MatrixXd& decoder() const { return D_; }       // D, n_x x n_z
  const Eigen::MatrixXd& somatic_recurrent() const { return W_; }  // SB / pruning W; analytic Winh (discretised)
  const Eigen::MatrixXd& dendritic_recurrent() const { return Wt_; }  // W_jik at row j*n_x+i, column k
  const Eigen::MatrixXd& auxiliary_feedforward() const { return Fbar_; }
  const Eigen::VectorXd& bias() const { return b_; }
  const Eigen::VectorXd& trace() const { return ring_[head_]; }  // z(t) after the last step
  const Eigen::VectorXd& potential() const { return u_; }
  const Eigen::VectorXd& spikes() const { return s_; }
  double sigma2() const { return sigma_ * sigma_; }
  long training_steps() const { return t_; }
  const WeightQuantizer& feedforward_quantizer() const { return quant_f_; }
  const WeightQuantizer& recurrent_quantizer() const { return quant_w_; }

  // For unit tests and hand-built scenarios: overwrite state (sizes must match).
  void set_feedforward(const Eigen::MatrixXd& f);
  void set_decoder(const Eigen::MatrixXd& d);
  void set_dendritic_recurrent(const Eigen::MatrixXd& w);
  void set_somatic_recurrent(const Eigen::MatrixXd& w);
  void set_bias(const Eigen::VectorXd& b);
  void set_trace(const Eigen::VectorXd& z);  // sets z(t-1) .. z(t-delay) to z
  // The batch plasticity of the local rules (decay, simultaneous, slow) applied once with the
  // given input and presynaptic trace: exposes the rule for locality tests.
  void apply_dendritic_batch_update(const Eigen::VectorXd& x, const Eigen::VectorXd& z);

 private:
  double eta_f_now() const;
  bool late_stage() const;  // Fig 4D/5A schedule: the *_late rates apply
  double eta_d_now() const { return late_stage() ? p_.eta_d_late : p_.eta_d; }
  double eta_b_now() const { return late_stage() ? p_.eta_b_late : p_.eta_b; }
  double eta_w_now() const { return late_stage() ? p_.eta_w_late : p_.eta_w; }
  void speech_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd);
  void keep_most_probable_spike();
  const Eigen::VectorXd& delayed_trace() const { return ring_[(head_ + p_.delay_steps - 1) % p_.delay_steps]; }
  void compute_potential(const Eigen::VectorXd& x, const Eigen::VectorXd& zd, bool x_changed, bool need_v);
  void compute_compartments(const Eigen::VectorXd& x, const Eigen::VectorXd& zd);
  void batch_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd);
  void local_rule_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd, double m_f, double m_w);
  void prune(double m_w);
  void event_update(long n);
  void refresh_derived();
  // D z, cached when z is the current trace z(t) (used by loss() and the next potential).
  const Eigen::VectorXd& decoded(const Eigen::VectorXd& z) const;

  NetworkParams p_;
  int n_x_, n_z_;
  Mutation mutation_;
  Rng rng_, rounding_rng_;
  WeightQuantizer quant_f_, quant_w_;
  double decay_;     // e^{-1/tau}
  double sigma_, s2_;

  Eigen::MatrixXd F_, D_, W_, Wt_, Fbar_, C_;
  Eigen::MatrixXd Wsum_;     // local rules: sum_i W_jik (somatic effect of the dendritic inhibition)
  Eigen::VectorXd diag_fd_;  // analytic, float: diag(F D) for the self term
  Eigen::VectorXd b_, u_, s_, v_, fx_, rate_;
  Eigen::VectorXd x0_, z0_;
  Eigen::VectorXd tmp_z_, error_x_;  // scratch: no allocation per step
  Eigen::VectorXd drive_;            // somatic W rule: F x + W z
  bool wz_current_ = false;          // tmp_z_ = W z(t - delay) of this step, W unchanged since
  bool ftz_current_ = false;         // error_x_ = F^T z(t - delay) of this step, F unchanged since
  mutable Eigen::VectorXd decoded_, decoded_other_;
  mutable bool decoded_valid_ = false;
  Eigen::VectorXd inhibition_;  // analytic, float: F D z(t), valid with inhibition_valid_
  bool inhibition_valid_ = false;
  std::vector<Eigen::VectorXd> ring_;  // z(t-1) .. z(t-delay); ring_[head_] newest
  int head_ = 0;
  long t_ = 0, t_last_event_ = 0;
  bool derived_dirty_ = true;  // diag_fd_ / quantised Winh / Wsum_ need recomputing
  bool fx_dirty_ = true;       // F changed since fx_ = F x was computed
};

}  // namespace ebn::dendritic
