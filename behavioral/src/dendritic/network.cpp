#include "behavioral/dendritic/network.h"

#include <algorithm>
#include <cmath>

#include "behavioral/dendritic/metrics.h"
#include "behavioral/dendritic/spike_sampling.h"
#include "ebn/errors.h"

namespace ebn::dendritic {

namespace {
// Local rules divide by the weight; the public code floors |F| at 0.002 (spec §3.4/§3.5).
constexpr double kMinAbsF = 0.002;
double sign_of(double v) { return (v > 0.0) - (v < 0.0); }
double logit(double p) { return std::log(p / (1.0 - p)); }
}  // namespace

EventSums event_sums(double r, long n) {
  const double r2 = r * r;
  return {(1.0 - std::pow(r, static_cast<double>(n + 1))) / (1.0 - r),
          (1.0 - std::pow(r2, static_cast<double>(n + 1))) / (1.0 - r2)};
}

DendriticNetwork::DendriticNetwork(const NetworkParams& params, int n_inputs, int n_neurons, std::uint64_t seed,
                                   Mutation mutation)
    : p_(params),
      n_x_(n_inputs),
      n_z_(n_neurons),
      mutation_(mutation),
      rng_(derive_seed(seed, kNetworkStream)),
      rounding_rng_(derive_seed(seed, kRoundingStream)),
      decay_(params.trace_decay()) {
  if (n_x_ < 1 || n_z_ < 1) throw InputError("dendritic network: need at least one input and one neuron");
  if (p_.hardware.quantized()) {
    quant_f_ = WeightQuantizer(p_.hardware.weight_bits, p_.hardware.f_max, p_.hardware.rounding);
    quant_w_ = WeightQuantizer(p_.hardware.weight_bits, p_.hardware.w_max, p_.hardware.rounding);
  }
  sigma_ = std::sqrt(p_.sigma2_initial);
  s2_ = 1.0 / p_.sigma2_initial;

  // Initial feedforward weights (defect 8: analytic/SB clip at 0, all-weights take |.|).
  const bool all_weights = has_dendritic_tensor(p_.rule);
  F_.resize(n_z_, n_x_);
  for (int i = 0; i < n_x_; ++i)
    for (int j = 0; j < n_z_; ++j) {
      const double g = p_.init_f_mean + p_.init_f_std * (p_.init_f_std > 0.0 ? standard_normal(rng_) : 0.0);
      F_(j, i) = all_weights ? std::abs(g) : std::max(0.0, g);
    }
  quant_f_.represent_all(F_);
  if (all_weights && quant_f_.active()) {
    // The local rules cannot move F = 0 (sign(0) = 0, defect 7): a nonzero initial weight smaller
    // than one LSB starts at +-1 LSB instead of being rounded to 0.
    for (double& f : F_.reshaped())
      if (f == 0.0 && (p_.init_f_mean != 0.0 || p_.init_f_std != 0.0)) f = quant_f_.scale();
  }
  Fbar_ = F_;
  D_ = Eigen::MatrixXd::Zero(n_x_, n_z_);
  W_ = Eigen::MatrixXd::Zero(n_z_, n_z_);
  if (all_weights) Wt_ = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_z_) * n_x_, n_z_);
  if (p_.rule == Rule::SlowPruning) C_ = Eigen::MatrixXd::Zero(n_z_, n_z_);
  if (p_.init_w_balanced) {  // Fig 3 start: inhibition already balancing the initial F
    if (all_weights)
      for (int j = 0; j < n_z_; ++j)
        for (int i = 0; i < n_x_; ++i) Wt_(j * n_x_ + i, j) = -F_(j, i) * F_(j, i);
    if (p_.rule == Rule::Somatic || p_.rule == Rule::SlowPruning)
      for (int j = 0; j < n_z_; ++j) W_(j, j) = -F_.row(j).squaredNorm();
    quant_w_.represent_all(W_);
    if (all_weights) quant_w_.represent_all(Wt_);
  }

  if (p_.init_w_gram) {  // speech: the learned somatic W starts at the exact inhibition -F F^T
    W_.noalias() = -F_ * F_.transpose();
    quant_w_.represent_all(W_);
  }

  // Bias (§1.6): reparametrised bias scales with sigma_0^2; all-weights variants always do.
  const double b0 = logit(p_.rate_per_ms * p_.dt_ms);
  b_ = Eigen::VectorXd::Constant(n_z_, (p_.reparametrize_bias || all_weights) ? b0 * p_.sigma2_initial : b0);

  u_ = Eigen::VectorXd::Zero(n_z_);
  s_ = Eigen::VectorXd::Zero(n_z_);
  rate_ = Eigen::VectorXd::Zero(n_z_);
  fx_ = Eigen::VectorXd::Zero(n_z_);
  tmp_z_ = inhibition_ = Eigen::VectorXd::Zero(n_z_);
  error_x_ = decoded_ = decoded_other_ = Eigen::VectorXd::Zero(n_x_);
  x0_ = Eigen::VectorXd::Zero(n_x_);
  z0_ = Eigen::VectorXd::Zero(n_z_);
  ring_.assign(p_.delay_steps, Eigen::VectorXd::Zero(n_z_));
  if (all_weights) v_ = Eigen::VectorXd::Zero(Wt_.rows());
}

