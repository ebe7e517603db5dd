#include "chip/ebn_chip_backend.h"

#include <algorithm>
#include <cmath>

#include "behavioral/random.h"
#include "chip/chip_top.h"
#include "chip/ideal_mapping.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace chip {

using ebn::behavioral::EbnConfig;
using ebn::behavioral::InputSignal;
using ebn::behavioral::NetworkSetup;
using ebn::behavioral::RunRng;

const std::vector<std::string>& ebn_derived_chip_keys() {
  static const std::vector<std::string> keys = {
      "neurons", "tau_mem_s", "tau_syn_s", "i_inf_A", "i_inf_per_neuron_A", "i_threshold_A",
      "i_threshold_per_neuron_A", "i_reset_A", "i_reset_per_neuron_A", "i_init_A", "i_init_per_neuron_A",
      "refractory_s", "pulse_width_s", "pulse_shape", "dac_c0p_A", "dac_c1p_A", "dac_c0n_A", "dac_c1n_A",
      "dac_w0_A", "window", "i_lower_A", "i_upper_A", "i_rest_A", "i_sl_A", "beta", "max_rate_hz",
      "weight_bits" /* learning.weight_bits, shared with level 2 */};
  return keys;
}

ChipParams ebn_chip_params(const EbnConfig& c, const ChipParams& base, const EbnChipOptions& o) {
  if (c.learning.rule != "discrete-fig1")
    throw ebn::InputError(c.source + ": learning.rule: the chip backend implements \"discrete-fig1\" (counters step by "
                          "one LSB per spike), not \"" + c.learning.rule + "\"");
  if (c.learning.diagonal == "fig1")
    throw ebn::InputError(c.source + ": learning.diagonal: the chip has no diagonal learning (V_rest, V_reset are "
                          "fixed); use \"off\" or \"optimal\"");
  const int n = c.network.neurons;
  FloatEbnParams f;
  f.neurons = n;
  f.tau_mem_s = c.network.tau_mem_s;
  f.tau_fast_s = c.network.tau_fast_s;
  // Placeholders: every network loads its own levels (threshold, rest, reset) before a trial.
  f.threshold.assign(n, 1.0);
  f.v_rest.assign(n, 0.0);
  f.v_reset.assign(n, 0.0);
  f.weight_step = c.learning.step;
  f.weight_bits = c.learning.weight_bits;
  f.band_half_width = c.learning.step / 2.0 + c.learning.band_margin;
  f.omega_per_weight = c.learning.omega_units == "code" ? c.network.tau_mem_s : c.network.tau_fast_s / c.network.tau_mem_s;
  f.v_rule_rest = 0.0;  // the Figure-1 rule takes V_rest = 0 (spec §10 item 4)
  ChipParams p = ideal_mapping(f, CurrentScale{o.i_offset_A, o.amps_per_unit, o.pulse_width_s});
  // Level 1 fires at most one spike per Euler step; without a limit an over-excited initial network
  // (e.g. seed 1) runs away on the exact-time chip. A refractory period of one step is the chip's
  // counterpart of that limit (a real neuron has one too); it caps a neuron at 1/dt.
  p.refractory_s = c.network.dt_s;
  p.max_rate_hz = 1.5 / c.network.dt_s;
  // What the network does not define comes from the "chip" section.
  p.dac.mismatch_sigma = base.dac.mismatch_sigma;
  p.dac.mismatch_seed = base.dac.mismatch_seed;
  p.controller = base.controller;
  p.trace_dt_s = base.trace_dt_s;
  p.trace_neurons = std::min(base.trace_neurons, n);
  validate(p);
  return p;
}

// ---------------------------------------------------------------------------------------------
// The one chip of the process and the per-network state the backends swap in and out.

struct NetworkState {
  std::vector<int> counters;  // row-major W[n][k]
  std::vector<double> i_inf, i_threshold, i_reset;
};

class EbnChip {
 public:
  EbnChip(const EbnConfig& c, const ChipParams& p, const EbnChipOptions& o)
      : config_(c), params_(p), options_(o), top_("chip", p, o.trace_vcd) {
    if (top_.tracing()) top_.set_trace_enabled(false);
  }

