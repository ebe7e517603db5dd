#include "chip/chip_top.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "chip/controller_factory.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace chip {

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();

// Number of grid points j*dt with j*dt <= duration (tolerant to the rounding of j*dt).
long grid_points(double duration, double dt) { return static_cast<long>(std::floor(duration / dt * (1.0 + 1e-12))) + 1; }

void check_trial_input(const TrialInput& in, int neurons, const TrialOptions& opt) {
  if (!(in.duration_s > 0.0) || !std::isfinite(in.duration_s)) throw ebn::InputError("trial: duration_s must be > 0");
  if (!in.input_A.empty()) {
    if (!(in.input_dt_s > 0.0) || !std::isfinite(in.input_dt_s)) throw ebn::InputError("trial: input_dt_s must be > 0 when input_A is given");
    if (in.input_A.size() % static_cast<std::size_t>(neurons) != 0)
      throw ebn::InputError("trial: input_A has " + std::to_string(in.input_A.size()) + " values, not a multiple of neurons = " +
                            std::to_string(neurons));
    for (std::size_t i = 0; i < in.input_A.size(); ++i)
      if (!std::isfinite(in.input_A[i])) throw ebn::InputError("trial: input_A[" + std::to_string(i) + "] is not finite");
  }
  double last = 0.0;
  for (std::size_t i = 0; i < in.injected.size(); ++i) {
    const AerEvent& e = in.injected[i];
    if (!(e.t_s >= last) || e.t_s > in.duration_s)
      throw ebn::InputError("trial: injected spike " + std::to_string(i) + " at t = " + std::to_string(e.t_s) +
                            " s is not time-ordered or lies outside [0, duration]");
    if (e.neuron < 0 || e.neuron >= neurons) throw ebn::InputError("trial: injected spike " + std::to_string(i) + " has neuron id out of range");
    last = e.t_s;
  }
  if (opt.sample_dt_s < 0.0 || !std::isfinite(opt.sample_dt_s)) throw ebn::InputError("trial: sample_dt_s must be >= 0");
}
}  // namespace

ChipTop::ChipTop(sc_core::sc_module_name name, const ChipParams& p, const std::string& trace_vcd)
    : sc_core::sc_module(name),
      p_((validate(p), p)),
      pop_(p_),
      dac_(p_.neurons, p_.weight_bits, p_.dac),
      learning_(p_.neurons, p_.window, p_.pulse_width_s / p_.tau_mem_s),
      controller_(make_controller(p_.controller, p_.neurons, p_.weight_bits)),
      pending_program_(static_cast<std::size_t>(p_.neurons) * p_.neurons, 0) {
  if (controller_->neurons() != p_.neurons || controller_->bits() != p_.weight_bits)
    throw std::logic_error("controller size does not match the chip");
  if (!trace_vcd.empty()) tracer_ = std::make_unique<ChipTracer>(trace_vcd, p_.trace_neurons);
  SC_THREAD(population_thread);
  SC_THREAD(controller_thread);
}

ChipTop::~ChipTop() { close_trace(); }

std::string ChipTop::close_trace() {
  if (!tracer_) return "";
  tracer_->close();
  return tracer_->path();
}

