// The shared sweep runner (common sweep_grid.h) that `ebn dendritic sweep` runs on: sharding,
// resume by fingerprint, the grid record that pins a folder to one grid.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "ebn/errors.h"
#include "ebn/output_dir.h"
#include "ebn/sweep_grid.h"

namespace fs = std::filesystem;

namespace {
ebn::SweepGrid grid_of(std::vector<ebn::Json> values) {
  ebn::SweepGrid g;
  g.source = "test";
  g.fixed["dendritic"]["quick"] = true;
  g.axes.push_back({"dendritic.seed", std::move(values)});
  g.axes.push_back({"dendritic.rule", {"analytic", "somatic"}});
  return g;
}
}  // namespace

TEST(DendriticSweepRunner, ShardsCoverEveryJobOnceAndResume) {
  const fs::path dir = fs::temp_directory_path() / "ebn_test_dendritic_sweep_runner";
  fs::remove_all(dir);
  const ebn::SweepGrid grid = grid_of({1, 2, 3});
  std::multiset<int> ran;
  const auto job = [&](const ebn::SweepJob& j) {
    ran.insert(j.index);
    return ebn::Json{{"test_loss", 0.1 * j.index}, {"seed_seen", ebn::get_dotted(j.config, "dendritic.seed")}};
  };
  for (int i = 0; i < 3; ++i) {
    const auto stats = ebn::run_sweep_shard(grid, {i, 3}, dir.string(), job);
    EXPECT_EQ(stats.mine, 2);
    EXPECT_EQ(stats.ran, 2);
  }
  EXPECT_EQ(ran, (std::multiset<int>{0, 1, 2, 3, 4, 5}));
  const auto again = ebn::run_sweep_shard(grid, {0, 1}, dir.string(), job);  // all done: nothing runs
  EXPECT_EQ(again.ran, 0);
  EXPECT_EQ(again.skipped, 6);
  std::vector<std::string> missing;
  const auto results = ebn::gather_sweep_results(grid, dir.string(), &missing);
  ASSERT_EQ(results.size(), 6u);
  EXPECT_TRUE(missing.empty());
  EXPECT_EQ(results[3]["point"]["dendritic.seed"], 2);  // job 3 = seed 2, somatic (last axis fastest)
  EXPECT_EQ(results[3]["seed_seen"], 2);
  EXPECT_EQ(results[3]["point"]["dendritic.rule"], "somatic");
  // A job file with a stale fingerprint is run again.
  ebn::Json stale = results[1];
  stale["fingerprint"] = "0000";
  ebn::write_file_atomically(ebn::sweep_job_path(dir.string(), "job_00001"), stale.dump());
  EXPECT_EQ(ebn::run_sweep_shard(grid, {0, 1}, dir.string(), job).ran, 1);
  // Another grid in the same folder is refused, not mixed.
  EXPECT_THROW(ebn::run_sweep_shard(grid_of({7}), {0, 1}, dir.string(), job), ebn::InputError);
  fs::remove_all(dir);
}
