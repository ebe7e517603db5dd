#pragma once
// Design-space sweeps as lists of independent jobs (ARCHITECTURE "Beyond one machine").
//
// A grid file (JSON) names a base config, fixed overrides and axes:
//   { "base_config": "figure1.json",            (optional, relative to the grid file)
//     "fixed": { "experiment": { "passes": 11 } },
//     "axes": [ { "key": "learning.weight_bits", "values": [3, 4, 5] },
//               { "key": "experiment.seed",      "values": [1, 2, 3] } ],
//     "reliable": { "metric": "final.distance_to_optimal", "max": 0.2, "group_by": "learning.weight_bits" } }
// Job j is the j-th point of the cartesian product (last axis fastest); shard i/N runs the jobs
// with j % N == i, so results never depend on how the grid is sharded. Each job writes its own
// result file; a finished job is skipped on re-run, so a killed shard resumes where it stopped.
#include <functional>
#include <string>
#include <vector>

#include "ebn/config_reader.h"

namespace ebn {

struct SweepAxis {
  std::string key;  // dotted config path, e.g. "chip.mismatch_sigma"
  std::vector<Json> values;
};

struct SweepJob {
  int index = 0;
  std::string id;         // "job_00017"
  Json point;             // {"chip.mismatch_sigma": 0.1, ...}
  Json config;            // base config + fixed + point, ready to run
  std::string fingerprint;  // hash of `config`: detects a changed grid on resume
};

struct SweepGrid {
  std::string source;
  Json base_config = Json::object();
  Json fixed = Json::object();
  std::vector<SweepAxis> axes;
  Json reliable = Json::object();
  std::vector<SweepJob> jobs() const;
};

struct Shard {
  int index = 0;
  int count = 1;
  bool contains(int job_index) const { return job_index % count == index; }
};

constexpr int kMaxShards = 1000000;
constexpr std::size_t kMaxSweepJobs = 1000000;  // a grid larger than this is refused up front

SweepGrid load_sweep_grid(const std::string& path);
// Parses "i/N" (0 <= i < N); throws InputError naming the option.
Shard parse_shard(const std::string& text);
// Sets a dotted key ("a.b.c") inside a JSON object, creating intermediate objects.
void set_dotted(Json& object, const std::string& dotted_key, const Json& value);
// Reads a dotted key; returns null when absent.
Json get_dotted(const Json& object, const std::string& dotted_key);

// The area axis' answer (`ebn sweep-merge`, apps/sweep_area.h): among `designs` (objects with a
// boolean "reliable", a number "area" and "flip_flops", e.g. the rows of the merged area table)
// the one with the smallest area among those that learn reliably; equal areas go to fewer
// flip-flops, then to the earlier row. Null when no design is reliable. Throws InputError for a
// row without those keys.
Json cheapest_reliable_design(const Json& designs);

// ---------------------------------------------------------------- running a shard
// The shared runner: every sweep command (`ebn dendritic sweep`, ...) runs its jobs through it,
// so all sweeps shard, resume and pin their folder the same way.
//   DIR/grid.json       the grid record (axes, job ids, points, fingerprints); a folder holding
//                       another grid's record is refused (InputError), never mixed
//   DIR/jobs/<id>.json  one result per job, written atomically; a job whose file holds its
//                       fingerprint is done and skipped (a killed shard resumes)
// `run_job` returns the job's result object; the runner adds "id", "index", "point" and
// "fingerprint" before writing it.
using SweepJobRunner = std::function<Json(const SweepJob& job)>;
struct SweepShardStats {
  int mine = 0;     // jobs of this shard
  int ran = 0;      // run now
  int skipped = 0;  // already done
};
Json sweep_grid_record(const SweepGrid& grid);
std::string sweep_job_path(const std::string& out_dir, const std::string& job_id);
SweepShardStats run_sweep_shard(const SweepGrid& grid, const Shard& shard, const std::string& out_dir,
                                const SweepJobRunner& run_job,
                                const std::function<void(const std::string&)>& progress = {});
// The finished results of the grid's jobs (fingerprint matching), in job order; ids without a
// finished result go to `missing` when given.
std::vector<Json> gather_sweep_results(const SweepGrid& grid, const std::string& out_dir,
                                       std::vector<std::string>* missing = nullptr);

}  // namespace ebn