void ChipTop::program_weights(const std::vector<int>& w) {
  const auto n = static_cast<std::size_t>(p_.neurons);
  if (w.size() != n * n) throw ebn::InputError("program_weights: expected " + std::to_string(n * n) + " counters, got " + std::to_string(w.size()));
  const int lo = ebn::hw::counter_min(p_.weight_bits), hi = ebn::hw::counter_max(p_.weight_bits);
  for (std::size_t i = 0; i < w.size(); ++i)
    if (i / n != i % n && (w[i] < lo || w[i] > hi))
      throw ebn::InputError("program_weights: W[" + std::to_string(i / n) + "][" + std::to_string(i % n) + "] = " + std::to_string(w[i]) +
                            " outside the " + std::to_string(p_.weight_bits) + "-bit range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  pending_program_ = w;
  program_pending_ = true;
}

void ChipTop::set_neuron_levels(const std::vector<double>& i_inf, const std::vector<double>& i_threshold,
                                const std::vector<double>& i_reset, const std::vector<double>& i_init) {
  ChipParams q = p_;
  q.i_inf_A = i_inf;
  q.i_threshold_A = i_threshold;
  q.i_reset_A = i_reset;
  q.i_init_A = i_init;
  validate(q);  // InputError naming the field
  p_ = q;
  pop_.set_levels(p_);
}

std::vector<int> ChipTop::counters() const {
  std::vector<int> w(static_cast<std::size_t>(p_.neurons) * p_.neurons);
  for (int n = 0; n < p_.neurons; ++n)
    for (int k = 0; k < p_.neurons; ++k) w[static_cast<std::size_t>(n) * p_.neurons + k] = dac_.code(n, k);
  return w;
}

TrialResult ChipTop::run_trial(const TrialInput& in, const TrialOptions& opt) {
  if (failure_) throw std::logic_error("chip: a previous trial failed; the chip cannot run further trials");
  check_trial_input(in, p_.neurons, opt);
  in_ = &in;
  opt_ = opt;
  result_ = TrialResult{};
  trial_requested_ = true;
  trial_finished_ = false;
  request_event_.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();  // returns when the population thread calls sc_pause()
  in_ = nullptr;
  if (failure_) std::rethrow_exception(failure_);
  if (!trial_finished_) throw std::runtime_error("chip: the simulation stopped before the trial finished");
  return std::move(result_);
}

// ---------------------------------------------------------------------------------------------
// Population process

void ChipTop::population_thread() {
  for (;;) {
    while (!trial_requested_) wait(request_event_);
    trial_requested_ = false;
    try {
      run_trial_in_thread();
    } catch (...) {
      // Hand the error to run_trial() (sc_main context) instead of letting the kernel wrap it.
      if (!failure_) failure_ = std::current_exception();
    }
    trial_finished_ = true;
    sc_core::sc_pause();
  }
}

void ChipTop::sync_to(double t) {
  const sc_core::sc_time target = t0_ + sc_core::sc_time(t, sc_core::SC_SEC);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (target > now) wait(target - now);
  if (trace_) trace_->set_i_mem(pop_.i_mem_all());
}

void ChipTop::run_trial_in_thread() {
  const TrialInput& in = *in_;
  const int N = p_.neurons;
  ++trial_index_;
  // Programming and the learning switch go through the controller thread (RTL may take time).
  if (program_pending_) {
    enqueue(ControllerCommand{ControllerCommand::Kind::Program, -1, false, {}});
    program_pending_ = false;
  }
  enqueue(ControllerCommand{ControllerCommand::Kind::SetLearning, -1, opt_.learning, {}});
  wait_controller_idle();

  t0_ = sc_core::sc_time_stamp();
  result_.t_start_s = t0_.to_seconds();
  pop_.reset_state();
  pulses_.clear();
  learning_.reset_counts();
  aer_.clear();
  updates_ = 0;
  trace_ = trace_on_ ? tracer_.get() : nullptr;
  if (trace_) {
    trace_->set_trial(trial_index_);
    trace_->set_all_counters(dac_);
    trace_->begin_window();
  }

  const double T = in.duration_s;
  const long rows = in.input_A.empty() ? 0 : static_cast<long>(in.input_A.size() / N);
  long row = -1;
  double next_input = rows > 0 ? 0.0 : kNever;
  std::size_t next_inj = 0;
  const long samples = opt_.sample_dt_s > 0.0 ? grid_points(T, opt_.sample_dt_s) : 0;
  long sample_j = 0;
  double next_sample = samples > 0 ? 0.0 : kNever;
  if (samples > 0) result_.samples_A.reserve(static_cast<std::size_t>(samples) * N);
  const long trace_points = trace_ ? grid_points(T, p_.trace_dt_s) : 0;
  long trace_j = 0;
  double next_trace = trace_points > 0 ? 0.0 : kNever;

  const double spike_limit = p_.max_rate_hz * N * T + N;
  double t = 0.0;
  for (;;) {
    // Everything scheduled at (or before, by rounding) the present instant, in a fixed order:
    // input step, falling edges, injected spikes, readout sample, trace sample.
    while (next_input <= t) {
      ++row;
      pop_.set_input(&in.input_A[static_cast<std::size_t>(row) * N]);
      next_input = row + 1 < rows ? static_cast<double>(row + 1) * in.input_dt_s : kNever;
    }
    while (!pulses_.empty() && pulses_.front().t_fall <= t) {
      falling_edge(pulses_.front());
      pulses_.pop_front();
      if (pulses_.empty()) pop_.clear_drive();
    }
    while (next_inj < in.injected.size() && in.injected[next_inj].t_s <= t) {
      rising_edge(in.injected[next_inj].neuron, in.injected[next_inj].t_s);
      ++next_inj;
    }
    if (next_sample <= t) {
      const auto& i = pop_.i_mem_all();
      result_.samples_A.insert(result_.samples_A.end(), i.begin(), i.end());
      ++sample_j;
      next_sample = sample_j < samples ? static_cast<double>(sample_j) * opt_.sample_dt_s : kNever;
    }
    if (next_trace <= t) {
      sync_to(t);
      trace_->clear_strobes();
      ++trace_j;
      next_trace = trace_j < trace_points ? static_cast<double>(trace_j) * p_.trace_dt_s : kNever;
    }
    if (t >= T) break;

    double t_next = T;
    t_next = std::min(t_next, next_input);
    t_next = std::min(t_next, next_sample);
    t_next = std::min(t_next, next_trace);
    if (!pulses_.empty()) t_next = std::min(t_next, pulses_.front().t_fall);
    if (next_inj < in.injected.size()) t_next = std::min(t_next, in.injected[next_inj].t_s);

    double elapsed = 0.0;
    const int n = pop_.advance(t, t_next - t, elapsed);
    t = elapsed >= t_next - t ? t_next : t + elapsed;  // land exactly on scheduled event times
    if (n < 0) continue;
    spike(n, t);
    if (static_cast<double>(aer_.words().size()) > spike_limit)
      throw ebn::InputError("chip: runaway spiking: more than max_rate_hz = " + std::to_string(p_.max_rate_hz) +
                            " spikes/s per neuron on average by t = " + std::to_string(t) +
                            " s (reduce excitatory weights or drive, or raise chip.max_rate_hz)");
  }
  result_.sample_count = static_cast<int>(sample_j);
  if (trace_) trace_->end_window(t0_ + sc_core::sc_time(T, sc_core::SC_SEC));  // the trial's span, as the VCD window

  // Trial end: no new spikes, but pulses still high complete so no latched decision is lost.
  for (ActivePulse& pulse : pulses_) falling_edge(pulse);
  pulses_.clear();
  pop_.clear_drive();
  wait_controller_idle();

  result_.spikes = aer_.words();
  result_.decisions = learning_.counts();
  result_.updates = updates_;
  result_.counters = counters();
  result_.sim_end_s = sc_core::sc_time_stamp().to_seconds();
  trace_ = nullptr;
}

void ChipTop::spike(int n, double t) {
  sync_to(t);
  pop_.fire(n, t);
  aer_.post(AerEvent{t, n});
  if (trace_) {
    trace_->spike(n);
    trace_->set_i_mem(pop_.i_mem_all());
  }
  rising_edge(n, t);
}

void ChipTop::rising_edge(int k, double t) {
  sync_to(t);
  ++result_.pulses;
  // Latch first: the decision sees I_mem before this pulse's jump.
  learning_.latch(k, pop_.i_mem_all().data(), dac_.column(k), latch_buffer_);
  if (opt_.record_decisions) result_.decision_log.push_back(DecisionRecord{t, k, latch_buffer_});
  if (trace_) {
    trace_->set_flags(learning_);
    trace_->pulse(k);
  }
  if (p_.pulse_shape == PulseShape::Delta) {
    pop_.inject_charge(dac_.column(k), p_.pulse_width_s);
    if (opt_.learning) enqueue(ControllerCommand{ControllerCommand::Kind::Spike, k, false, latch_buffer_});
    return;
  }
  const double* col = dac_.column(k);
  ActivePulse pulse{k, t + p_.pulse_width_s, std::vector<double>(col, col + p_.neurons), latch_buffer_};
  pop_.add_drive(pulse.currents.data(), +1.0);
  pulses_.push_back(std::move(pulse));
}

void ChipTop::falling_edge(ActivePulse& pulse) {
  sync_to(pulse.t_fall);
  pop_.add_drive(pulse.currents.data(), -1.0);
  if (trace_) trace_->pulse(-1);
  // The counter steps at the end of the pulse: the pulse itself used the value before the update.
  if (opt_.learning) enqueue(ControllerCommand{ControllerCommand::Kind::Spike, pulse.k, false, std::move(pulse.decisions)});
}

// ---------------------------------------------------------------------------------------------
// Controller process: the only place that calls into the LearningController.

void ChipTop::enqueue(ControllerCommand cmd) {
  commands_.push_back(std::move(cmd));
  command_event_.notify();
}

void ChipTop::wait_controller_idle() {
  while (controller_busy_ || !commands_.empty()) wait(idle_event_);
  if (failure_) std::rethrow_exception(failure_);
}

void ChipTop::controller_thread() {
  for (;;) {
    while (commands_.empty()) wait(command_event_);
    controller_busy_ = true;
    const ControllerCommand cmd = std::move(commands_.front());
    commands_.pop_front();
    try {
      execute(cmd);
    } catch (...) {
      // e.g. a read-back value outside the counter range (an RTL bug): fail the trial.
      if (!failure_) failure_ = std::current_exception();
      commands_.clear();
    }
    controller_busy_ = false;
    if (commands_.empty()) idle_event_.notify();
  }
}

void ChipTop::execute(const ControllerCommand& cmd) {
  const int N = p_.neurons;
  switch (cmd.kind) {
    case ControllerCommand::Kind::Program:
      for (int n = 0; n < N; ++n)
        for (int k = 0; k < N; ++k)
          if (n != k) controller_->write_weight(n, k, pending_program_[static_cast<std::size_t>(n) * N + k]);
      // Read everything back: the analog side uses what the controller holds.
      for (int n = 0; n < N; ++n)
        for (int k = 0; k < N; ++k)
          if (n != k) dac_.set_code(n, k, controller_->read_weight(n, k));
      if (trace_) trace_->set_all_counters(dac_);
      break;
    case ControllerCommand::Kind::SetLearning:
      controller_->set_learning_enabled(cmd.flag);
      break;
    case ControllerCommand::Kind::Spike:
      controller_->on_spike(cmd.k, cmd.decisions);
      for (int n = 0; n < N; ++n) {
        if (n == cmd.k) continue;
        const int before = dac_.code(n, cmd.k);
        if (!dac_.set_code(n, cmd.k, controller_->read_weight(n, cmd.k))) continue;
        ++updates_;
        if (opt_.record_updates)
          result_.update_log.push_back(
              UpdateRecord{(sc_core::sc_time_stamp() - t0_).to_seconds(), n, cmd.k, before, dac_.code(n, cmd.k)});
      }
      if (trace_) trace_->set_counters_column(dac_, cmd.k);
      break;
  }
}

}  // namespace chip
