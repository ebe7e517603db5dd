#include "behavioral/dendritic/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "behavioral/dendritic/bars.h"
#include "behavioral/dendritic/fashion_mnist.h"
#include "behavioral/dendritic/input_stream.h"
#include "behavioral/dendritic/metrics.h"
#include "ebn/errors.h"

namespace ebn::dendritic {

// ---------------------------------------------------------------- configuration
std::string experiment_name(Experiment e) {
  switch (e) {
    case Experiment::Bars: return "bars";
    case Experiment::Fmnist: return "fmnist";
    case Experiment::Scenes: return "scenes";
    case Experiment::Speech: return "speech";
  }
  return "?";
}

DendriticConfig parse_dendritic_config(Experiment experiment, const Json& section, const std::string& source) {
  ConfigReader root(section, source, "dendritic.");
  const Rule rule = rule_from_name(root.choice("rule", "analytic", rule_names()));
  const bool quick = root.boolean("quick", false);
  // The speech variant selects the defaults (§4.4 table), so it is read first.
  std::string variant = "fig5e";
  if (section.is_object() && section.contains("speech") && section["speech"].is_object() && section["speech"].contains("variant") &&
      section["speech"]["variant"].is_string())
    variant = section["speech"]["variant"].get<std::string>();
  if (variant != "fig5e" && variant != "s11") variant = "fig5e";  // the section reader below names the bad value
  if (experiment == Experiment::Speech && rule != Rule::Analytic && rule != Rule::Somatic)
    root.fail("rule", "speech runs the analytic (DB) and somatic (SB) rules only");
  if (experiment == Experiment::Scenes && rule != Rule::Analytic && rule != Rule::Somatic)
    root.fail("rule", "scenes runs the analytic (DB) and somatic (SB) rules only (the paper's scans)");
  DendriticConfig c = default_config(experiment, rule, quick, variant);
  c.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, (1L << 53)));

  ConfigReader sched = root.section("schedule");
  c.schedule.train_patterns = sched.integer("train_patterns", c.schedule.train_patterns, 1, 1000000000L);
  c.schedule.test_every_patterns = sched.integer("test_every_patterns", c.schedule.test_every_patterns, 1, 1000000000L);
  c.schedule.log_every_patterns = sched.integer("log_every_patterns", c.schedule.log_every_patterns, 1, 1000000000L);
  sched.finish();

  // Both experiment sections are checked (a shared config may hold both); the command uses one.
  ConfigReader bars = root.section("bars");
  c.bars.side = static_cast<int>(bars.integer("side", c.bars.side, 2, 64));
  c.bars.n_neurons = static_cast<int>(bars.integer("n_neurons", 2L * c.bars.side, 1, 4096));
  c.bars.p = bars.number("p", c.bars.p, 0.0, 1.0);
  c.bars.test_patterns = bars.integer("test_patterns", c.bars.test_patterns, 1, 10000000L);
  bars.finish();
  ConfigReader fm = root.section("fmnist");
  c.fmnist.data_dir = fm.text("data_dir", c.fmnist.data_dir);
  c.fmnist.n_classes = static_cast<int>(fm.integer("n_classes", c.fmnist.n_classes, 2, 10));
  c.fmnist.side = static_cast<int>(fm.integer("side", c.fmnist.side, 4, 28));
  c.fmnist.n_neurons = static_cast<int>(fm.integer("n_neurons", c.fmnist.n_neurons, 1, 4096));
  c.fmnist.test_images = fm.integer("test_images", c.fmnist.test_images, 1, 10000);
  c.fmnist.classifier_train_images = fm.integer("classifier_train_images", c.fmnist.classifier_train_images, 10, 60000);
  fm.finish();
  ConfigReader sc = root.section("scenes");
  c.scenes.cache_dir = sc.text("cache_dir", c.scenes.cache_dir);
  c.scenes.source_dir = sc.text("source_dir", c.scenes.source_dir);
  c.scenes.n_neurons = static_cast<int>(sc.integer("n_neurons", c.scenes.n_neurons, 0, 4096));
  c.scenes.test_patterns = sc.integer("test_patterns", c.scenes.test_patterns, 1, 1000000L);
  c.scenes.heldout_patterns = sc.integer("heldout_patterns", c.scenes.heldout_patterns, 0, 1000000L);
  c.scenes.correlation_patterns = sc.integer("correlation_patterns", c.scenes.correlation_patterns, 1, 100000L);
  c.scenes.correlation_every_ms = sc.number("correlation_every_ms", c.scenes.correlation_every_ms, 0.0, 1e4, true, false);
  sc.finish();
  ConfigReader sp = root.section("speech");
  c.speech.variant = sp.choice("variant", c.speech.variant, {"fig5e", "s11"});
  c.speech.cache_dir = sp.text("cache_dir", c.speech.cache_dir);
  c.speech.espeak = sp.text("espeak", c.speech.espeak);
  c.speech.n_neurons = static_cast<int>(sp.integer("n_neurons", c.speech.n_neurons, 1, 4096));
  c.speech.test_samples = sp.integer("test_samples", c.speech.test_samples, 1, 10000000L);
  c.speech.snapshot_samples = sp.integer("snapshot_samples", c.speech.snapshot_samples, 1, 100000L);
  sp.finish();
  ConfigReader net = root.section("network");
  ConfigReader hw = root.section("hardware");
  c.network = parse_network_params(c.network, net, hw);
  if (experiment == Experiment::Scenes && c.scenes.n_neurons == 0) {
    const long n = std::lround(1.0 / c.network.rate_per_ms);
    if (n < 1 || n > 4096) net.fail("rate_per_ms", "gives round(1/rate) = " + std::to_string(n) + " neurons; set scenes.n_neurons");
    c.scenes.n_neurons = static_cast<int>(n);
  }
  net.finish();
  hw.finish();
  root.finish();
  return c;
}