double DendriticNetwork::eta_f_now() const {
  const long pattern = t_ > 0 ? (t_ - 1) / p_.steps_per_pattern() : 0;
  return pattern < p_.eta_f_start_pattern ? 0.0 : late_stage() ? p_.eta_f_late : p_.eta_f;
}

bool DendriticNetwork::late_stage() const {
  return p_.late_stage_pattern > 0 && t_ > 0 && (t_ - 1) / p_.steps_per_pattern() >= p_.late_stage_pattern;
}

void DendriticNetwork::refresh_derived() {
  switch (p_.rule) {
    case Rule::Analytic:
      if (p_.per_step_plasticity) {  // speech: Winh = -s2 F F^T, computed from (discretised) F
        diag_fd_ = F_.rowwise().squaredNorm();
      } else if (quant_w_.active()) {  // the chip stores Winh = -s2 F D as B-bit weights, rebuilt at events
        W_.noalias() = -s2_ * (F_ * D_);
        quant_w_.represent_all(W_);
      } else {
        // diag(F D)_j = sum_i F_ji D_ij, summed over i in order as Eigen's
        // F.cwiseProduct(D^T).rowwise().sum() does (same bits), but 8 rows at a time: independent
        // accumulators instead of one dependent chain per row, and 8 contiguous streams of D.
        diag_fd_.resize(n_z_);
        constexpr int kBlock = 8;  // fixed trip count: the accumulators stay in registers
        int j0 = 0;
        for (; j0 + kBlock <= n_z_; j0 += kBlock) {
          double acc[kBlock];
          for (int b = 0; b < kBlock; ++b) acc[b] = F_(j0 + b, 0) * D_(0, j0 + b);
          for (int i = 1; i < n_x_; ++i)
            for (int b = 0; b < kBlock; ++b) acc[b] += F_(j0 + b, i) * D_(i, j0 + b);
          for (int b = 0; b < kBlock; ++b) diag_fd_[j0 + b] = acc[b];
        }
        for (; j0 < n_z_; ++j0) {
          double acc = F_(j0, 0) * D_(0, j0);
          for (int i = 1; i < n_x_; ++i) acc += F_(j0, i) * D_(i, j0);
          diag_fd_[j0] = acc;
        }
      }
      break;
    case Rule::Decay:
    case Rule::Simultaneous:
    case Rule::Slow:
      Wsum_ = Eigen::MatrixXd(n_z_, n_z_);
      for (int j = 0; j < n_z_; ++j) Wsum_.row(j) = Wt_.middleRows(static_cast<Eigen::Index>(j) * n_x_, n_x_).colwise().sum();
      break;
    default:
      break;
  }
  derived_dirty_ = false;
}

