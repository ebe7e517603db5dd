// Issue 12: the fast paths give the results of the plain ones.
//  * SIMD kernels: every instruction-set variant (SSE2 / AVX2 / AVX-512, as far as this CPU has
//    them) gives bit-identical trials, and the discrete update equals the comparator of
//    learning_rules.h applied one synapse at a time (the pre-SIMD loop), edge cases included.
//  * The two-thread trainer equals the sequential one bit for bit, and a wrong stream prediction
//    falls back to the sequential result.
//  * The input generator that reuses its FFT plan and buffers: consecutive draws equal draws from
//    fresh generators, and the smoothed noise has the variance and lag correlation of the kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <thread>
#include <vector>

#include "behavioral/ebn_network.h"
#include "behavioral/input_signal.h"
#include "behavioral/parallel_chain.h"
#include "behavioral/predrawn_noise.h"
#include "behavioral/readout.h"
#include "behavioral/simd_kernels.h"
#include "behavioral/trainer.h"
#include "behavioral/training_prefetch.h"

namespace ebn::behavioral {
namespace {

EbnConfig scaled(int neurons, const std::string& rule = "discrete-fig1", bool quantized = false) {
  EbnConfig c;
  c.network.initial_weight_std *= std::sqrt(20.0 / neurons);
  c.network.neurons = neurons;
  c.learning.rule = rule;
  c.learning.quantized = quantized;
  return c;
}

struct TrialOutcome {
  std::vector<Spike> spikes;
  Eigen::MatrixXd weights;
  Eigen::VectorXd v_rest;
};

TrialOutcome one_learning_trial(const EbnConfig& c, simd::Level level) {
  simd::set_active(level);
  const ExperimentInit init = initialise(c);
  RunRng rng(7);
  const InputSignal signal = SignalGenerator(c.network).draw(rng);
  auto net = make_behavioral_backend(init.initial_setup(), c);
  TrialOutcome out;
  out.spikes = net->run_trial(signal, true, rng).spikes;
  out.weights = net->weights();
  out.v_rest = net->v_rest();
  simd::set_active(simd::detected());
  return out;
}

TEST(SimdKernels, EveryVariantGivesBitIdenticalTrials) {
  std::printf("CPU supports up to %s\n", simd::name(simd::detected()).c_str());
  for (const char* rule : {"discrete-fig1", "discrete-paper"})
    for (int n : {20, 37}) {  // 37: vector tails
      const EbnConfig c = scaled(n, rule);
      const TrialOutcome scalar = one_learning_trial(c, simd::Level::Scalar);
      ASSERT_GT(scalar.spikes.size(), 100u);
      for (simd::Level level : {simd::Level::Avx2, simd::Level::Avx512}) {
        if (level > simd::detected()) continue;
        const TrialOutcome wide = one_learning_trial(c, level);
        ASSERT_EQ(wide.spikes.size(), scalar.spikes.size()) << rule << " N=" << n << " " << simd::name(level);
        for (std::size_t i = 0; i < wide.spikes.size(); ++i) {
          ASSERT_EQ(wide.spikes[i].neuron, scalar.spikes[i].neuron) << i;
          ASSERT_EQ(wide.spikes[i].time_s, scalar.spikes[i].time_s) << i;
        }
        EXPECT_TRUE((wide.weights.array() == scalar.weights.array()).all()) << rule << " " << simd::name(level);
        EXPECT_TRUE((wide.v_rest.array() == scalar.v_rest.array()).all());
      }
    }
}

TEST(SimdKernels, DiscreteUpdateEqualsTheComparatorOneSynapseAtATime) {
  for (const char* rule : {"discrete-fig1", "discrete-paper"}) {
    const EbnConfig c = scaled(23, rule);
    const DiscreteComparator cmp = make_comparator(c.learning, c.network);
    RunRng rng(3);
    const int n = 23, k = 5;
    std::vector<double> v(n), rest(n), col(n);
    for (int trial = 0; trial < 200; ++trial) {
      for (int i = 0; i < n; ++i) {
        v[i] = standard_normal()(rng);
        rest[i] = 0.3 * standard_normal()(rng);
        col[i] = c.learning.step * std::round(10 * standard_normal()(rng));
      }
      // Edge cases: s exactly on a bound (hold), and a negative zero weight.
      v[1] = cmp.half_width / 2.0, col[1] = 0.0, rest[1] = 0.0;
      v[2] = -cmp.half_width / 2.0, col[2] = -0.0, rest[2] = 0.0;
      std::vector<double> expected = col;
      long expected_changes = 0;
      for (int i = 0; i < n; ++i) {
        if (i == k) continue;
        const int step = step_of(cmp.decide_weight(v[i], rest[i], expected[i]));
        expected[i] += step * c.learning.step;
        expected_changes += step != 0;
      }
      for (int lvl = 0; lvl <= static_cast<int>(simd::detected()); ++lvl) {
        simd::set_active(static_cast<simd::Level>(lvl));
        std::vector<double> got = col;
        const long changes = simd::discrete_update(n, k, v.data(), rest.data(), got.data(), cmp.omega_per_weight,
                                                   cmp.half_width, cmp.subtract_rest, c.learning.step);
        EXPECT_EQ(changes, expected_changes);
        for (int i = 0; i < n; ++i) {
          EXPECT_EQ(got[i], expected[i]) << rule << " level " << lvl << " i " << i;
          EXPECT_EQ(std::signbit(got[i]), std::signbit(expected[i])) << "i " << i;
        }
      }
      simd::set_active(simd::detected());
    }
  }
}

// The spike detector's choice by its definition, written out plainly: of the neurons with V > T the
// smallest δ = (T − V′)·dt/(V − V′) by `<` (NaN never smallest), then the first index whose δ equals
// it (so a +inf minimum still picks a neuron, and −0 and +0 tie).
int earliest_by_definition(const std::vector<double>& v, const std::vector<double>& vp, const std::vector<double>& thr,
                           double dt, double* best) {
  const int n = static_cast<int>(v.size());
  double min = std::numeric_limits<double>::infinity();
  for (int j = 0; j < n; ++j)
    if (v[j] > thr[j]) {
      const double delta = (thr[j] - vp[j]) * dt / (v[j] - vp[j]);
      if (delta < min) min = delta;
    }
  for (int j = 0; j < n; ++j)
    if (v[j] > thr[j]) {
      const double delta = (thr[j] - vp[j]) * dt / (v[j] - vp[j]);
      if (delta == min) {
        *best = delta;
        return j;
      }
    }
  *best = std::numeric_limits<double>::infinity();
  return -1;
}

TEST(SimdKernels, EarliestCrossingIsTheDefinitionsChoiceWithTiesAndEdgeCases) {
  RunRng rng(11);
  const double dt = 1e-4, inf = std::numeric_limits<double>::infinity();
  long checked_ties = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int n = 1 + trial % 41;  // every tail length
    std::vector<double> v(n), vp(n), thr(n);
    for (int i = 0; i < n; ++i) {
      thr[i] = 0.5 + 0.1 * standard_normal()(rng);
      vp[i] = thr[i] - std::fabs(standard_normal()(rng));
      v[i] = thr[i] + (uniform_open0(rng) < 0.4 ? std::fabs(standard_normal()(rng)) : -0.01);
    }
    // Ties: copies of one above-threshold neuron (same δ) at several indices, in some trials.
    if (n > 3 && trial % 3 == 0) {
      const int src = trial % n;
      v[src] = thr[src] + 0.25;
      for (int j = src % 2; j < n; j += 2 + trial % 5) v[j] = v[src], vp[j] = vp[src], thr[j] = thr[src];
      ++checked_ties;
    }
    // Zero δ (V′ = T), +inf δ only (V′ = V above T: division by +0), a NaN δ (V = V′ = +inf).
    if (trial % 7 == 1) v[0] = thr[0] + 0.1, vp[0] = thr[0];             // δ = +0
    if (trial % 7 == 2) v[n - 1] = thr[n - 1] + 0.1, vp[n - 1] = thr[n - 1];
    if (trial % 11 == 3) {  // only +inf δs: every neuron above with V′ = V
      for (int i = 0; i < n; ++i) v[i] = thr[i] + 1.0, vp[i] = v[i];
    }
    if (trial % 13 == 4) v[n / 2] = inf, vp[n / 2] = inf;                // inf − inf: NaN δ
    double expected_best = 0.0;
    const int expected = earliest_by_definition(v, vp, thr, dt, &expected_best);
    for (int lvl = 0; lvl <= static_cast<int>(simd::detected()); ++lvl) {
      simd::set_active(static_cast<simd::Level>(lvl));
      double best = 0.0;
      const int got = simd::earliest_crossing(n, v.data(), vp.data(), thr.data(), dt, &best);
      ASSERT_EQ(got, expected) << "trial " << trial << " level " << lvl;
      ASSERT_EQ(best, expected_best) << "trial " << trial;
      ASSERT_EQ(std::signbit(best), std::signbit(expected_best)) << "trial " << trial;
    }
    simd::set_active(simd::detected());
  }
  EXPECT_GT(checked_ties, 500);
}

void expect_same_experiment(const ExperimentResult& a, const ExperimentResult& b) {
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (std::size_t i = 0; i < a.curve.size(); ++i) {
    EXPECT_EQ(a.curve[i].decoding_error, b.curve[i].decoding_error) << i;
    EXPECT_EQ(a.curve[i].decoding_error_ls, b.curve[i].decoding_error_ls) << i;
    EXPECT_EQ(a.curve[i].distance, b.curve[i].distance) << i;
  }
  EXPECT_EQ(a.distance_after_pass, b.distance_after_pass);
  EXPECT_TRUE((a.w_learned.array() == b.w_learned.array()).all());
  for (auto member : {&ExperimentResult::learned, &ExperimentResult::optimal, &ExperimentResult::initial}) {
    const Evaluation &x = a.*member, &y = b.*member;
    ASSERT_EQ(x.spikes.size(), y.spikes.size());
    for (std::size_t i = 0; i < x.spikes.size(); ++i) EXPECT_EQ(x.spikes[i].time_s, y.spikes[i].time_s);
    EXPECT_EQ(x.error.transposed, y.error.transposed);
    EXPECT_TRUE((x.reconstruction.array() == y.reconstruction.array()).all());
  }
}

TEST(ParallelTrainer, EqualsSequentialBitForBit) {
  for (bool quantized : {false, true}) {
    EbnConfig c = scaled(20, "discrete-fig1", quantized);
    c.experiment.passes = 6;  // segments of 2 and 3 prefetched passes between validations
    c.experiment.validate_every = 3;
    c.experiment.validation_signals = 5;
    const ExperimentResult seq = run_experiment(c, make_behavioral_backend, nullptr, false);
    for (const char* prefetch : {"on", "off"}) {  // prefetch and background validation, whatever the load
      setenv("EBN_PREFETCH", prefetch, 1);
      const ExperimentResult par = run_experiment(c, make_behavioral_backend, nullptr, true);
      unsetenv("EBN_PREFETCH");
      expect_same_experiment(seq, par);
    }
    EXPECT_GT(seq.initial.spikes.size(), seq.learned.spikes.size());  // a real run, not an empty one
  }
}

// A backend whose validation runs draw one normal more than a trial is predicted to: every background
// validation mispredicts, so the two-core experiment must fall back and still equal the sequential one.
class OverdrawingBackend : public NetworkBackend {
 public:
  explicit OverdrawingBackend(std::unique_ptr<NetworkBackend> inner) : inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  int neurons() const override { return inner_->neurons(); }
  TrialResult run_trial(const InputSignal& input, bool learning, RunRng& rng) override {
    TrialResult r = inner_->run_trial(input, learning, rng);
    if (!learning) standard_normal()(rng);
    return r;
  }
  Eigen::MatrixXd weights() const override { return inner_->weights(); }
  void set_weights(const Eigen::MatrixXd& w) override { inner_->set_weights(w); }
  Eigen::VectorXd v_rest() const override { return inner_->v_rest(); }
  Eigen::VectorXd v_reset() const override { return inner_->v_reset(); }