Json resolved_config_json(const DendriticConfig& c) {
  const NetworkParams& p = c.network;
  Json j;
  j["rule"] = rule_name(c.rule);
  j["seed"] = c.seed;
  j["quick"] = c.quick;
  j["schedule"] = {{"train_patterns", c.schedule.train_patterns},
                   {"test_every_patterns", c.schedule.test_every_patterns},
                   {"log_every_patterns", c.schedule.log_every_patterns}};
  if (c.experiment == Experiment::Bars)
    j["bars"] = {{"side", c.bars.side}, {"n_neurons", c.bars.n_neurons}, {"p", c.bars.p}, {"test_patterns", c.bars.test_patterns}};
  else if (c.experiment == Experiment::Scenes)
    j["scenes"] = {{"cache_dir", c.scenes.cache_dir}, {"source_dir", c.scenes.source_dir}, {"n_neurons", c.scenes.n_neurons},
                   {"test_patterns", c.scenes.test_patterns}, {"heldout_patterns", c.scenes.heldout_patterns},
                   {"correlation_patterns", c.scenes.correlation_patterns},
                   {"correlation_every_ms", c.scenes.correlation_every_ms}};
  else if (c.experiment == Experiment::Speech)
    j["speech"] = {{"variant", c.speech.variant}, {"cache_dir", c.speech.cache_dir}, {"espeak", c.speech.espeak},
                   {"n_neurons", c.speech.n_neurons}, {"test_samples", c.speech.test_samples},
                   {"snapshot_samples", c.speech.snapshot_samples}};
  else
    j["fmnist"] = {{"data_dir", c.fmnist.data_dir}, {"n_classes", c.fmnist.n_classes}, {"side", c.fmnist.side},
                   {"n_neurons", c.fmnist.n_neurons}, {"test_images", c.fmnist.test_images},
                   {"classifier_train_images", c.fmnist.classifier_train_images}};
  j["network"] = {{"dt_ms", p.dt_ms}, {"tau_ms", p.tau_ms}, {"pattern_ms", p.pattern_ms},
                  {"fade_fraction", p.fade_fraction}, {"update_interval_steps", p.update_interval_steps},
                  {"delay_steps", p.delay_steps}, {"rate_per_ms", p.rate_per_ms},
                  {"sigma2_initial", p.sigma2_initial}, {"sigma2_final", p.sigma2_final},
                  {"eta_sigma", p.eta_sigma}, {"eta_f", p.eta_f}, {"eta_d", p.eta_d}, {"eta_w", p.eta_w},
                  {"eta_b", p.eta_b}, {"eta_fbar", p.eta_fbar}, {"lambda", p.lambda}, {"self_term", p.self_term},
                  {"reparametrize_bias", p.reparametrize_bias}, {"init_f_mean", p.init_f_mean},
                  {"init_f_std", p.init_f_std}, {"init_w_balanced", p.init_w_balanced},
                  {"init_w_gram", p.init_w_gram},
                  {"eta_f_start_pattern", p.eta_f_start_pattern},
                  {"exact_event_integration", p.exact_event_integration},
                  {"eta_correlation", p.eta_correlation}, {"pruning_fraction", p.pruning_fraction},
                  {"pruning_factor", p.pruning_factor}, {"pruning_start_pattern", p.pruning_start_pattern},
                  {"per_step_plasticity", p.per_step_plasticity}, {"one_spike_per_step", p.one_spike_per_step},
                  {"unwhitened_somatic", p.unwhitened_somatic}, {"learned_inhibition", p.learned_inhibition},
                  {"late_stage_pattern", p.late_stage_pattern}, {"eta_f_late", p.eta_f_late}, {"eta_d_late", p.eta_d_late},
                  {"eta_b_late", p.eta_b_late}, {"eta_w_late", p.eta_w_late}};
  j["hardware"] = {{"weight_bits", p.hardware.weight_bits}, {"f_max", p.hardware.f_max}, {"w_max", p.hardware.w_max},
                   {"rounding", p.hardware.rounding == Rounding::Stochastic ? "stochastic" : "deterministic"}};
  return j;
}