void DendriticNetwork::compute_compartments(const Eigen::VectorXd& x, const Eigen::VectorXd& zd) {
  v_.noalias() = Wt_ * zd;
  for (int j = 0; j < n_z_; ++j) v_.segment(static_cast<Eigen::Index>(j) * n_x_, n_x_) += F_.row(j).transpose().cwiseProduct(x);
}

void DendriticNetwork::compute_potential(const Eigen::VectorXd& x, const Eigen::VectorXd& zd, bool x_changed, bool need_v) {
  if (derived_dirty_) refresh_derived();
  if (x_changed || fx_dirty_) {
    fx_.noalias() = F_ * x;
    fx_dirty_ = false;
  }
  wz_current_ = ftz_current_ = false;
  switch (p_.rule) {
    case Rule::Analytic: {
      const double bias_factor = p_.reparametrize_bias ? s2_ : 1.0;
      if (p_.per_step_plasticity && p_.learned_inhibition) {  // S11 DB: learned somatic W (as SB)
        tmp_z_.noalias() = W_ * zd;
        wz_current_ = true;
        u_ = bias_factor * b_ + s2_ * (fx_ + tmp_z_ + p_.self_term * W_.diagonal());
      } else if (p_.per_step_plasticity) {  // speech: Winh z = -s2 F (F^T z)
        error_x_.noalias() = F_.transpose() * zd;
        ftz_current_ = true;
        inhibition_.noalias() = F_ * error_x_;
        inhibition_valid_ = false;
        u_ = bias_factor * b_ + s2_ * (fx_ - inhibition_ - p_.self_term * diag_fd_);
      } else if (quant_w_.active()) {
        tmp_z_.noalias() = W_ * zd;
        u_ = bias_factor * b_ + s2_ * fx_ + tmp_z_ + p_.self_term * W_.diagonal();
      } else {  // Winh z = -s2 F (D z): O(n_x n_z) per step (defect 10)
        if (!(inhibition_valid_ && &zd == &ring_[head_])) {
          inhibition_.noalias() = F_ * decoded(zd);
          inhibition_valid_ = &zd == &ring_[head_];
        }
        u_ = bias_factor * b_ + s2_ * (fx_ - inhibition_ - p_.self_term * diag_fd_);
      }
      break;
    }
    case Rule::Somatic: {
      const double bias_factor = p_.reparametrize_bias ? s2_ : 1.0;
      tmp_z_.noalias() = W_ * zd;
      wz_current_ = true;
      u_ = bias_factor * b_ + s2_ * (fx_ + tmp_z_ + p_.self_term * W_.diagonal());
      break;
    }
    case Rule::Decay:
    case Rule::Simultaneous:
    case Rule::Slow:
      if (need_v) {  // u_j = s2 (sum_i v_ij + self sum_i W_jij + b_j)
        compute_compartments(x, zd);
        for (int j = 0; j < n_z_; ++j) {
          const auto rows = Wt_.middleRows(static_cast<Eigen::Index>(j) * n_x_, n_x_);
          u_[j] = s2_ * (v_.segment(static_cast<Eigen::Index>(j) * n_x_, n_x_).sum() + p_.self_term * rows.col(j).sum() + b_[j]);
        }
      } else {
        tmp_z_.noalias() = Wsum_ * zd;
        u_ = s2_ * (fx_ + tmp_z_ + p_.self_term * Wsum_.diagonal() + b_);
      }
      break;
    case Rule::SlowPruning:
      if (need_v) compute_compartments(x, zd);  // plasticity only
      tmp_z_.noalias() = W_ * zd;
      wz_current_ = true;
      u_ = s2_ * (tmp_z_ + fx_ + p_.self_term * W_.diagonal() + b_);
      break;
  }
}