 private:
  std::unique_ptr<NetworkBackend> inner_;
};

TEST(ParallelTrainer, BackgroundValidationMispredictionGivesTheSequentialResult) {
  EbnConfig c = scaled(20, "discrete-fig1", false);
  c.experiment.passes = 6;
  c.experiment.validate_every = 3;
  c.experiment.validation_signals = 3;
  const BackendFactory overdrawing = [](const NetworkSetup& s, const EbnConfig& cfg) -> std::unique_ptr<NetworkBackend> {
    return std::make_unique<OverdrawingBackend>(make_behavioral_backend(s, cfg));
  };
  const ExperimentResult seq = run_experiment(c, overdrawing, nullptr, false);
  setenv("EBN_PREFETCH", "on", 1);  // background validation whatever the machine load
  std::vector<std::pair<int, int>> reports;  // (pass, pass of the validation reported or -1)
  const ExperimentResult par = run_experiment(
      c, overdrawing,
      [&](const PassReport& r) { reports.push_back({r.pass, r.validation ? r.validation->pass : -1}); }, true);
  // Without the extra draw the same experiment validates in the background and still agrees.
  const ExperimentResult plain_par = run_experiment(c, make_behavioral_backend, nullptr, true);
  unsetenv("EBN_PREFETCH");
  expect_same_experiment(seq, par);
  // The background attempt stops at its first join (when the worker is seen done, at pass 3 at the
  // latest), before reporting that pass; the sequential rerun then reports every pass, with the
  // validations before passes 0 and 3 on their own passes.
  ASSERT_GE(reports.size(), 6u);
  ASSERT_LE(reports.size(), 6u + 3u);
  const std::vector<std::pair<int, int>> rerun(reports.end() - 6, reports.end());
  EXPECT_EQ(rerun, (std::vector<std::pair<int, int>>{{0, 0}, {1, -1}, {2, -1}, {3, 3}, {4, -1}, {5, -1}}));
  expect_same_experiment(run_experiment(c, make_behavioral_backend, nullptr, false), plain_par);
}

// Jobs that draw a data-dependent number of values: the prediction (skip one value each) is wrong
// for some, so the chain must fall back and still give the sequential result.
TEST(ParallelChain, WrongPredictionFallsBackToTheSequentialResult) {
  for (bool parallel : {false, true}) {
    std::vector<double> got(6, 0.0);
    std::vector<ChainJob> jobs;
    for (int j = 0; j < 6; ++j)
      jobs.push_back({[&got, j](RunRng& r) {
                        const int draws = j == 1 ? 3 : 1;  // job 1 draws more than predicted
                        double sum = 0;
                        for (int d = 0; d < draws; ++d) sum += standard_normal()(r);
                        got[j] = sum;  // a job may run twice: it overwrites its result
                      },
                      [](RunRng& r) { standard_normal()(r); }});
    RunRng rng(9), reference(9);
    run_chain(jobs, rng, parallel);
    std::vector<double> expected(6, 0.0);
    for (int j = 0; j < 6; ++j)
      for (int d = 0; d < (j == 1 ? 3 : 1); ++d) expected[j] += standard_normal()(reference);
    EXPECT_EQ(got, expected) << "parallel " << parallel;
    EXPECT_TRUE(rng == reference);
  }
}

TEST(ZigguratNormal, SkipAdvancesTheStreamAsFillDoes) {
  const auto& normal = standard_normal();
  RunRng filled(5), skipped(5);
  std::vector<double> out(1001);
  long rejections_seen = 0;
  for (int round = 0; round < 400; ++round) {
    const long count = 1 + (round * 37) % 1001;  // odd and even counts
    normal.fill(filled, out.data(), count);
    normal.skip(skipped, count);
    ASSERT_TRUE(filled == skipped) << "round " << round << " count " << count;
    for (long i = 0; i < count; ++i) rejections_seen += std::fabs(out[i]) > 3.45;  // beyond r: tail
  }
  EXPECT_GT(rejections_seen, 40);  // the tail (always the slow path) was exercised (~90 expected)
}

// The prefetching trainer's signal source against plain sequential draws, with trials that draw
// the predicted noise (samples rows) and ones that draw one row more (a misprediction).
// The auto rule's look at the machine (TrainingPrefetch::wanted): the runnable tasks right now,
// this thread included; two threads that spin are runnable whether or not a core runs them.
TEST(TrainingPrefetch, CountsTheTasksRunnableNow) {
  const int alone = TrainingPrefetch::runnable_now();
  ASSERT_GE(alone, 1) << "/proc/loadavg's runnable count not read";
  std::atomic<bool> stop{false};
  std::vector<std::thread> spinners;
  for (int i = 0; i < 2; ++i)
    spinners.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
      }
    });
  int most = 0;
  for (int look = 0; look < 50; ++look) {
    most = std::max(most, TrainingPrefetch::runnable_now());
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  stop = true;
  for (std::thread& t : spinners) t.join();
  EXPECT_GE(most, 3) << "this thread and two spinning ones";
}