// ---------------------------------------------------------------- training
double test_pass(DendriticNetwork& net, const std::vector<Eigen::VectorXd>& patterns,
                 std::vector<Eigen::VectorXd>* mean_traces, double* mean_spikes_per_step) {
  const int steps_per_pattern = net.params().steps_per_pattern();
  std::size_t next = 0;
  FadingInput input(steps_per_pattern, net.params().fade_fraction, [&]() { return patterns[next++]; });
  const long total = steps_per_pattern * static_cast<long>(patterns.size());
  double loss_sum = 0.0, spike_sum = 0.0;
  Eigen::VectorXd trace_sum = Eigen::VectorXd::Zero(net.n_neurons());
  if (mean_traces) mean_traces->clear();
  for (long t = 0; t < total; ++t) {
    const Eigen::VectorXd& x = input.step();
    spike_sum += net.step(x, /*learn=*/false, input.changed()).sum();
    loss_sum += net.loss(x);
    if (mean_traces) {
      trace_sum += net.trace();
      if ((t + 1) % steps_per_pattern == 0) {
        mean_traces->push_back(trace_sum / steps_per_pattern);
        trace_sum.setZero();
      }
    }
  }
  if (mean_spikes_per_step) *mean_spikes_per_step = spike_sum / (static_cast<double>(total) * net.n_neurons());
  return loss_sum / static_cast<double>(total);
}

