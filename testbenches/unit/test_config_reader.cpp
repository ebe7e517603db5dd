#include <gtest/gtest.h>

#include "ebn/config_reader.h"
#include "ebn/errors.h"

namespace ebn {

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(ConfigReader, ReadsValuesAndDefaults) {
  ConfigReader r(Json::parse(R"({"net": {"tau_mem_s": 0.05, "n": 20}})"), "cfg.json");
  ConfigReader net = r.section("net");
  EXPECT_DOUBLE_EQ(net.number("tau_mem_s", 1.0, 0.0, 10.0, true), 0.05);
  EXPECT_EQ(net.integer("n", 1, 1, 100), 20);
  EXPECT_EQ(net.integer("missing", 7, 1, 100), 7);
  EXPECT_NO_THROW(net.finish());
  EXPECT_NO_THROW(r.finish());
}

TEST(ConfigReader, UnknownKeyIsNamed) {
  ConfigReader r(Json::parse(R"({"net": {"tau_mem_s": 0.05, "tua_syn_s": 1}})"), "cfg.json");
  ConfigReader net = r.section("net");
  net.number("tau_mem_s", 1.0, 0.0, 10.0);
  EXPECT_EQ(error_of([&] { net.finish(); }), "cfg.json: net.tua_syn_s: unknown key");
}

TEST(ConfigReader, OutOfRangeAndWrongTypeAreNamed) {
  ConfigReader r(Json::parse(R"({"tau_mem_s": -1, "bits": 1.5, "rule": "foo"})"), "c.json");
  EXPECT_NE(error_of([&] { r.number("tau_mem_s", 1, 0, 1, true); }).find("c.json: tau_mem_s: value -1 out of range (0, 1]"), std::string::npos);
  EXPECT_EQ(error_of([&] { r.integer("bits", 8, 2, 16); }), "c.json: bits: must be an integer");
  EXPECT_NE(error_of([&] { r.choice("rule", "a", {"a", "b"}); }).find("unknown value 'foo'"), std::string::npos);
}

TEST(ConfigReader, MergeOverlaysNestedKeys) {
  Json base = Json::parse(R"({"a": {"x": 1, "y": 2}, "b": 3})");
  merge_json(base, Json::parse(R"({"a": {"y": 5}})"));
  EXPECT_EQ(base["a"]["x"], 1);
  EXPECT_EQ(base["a"]["y"], 5);
  EXPECT_EQ(base["b"], 3);
}

}  // namespace ebn
