#pragma once
// One run of the learning experiment from a JSON config, on the backend the config names
// (experiment.backend: "behavioral" = level 1/2, "chip" = level 3 SystemC with the controller of
// chip.controller). Shared by `ebn learn`, `ebn sweep`, `ebn compare-mismatch` and `ebn verify`,
// so every command scores its runs with the same trainer, metrics and summary.json.
// A chip run elaborates SystemC: at most one per process (use run_in_child for more).
#include <string>

#include "behavioral/params.h"
#include "behavioral/trainer.h"
#include "ebn/config_reader.h"
#include "ebn/output_dir.h"
#include "ebn/trace_file.h"

namespace ebn::app {

struct LearningRequest {
  Json config;
  std::string source;           // where the config came from (errors, summary)
  std::string trace_path;       // chip: waveform of the last learning pass ("" = none): *.fst = final file, else raw VCD
  behavioral::PassCallback on_pass;
};

struct LearningOutcome {
  behavioral::EbnConfig config;
  behavioral::ExperimentResult result;
  Json summary;                 // summary.json
  Json chip;                    // chip runs: resolved circuit parameters (else null)
  std::string mismatch_csv;     // chip runs: the frozen mismatch draw
  std::string trace_path;       // chip runs with a trace: the file written (as requested)
  double trace_start_s = -1.0;  // SystemC time where the traced pass starts (VCD time axis)
  double trace_duration_s = 0.0;
};

LearningOutcome run_learning(const LearningRequest& request);

// Parses and range-checks a config exactly as run_learning would, without running it: a sweep
// checks every job's config before the first job starts.
void validate_learning_config(const Json& config, const std::string& source);

// Stage summary.json, weights, rasters, reconstruction, resolved config (+ chip parameters and
// mismatch draw) into `out`; the caller commits. A traced run also gets the trace of the last pass
// (last_pass.fst or .vcd, time 0 = pass start; its origin in summary.json "trace") and its view.
void write_learning_results(OutputDir& out, const LearningOutcome& outcome, TraceFormat trace_format = TraceFormat::Fst);
std::string last_pass_trace_name(TraceFormat format);

}  // namespace ebn::app