const Eigen::VectorXd& DendriticNetwork::step(const Eigen::VectorXd& x, bool learn, bool x_changed) {
  if (learn) ++t_;
  const bool batch = learn && (t_ % p_.update_interval_steps == 0);
  const Eigen::VectorXd& zd = delayed_trace();
  compute_potential(x, zd, x_changed, batch && has_dendritic_tensor(p_.rule));

  bool any_spike = false;
  for (int j = 0; j < n_z_; ++j) {
    s_[j] = spike_decision(u_[j], uniform01(rng_)) ? 1.0 : 0.0;
    any_spike = any_spike || s_[j] != 0.0;
  }
  if (p_.one_spike_per_step && any_spike) keep_most_probable_spike();

  if (batch) batch_update(x, zd);
  const Eigen::VectorXd& z_prev = ring_[head_];
  if (learn && any_spike && !p_.exact_event_integration && !p_.per_step_plasticity) {
    event_update(t_ - t_last_event_);
    t_last_event_ = t_;
    x0_ = x;
    z0_ = z_prev + s_;  // old trace plus new spikes, not decayed (defect 3, reproduced)
  }
  // Trace z(t) = e^{-1/tau} z(t-1) + s(t), written over the oldest slot of the delay line.
  const int next = (head_ + p_.delay_steps - 1) % p_.delay_steps;
  ring_[next] = decay_ * z_prev + s_;
  head_ = next;
  // Event-driven bookkeeping: without a spike and without a weight change this step,
  // z(t) = e^{-1/tau} z(t-1), so D z(t) and F D z(t) just decay -- no matrix product needed.
  const bool weights_unchanged = !any_spike && !(learn && (p_.exact_event_integration || p_.per_step_plasticity));
  if (weights_unchanged && decoded_valid_) {
    decoded_ *= decay_;
    if (inhibition_valid_) inhibition_ *= decay_;
  } else {
    decoded_valid_ = false;
    inhibition_valid_ = false;
  }
  if (learn && p_.exact_event_integration) {  // per-step integration: D, F follow x(t), z(t)
    x0_ = x;
    z0_ = ring_[head_];
    event_update(0);
  }
  if (learn && any_spike) rate_ += s_ / p_.update_interval_steps;  // s = 0 would add +0.0
  return s_;
}

void DendriticNetwork::keep_most_probable_spike() {
  // §3.8 oneSpikePerTimestep: emulates instantaneous inhibition. Highest u = highest probability;
  // ties go to the lowest index.
  int best = -1;
  for (int j = 0; j < n_z_; ++j)
    if (s_[j] != 0.0 && (best < 0 || u_[j] > u_[best])) best = j;
  s_.setZero();
  s_[best] = 1.0;
}

const Eigen::VectorXd& DendriticNetwork::decoded(const Eigen::VectorXd& z) const {
  if (&z == &ring_[head_]) {  // D z(t): shared by the loss of step t and the potential of step t+1
    if (!decoded_valid_) {
      decoded_.noalias() = D_ * z;
      decoded_valid_ = true;
    }
    return decoded_;
  }
  decoded_other_.noalias() = D_ * z;
  return decoded_other_;
}

double DendriticNetwork::loss(const Eigen::VectorXd& x) const {
  // Same value as decoder_loss(x, D, z(t)) (metrics.h), with D z(t) cached for the next step.
  return (x - decoded(ring_[head_])).squaredNorm() / (2.0 * n_x_);
}