TEST(TrainingPrefetch, GivesTheSequentialSignalsAndStreamWithAndWithoutMisprediction) {
  NetworkParams p;
  p.trial_s = 0.05;  // 500 samples: quick
  const int neurons = 7;
  const auto& normal = standard_normal();
  std::vector<double> row(neurons);
  for (int mispredicted_pass : {-1, 0, 3, 5}) {
    const SignalGenerator own(p), sequential(p);
    TrainingPrefetch prefetch(p, neurons, own);
    RunRng rng(17), reference(17);
    int hits = 0;
    for (int segment = 0; segment < 2; ++segment) {
      prefetch.start(6);
      for (int pass = 0; pass < 6; ++pass) {
        bool prefetched = false;
        const InputSignal& got = prefetch.next(rng, &prefetched);
        hits += prefetched;
        const InputSignal expected = sequential.draw(reference);
        ASSERT_TRUE((got.target.array() == expected.target.array()).all()) << segment << " " << pass;
        ASSERT_TRUE((got.drive.array() == expected.drive.array()).all()) << segment << " " << pass;
        ASSERT_TRUE(rng == reference);
        const long rows = p.samples() + (pass == mispredicted_pass ? 1 : 0);
        for (long r = 0; r < rows; ++r) {  // the trial's noise, drawn by the caller
          normal.fill(rng, row.data(), neurons);
          normal.fill(reference, row.data(), neurons);
        }
      }
      normal.fill(rng, row.data(), 3);  // a validation's draws between segments
      normal.fill(reference, row.data(), 3);
    }
    // Per segment the first pass is drawn by the caller; a misprediction costs one more.
    EXPECT_EQ(hits, 2 * 5 - (mispredicted_pass >= 0 && mispredicted_pass < 5 ? 2 : 0)) << mispredicted_pass;
  }
}

