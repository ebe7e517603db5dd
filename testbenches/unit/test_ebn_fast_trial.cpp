// The fast mode's float32 trial (fast_trial.h), its noise rows (fast_noise_rows.h) and the next
// training signal drawn ahead (fast_signal_ahead.h):
//  * the noise is the same with and without the spare core, however the two threads share the chunks,
//    and it is N(0,1) without correlation across chunk and sub-stream boundaries;
//  * the vectorised trial equals a plain scalar float32 transcription of the model's loop written
//    here (spike times, neurons, learned weights, V_rest/V_reset bit for bit), on every SIMD level,
//    for N = 20 and an N that leaves padding lanes, both discrete rules, with and without learning;
//  * the next signal drawn ahead equals drawing it in turn, also in a forked child.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "behavioral/ebn_network.h"
#include "behavioral/fast_noise_rows.h"
#include "behavioral/fast_normal.h"
#include "behavioral/fast_signal_ahead.h"
#include "behavioral/fast_trial.h"
#include "behavioral/input_signal.h"
#include "behavioral/neuron_scaling.h"
#include "behavioral/simd_kernels.h"
#include "behavioral/trainer.h"
#include "ebn/child_process.h"
#include "spare_core_scenarios.h"

namespace ebn::behavioral {
namespace {

TEST(FastNoiseRows, DrawnAheadGivesTheSameRowsAsDrawingInPlace) {
  long by_spare_core = 0;
  for (int n : {20, 100, 7}) {
    for (int pause : {0, 200}) {
      const int trials = 14;
      const testing::ScenarioCount count = testing::noise_rows_scenario(n, trials, pause);
      std::printf("n %d, %d us per chunk: the spare core drew %ld chunks, %ld of %d trials expected\n", n, pause,
                  count.by_spare_core, count.expected, trials);
      EXPECT_EQ(count.differences, 0) << "n " << n;
      // The expectations made right come true: trials 0 (expected before the first), 1, 3, 4, 6, 8,
      // 9, 11, 12, 13; not 5 and 10 (wrong), 7 (none), 2 (dropped: the buffers grew for trial 3).
      EXPECT_EQ(count.expected, 10) << "n " << n;
      by_spare_core += count.by_spare_core;
    }
    // The definition, computed independently: chunk c of a trial is sub-stream c of its seed, and
    // the padding after each chunk stays zero.
    FastNoiseRows source(n, false);
    source.begin(1000, 10001);
    std::vector<float> expect(source.chunk_rows() * n);
    FastNormal::substream(1000, 3).fill(expect.data(), static_cast<long>(expect.size()));
    const float* p = source.chunk(3);
    EXPECT_EQ(std::vector<float>(p, p + expect.size()), expect);
    for (int i = 0; i < FastNoiseRows::kPadFloats; ++i) {
      EXPECT_EQ(p[expect.size() + i], 0.0f);
    }
  }
  // Not vacuous: the spare core drew some of the chunks compared above (over all sizes: a niced
  // worker on a core busy with another test draws few, and for N = 7 and 30 chunks maybe none).
  EXPECT_GT(by_spare_core, 0) << "the spare core never drew";
}

TEST(FastNoiseRows, SubstreamsAreUncorrelatedStandardNormals) {
  // 256 sub-streams of two seeds: moments, and the correlation of value i of a sub-stream with
  // value i of the next sub-stream and of the other seed's (the lanes' seeds differ by small
  // steps of the index: a weak mix would show here).
  const int streams = 256;
  const long count = 16384;
  std::vector<std::vector<float>> a(streams), b(streams);
  for (int s = 0; s < streams; ++s) {
    a[s].resize(count);
    b[s].resize(count);
    FastNormal::substream(7, s).fill(a[s].data(), count);
    FastNormal::substream(8, s).fill(b[s].data(), count);
  }
  double m1 = 0, m2 = 0, m4 = 0, next = 0, other = 0;
  const double total = static_cast<double>(streams) * count;
  for (int s = 0; s < streams; ++s)
    for (long i = 0; i < count; ++i) {
      const double x = a[s][i];
      m1 += x / total;
      m2 += x * x / total;
      m4 += x * x * x * x / total;
      next += x * a[(s + 1) % streams][i] / total;
      other += x * b[s][i] / total;
    }
  const double se = 1.0 / std::sqrt(total);  // standard error of a mean of unit-variance terms
  EXPECT_NEAR(m1, 0.0, 5 * se);
  EXPECT_NEAR(m2, 1.0, 5 * se * std::sqrt(2.0));
  EXPECT_NEAR(m4, 3.0, 5 * se * std::sqrt(96.0));
  EXPECT_NEAR(next, 0.0, 5 * se);
  EXPECT_NEAR(other, 0.0, 5 * se);
}

// The fast mode's signal of the next pass, drawn ahead on a worker: the same signals and stream as
// drawing each in turn, whether the worker's is taken, withdrawn (not started), dropped (drawn
// from a state the stream did not reach) or still being drawn.
TEST(FastSignalAhead, GivesTheSequentialSignalsAndStream) {
  const testing::ScenarioCount count = testing::signal_ahead_scenario(40, 3000);
  std::printf("spare core's signal taken in %ld of 40 passes\n", count.by_spare_core);
  EXPECT_EQ(count.differences, 0);
  EXPECT_GT(count.by_spare_core, 0) << "the spare core never delivered";
}

// A child forked after the parent used its spare core (the sweeps run experiments in forked
// children) gets a worker of its own: the parent's thread does not exist in the child, and a job
// posted to it would never run (the run would hang in the drain at its end). The child's run
// equals the parent's.
TEST(FastSignalAhead, AForkedChildHasItsOwnSpareCore) {
  setenv("EBN_PREFETCH", "on", 1);  // the spare core in use, whatever the machine's load
  EbnConfig c;
  c.network.fast_mode = true;
  c.experiment.passes = 4;
  c.experiment.validate_every = 2;
  c.experiment.validation_signals = 2;
  const ExperimentResult parent = run_experiment(c, make_behavioral_backend, nullptr, true);
  const std::string child = ebn::run_in_child([&] {
    const ExperimentResult r = run_experiment(c, make_behavioral_backend, nullptr, true);
    return std::to_string(r.distance_final) + " " + std::to_string(r.learned.spikes.size());
  });
  unsetenv("EBN_PREFETCH");
  EXPECT_EQ(child, std::to_string(parent.distance_final) + " " + std::to_string(parent.learned.spikes.size()));
}

// ---------------------------------------------------------------------------------------------
// The model's loop (ebn_network.h) in plain scalar float32, the kernel's operations in its order.
struct PlainResult {
  std::vector<Spike> spikes;
  long updates = 0;
  std::vector<float> w, rest, reset;
};

PlainResult plain_trial(const EbnConfig& c, const NetworkSetup& setup, const InputSignal& input, bool learning,
                        std::uint64_t seed) {
  const int n = static_cast<int>(setup.threshold.size());
  const FastTrialConstants k = fast_trial_constants(c.network);
  const FastTrialRule rule = *fast_trial_rule(c);
  std::vector<float> v(n), cur(n, 0.0f), vp(n), ip(n, 0.0f), ext(n, 0.0f), thr(n), g0(n), g1(n);
  PlainResult out;
  out.w.resize(static_cast<std::size_t>(n) * n);
  out.rest.resize(n);
  out.reset.resize(n);
  for (int i = 0; i < n; ++i) {
    thr[i] = static_cast<float>(setup.threshold[i]);
    g0[i] = static_cast<float>(k.tau_mem * setup.encoder(0, i));
    g1[i] = static_cast<float>(k.tau_mem * setup.encoder(1, i));
    out.rest[i] = static_cast<float>(setup.v_rest[i]);
    out.reset[i] = static_cast<float>(setup.v_reset[i]);
    for (int j = 0; j < n; ++j) out.w[static_cast<std::size_t>(j) * n + i] = static_cast<float>(setup.weights(i, j));
    v[i] = vp[i] = out.rest[i];
  }
  const float sigma = static_cast<float>(k.noise_sigma), a = static_cast<float>(k.dt / k.tau_mem),
              keep = static_cast<float>(1.0 - k.dt / k.tau_mem), decay = static_cast<float>(1.0 - k.dt / k.tau_fast),
              dt_f = static_cast<float>(k.dt);
  const float kappa = static_cast<float>(rule.kappa), half = static_cast<float>(rule.half_width),
              step = static_cast<float>(rule.step), dhalf = static_cast<float>(rule.diagonal_half),
              dstep = static_cast<float>(rule.diagonal_step);
  FastNoiseRows noise(n, false);
  const long last = input.samples();
  noise.begin(seed, last + 1);
  const float* rows = nullptr;
  long chunk_end = 0, row = -1;
  const double t_end = static_cast<double>(last) * k.dt, min_delta = k.min_step_fraction * k.dt;
  double t = 0.0, t_prev = 0.0;
  bool above = false;
  const float inf = std::numeric_limits<float>::infinity();
  while (t < t_end) {
    int spiker = -1;
    if (above) {
      float best = inf;
      for (int i = 0; i < n; ++i)
        if (v[i] > thr[i]) {
          const float d = (thr[i] - vp[i]) * dt_f / (v[i] - vp[i]);
          if (d < best) best = d, spiker = i;
        }
      if (spiker < 0)
        for (int i = 0; i < n && spiker < 0; ++i)
          if (v[i] > thr[i] && (thr[i] - vp[i]) * dt_f / (v[i] - vp[i]) == inf) spiker = i;
      if (spiker >= 0) {
        const double spike_t = std::min(std::max(t_prev + best, t_prev + min_delta), t);
        const float ratio = static_cast<float>((spike_t - t_prev) / k.dt);
        t = spike_t;
        for (int i = 0; i < n; ++i) {
          v[i] = (v[i] - vp[i]) * ratio + vp[i];
          cur[i] = (cur[i] - ip[i]) * ratio + ip[i];
        }
        v[spiker] = out.reset[spiker];
      }
    }
    const long idx = std::min(static_cast<long>(t / k.dt), last);
    if (row < idx) {
      row = idx;
      if (row >= chunk_end) {
        const long chunk = row / noise.chunk_rows();
        rows = noise.chunk(chunk);
        chunk_end = (chunk + 1) * noise.chunk_rows();
      }
      const float* z = rows + (row - (chunk_end - noise.chunk_rows())) * n;
      const float c0 = static_cast<float>(input.drive(row, 0)), c1 = static_cast<float>(input.drive(row, 1));
      for (int i = 0; i < n; ++i) {
        float e = z[i] * sigma;
        e += g0[i] * c0;
        e += g1[i] * c1;
        ext[i] = e;
      }
    }
    above = false;
    for (int i = 0; i < n; ++i) {
      vp[i] = v[i];
      if (spiker >= 0) {
        const float kick = out.w[static_cast<std::size_t>(spiker) * n + i];
        ip[i] = cur[i] + kick;
        cur[i] = cur[i] * decay + kick;
      } else {
        ip[i] = cur[i];
        cur[i] = cur[i] * decay;
      }
      v[i] = v[i] * keep + a * (out.rest[i] + cur[i] + ext[i]);
      above = above || v[i] > thr[i];
    }
    if (spiker >= 0) {
      if (learning) {
        for (int i = 0; i < n; ++i) {
          if (i == spiker) continue;
          float& w = out.w[static_cast<std::size_t>(spiker) * n + i];
          const float s = 2.0f * (rule.subtract_rest ? vp[i] - out.rest[i] : vp[i]) + kappa * w;
          if (s < -half) w += step, ++out.updates;
          else if (s > half) w -= step, ++out.updates;
        }
        if (rule.diagonal) {
          const float s = 2.0f * vp[spiker] + (out.reset[spiker] + thr[spiker]);
          const float d = s < -dhalf ? dstep : (s > dhalf ? -dstep : 0.0f);
          if (d != 0.0f) out.reset[spiker] += d, out.rest[spiker] += d, ++out.updates;
        }
      }
      out.spikes.push_back({t, spiker});
    }
    t_prev = t;
    t += k.dt;
  }
  return out;
}

TEST(FastTrial, EqualsAPlainFloat32TranscriptionOnEverySimdLevel) {
  for (int n : {20, 37})
    for (const char* rule : {"discrete-fig1", "discrete-paper"})
      for (bool learning : {true, false}) {
        EbnConfig c = scale_to_neurons(EbnConfig{}, n);
        c.network.fast_mode = true;
        c.learning.rule = rule;
        const ExperimentInit init = initialise(c);
        const NetworkSetup setup = init.initial_setup();  // far from balance: many spikes and updates
        RunRng signal_rng(5);
        const InputSignal input = SignalGenerator(c.network).draw(signal_rng);
        RunRng seed_rng(9);
        const std::uint64_t seed = RunRng(seed_rng)();  // the draw FastTrial::run takes
        const PlainResult plain = plain_trial(c, setup, input, learning, seed);
        ASSERT_GT(plain.spikes.size(), 100u);
        if (learning) {
          ASSERT_GT(plain.updates, 100);
        }
        for (simd::Level level : {simd::Level::Scalar, simd::Level::Avx2, simd::Level::Avx512}) {
          if (simd::set_active(level) != level) continue;  // not on this CPU
          FastTrial trial(c.network.tau_mem_s * setup.encoder.transpose(), setup.threshold,
                          fast_trial_constants(c.network), *fast_trial_rule(c));
          trial.load(setup.weights, setup.v_rest, setup.v_reset);
          RunRng rng(seed_rng);
          const TrialResult r = trial.run(input, learning, rng);
          const std::string what = "N " + std::to_string(n) + " " + rule + (learning ? " learning " : " ") +
                                   simd::name(level);
          ASSERT_EQ(r.spikes.size(), plain.spikes.size()) << what;
          for (std::size_t i = 0; i < r.spikes.size(); ++i) {
            ASSERT_EQ(r.spikes[i].neuron, plain.spikes[i].neuron) << what << " spike " << i;
            ASSERT_EQ(r.spikes[i].time_s, plain.spikes[i].time_s) << what << " spike " << i;
          }
          EXPECT_EQ(r.weight_updates, plain.updates) << what;
          Eigen::MatrixXd w;
          Eigen::VectorXd rest, reset;
          trial.store(w, rest, reset);
          for (int i = 0; i < n; ++i) {
            EXPECT_EQ(rest[i], plain.rest[i]) << what;
            EXPECT_EQ(reset[i], plain.reset[i]) << what;
            for (int j = 0; j < n; ++j) {
              ASSERT_EQ(w(i, j), plain.w[static_cast<std::size_t>(j) * n + i]) << what;
            }
          }
        }
        simd::set_active(simd::detected());
      }
}

TEST(FastTrial, ConfigurationsItDoesNotCoverAreLeftToTheDoubleKernels) {
  EbnConfig c;
  EXPECT_TRUE(fast_trial_rule(c).has_value());
  c.learning.quantized = true;
  EXPECT_FALSE(fast_trial_rule(c).has_value());
  c.learning.quantized = false;
  c.learning.rule = "continuous";
  EXPECT_FALSE(fast_trial_rule(c).has_value());
}

}  // namespace
}  // namespace ebn::behavioral