void DendriticNetwork::speech_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd) {
  // §3.8, in its order: F, [W] (then b, sigma in batch_update), Winh (derived), D.
  const double ui_dt = p_.update_interval_steps * p_.dt_ms;
  const double m_f = eta_f_now() * ui_dt * (mutation_ == Mutation::FlipSign ? -1.0 : 1.0);
  // The W update below reads neither F nor error_x_, so float F updates are applied in place at
  // once (same values as forming delta_f first); discretised ones keep the order of the rounding draws.
  const bool f_in_place = !quant_f_.active();
  Eigen::MatrixXd delta_f;
  if (p_.rule == Rule::Analytic) {  // delta rule: dF = m_F z (x - F^T z)^T
    if (!ftz_current_) error_x_.noalias() = F_.transpose() * zd;  // else still F^T z from compute_potential
    error_x_ = x - error_x_;
    if (f_in_place) F_.noalias() += m_f * zd * error_x_.transpose();
    else delta_f = m_f * zd * error_x_.transpose();
  } else if (p_.unwhitened_somatic) {  // S11: dF_ji = m_F z_j x_i (1 - (F x)_j z_j / 10)
    const Eigen::VectorXd gain = (zd.array() * (1.0 - fx_.array() * zd.array() / 10.0)).matrix();
    if (f_in_place) F_.noalias() += m_f * gain * x.transpose();
    else delta_f = m_f * gain * x.transpose();
  } else if (f_in_place) {  // Oja-like: dF_ji = m_F z_j (x_i - F_ji z_j), same expression per element
    for (int i = 0; i < n_x_; ++i)
      for (int j = 0; j < n_z_; ++j) F_(j, i) += m_f * (x[i] * zd[j] - (zd[j] * zd[j]) * F_(j, i));
  } else {
    delta_f = m_f * (zd * x.transpose() - zd.cwiseAbs2().asDiagonal() * F_);
  }
  if (p_.rule == Rule::Somatic || p_.learned_inhibition) {
    // dW = -eta_W dt (F x + W z + 0.25 diag W) z^T (no UI factor; the dynamics use self_term).
    // W z of this step is already in tmp_z_ (compute_potential; W unchanged since).
    if (wz_current_) drive_ = fx_ + tmp_z_ + 0.25 * W_.diagonal();
    else drive_ = fx_ + W_ * zd + 0.25 * W_.diagonal();
    const double m_w = eta_w_now() * p_.dt_ms;
    if (quant_w_.active()) quant_w_.apply(W_, -m_w * drive_ * zd.transpose(), rounding_rng_);
    else W_.noalias() -= m_w * drive_ * zd.transpose();
  }
  if (!f_in_place) quant_f_.apply(F_, delta_f, rounding_rng_);
  // Decoder by the delta rule: dD = eta_D UI dt (x - D z) z^T.
  error_x_.noalias() = D_ * zd;
  error_x_ = x - error_x_;
  D_.noalias() += (eta_d_now() * ui_dt) * error_x_ * zd.transpose();
  fx_dirty_ = derived_dirty_ = true;
  decoded_valid_ = inhibition_valid_ = false;
}

void DendriticNetwork::batch_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd) {
  const double ui_dt = p_.update_interval_steps * p_.dt_ms;
  const double m_f = eta_f_now() * ui_dt;
  const double m_w = eta_w_now() * ui_dt;
  if (p_.per_step_plasticity) {
    speech_update(x, zd);
  } else if (p_.rule == Rule::Somatic || p_.rule == Rule::SlowPruning) {
    // Somatic balance: P_j = (F x)_j + (W z)_j, dW_jk = -m_W P_j z_k (spec §3.3).
    if (wz_current_) drive_ = fx_ + tmp_z_;  // W z of this step, from compute_potential
    else drive_ = fx_ + W_ * zd;
    if (quant_w_.active()) quant_w_.apply(W_, -m_w * drive_ * zd.transpose(), rounding_rng_);
    else W_.noalias() -= m_w * drive_ * zd.transpose();
  }
  if (has_dendritic_tensor(p_.rule)) local_rule_update(x, zd, m_f, m_w);
  if (p_.rule == Rule::SlowPruning) {
    const double alpha = p_.eta_correlation * p_.dt_ms;
    C_ = (1.0 - alpha) * C_ + alpha * zd * zd.transpose();
    const long pattern = (t_ - 1) / p_.steps_per_pattern();
    if (p_.pruning_fraction > 0.0 && pattern >= p_.pruning_start_pattern) prune(m_w);
  }
  // Homeostatic bias (§1.6) and sigma anneal (§1.7).
  b_.array() += eta_b_now() * ui_dt * (p_.rate_per_ms * p_.dt_ms - rate_.array());
  rate_.setZero();
  if (p_.eta_sigma > 0.0) {
    sigma_ += p_.eta_sigma * ui_dt * (p_.sigma2_final - sigma_ * sigma_) / sigma_;
    s2_ = 1.0 / (sigma_ * sigma_);
  }
}