// Rows drawn ahead equal rows drawn in place (one fill per row; N odd, so a row does not end on a
// whole draw), and every stream position the trial may end at is reproduced.
TEST(PredrawnNoise, SameValuesAndStreamPositionsAsDrawingInPlace) {
  const int neurons = 7;
  const long rows = 3000;  // ~21 000 normals: rejections and tail draws occur
  RunRng ahead(31), in_place(31);
  PredrawnNoise noise;
  noise.draw(ahead, neurons, rows);
  ASSERT_TRUE(noise.usable(RunRng(31), neurons));
  EXPECT_FALSE(noise.usable(RunRng(32), neurons));
  EXPECT_FALSE(noise.usable(RunRng(31), neurons + 1));
  std::vector<double> row(neurons);
  std::vector<RunRng> after_rows{RunRng(31)};
  std::vector<double> got(neurons);
  int tail_values = 0;
  for (long r = 0; r < rows; ++r) {
    standard_normal().fill(in_place, row.data(), neurons);
    after_rows.push_back(in_place);
    noise.row_into(r, got.data());
    for (int i = 0; i < neurons; ++i) ASSERT_EQ(got[i], row[i]) << r << " " << i;
    for (int i = 0; i < neurons; ++i) tail_values += std::fabs(row[i]) > 3.45;  // beyond r: the slow path's tail
  }
  EXPECT_GT(tail_values, 0);  // rejections (kept as doubles beside the codes) were exercised
  EXPECT_TRUE(ahead == in_place);
  EXPECT_TRUE(noise.end() == in_place);
  for (long used : {0l, 1l, 1234l, rows - 1, rows}) {
    RunRng rewound(99);
    noise.rewind(rewound, used);
    EXPECT_TRUE(rewound == after_rows[used]) << used;
  }
}