  // Runs one trial with `state` loaded; afterwards `state.counters` holds the chip's counters.
  ebn::behavioral::TrialResult run(NetworkState& state, const Eigen::MatrixXd& drive_weights, const InputSignal& input,
                                   bool learning, RunRng& rng) {
    if (active_ != &state) {
      top_.set_neuron_levels(state.i_inf, state.i_threshold, state.i_reset, state.i_inf);
      top_.program_weights(state.counters);
      active_ = &state;
    }
    const int n = params_.neurons;
    const long rows = input.samples() + 1;  // grid points 0 .. samples, as level 1
    const double s = options_.amps_per_unit;
    const double noise_sigma = config_.network.noise_std * std::sqrt(static_cast<double>(config_.network.input_noise_terms));
    TrialInput in;
    in.duration_s = static_cast<double>(input.samples()) * config_.network.dt_s;
    in.input_dt_s = config_.network.dt_s;
    in.input_A.resize(static_cast<std::size_t>(rows) * n);
    const auto& normal = ebn::behavioral::standard_normal();
    std::vector<double> row(static_cast<std::size_t>(n));
    Eigen::VectorXd ext(n);  // reused: a fresh vector per grid point was ~10 % of a run in malloc/free
    for (long j = 0; j < rows; ++j) {  // the same noise stream, in the same order, as level 1
      normal.fill(rng, row.data(), n);
      ext.noalias() = drive_weights * input.drive.row(j).transpose();
      for (int i = 0; i < n; ++i) in.input_A[static_cast<std::size_t>(j) * n + i] = s * (ext[i] + noise_sigma * row[i]);
    }
    if (learning) ++learning_trials_;
    const bool trace = top_.tracing() && learning && learning_trials_ == config_.experiment.passes;
    if (trace) top_.set_trace_enabled(true);
    TrialOptions opt;
    opt.learning = learning;
    const TrialResult r = top_.run_trial(in, opt);
    if (trace) {
      top_.set_trace_enabled(false);
      traced_trial_ = {r.t_start_s, in.duration_s};
    }
    state.counters = r.counters;
    ebn::behavioral::TrialResult out;
    out.spikes.reserve(r.spikes.size());
    for (const auto& e : r.spikes) out.spikes.push_back({e.t_s, e.neuron});
    out.weight_updates = r.updates;
    return out;
  }

  double gain(int n, int k, int code) const {
    return code >= 0 ? top_.dac().gain_pos(n, k) : top_.dac().gain_neg(n, k);
  }
  const ChipParams& params() const { return params_; }
  const EbnChipOptions& options() const { return options_; }
  const EbnConfig& config() const { return config_; }
  ChipTop& top() { return top_; }
  void forget(const NetworkState* state) {
    if (active_ == state) active_ = nullptr;
  }

 private:
  EbnConfig config_;
  ChipParams params_;
  EbnChipOptions options_;
  ChipTop top_;
  const NetworkState* active_ = nullptr;
  int learning_trials_ = 0;

 public:
  std::pair<double, double> traced_trial_{-1.0, 0.0};  // (SystemC start time, duration) of the traced pass
};

namespace {

class ChipNetwork final : public ebn::behavioral::NetworkBackend {
 public:
  ChipNetwork(std::shared_ptr<EbnChip> chip, const NetworkSetup& setup) : chip_(std::move(chip)) {
    const auto& c = chip_->config();
    const int n = chip_->params().neurons;
    const double s = chip_->options().amps_per_unit, i0 = chip_->options().i_offset_A;
    drive_weights_ = (c.network.tau_mem_s * setup.encoder).transpose();
    v_rest_ = setup.v_rest;
    v_reset_ = setup.v_reset;
    state_.i_inf.resize(n);
    state_.i_threshold.resize(n);
    state_.i_reset.resize(n);
    for (int i = 0; i < n; ++i) {
      state_.i_inf[i] = i0 + s * setup.v_rest[i];
      state_.i_threshold[i] = i0 + s * setup.threshold[i];
      state_.i_reset[i] = i0 + s * setup.v_reset[i];
    }
    set_weights(setup.weights);
  }
  ~ChipNetwork() override { chip_->forget(&state_); }

