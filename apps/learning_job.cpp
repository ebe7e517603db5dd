#include "learning_job.h"

#include <chrono>

#include "behavioral/ebn_network.h"
#include "behavioral/results_io.h"

namespace ebn::app {

LearningOutcome run_learning(const Json& config_json, const std::string& source,
                             const behavioral::PassCallback& on_pass) {
  LearningOutcome outcome;
  outcome.config = behavioral::parse_config(config_json, source);
  const auto start = std::chrono::steady_clock::now();
  outcome.result = behavioral::run_experiment(outcome.config, behavioral::make_behavioral_backend, on_pass);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.summary = behavioral::summary_json(outcome.result, outcome.config, {source, wall});
  return outcome;
}

}  // namespace ebn::app