// A trial that reads its noise from rows drawn ahead gives the trial and the stream state of one
// that draws in place, whether the rows cover the trial exactly, fall short (the rest is drawn in
// place) or exceed it (the stream is rewound); rows drawn from another state are not used.
TEST(PredrawnNoise, TrialWithRowsDrawnAheadEqualsTrialDrawingInPlace) {
  for (int n : {20, 37}) {
    EbnConfig c = scaled(n);
    c.network.trial_s = 0.2;  // 2000 samples: quick
    const ExperimentInit init = initialise(c);
    RunRng signal_rng(5);
    const InputSignal plain = SignalGenerator(c.network).draw(signal_rng);
    auto reference_net = make_behavioral_backend(init.initial_setup(), c);
    RunRng reference_rng(11);
    const TrialResult reference = reference_net->run_trial(plain, true, reference_rng);
    const long samples = c.network.samples();
    for (long rows : {samples, samples - 40, samples + 3, 0l}) {
      for (bool same_start : {true, false}) {
        PredrawnNoise noise;
        RunRng draw_from(same_start ? 11 : 12);
        noise.draw(draw_from, n, rows);
        auto net = make_behavioral_backend(init.initial_setup(), c);
        RunRng rng(11);
        const TrialNoiseScope scope(&noise);
        const TrialResult got = net->run_trial(plain, true, rng);
        ASSERT_EQ(got.spikes.size(), reference.spikes.size()) << n << " " << rows << " " << same_start;
        for (std::size_t i = 0; i < got.spikes.size(); ++i) {
          ASSERT_EQ(got.spikes[i].time_s, reference.spikes[i].time_s) << i;
          ASSERT_EQ(got.spikes[i].neuron, reference.spikes[i].neuron) << i;
        }
        EXPECT_EQ(got.weight_updates, reference.weight_updates);
        EXPECT_TRUE((net->weights().array() == reference_net->weights().array()).all());
        EXPECT_TRUE(rng == reference_rng) << n << " " << rows << " " << same_start;
      }
    }
  }
}