  std::string name() const override { return "chip"; }
  int neurons() const override { return chip_->params().neurons; }
  ebn::behavioral::TrialResult run_trial(const InputSignal& input, bool learning, RunRng& rng) override {
    return chip_->run(state_, drive_weights_, input, learning, rng);
  }
  // Effective weights: counter × step × the synapse's own gain (the mismatch).
  Eigen::MatrixXd weights() const override {
    const int n = neurons();
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(n, n);
    const double step = chip_->config().learning.step;
    for (int r = 0; r < n; ++r)
      for (int k = 0; k < n; ++k) {
        const int code = state_.counters[static_cast<std::size_t>(r) * n + k];
        if (r != k) w(r, k) = code * step * chip_->gain(r, k, code);
      }
    return w;
  }
  // Programs round(W/step), what a designer programs without knowing the mismatch.
  void set_weights(const Eigen::MatrixXd& w) override {
    const int n = neurons();
    const int bits = chip_->params().weight_bits;
    const double step = chip_->config().learning.step;
    state_.counters.assign(static_cast<std::size_t>(n) * n, 0);
    for (int r = 0; r < n; ++r)
      for (int k = 0; k < n; ++k) {
        if (r == k) continue;
        const long code = std::lround(w(r, k) / step);
        state_.counters[static_cast<std::size_t>(r) * n + k] = static_cast<int>(
            std::clamp<long>(code, ebn::hw::counter_min(bits), ebn::hw::counter_max(bits)));
      }
    chip_->forget(&state_);  // reload on the next trial
  }
  Eigen::VectorXd v_rest() const override { return v_rest_; }
  Eigen::VectorXd v_reset() const override { return v_reset_; }
  // The mismatched chip's optimum: per synapse the counter whose effective weight is nearest W*.
  Eigen::MatrixXd optimum_reference(const Eigen::MatrixXd& w_optimal, const Eigen::MatrixXd&) const override {
    const int n = neurons();
    const int bits = chip_->params().weight_bits;
    const double step = chip_->config().learning.step;
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(n, n);
    for (int r = 0; r < n; ++r)
      for (int k = 0; k < n; ++k) {
        if (r == k) continue;
        const double target = w_optimal(r, k);
        const double g = chip_->gain(r, k, target >= 0 ? 1 : -1);
        const long code = g > 0 ? std::clamp<long>(std::lround(target / (step * g)), ebn::hw::counter_min(bits),
                                                   ebn::hw::counter_max(bits))
                                : 0;
        c(r, k) = static_cast<double>(code) * step * chip_->gain(r, k, static_cast<int>(code));
      }
    return c;
  }

 private:
  std::shared_ptr<EbnChip> chip_;
  Eigen::MatrixXd drive_weights_;  // (τ_m·F)ᵀ, N × N_x
  Eigen::VectorXd v_rest_, v_reset_;
  NetworkState state_;
};

}  // namespace

EbnChipFactory::EbnChipFactory(const EbnConfig& config, const ChipParams& base, const EbnChipOptions& options)
    : chip_(std::make_shared<EbnChip>(config, ebn_chip_params(config, base, options), options)) {}

EbnChipFactory::~EbnChipFactory() = default;

std::unique_ptr<ebn::behavioral::NetworkBackend> EbnChipFactory::operator()(const NetworkSetup& setup, const EbnConfig&) {
  return std::make_unique<ChipNetwork>(chip_, setup);
}

ebn::behavioral::BackendFactory EbnChipFactory::as_function() {
  return [this](const NetworkSetup& setup, const EbnConfig& config) { return (*this)(setup, config); };
}

std::string EbnChipFactory::mismatch_csv() const { return chip_->top().dac().mismatch_csv(); }

ebn::Json EbnChipFactory::resolved_params() const { return to_json(chip_->params()); }

std::string EbnChipFactory::close_trace() { return chip_->top().close_trace(); }

std::pair<double, double> EbnChipFactory::traced_trial() const { return chip_->traced_trial_; }

}  // namespace chip
