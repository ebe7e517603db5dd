#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "ebn/errors.h"
#include "ebn/sweep_grid.h"

namespace fs = std::filesystem;

namespace ebn {

namespace {
std::string write_grid(const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("ebn_grid_" + std::to_string(::getpid()) + ".json");
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST(SweepGrid, CartesianProductLastAxisFastest) {
  SweepGrid g = load_sweep_grid(write_grid(R"({"fixed": {"experiment": {"passes": 3}},
     "axes": [{"key": "learning.weight_bits", "values": [3, 4]},
              {"key": "experiment.seed", "values": [1, 2, 3]}]})"));
  const auto jobs = g.jobs();
  ASSERT_EQ(jobs.size(), 6u);
  EXPECT_EQ(jobs[0].id, "job_00000");
  EXPECT_EQ(jobs[1].config["experiment"]["seed"], 2);
  EXPECT_EQ(jobs[1].config["learning"]["weight_bits"], 3);
  EXPECT_EQ(jobs[3].config["learning"]["weight_bits"], 4);
  EXPECT_EQ(jobs[3].config["experiment"]["passes"], 3);
  std::set<std::string> prints;
  for (const auto& j : jobs) prints.insert(j.fingerprint);
  EXPECT_EQ(prints.size(), 6u);
}

TEST(SweepGrid, ShardsPartitionTheJobsExactly) {
  for (int n = 1; n <= 5; ++n) {
    std::vector<int> owner(23, -1);
    for (int i = 0; i < n; ++i) {
      const Shard s = parse_shard(std::to_string(i) + "/" + std::to_string(n));
      for (int j = 0; j < 23; ++j)
        if (s.contains(j)) {
          EXPECT_EQ(owner[j], -1);
          owner[j] = i;
        }
    }
    for (int o : owner) EXPECT_GE(o, 0);
  }
}

TEST(SweepGrid, BadShardAndBadGridAreInputErrors) {
  EXPECT_THROW(parse_shard("3/3"), InputError);
  EXPECT_THROW(parse_shard("1/0"), InputError);
  EXPECT_THROW(parse_shard("a/b"), InputError);
  EXPECT_THROW(load_sweep_grid(write_grid(R"({"axes": []})")), InputError);
  EXPECT_THROW(load_sweep_grid(write_grid(R"({"axes": [{"key": "a", "values": [1]}], "axess": 1})")), InputError);
}

TEST(SweepGrid, DottedKeys) {
  Json j = Json::object();
  set_dotted(j, "chip.dac.sigma", 0.2);
  EXPECT_EQ(get_dotted(j, "chip.dac.sigma"), 0.2);
  EXPECT_TRUE(get_dotted(j, "chip.missing").is_null());
}

}  // namespace ebn