void DendriticNetwork::local_rule_update(const Eigen::VectorXd& x, const Eigen::VectorXd& zd, double m_f, double m_w) {
  const double sign = mutation_ == Mutation::FlipSign ? -1.0 : 1.0;
  // NonLocal mutation: the synapse sees the population error F_ji (x_i - xhat_i) instead of its
  // own compartment potential v_ij (what the rule would need without dendritic balance).
  Eigen::VectorXd error;
  if (mutation_ == Mutation::NonLocal) error = x - D_ * zd;
  const double ui_dt = p_.update_interval_steps * p_.dt_ms;
  for (int j = 0; j < n_z_; ++j) {
    const Eigen::Index row0 = static_cast<Eigen::Index>(j) * n_x_;
    for (int i = 0; i < n_x_; ++i) {
      const double f = F_(j, i);
      const double v = mutation_ == Mutation::NonLocal ? f * error[i] : v_[row0 + i];
      double df = 0.0;
      switch (p_.rule) {
        case Rule::Decay:  // dF = m_F (z_j v_ij sign(F)/max(0.002,|F|) - lambda F)
          df = m_f * (sign * zd[j] * v * sign_of(f) / std::max(kMinAbsF, std::abs(f)) - p_.lambda * f);
          break;
        case Rule::Simultaneous:  // only the inhibitory part of v is divided by F
          df = sign * m_f * zd[j] * (x[i] + (v - f * x[i]) * sign_of(f) / std::max(kMinAbsF, std::abs(f)));
          break;
        case Rule::Slow:
        case Rule::SlowPruning: {  // F relaxes to sqrt(F-bar); F = 0 would divide by zero: floor |F|
          Fbar_(j, i) += sign * p_.eta_fbar * ui_dt * zd[j] * v;
          const double f_safe = std::abs(f) < kMinAbsF ? std::copysign(kMinAbsF, f) : f;
          df = eta_f_now() * ui_dt * (Fbar_(j, i) / f_safe - f);
          break;
        }
        default:
          break;
      }
      F_(j, i) = quant_f_.step(f, df, rounding_rng_);
    }
  }
  // Dendritic inhibition: dW_jik = -m_W z_k v_ij (- m_W lambda W_jik for the decay rule).
  const double keep = p_.rule == Rule::Decay ? 1.0 - m_w * p_.lambda : 1.0;
  if (quant_w_.active()) {
    Eigen::MatrixXd delta = -m_w * v_ * zd.transpose() - (1.0 - keep) * Wt_;
    quant_w_.apply(Wt_, delta, rounding_rng_);
  } else {
    if (keep != 1.0) Wt_ *= keep;
    Wt_.noalias() -= m_w * v_ * zd.transpose();
  }
  fx_dirty_ = true;
  derived_dirty_ = true;
  inhibition_valid_ = false;
}

void DendriticNetwork::prune(double m_w) {
  // c_jik = |Wp_jik C_jk|; entries at or below the value of 1-based rank floor(1 + f n_z^2 n_x)
  // (ascending), off the diagonal j != k, decay by beta m_W (spec §3.7).
  std::vector<double> c(static_cast<std::size_t>(Wt_.size()));
  for (int k = 0; k < n_z_; ++k)
    for (int j = 0; j < n_z_; ++j)
      for (int i = 0; i < n_x_; ++i)
        c[static_cast<std::size_t>(k) * Wt_.rows() + j * n_x_ + i] = std::abs(Wt_(j * n_x_ + i, k) * C_(j, k));
  std::vector<double> sorted = c;
  const std::size_t rank = std::min(sorted.size(), static_cast<std::size_t>(std::floor(1.0 + p_.pruning_fraction * sorted.size())));
  std::nth_element(sorted.begin(), sorted.begin() + (rank - 1), sorted.end());
  const double threshold = sorted[rank - 1];
  const double factor = p_.pruning_factor * m_w;
  for (int k = 0; k < n_z_; ++k)
    for (int j = 0; j < n_z_; ++j) {
      if (j == k) continue;
      for (int i = 0; i < n_x_; ++i)
        if (c[static_cast<std::size_t>(k) * Wt_.rows() + j * n_x_ + i] <= threshold) {
          double& w = Wt_(j * n_x_ + i, k);
          w = quant_w_.step(w, -factor * w, rounding_rng_);
        }
    }
}