TrainCurves train_network(DendriticNetwork& net, const std::function<Eigen::VectorXd()>& source,
                          const std::vector<const std::vector<Eigen::VectorXd>*>& test_sets, const Schedule& s,
                          const ProgressFn& progress) {
  TrainCurves out;
  out.test.resize(test_sets.size());
  FadingInput input(net.params().steps_per_pattern(), net.params().fade_fraction, source);
  const long steps_per_pattern = net.params().steps_per_pattern();
  const long log_steps = s.log_every_patterns * steps_per_pattern;
  double window_loss = 0.0;
  long window_steps = 0;
  for (long pattern = 1; pattern <= s.train_patterns; ++pattern) {
    for (long k = 0; k < steps_per_pattern; ++k) {
      const Eigen::VectorXd& x = input.step();
      net.step(x, /*learn=*/true, input.changed());
      window_loss += net.loss(x);
      if (++window_steps == log_steps) {
        out.train.push_back({pattern, window_loss / window_steps});
        window_loss = 0.0;
        window_steps = 0;
      }
    }
    if (pattern % s.test_every_patterns == 0 || pattern == s.train_patterns) {
      std::string line = "pattern " + std::to_string(pattern) + "/" + std::to_string(s.train_patterns) + ": test loss";
      for (std::size_t k = 0; k < test_sets.size(); ++k) {
        if (test_sets[k]->empty()) continue;
        double spikes = 0.0;
        const double loss = test_pass(net, *test_sets[k], nullptr, &spikes);
        if (k == 0) out.mean_spikes_per_step = spikes;
        out.test[k].push_back({pattern, loss});
        char value[32];
        std::snprintf(value, sizeof value, " %.5f", loss);
        line += value;
      }
      if (progress) {
        char tail[48];
        std::snprintf(tail, sizeof tail, ", sigma^2 %.4f", net.sigma2());
        progress(line + tail);
      }
    }
  }
  return out;
}

