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

// The cheapest design that learns reliably, on a small synthetic merged area table.
TEST(SweepGrid, CheapestReliableDesignIsTheSmallestReliableArea) {
  const auto row = [](int bits, const char* style, bool reliable, double area, int ffs) {
    return Json{{"bits", bits}, {"style", style}, {"reliable", reliable}, {"area", area}, {"flip_flops", ffs}};
  };
  Json designs = Json::array({row(3, "parallel", false, 68688, 1200), row(3, "serial", false, 60000, 1251),
                              row(4, "parallel", true, 90808, 1600), row(4, "serial", true, 80000, 1651),
                              row(5, "parallel", true, 113048, 2000), row(5, "serial", true, 79000, 2051)});
  // The unreliable, smaller designs (B = 3) are passed over; the smallest reliable area wins
  // even when it has more bits (B = 5 serial, 79000 < 80000).
  Json best = cheapest_reliable_design(designs);
  EXPECT_EQ(best["bits"], 5);
  EXPECT_EQ(best["style"], "serial");
  // Equal areas: fewer flip-flops, then the earlier row.
  designs.push_back(row(6, "serial", true, 79000, 1900));
  EXPECT_EQ(cheapest_reliable_design(designs)["bits"], 6);
  designs.push_back(row(7, "serial", true, 79000, 1900));
  EXPECT_EQ(cheapest_reliable_design(designs)["bits"], 6);
  // Nothing reliable: null, never a guess.
  EXPECT_TRUE(cheapest_reliable_design(Json::array({row(3, "parallel", false, 1, 1)})).is_null());
  EXPECT_TRUE(cheapest_reliable_design(Json::array()).is_null());
  // A row without an area is an error naming the row.
  EXPECT_THROW(cheapest_reliable_design(Json::array({Json{{"reliable", true}}})), InputError);
}

}  // namespace ebn
