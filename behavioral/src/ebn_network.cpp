#include "behavioral/ebn_network.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "behavioral/fast_normal.h"
#include "behavioral/predrawn_noise.h"
#include "behavioral/simd_kernels.h"

namespace ebn::behavioral {

ReferenceNetwork::ReferenceNetwork(const NetworkSetup& setup, const EbnConfig& config, std::unique_ptr<LearningRule> rule)
    : p_(config.network),
      quantized_(config.learning.quantized),
      custom_rule_(rule != nullptr),
      rule_(rule ? std::move(rule) : make_learning_rule(config)) {
  drive_weights_ = p_.tau_mem_s * setup.encoder.transpose();  // N × N_x: one contiguous column per input
  neuron_.threshold = setup.threshold;
  neuron_.v_rest = setup.v_rest;
  neuron_.v_reset = setup.v_reset;
  if (p_.fast_mode && !custom_rule_ && drive_weights_.cols() == 2)
    if (const std::optional<FastTrialRule> r = fast_trial_rule(config))
      fast32_ = std::make_unique<FastTrial>(drive_weights_, neuron_.threshold, fast_trial_constants(p_), *r);
  set_weights(setup.weights);
  const int n = neurons();
  v_.resize(n);
  i_.resize(n);
  v_prev_.resize(n);
  i_prev_.resize(n);
  external_.resize(n);
  drive_row_.resize(drive_weights_.cols());
}

void ReferenceNetwork::set_weights(const Eigen::MatrixXd& weights) {
  weights_ = weights;
  rule_->load_weights(weights_);
  if (fast32_) {  // the float32 values are the network's from now on
    fast32_->load(weights_, neuron_.v_rest, neuron_.v_reset);
    fast32_->store(weights_, neuron_.v_rest, neuron_.v_reset);
  }
}

void ReferenceNetwork::use_spare_core(bool wanted) {
  if (fast32_) fast32_->use_spare_core(wanted, p_.samples() + 1L);
}

void ReferenceNetwork::expect_learning_trial(const RunRng& stream_at_start) {
  if (fast32_) fast32_->expect(stream_at_start, p_.samples() + 1L);
}

TrialResult ReferenceNetwork::run_trial(const InputSignal& input, bool learning, RunRng& rng) {
  if (fast32_) {
    TrialResult result = fast32_->run(input, learning, rng);
    if (learning) fast32_->store(weights_, neuron_.v_rest, neuron_.v_reset);
    return result;
  }
  const int n_count = neurons();
  const int dims = static_cast<int>(drive_weights_.cols());
  const long last_grid = input.samples();  // grid points 0 .. samples
  const double dt = p_.dt_s;
  const double t_end = static_cast<double>(last_grid) * dt;
  const double a = dt / p_.tau_mem_s;
  const double decay = 1.0 - dt / p_.tau_fast_s;
  const double min_delta = p_.min_step_fraction * dt;
  const double noise_sigma = p_.noise_std * std::sqrt(static_cast<double>(p_.input_noise_terms));
  const auto& normal = standard_normal();
  // Noise rows drawn ahead (predrawn_noise.h): the same values and stream.
  const PredrawnNoise* offered = TrialNoiseScope::current();
  const PredrawnNoise* pre = !p_.fast_mode && offered && offered->usable(rng, n_count) ? offered : nullptr;
  const long pre_rows = pre ? pre->rows() : 0;
  if (pre) rng = pre->end();

  double* v = v_.data();
  double* cur = i_.data();
  double* vp = v_prev_.data();
  double* ip = i_prev_.data();
  double* ext = external_.data();
  const double* thr = neuron_.threshold.data();

  v_ = neuron_.v_rest;  // reset: V = V_rest, synaptic currents 0, t = 0
  i_.setZero();
  v_prev_ = v_;
  i_prev_.setZero();

  // Fast mode: the trial's noise is one FastNormal stream seeded by one draw (row r = its values
  // r·N .. r·N + N − 1), drawn a chunk of rows at a time into noise_rows_.
  std::optional<FastNormal> fast;
  const long chunk_rows = std::max(1, kFastChunkValues / n_count);
  long chunk_end = 0;  // first row not in noise_rows_
  const simd::EulerNewRowFn euler_new_row = simd::euler_step_new_row_kernel();
  const simd::SpikeStepFn spike_step = simd::spike_step_kernel();
  const simd::QuietStepsFn quiet_steps = simd::quiet_steps_kernel();
  simd::QuietSteps quiet{};  // fast mode, N_x = 2: the iterations between spikes in one call
  const bool use_quiet = p_.fast_mode && dims == 2;
  if (use_quiet) {
    quiet = {n_count, v, cur, vp, ip, ext, neuron_.v_rest.data(), thr, drive_weights_.data(), noise_sigma, a, decay,
             nullptr, 0, 0, input.drive.col(0).data(), input.drive.col(1).data(), dt, t_end, last_grid,
             0.0, 0.0, -1, false};
  }
  if (p_.fast_mode) {
    fast.emplace(FastNormal::from(rng));
    noise_rows_.resize(static_cast<std::size_t>(chunk_rows) * n_count + simd::kQuietRowPad);
  }

  // The kick W[:,k] of a spike: 8 KB at N = 1000 from an 8 MB matrix that does not stay in the
  // caches; asked for as soon as k is known, so that it arrives while other work runs.
  const auto prefetch_column = [&](int col) {
    const char* p = reinterpret_cast<const char*>(weights_.col(col).data());
    for (long b = 0; b < static_cast<long>(n_count * sizeof(double)); b += 64) __builtin_prefetch(p + b);
  };

  TrialResult result;
  result.spikes.reserve(static_cast<std::size_t>(n_count) * 64);
  double t = 0.0, t_prev = 0.0;
  long row = -1;  // grid step whose input/noise is in `ext`
  bool above = false;
  int next_k = -1;  // fast mode: the scan's result from the last spike_step (-1: scan here)
  double next_best = 0.0;
  while (t < t_end) {
    if (use_quiet && !above && chunk_end > 0) {
      quiet.rows = noise_rows_.data();
      quiet.rows_first = chunk_end - chunk_rows;
      quiet.rows_end = chunk_end;
      quiet.t = t, quiet.t_prev = t_prev, quiet.row = row;
      if (quiet_steps(quiet) > 0) {
        t = quiet.t, t_prev = quiet.t_prev, row = quiet.row, above = quiet.above;
        next_k = -1;  // the crossing scan runs in the next iteration
        continue;
      }
    }
    // (1) back-tick spike detector: only the earliest crossing fires this iteration.
    int k = -1;
    double delta = 0.0;
    if (above) {
      double best = next_best;
      k = next_k;
      if (k < 0) {
        k = simd::earliest_crossing(n_count, v, vp, thr, dt, &best);
        if (!fast && k >= 0) prefetch_column(k);  // fetched during the back-step pass
      }
      const double spike_t = std::min(std::max(t_prev + best, t_prev + min_delta), t);
      delta = spike_t - t_prev;
      t = spike_t;
      if (!fast) {  // the fast mode back-steps inside spike_step below
        simd::interpolate(n_count, v, cur, vp, ip, dt, delta);
        v[k] = neuron_.v_reset[k];
      }
    }
    next_k = -1;
    // Input on the nominal grid (zero-order hold), noise rows drawn in grid order.
    // ⌊t/dt⌋: t >= 0 always (it starts at 0 and a back-step never goes below t_prev), so the
    // truncating conversion is the floor (std::floor was a libm call per iteration on baseline x86-64).
    const long idx = std::min(static_cast<long>(t / dt), last_grid);
    const float* new_row = nullptr;  // fast mode: the noise of a row entered in this iteration
    if (row < idx) {
      if (fast) {
        row = idx;
        while (row >= chunk_end) {  // rows are consumed in order; a skipped row's values are dropped
          fast->fill(noise_rows_.data(), chunk_rows * n_count);
          chunk_end += chunk_rows;
        }
        for (int d = 0; d < dims; ++d) drive_row_[d] = input.drive(row, d);
        new_row = noise_rows_.data() + (row - (chunk_end - chunk_rows)) * n_count;  // ext: in the Euler step
      } else {
        while (row < idx) {  // normally one row; a row skipped by rounding of t is drawn and dropped
          ++row;
          if (row < pre_rows)
            pre->row_into(row, ext);
          else
            normal.fill(rng, ext, n_count);
        }
        for (int d = 0; d < dims; ++d) drive_row_[d] = input.drive(row, d);
        simd::noise_and_drive(n_count, ext, noise_sigma, drive_weights_.data(), drive_row_.data(), dims);
      }
    }
    // (2) + (3): save V′, I′ and take one Euler step with the kick of k.
    const double* kick = k >= 0 ? weights_.col(k).data() : nullptr;
    const double* rest = neuron_.v_rest.data();
    // Element-wise loops (simd_kernels.h); the kernel reports whether any V − T > 0, i.e. whether
    // step (1) must scan next iteration.
    if (fast && k >= 0)  // back-step, reset, [new row,] Euler step and the next scan in one pass
      above = spike_step(n_count, k, neuron_.v_reset[k], dt, delta, v, cur, vp, ip, kick, rest, ext, new_row,
                         noise_sigma, drive_weights_.data(), drive_row_.data(), dims, thr, a, decay, &next_k, &next_best);
    else if (new_row)
      above = euler_new_row(n_count, v, cur, vp, ip, kick, rest, ext, new_row, noise_sigma, drive_weights_.data(),
                            drive_row_.data(), dims, thr, a, decay);
    else
      above = simd::euler_step(n_count, v, cur, vp, ip, kick, rest, ext, thr, a, decay);
    // Fast mode: the scan named the next spike's neuron; its kick is fetched while the rule runs.
    if (next_k >= 0) prefetch_column(next_k);
    // (4) learning with V′ (weights used for this kick were taken before the update).
    if (k >= 0) {
      if (learning) result.weight_updates += rule_->on_spike(k, vp, neuron_, weights_);
      result.spikes.push_back({t, k});
    }
    // (5)
    t_prev = t;
    t += dt;
  }
  if (row + 1 < pre_rows) pre->rewind(rng, row + 1);  // fewer rows than drawn ahead
  return result;
}

std::unique_ptr<NetworkBackend> make_behavioral_backend(const NetworkSetup& setup, const EbnConfig& config) {
  return std::make_unique<ReferenceNetwork>(setup, config);
}

}  // namespace ebn::behavioral