RunResult seeded_result(const DendriticConfig& c) {
  RunResult r;
  r.network_seed = c.seed;
  r.train_seed = derive_seed(c.seed, kTrainStream);
  r.test_seed = derive_seed(c.seed, kTestStream);
  return r;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void fill_trained_result(RunResult& r, const DendriticNetwork& net, TrainCurves& curves) {
  r.test_curve = std::move(curves.test[0]);
  r.train_curve = std::move(curves.train);
  r.test_loss = r.test_curve.back().loss;
  r.mean_rate_per_ms = curves.mean_spikes_per_step / net.params().dt_ms;
  r.final_sigma2 = net.sigma2();
  r.feedforward = net.feedforward();
  r.decoder = net.decoder();
  const NetworkParams& p = net.params();
  if (has_dendritic_tensor(p.rule) && p.rule != Rule::SlowPruning) r.recurrent = net.dendritic_recurrent();
  else if (p.rule == Rule::Analytic && p.per_step_plasticity && !p.learned_inhibition)
    r.recurrent = -(1.0 / net.sigma2()) * net.feedforward() * net.feedforward().transpose();
  else if (p.rule == Rule::Analytic && !p.learned_inhibition && !net.recurrent_quantizer().active())
    r.recurrent = -(1.0 / net.sigma2()) * net.feedforward() * net.decoder();
  else r.recurrent = net.somatic_recurrent();
}

RunResult run_bars(const DendriticConfig& c, Mutation mutation, const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r = seeded_result(c);
  const BarGenerator bars(c.bars.side, c.bars.p);
  Rng test_rng(r.test_seed), train_rng(r.train_seed);
  std::vector<Eigen::VectorXd> test_set;
  for (long k = 0; k < c.bars.test_patterns; ++k) test_set.push_back(bars.next(test_rng));
  DendriticNetwork net(c.network, bars.n_pixels(), c.bars.n_neurons, c.seed, mutation);
  TrainCurves curves = train_network(net, [&]() { return bars.next(train_rng); }, {&test_set}, c.schedule, progress);
  fill_trained_result(r, net, curves);
  r.bars_found = bars_found(net.feedforward(), bars.bar_images(), 0.8, &r.bar_assignment);
  r.image_side = c.bars.side;
  r.column_major = true;
  r.wall_s = seconds_since(start);
  return r;
}

RunResult run_fmnist(const DendriticConfig& c, Mutation mutation, const ProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  RunResult r = seeded_result(c);
  r.train_seed = r.test_seed = 0;  // the data are walked in file order: no data streams
  const FmnistSetup& f = c.fmnist;
  const LabelledImages train_set = load_fashion_subset(fashion_file(f.data_dir, true, false), fashion_file(f.data_dir, true, true),
                                                       f.n_classes, f.side);
  const LabelledImages test_set = load_fashion_subset(fashion_file(f.data_dir, false, false), fashion_file(f.data_dir, false, true),
                                                      f.n_classes, f.side, static_cast<std::size_t>(f.test_images));
  // Training walks the subset in file order, cyclically, unshuffled (spec §4.2).
  std::size_t next = 0;
  const auto source = [&]() {
    const Eigen::VectorXd& x = train_set.images[next];
    next = (next + 1) % train_set.images.size();
    return x;
  };
  DendriticNetwork net(c.network, f.side * f.side, f.n_neurons, c.seed, mutation);
  TrainCurves curves = train_network(net, source, {&test_set.images}, c.schedule, progress);
  fill_trained_result(r, net, curves);

  // Linear read-out of the learned representation: mean trace per image, plasticity off.
  const std::size_t n_clf = std::min<std::size_t>(static_cast<std::size_t>(f.classifier_train_images), train_set.images.size());
  const std::vector<Eigen::VectorXd> clf_images(train_set.images.begin(), train_set.images.begin() + n_clf);
  const std::vector<int> clf_labels(train_set.labels.begin(), train_set.labels.begin() + n_clf);
  std::vector<Eigen::VectorXd> train_features, test_features;
  test_pass(net, clf_images, &train_features);
  test_pass(net, test_set.images, &test_features);
  LinearClassifier classifier;
  classifier.fit(train_features, clf_labels, f.n_classes);
  r.linear_accuracy = classifier.accuracy(test_features, test_set.labels);
  LinearClassifier pixels;  // reference: the same read-out on raw pixels
  pixels.fit(clf_images, clf_labels, f.n_classes);
  r.pixel_linear_accuracy = pixels.accuracy(test_set.images, test_set.labels);
  r.image_side = f.side;
  r.column_major = false;
  r.wall_s = seconds_since(start);
  return r;
}

// ---------------------------------------------------------------- outputs
Json summary_json(const DendriticConfig& c, const RunResult& r) {
  Json j;
  j["experiment"] = experiment_name(c.experiment);
  j["rule"] = rule_name(c.rule);
  j["rule_label"] = c.rule == Rule::Analytic ? "DB (analytic)" : c.rule == Rule::Somatic ? "SB" : "DB (local, " + rule_name(c.rule) + ")";
  j["test_loss"] = r.test_loss;
  j["seed"] = c.seed;
  j["seeds"] = {{"network", r.network_seed}, {"train_data", r.train_seed}, {"test_data", r.test_seed},
                {"rounding", derive_seed(c.seed, kRoundingStream)}};
  j["quick"] = c.quick;
  j["wall_s"] = r.wall_s;
  j["weight_bits"] = c.network.hardware.weight_bits;
  j["rounding"] = c.network.hardware.rounding == Rounding::Stochastic ? "stochastic" : "deterministic";
  j["dt_ms"] = c.network.dt_ms;
  j["final_sigma2"] = r.final_sigma2;
  j["mean_rate_per_ms"] = r.mean_rate_per_ms;
  j["image_side"] = r.image_side;
  j["pixel_order"] = r.column_major ? "column-major" : "row-major";
  if (c.experiment == Experiment::Bars) {
    j["p"] = c.bars.p;
    j["bars_found"] = r.bars_found;
    j["n_neurons"] = c.bars.n_neurons;
    j["n_bars"] = 2 * c.bars.side;
    j["bar_assignment"] = r.bar_assignment;
  } else if (c.experiment == Experiment::Fmnist) {
    j["linear_accuracy"] = r.linear_accuracy;
    j["pixel_linear_accuracy"] = r.pixel_linear_accuracy;
    j["n_neurons"] = c.fmnist.n_neurons;
  } else if (c.experiment == Experiment::Scenes) {
    j["n_neurons"] = c.scenes.n_neurons;
    j["rate_hz"] = c.network.rate_per_ms * 1000.0;
    j["sigma2_final"] = c.network.sigma2_final;
    j["test_set"] = "first " + std::to_string(c.scenes.test_patterns) + " training patterns (the paper's quirk)";
    j["min_test_loss"] = min_loss(r.test_curve);                 // Fig 4D metric
    j["mean_last9_test_loss"] = mean_before_last(r.test_curve);  // Fig 5A metric
    j["heldout_test_loss"] = r.heldout_test_loss;
    if (!r.heldout_curve.empty()) {
      j["heldout_min_test_loss"] = min_loss(r.heldout_curve);
      j["heldout_mean_last9_test_loss"] = mean_before_last(r.heldout_curve);
      Json h = Json::array();
      for (const auto& p : r.heldout_curve) h.push_back({p.patterns, p.loss});
      j["heldout_loss_curve"] = h;
    }
    j["trace_correlation"] = r.trace_correlation;  // S10
  } else {
    j["n_neurons"] = c.speech.n_neurons;
    j["variant"] = c.speech.variant;
    j["one_spike_per_step"] = c.network.one_spike_per_step;
    j["min_test_loss"] = min_loss(r.test_curve);
    j["mean_last9_test_loss"] = mean_before_last(r.test_curve);
    j["raster_spikes"] = r.raster.size();
    j["coincident_step_fraction"] = r.coincident_step_fraction;
    j["spikes_per_active_step"] = r.spikes_per_active_step;
  }
  Json curve = Json::array(), train_curve = Json::array();
  for (const auto& p : r.test_curve) curve.push_back({p.patterns, p.loss});
  for (const auto& p : r.train_curve) train_curve.push_back({p.patterns, p.loss});
  j["loss_curve"] = curve;  // [patterns trained, test loss]
  j["train_loss_curve"] = train_curve;
  return j;
}

double min_loss(const std::vector<CurvePoint>& curve) {
  double best = curve.empty() ? 0.0 : curve.front().loss;
  for (const auto& p : curve) best = std::min(best, p.loss);
  return best;
}

double mean_before_last(const std::vector<CurvePoint>& curve, std::size_t count) {
  if (curve.empty()) return 0.0;
  if (curve.size() == 1) return curve.front().loss;
  const std::size_t end = curve.size() - 1, begin = end > count ? end - count : 0;
  double sum = 0.0;
  for (std::size_t k = begin; k < end; ++k) sum += curve[k].loss;
  return sum / static_cast<double>(end - begin);
}

double mean_pairwise_correlation(const Eigen::MatrixXd& traces) {
  const Eigen::Index n = traces.cols();
  if (n < 2) return 0.0;
  Eigen::MatrixXd centred = traces.colwise() - traces.rowwise().mean();
  std::vector<Eigen::Index> live;
  for (Eigen::Index r = 0; r < centred.rows(); ++r)
    if (centred.row(r).squaredNorm() > 0.0) live.push_back(r);
  double sum = 0.0;
  long pairs = 0;
  for (std::size_t a = 0; a < live.size(); ++a)
    for (std::size_t b = a + 1; b < live.size(); ++b) {
      const auto ra = centred.row(live[a]), rb = centred.row(live[b]);
      sum += ra.dot(rb) / std::sqrt(ra.squaredNorm() * rb.squaredNorm());
      ++pairs;
    }
  return pairs ? sum / static_cast<double>(pairs) : 0.0;
}

RunResult run_experiment(const DendriticConfig& c, Mutation mutation, const ProgressFn& progress) {
  switch (c.experiment) {
    case Experiment::Bars: return run_bars(c, mutation, progress);
    case Experiment::Fmnist: return run_fmnist(c, mutation, progress);
    case Experiment::Scenes: return run_scenes(c, mutation, progress);
    case Experiment::Speech: return run_speech(c, mutation, progress);
  }
  throw std::logic_error("run_experiment: unknown experiment");
}

std::string curve_csv(const RunResult& r) {
  std::ostringstream out;
  out.precision(10);
  out << "kind,patterns,loss\n";
  for (const auto& p : r.test_curve) out << "test," << p.patterns << "," << p.loss << "\n";
  for (const auto& p : r.train_curve) out << "train," << p.patterns << "," << p.loss << "\n";
  for (const auto& p : r.heldout_curve) out << "heldout," << p.patterns << "," << p.loss << "\n";
  return out.str();
}

std::string matrix_csv(const Eigen::MatrixXd& m) {
  std::ostringstream out;
  out.precision(10);
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) out << (c ? "," : "") << m(r, c);
    out << "\n";
  }
  return out.str();
}

}  // namespace ebn::dendritic