// The validation runs' noise drawn ahead (training_prefetch.h): the trial's rows offered through
// TrialNoiseScope and the readout's η as one row give
// the spikes, readout and stream state of drawing in place.
TEST(PredrawnNoise, ValidationRunWithNoiseDrawnAheadEqualsDrawingInPlace) {
  EbnConfig c = scaled(20);
  c.network.trial_s = 0.2;
  const ExperimentInit init = initialise(c);
  RunRng signal_rng(3);
  const InputSignal signal = SignalGenerator(c.network).draw(signal_rng);
  const long samples = c.network.samples();
  const int readout_values = static_cast<int>((samples - 1) * c.network.input_dims);
  auto run = [&](RunRng& r, const PredrawnNoise* trial, const PredrawnNoise* eta) {
    auto net = make_behavioral_backend(init.initial_setup(), c);
    const TrialNoiseScope scope(trial);
    const auto spikes = net->run_trial(signal, false, r).spikes;
    return std::make_pair(spikes.size(), readout(spikes, init.encoder, c.network, r, eta));
  };
  RunRng in_place(13);
  const auto expected = run(in_place, nullptr, nullptr);
  RunRng ahead(13), rng(13);
  PredrawnNoise trial, eta;
  trial.draw(ahead, 20, samples);
  eta.draw(ahead, readout_values, 1);
  const auto got = run(rng, &trial, &eta);
  EXPECT_EQ(got.first, expected.first);
  EXPECT_TRUE((got.second.array() == expected.second.array()).all());
  EXPECT_TRUE(rng == in_place);
  EXPECT_TRUE(ahead == in_place);
  EXPECT_EQ(TrialNoiseScope::current(), nullptr);  // the scope ended with the run
}