void DendriticNetwork::event_update(long n) {
  const EventSums e = event_sums(decay_, n);
  const double dt = p_.dt_ms;
  // Decoder (§3.1): dD = eta_D dt (x0 E1 - (D z0) E2) z0^T.
  error_x_.noalias() = D_ * z0_;
  error_x_ = x0_ * e.e1 - error_x_ * e.e2;
  D_.noalias() += (eta_d_now() * dt) * error_x_ * z0_.transpose();
  decoded_valid_ = false;
  inhibition_valid_ = false;
  const double sign = mutation_ == Mutation::FlipSign ? -1.0 : 1.0;
  const double eta_f = eta_f_now() * dt * sign;
  if (p_.rule == Rule::Analytic) {
    // dF_ji = eta_F dt z0_j (x0_i E1 - (F^T z0)_i E2) -- non-local: uses F^T z0 (§3.2).
    error_x_.noalias() = F_.transpose() * z0_;
    error_x_ = x0_ * e.e1 - error_x_ * e.e2;
    if (quant_f_.active()) quant_f_.apply(F_, eta_f * z0_ * error_x_.transpose(), rounding_rng_);
    else F_.noalias() += eta_f * z0_ * error_x_.transpose();
  } else if (p_.rule == Rule::Somatic) {
    // Oja-like: dF_ji = eta_F dt (x0_i z0_j E1 - F_ji z0_j^2 E2) (§3.3).
    if (quant_f_.active()) {
      Eigen::MatrixXd delta = eta_f * (e.e1 * z0_ * x0_.transpose() - e.e2 * (z0_.cwiseAbs2().asDiagonal() * F_));
      quant_f_.apply(F_, delta, rounding_rng_);
    } else {  // in place, the same expression per element (no n_z x n_x temporary)
      for (int i = 0; i < n_x_; ++i)
        for (int j = 0; j < n_z_; ++j) {
          const double a = e.e1 * z0_[j];
          F_(j, i) += eta_f * (x0_[i] * a - e.e2 * ((z0_[j] * z0_[j]) * F_(j, i)));
        }
    }
  }
  fx_dirty_ = true;
  derived_dirty_ = true;
}

void DendriticNetwork::apply_dendritic_batch_update(const Eigen::VectorXd& x, const Eigen::VectorXd& z) {
  if (!has_dendritic_tensor(p_.rule)) throw std::logic_error("apply_dendritic_batch_update: rule has no dendritic tensor");
  compute_compartments(x, z);
  const double ui_dt = p_.update_interval_steps * p_.dt_ms;
  local_rule_update(x, z, p_.eta_f * ui_dt, p_.eta_w * ui_dt);
}

void DendriticNetwork::set_feedforward(const Eigen::MatrixXd& f) {
  F_ = f;
  Fbar_ = f;
  fx_dirty_ = derived_dirty_ = true;
  inhibition_valid_ = false;
}
void DendriticNetwork::set_decoder(const Eigen::MatrixXd& d) {
  D_ = d;
  derived_dirty_ = true;
  decoded_valid_ = inhibition_valid_ = false;
}
void DendriticNetwork::set_dendritic_recurrent(const Eigen::MatrixXd& w) { Wt_ = w; derived_dirty_ = true; }
void DendriticNetwork::set_somatic_recurrent(const Eigen::MatrixXd& w) { W_ = w; derived_dirty_ = true; }
void DendriticNetwork::set_bias(const Eigen::VectorXd& b) { b_ = b; }
void DendriticNetwork::set_trace(const Eigen::VectorXd& z) {
  for (auto& slot : ring_) slot = z;
  decoded_valid_ = inhibition_valid_ = false;
}

}  // namespace ebn::dendritic
