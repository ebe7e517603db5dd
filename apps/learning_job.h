#pragma once
// One run of the learning experiment from a JSON config, on the backend the config names.
// Shared by `ebn learn`, `ebn sweep`, `ebn compare-mismatch` and `ebn verify`, so every command
// scores its runs with the same trainer, metrics and summary.json.
#include <string>

#include "behavioral/params.h"
#include "behavioral/trainer.h"
#include "ebn/config_reader.h"

namespace ebn::app {

struct LearningOutcome {
  behavioral::EbnConfig config;
  behavioral::ExperimentResult result;
  Json summary;  // summary.json
};

// `source` names where the config came from (for error messages and the summary).
LearningOutcome run_learning(const Json& config, const std::string& source,
                             const behavioral::PassCallback& on_pass = nullptr);

}  // namespace ebn::app
