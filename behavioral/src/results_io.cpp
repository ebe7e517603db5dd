#include "behavioral/results_io.h"

#include "behavioral/simd_kernels.h"

#include <charconv>
#include <thread>

namespace ebn::behavioral {

namespace {
// Shortest text that reads back as the same double (std::to_chars): exact like %.17g, and about
// ten times cheaper -- printf was a fifth of a 20-neuron `ebn learn` run (reconstruction.csv).
// Appended in place (no temporary strings: reconstruction.csv has 90 000 values).
void append(std::string& s, double x) {
  char buf[40];
  s.append(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
}

// Rows [first, end) of reconstruction.csv.
std::string reconstruction_rows(const ExperimentResult& r, const NetworkParams& p, int first, int end) {
  const Eigen::MatrixXd& x = r.evaluation_signal.target;
  const int n = static_cast<int>(x.rows()), dims = static_cast<int>(x.cols());
  std::string s;
  s.reserve(static_cast<std::size_t>(end - first) * (1 + 4 * dims) * 24);
  for (int i = first; i < end; ++i) {
    append(s, p.trial_s * i / (n - 1));  // the target's stamps: linspace(0, trial, samples)
    for (const Eigen::MatrixXd* m : {&x, &r.initial.reconstruction, &r.learned.reconstruction, &r.optimal.reconstruction})
      for (int d = 0; d < dims; ++d) {
        s += ',';
        append(s, (*m)(i, d));
      }
    s += '\n';
  }
  return s;
}
}  // namespace

Json summary_json(const ExperimentResult& r, const EbnConfig& c, const RunInfo& info) {
  Json j = Json::object();
  j["rule"] = c.learning.rule;
  j["backend"] = r.backend;
  j["level"] = r.backend == "quantized" ? 2 : (r.backend == "reference" ? 1 : 3);
  j["config"] = info.config_path;
  j["seed"] = c.experiment.seed;
  j["neurons"] = c.network.neurons;
  Json passes = Json::array();
  for (const CurvePoint& p : r.curve)
    passes.push_back({{"pass", p.pass},
                      {"distance_to_optimal", p.distance},
                      {"decoding_error", p.decoding_error},
                      {"decoding_error_least_squares", p.decoding_error_ls}});
  j["passes"] = passes;
  j["distance_after_pass"] = r.distance_after_pass;
  j["updates_per_pass"] = r.updates_per_pass;
  const double trial = c.network.trial_s;
  j["final"] = {{"distance_to_optimal", r.distance_final},
                {"distance_to_optimal_initial", r.distance_initial},
                {"weight_correlation", r.correlation_final},
                {"decoding_error_initial", r.initial.error.transposed},
                {"decoding_error_learned", r.learned.error.transposed},
                {"decoding_error_optimal", r.optimal.error.transposed},
                {"decoding_error_least_squares_initial", r.initial.error.least_squares},
                {"decoding_error_least_squares_learned", r.learned.error.least_squares},
                {"decoding_error_least_squares_optimal", r.optimal.error.least_squares},
                {"rate_hz_initial", r.initial.rate_hz},
                {"rate_hz_learned", r.learned.rate_hz},
                {"rate_hz_optimal", r.optimal.rate_hz},
                {"distance_to_optimal_programmed_optimum", r.optimal.distance},
                {"spikes_initial", r.initial.spikes.size()},
                {"spikes_learned", r.learned.spikes.size()},
                {"spikes_optimal", r.optimal.spikes.size()},
                {"evaluation_s", trial}};
  j["wall_s"] = info.wall_s;
  j["simulated_s"] = r.simulated_s;
  j["realtime_factor"] = info.wall_s > 0 ? r.simulated_s / info.wall_s : 0.0;
  // The learning passes alone (signal draw + learning trial): what the user waits for per pass.
  j["learning_wall_s"] = r.learning_wall_s;
  j["learning_simulated_s"] = r.learning_simulated_s;
  j["learning_realtime_factor"] = r.learning_wall_s > 0 ? r.learning_simulated_s / r.learning_wall_s : 0.0;
  j["simd"] = simd::name(simd::active());
  // Which mode made the run: the fast mode's results are its own (network.fast_mode, fast_normal.h).
  j["fast_mode"] = c.network.fast_mode;
  return j;
}

std::string matrix_csv(const Eigen::MatrixXd& m) {
  std::string s;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index k = 0; k < m.cols(); ++k) {
      if (k) s += ',';
      append(s, m(i, k));
    }
    s += '\n';
  }
  return s;
}

std::string spikes_csv(const std::vector<Spike>& spikes) {
  std::string s = "time_s,neuron\n";
  for (const Spike& sp : spikes) {
    append(s, sp.time_s);
    s += ',';
    s += std::to_string(sp.neuron);
    s += '\n';
  }
  return s;
}

std::string reconstruction_csv(const ExperimentResult& r, const NetworkParams& p) {
  const int n = static_cast<int>(r.evaluation_signal.target.rows()), dims = static_cast<int>(r.evaluation_signal.target.cols());
  std::string s = "t_s";
  for (const char* name : {"target", "recon_initial", "recon_learned", "recon_optimal"})
    for (int d = 0; d < dims; ++d) s += std::string(",") + name + "_" + std::to_string(d);
  s += "\n";
  // Formatting the values is most of the writing of a 20-neuron run: half the rows on another thread.
  const int half = n / 2;
  std::string first_half;
  std::thread worker([&] { first_half = reconstruction_rows(r, p, 0, half); });
  std::string second_half = reconstruction_rows(r, p, half, n);
  worker.join();
  s.reserve(s.size() + first_half.size() + second_half.size());
  s += first_half;
  s += second_half;
  return s;
}

void write_results(OutputDir& out, const ExperimentResult& r, const EbnConfig& c, const Json& summary) {
  out.write_text("summary.json", summary.dump(2) + "\n");
  out.write_text("resolved_config.json", to_json(c).dump(2) + "\n");
  out.write_text("weights_initial.csv", matrix_csv(r.init.w_initial));
  out.write_text("weights_learned.csv", matrix_csv(r.w_learned));
  out.write_text("weights_optimal.csv", matrix_csv(r.init.w_optimal));
  out.write_text("spikes_initial.csv", spikes_csv(r.initial.spikes));
  out.write_text("spikes_learned.csv", spikes_csv(r.learned.spikes));
  out.write_text("spikes_optimal.csv", spikes_csv(r.optimal.spikes));
  out.write_text("reconstruction.csv", reconstruction_csv(r, c.network));
}

}  // namespace ebn::behavioral
