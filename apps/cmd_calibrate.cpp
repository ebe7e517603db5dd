// `ebn calibrate --recording DIR --out PARAMS.json`: fit the single-synapse circuit parameters
// (window, tau_mem, tau_syn, DAC per sign, w0, I_inf, latencies, start-up) from a recording and
// print the fit quality. See systemc/include/chip/replay/calibration.h and docs/replay.md.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "recording/events.h"
#include "recording/recording.h"
#include "chip/replay/calibration.h"
#include "chip/replay/circuit_params.h"
#include "command_registry.h"
#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/output_dir.h"

namespace {

struct Args {
  std::vector<std::string> recordings;  // first: the primary (timing, start-up); all: window and membrane/DAC fit
  std::string out;
  double grid_us = 5.0;
  bool json = false;
  bool no_dac_table = false;    // ablation: model D's affine DAC only
  bool no_second_pole = false;  // ablation: one synaptic pole only (rule 4c off)
};

void run(const Args& a) {
  std::vector<recording::Recording> recs;
  for (const auto& path : a.recordings) {
    recs.push_back(recording::load_recording(path));
    for (const auto& w : recs.back().warnings) std::fprintf(stderr, "ebn: warning: %s\n", w.c_str());
  }
  ebn::AtomicFile out(a.out);  // refuses a folder, device, FIFO or socket before the work
  std::vector<recording::RecordedEvents> evs;
  for (const auto& r : recs) evs.push_back(recording::extract_events(r));
  std::vector<chip::replay::CalibrationRecording> inputs;
  for (std::size_t i = 0; i < recs.size(); ++i) inputs.push_back({&recs[i], &evs[i]});
  const auto& rec = recs.front();
  chip::replay::CalibrationOptions opt;
  opt.grid_dt_s = a.grid_us * 1e-6;
  opt.try_dac_table = !a.no_dac_table;
  opt.try_second_pole = !a.no_second_pole;
  const auto params = chip::replay::calibrate(inputs, opt);
  const auto j = chip::replay::to_json(params);
  // The file must be one that `ebn replay --params` accepts: read it back with the same reader
  // (through the text, so a NaN becomes the null the reader will see) or refuse to write it.
  try {
    chip::replay::params_from_json(ebn::Json::parse(j.dump()), a.out);
  } catch (const ebn::InputError& e) {
    throw ebn::InputError(rec.origin + ": calibration gave parameters that ebn replay would reject (" + e.what() +
                          "); nothing written");
  }
  out.write(j.dump(2) + "\n");
  out.commit();
  if (a.json)
    std::cout << j.dump(2) << "\n";
  else
    std::cout << chip::replay::calibration_text(params) << "parameters written to " << a.out << "\n";
}

const ebn::app::CommandRegistrar reg(60, [](CLI::App& root) {
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "calibrate",
      "Fit the single-synapse circuit model (window thresholds, tau_mem, tau_syn, DAC gain per sign, per-spike drive, "
      "resting level, latencies, start-up) to a recording; writes the parameters as JSON and prints the fit quality");
  cmd->add_option("--recording", args->recordings,
                  "recording folder (or its manifest .json); repeat it for several recordings of the same circuit fitted "
                  "as one (e.g. the protocol started at other counter codes; the first sets timing and start-up)")
      ->required();
  cmd->add_option("--out", args->out, "parameter file to write (JSON)")->required();
  cmd->add_option("--grid-us", args->grid_us, "uniform fit grid step in microseconds")
      ->check(CLI::Range(0.1, 100.0))
      ->capture_default_str();
  cmd->add_flag("--no-dac-table", args->no_dac_table, "never use the per-code DAC table (rule 4b)");
  cmd->add_flag("--no-second-pole", args->no_second_pole, "never use the second synaptic pole (rule 4c; see docs/replay.md)");
  cmd->add_flag("--json", args->json, "print the parameters as JSON instead of the text summary");
  cmd->callback([args] { run(*args); });
});

}  // namespace