// The prefetch across validations: the worker skips each validation's draws and the caller may take
// its prediction of where they end; a validation that draws other than predicted is caught.
TEST(TrainingPrefetch, PredictsTheStreamAcrossValidations) {
  NetworkParams p;
  p.trial_s = 0.05;
  const int neurons = 5;
  const auto& normal = standard_normal();
  std::vector<double> row(neurons);
  for (int odd_validation_pass : {-1, 4, 8}) {
    const SignalGenerator own(p), sequential(p);
    TrainingPrefetch prefetch(p, neurons, own);
    RunRng rng(23), reference(23);
    const int passes = 10, every = 4;
    prefetch.start(passes, {every, [&](RunRng& r) { normal.skip(r, 9); }});
    int predicted = 0, hits = 0;
    for (int pass = 0; pass < passes; ++pass) {
      if (pass > 0 && pass % every == 0) {  // the validation: 9 normals, or 11 (mispredicted)
        RunRng end(0);
        const bool known = prefetch.validation_end(rng, end);
        const long drawn = pass == odd_validation_pass ? 11 : 9;
        normal.skip(rng, drawn);
        normal.skip(reference, drawn);
        if (known) {
          ++predicted;
          EXPECT_EQ(end == rng, drawn == 9) << pass;
        }
      }
      bool prefetched = false;
      const InputSignal& got = prefetch.next(rng, &prefetched);
      hits += prefetched;
      const InputSignal expected = sequential.draw(reference);
      ASSERT_TRUE((got.target.array() == expected.target.array()).all()) << pass;
      ASSERT_TRUE(rng == reference);
      for (long r = 0; r < p.samples(); ++r) {  // the trial's noise (pre-drawn or not: same values)
        normal.fill(reference, row.data(), neurons);
      }
      if (prefetch.noise() && prefetch.noise()->usable(rng, neurons)) {
        std::vector<double> kept(neurons);
        for (long r = 0; r < p.samples(); ++r) {
          normal.fill(rng, row.data(), neurons);
          prefetch.noise()->row_into(r, kept.data());
          ASSERT_EQ(kept, row);
        }
        ASSERT_TRUE(rng == prefetch.noise()->end());
      } else {
        for (long r = 0; r < p.samples(); ++r) normal.fill(rng, row.data(), neurons);
      }
      ASSERT_TRUE(rng == reference);
    }
    // Validations before passes 4 and 8, both predicted (the worker restarts after a misprediction);
    // the first pass and the one after a mispredicted validation are drawn by the caller.
    EXPECT_EQ(predicted, 2) << odd_validation_pass;
    EXPECT_EQ(hits, passes - 1 - (odd_validation_pass >= 0 ? 1 : 0)) << odd_validation_pass;
  }
}

TEST(InputSignal, ReusedGeneratorEqualsFreshGenerators) {
  const NetworkParams p;
  const SignalGenerator reused(p);
  RunRng a(21), b(21);
  InputSignal buffer;
  for (int i = 0; i < 3; ++i) {
    reused.draw_into(a, buffer);
    const InputSignal fresh = SignalGenerator(p).draw(b);
    EXPECT_TRUE((buffer.target.array() == fresh.target.array()).all()) << i;
    EXPECT_TRUE((buffer.drive.array() == fresh.drive.array()).all()) << i;
  }
  EXPECT_TRUE(a == b);
}

