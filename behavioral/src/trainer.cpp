#include "behavioral/trainer.h"

#include <chrono>
#include <functional>
#include <optional>

#include "behavioral/discretize.h"
#include "behavioral/fast_signal_ahead.h"
#include "behavioral/input_signal.h"
#include "behavioral/optimal_weights.h"
#include "behavioral/parallel_chain.h"
#include "behavioral/predrawn_noise.h"
#include "behavioral/random.h"
#include "behavioral/readout.h"
#include "behavioral/training_prefetch.h"

namespace ebn::behavioral {

NetworkSetup ExperimentInit::initial_setup() const {
  return {encoder, threshold, v_rest_initial, v_rest_initial, w_initial};
}

NetworkSetup ExperimentInit::optimal_setup() const {
  return {encoder, threshold, v_rest_optimal, v_rest_optimal, w_optimal};
}

ExperimentInit initialise(const EbnConfig& c) {
  const int n = c.network.neurons, dims = c.network.input_dims;
  NumpyLegacyNormal np(c.experiment.seed);
  for (int i = 0; i < dims * n; ++i) np.gauss();  // [S] draws (and discards) one N_x×N matrix first
  ExperimentInit init;
  init.encoder.resize(dims, n);
  for (int d = 0; d < dims; ++d)
    for (int i = 0; i < n; ++i) init.encoder(d, i) = np.gauss();
  for (int i = 0; i < n; ++i) init.encoder.col(i) /= init.encoder.col(i).norm();
  init.omega0.resize(n, n);
  for (int r = 0; r < n; ++r)
    for (int k = 0; k < n; ++k) init.omega0(r, k) = c.network.initial_weight_std * np.gauss();
  init.w_initial = -discretize(init.omega0, c.learning.step);
  init.w_initial.diagonal().setZero();
  init.threshold = thresholds(init.encoder, c.network);
  init.w_optimal = optimal_weights(init.encoder, c.network);
  init.c_optimal = discretize(init.w_optimal, c.learning.step);
  init.v_rest_optimal = optimal_rest(init.encoder, init.threshold, c.network);
  init.v_rest_initial = c.learning.diagonal == "optimal" ? init.v_rest_optimal : Eigen::VectorXd::Zero(n);
  return init;
}

namespace {

Evaluation evaluate(NetworkBackend& net, const InputSignal& signal, const ExperimentInit& init, const EbnConfig& c,
                    RunRng& rng, const Eigen::MatrixXd& reference) {
  Evaluation e;
  e.distance = distance_to_optimal(net.weights(), reference);
  e.spikes = net.run_trial(signal, false, rng).spikes;
  const Eigen::MatrixXd r = readout(e.spikes, init.encoder, c.network, rng);
  e.error = decoding_error(r, signal.target);
  e.reconstruction = r * e.error.map.transpose();
  e.rate_hz = static_cast<double>(e.spikes.size()) / (c.network.neurons * c.network.trial_s);
  return e;
}

// One run. background = true (two cores): the validation runs of a learning-curve point go to a
// worker thread on a copy of the learner while learning goes on (BackgroundChain); the stream
// position after them is predicted. Returns nothing if a prediction failed: the caller then runs
// again without it, so the results are always those of the sequential run.
// core_free: TrainingPrefetch::wanted(), asked once per experiment by run_experiment.
std::optional<ExperimentResult> run(const EbnConfig& c, const BackendFactory& factory, const PassCallback& on_pass,
                                    bool parallel, bool background, bool core_free) {
  ExperimentResult res;
  res.init = initialise(c);
  const ExperimentInit& init = res.init;
  RunRng rng(c.experiment.seed);
  const SignalGenerator signals(c.network);
  // Two cores, default mode: the signal of the next training pass and its trial's noise are drawn
  // while this one runs (training_prefetch.h), and the validations' draws by the same worker; same
  // values, same stream. Only when a core is free for it (TrainingPrefetch::wanted): on a busy
  // machine the worker took CPU from the trial.
  std::unique_ptr<TrainingPrefetch> prefetch;
  if (parallel && core_free && !c.network.fast_mode)
    prefetch = std::make_unique<TrainingPrefetch>(c.network, c.network.neurons, signals);
  std::vector<InputSignal> validation(c.experiment.validation_signals);
  const auto skip_validation = [&](RunRng& r) {
    for (std::size_t v = 0; v < validation.size(); ++v)
      skip_trial_and_readout(r, c.network.neurons, c.network.samples(), c.network.input_dims, c.network.fast_mode);
  };
  if (prefetch && c.experiment.passes > 0) {
    // The validation signals' draws first, then the worker starts from there (skipping the first
    // validation, drawing the first passes) while this thread smooths them (draw_noise/finish_into:
    // draw()'s values): the skip no longer waits for the smoothing.
    std::vector<std::vector<double>> z(validation.size());
    for (std::size_t v = 0; v < validation.size(); ++v) signals.draw_noise(rng, z[v]);
    // All passes, the validations between them, before the first and after the last.
    prefetch->start(c.experiment.passes, {c.experiment.validate_every, skip_validation, true, true,
                                          c.experiment.validation_signals},
                    &rng);
    for (std::size_t v = 0; v < validation.size(); ++v) signals.finish_into(z[v], validation[v]);
  } else {
    for (InputSignal& s : validation) signals.draw_into(rng, s);
  }

  auto learner = factory(init.initial_setup(), c);
  res.backend = learner->name();
  const Eigen::MatrixXd reference = learner->optimum_reference(init.w_optimal, init.c_optimal);
  const int samples = c.network.samples(), dims = c.network.input_dims;
  const auto skip_trial = [&](RunRng& r) {
    skip_trial_and_readout(r, c.network.neurons, samples, dims, c.network.fast_mode);
  };
  long trials = 0;
  // A network with the learner's present weights and rest/reset potentials; validation runs do not
  // learn, so it validates as the learner would.
  auto copy_of_learner = [&] {
    NetworkSetup now = init.initial_setup();
    now.weights = learner->weights();
    now.v_rest = learner->v_rest();
    now.v_reset = learner->v_reset();
    return factory(now, c);
  };
  // One validation run per signal on `net_of(v)`, its errors into `errors`; noise >= 0: with the
  // noise the prefetch worker drew for it (used where the stream matches: the same values).
  auto validation_jobs = [&](const std::function<NetworkBackend*(std::size_t)>& net_of,
                             std::vector<DecodingError>& errors, int noise) {
    std::vector<ChainJob> jobs;
    for (std::size_t v = 0; v < validation.size(); ++v) {
      NetworkBackend* net = net_of(v);
      const PredrawnNoise* trial_noise = noise >= 0 ? &prefetch->validation_noise(noise).trial[v] : nullptr;
      const PredrawnNoise* readout_noise = noise >= 0 ? &prefetch->validation_noise(noise).readout[v] : nullptr;
      jobs.push_back({[&, net, v, trial_noise, readout_noise](RunRng& r) {
                        const TrialNoiseScope scope(trial_noise);
                        const auto spikes = net->run_trial(validation[v], false, r).spikes;
                        errors[v] = decoding_error(readout(spikes, init.encoder, c.network, r, readout_noise),
                                                   validation[v].target);
                      },
                      skip_trial});
    }
    return jobs;
  };
  auto add_point = [&](CurvePoint p, const std::vector<DecodingError>& errors) {
    for (const DecodingError& e : errors) {  // summed in signal order, as before
      p.decoding_error += e.transposed / validation.size();
      p.decoding_error_ls += e.least_squares / validation.size();
      ++trials;
    }
    res.curve.push_back(p);
  };
  auto validate_now = [&](int pass) {
    const CurvePoint p{pass, distance_to_optimal(learner->weights(), reference), 0.0, 0.0};
    // The second half of the signals runs on a copy of the learner, in parallel (parallel_chain.h).
    std::unique_ptr<NetworkBackend> copy = parallel ? copy_of_learner() : nullptr;
    const std::size_t split = (validation.size() + 1) / 2;
    std::vector<DecodingError> errors(validation.size());
    RunRng end(0);
    int noise = -1;  // the prefetch worker's draws for this validation, if it kept them
    if (prefetch) prefetch->validation_end(rng, end, &noise);
    run_chain(validation_jobs([&](std::size_t v) { return parallel && v >= split ? copy.get() : learner.get(); }, errors,
                              noise),
              rng, parallel);
    if (noise >= 0) prefetch->release_validation_noise(noise);
    add_point(p, errors);
  };
  struct PendingValidation {
    CurvePoint point;
    std::unique_ptr<NetworkBackend> net;
    std::vector<DecodingError> errors;
    std::unique_ptr<BackgroundChain> chain;
    int noise = -1;  // prefetch buffer held by the runs
  };
  std::unique_ptr<PendingValidation> pending;
  auto start_background_validation = [&](int pass) {
    pending = std::make_unique<PendingValidation>();
    pending->point = {pass, distance_to_optimal(learner->weights(), reference), 0.0, 0.0};
    pending->net = copy_of_learner();
    pending->errors.resize(validation.size());
    NetworkBackend* net = pending->net.get();
    // The prefetch worker has drawn (or skipped) this validation's draws already: its prediction
    // of where they end spares the learning thread the skip, and the runs read the noise it kept
    // instead of drawing it again.
    RunRng end(0);
    const bool predicted = prefetch && prefetch->validation_end(rng, end, &pending->noise);
    pending->chain = std::make_unique<BackgroundChain>(
        validation_jobs([net](std::size_t) { return net; }, pending->errors, pending->noise), rng,
        [&](RunRng& e) { return predicted && (e = end, true); });
  };
  // The pending validation's point, once its runs are done (false: the stream prediction failed).
  auto finish_background_validation = [&]() -> bool {
    const bool held = pending->chain->join();
    if (pending->noise >= 0) prefetch->release_validation_noise(pending->noise);
    if (!held) return false;
    add_point(pending->point, pending->errors);
    pending.reset();
    return true;
  };

  res.distance_initial = distance_to_optimal(learner->weights(), reference);
  InputSignal training;
  // The fast mode's spare core draws the learner's noise (fast_noise_rows.h) and the next training
  // signal (fast_signal_ahead.h) instead; neither is ever waited for.
  std::unique_ptr<FastSignalAhead> ahead;
  if (parallel && core_free && c.network.fast_mode) ahead = std::make_unique<FastSignalAhead>(c.network);
  if (ahead) learner->use_spare_core(true);
  if (ahead && c.experiment.passes > 0) {  // the first signal: after pass 0's validation runs
    RunRng next = rng;
    skip_validation(next);
    learner->expect_learning_trial(ahead->start(next));  // its trial's noise after it
  }
  for (int pass = 0; pass < c.experiment.passes; ++pass) {
    const bool validated = pass % c.experiment.validate_every == 0;
    const CurvePoint* reported = nullptr;  // a validation whose result is known since the last report
    if (validated) {
      if (pending) {
        if (!finish_background_validation()) return std::nullopt;
        reported = &res.curve.back();
      }
      if (background) {
        start_background_validation(pass);
      } else {
        validate_now(pass);
        reported = &res.curve.back();
      }
    }
    const auto start = std::chrono::steady_clock::now();
    const InputSignal* signal = &training;
    const PredrawnNoise* trial_noise = nullptr;  // the prefetch worker's draws for this trial, if kept
    if (prefetch) {
      signal = &prefetch->next(rng);
      trial_noise = prefetch->noise();
    }
    else if (ahead)
      signal = &ahead->next(rng, signals, training);
    else
      signals.draw_into(rng, training);
    if (ahead && pass + 1 < c.experiment.passes) {
      RunRng next = rng;
      skip_trial_noise(next, c.network.neurons, samples, true);  // the next signal starts there, ...
      if ((pass + 1) % c.experiment.validate_every == 0)
        skip_validation(next);  // ... or after the validation runs
      // The spare core draws the rest of this trial's noise, then the next signal, then the next
      // trial's noise (its jobs run in the order posted).
      learner->expect_learning_trial(ahead->start(next));
    }
    const TrialResult t = [&] {
      const TrialNoiseScope scope(trial_noise);
      return learner->run_trial(*signal, true, rng);
    }();
    res.learning_wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++trials;
    res.distance_after_pass.push_back(distance_to_optimal(learner->weights(), reference));
    res.updates_per_pass.push_back(t.weight_updates);
    if (pending && pending->chain->finished()) {
      if (!finish_background_validation()) return std::nullopt;
      reported = &res.curve.back();
    }
    if (on_pass)
      on_pass({pass, c.experiment.passes, res.distance_after_pass.back(), t.weight_updates,
               static_cast<int>(t.spikes.size()), reported});
  }
  res.learning_simulated_s = static_cast<double>(c.experiment.passes) * c.network.trial_s;
  // Two cores: the end point of the learning curve is validated in the background too (on a copy
  // of the learner, like the others), while the evaluation below runs and the previous validation
  // may still be running; the two points are added in order after the evaluation. Serially, those
  // three phases were a tenth of a 20-neuron run.
  std::unique_ptr<PendingValidation> earlier;
  if (background) {
    earlier = std::move(pending);
    start_background_validation(c.experiment.passes);
  } else {
    validate_now(c.experiment.passes);
  }

  res.w_learned = learner->weights();
  res.v_rest_learned = learner->v_rest();
  res.v_reset_learned = learner->v_reset();
  res.distance_final = distance_to_optimal(res.w_learned, reference);
  res.correlation_final = weight_correlation(res.w_learned, init.w_optimal);

  // Figure-1 evaluation: learned, optimal, initial network (in that order) on one new signal.
  res.evaluation_signal = signals.draw(rng);
  // The learned network is the learner itself (not a copy rebuilt from its weights): on the chip
  // the learned counters are the state, and effective weights cannot be re-programmed exactly.
  // Each evaluation network is built inside its job, so the sequential order of construction and
  // runs (learned run, optimal built and run, initial built and run) is that of the chip backend.
  std::vector<ChainJob> jobs;
  jobs.push_back({[&](RunRng& r) { res.learned = evaluate(*learner, res.evaluation_signal, init, c, r, reference); },
                  skip_trial});
  jobs.push_back({[&](RunRng& r) {
                    res.optimal = evaluate(*factory(init.optimal_setup(), c), res.evaluation_signal, init, c, r, reference);
                  },
                  skip_trial});
  jobs.push_back({[&](RunRng& r) {
                    res.initial = evaluate(*factory(init.initial_setup(), c), res.evaluation_signal, init, c, r, reference);
                  },
                  skip_trial});
  run_chain(jobs, rng, parallel);
  if (background) {
    std::unique_ptr<PendingValidation> last = std::move(pending);
    pending = std::move(earlier);
    if (pending && !finish_background_validation()) return std::nullopt;
    pending = std::move(last);
    if (!finish_background_validation()) return std::nullopt;
  }
  trials += 3;
  res.simulated_s = static_cast<double>(trials) * c.network.trial_s;
  return res;
}

}  // namespace

ExperimentResult run_experiment(const EbnConfig& c, const BackendFactory& factory, const PassCallback& on_pass,
                                bool parallel) {
  // Validation in the background overlaps the learning passes, as the signal prefetch does, so it
  // follows the same rule (TrainingPrefetch::wanted: a core free, or EBN_PREFETCH=on): on a busy
  // machine its worker took the CPU from the learning thread (session 7: fast N = 20 learning
  // loop 1644-3379 with it, 3315-3490 without, at load ~4; the whole run no slower without).
  // Otherwise the validation runs before the pass (on both cores, parallel_chain.h). Same results.
  // The fast mode's learner draws its noise with a helper thread on the free core instead
  // (fast_noise_rows.h): its validations run at their points, on both cores.
  // Asked once (it looks at the machine's runnable tasks; also rejects a bad EBN_PREFETCH when serial).
  const bool core_free = TrainingPrefetch::wanted();
  if (parallel && core_free && !c.network.fast_mode)
    if (std::optional<ExperimentResult> r = run(c, factory, on_pass, true, true, core_free)) return std::move(*r);
  return *run(c, factory, on_pass, parallel, false, core_free);
}

}  // namespace ebn::behavioral