// A worker started at once from a known state (start(..., &from)), with a validation before the
// first pass and one after the last: the caller's signals and stream are the sequential ones, the
// predictions hold, and the first pass is prefetched too.
TEST(TrainingPrefetch, StartedFromAKnownStateWithValidationsBeforeAndAfter) {
  NetworkParams p;
  p.trial_s = 0.05;
  const int neurons = 6;
  const auto& normal = standard_normal();
  const SignalGenerator own(p), sequential(p);
  TrainingPrefetch prefetch(p, neurons, own);
  RunRng rng(41), reference(41);
  const int passes = 5, every = 2;
  PrefetchValidations validations{every, [&](RunRng& r) { normal.skip(r, 13); }, true, true};
  prefetch.start(passes, validations, &rng);
  std::vector<double> row(neurons);
  int predicted = 0, hits = 0;
  auto validate = [&] {
    RunRng end(0);
    if (prefetch.validation_end(rng, end)) {
      ++predicted;
      normal.skip(rng, 13);
      EXPECT_TRUE(end == rng);
    } else {
      normal.skip(rng, 13);
    }
    normal.skip(reference, 13);
  };
  for (int pass = 0; pass < passes; ++pass) {
    if (pass % every == 0) validate();
    bool prefetched = false;
    const InputSignal& got = prefetch.next(rng, &prefetched);
    hits += prefetched;
    const InputSignal expected = sequential.draw(reference);
    ASSERT_TRUE((got.target.array() == expected.target.array()).all()) << pass;
    ASSERT_TRUE(rng == reference) << pass;
    ASSERT_TRUE(prefetch.noise() && prefetch.noise()->usable(rng, neurons)) << pass;
    std::vector<double> kept(neurons);
    for (long r = 0; r < p.samples(); ++r) {
      normal.fill(reference, row.data(), neurons);
      prefetch.noise()->row_into(r, kept.data());
      ASSERT_EQ(kept, row);
    }
    rng = prefetch.noise()->end();
    ASSERT_TRUE(rng == reference) << pass;
  }
  validate();  // after the last pass
  EXPECT_EQ(predicted, 4);  // before passes 0, 2, 4 and after the last
  EXPECT_EQ(hits, passes);
}

// The two steps the prefetch worker and the caller share (draws, then smoothing on either thread)
// give draw_into's values and stream position.
TEST(InputSignal, DrawNoiseThenFinishEqualsDrawInto) {
  const NetworkParams p;
  const SignalGenerator drawing(p), smoothing(p), whole(p);
  RunRng a(8), b(8);
  std::vector<double> z;
  InputSignal split, direct;
  for (int i = 0; i < 3; ++i) {
    drawing.draw_noise(a, z);
    smoothing.finish_into(z, split);
    whole.draw_into(b, direct);
    EXPECT_TRUE((split.target.array() == direct.target.array()).all()) << i;
    EXPECT_TRUE((split.drive.array() == direct.drive.array()).all()) << i;
    EXPECT_TRUE(a == b) << i;
  }
}

// x = z * k with white z: Var x = Σ k², corr(x_i, x_{i+L}) = exp(−L²/(4σ²)) for a Gaussian k of
// std σ samples (σ = 300.3, spec §1.6). Interior samples only (no zeroed start, no taper).
TEST(InputSignal, SmoothedNoiseHasTheKernelsVarianceAndCorrelation) {
  const NetworkParams p;
  const SignalGenerator gen(p);
  const double var_expected = gen.kernel().squaredNorm();
  const int lag = 300;
  RunRng rng(5);
  InputSignal s;
  double sum_sq = 0, sum_lag = 0;
  long count = 0;
  for (int draw = 0; draw < 40; ++draw) {
    gen.draw_into(rng, s);
    for (int d = 0; d < 2; ++d)
      for (int i = 2000; i < 7700; i += 10) {
        sum_sq += s.target(i, d) * s.target(i, d);
        sum_lag += s.target(i, d) * s.target(i + lag, d);
        ++count;
      }
  }
  const double var = sum_sq / count, corr = sum_lag / sum_sq;
  std::printf("variance %.4g (kernel %.4g), lag-%d correlation %.3f (expected %.3f)\n", var, var_expected, lag, corr,
              std::exp(-lag * lag / (4 * 300.3 * 300.3)));
  EXPECT_NEAR(var / var_expected, 1.0, 0.2);
  EXPECT_NEAR(corr, std::exp(-lag * lag / (4 * 300.3 * 300.3)), 0.1);
}

}  // namespace
}  // namespace ebn::behavioral
