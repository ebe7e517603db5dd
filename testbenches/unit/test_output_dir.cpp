#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ebn/errors.h"
#include "ebn/output_dir.h"

namespace fs = std::filesystem;

namespace ebn {

namespace {
fs::path fresh(const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("ebn_outdir_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::string s;
  std::getline(in, s);
  return s;
}
long entries(const fs::path& dir) { return std::distance(fs::directory_iterator(dir), fs::directory_iterator()); }
}  // namespace

TEST(OutputDir, NothingAppearsWithoutCommit) {
  const fs::path base = fresh("commit");
  const fs::path dir = base / "sub" / "result";
  {
    OutputDir out(dir.string());
    out.write_text("a.txt", "hello");
    EXPECT_FALSE(fs::exists(dir));
  }  // abandoned: temporary folder and the parents it created are removed
  EXPECT_FALSE(fs::exists(base));
  {
    OutputDir out(dir.string());
    out.write_text("a.txt", "hello");
    out.commit();
  }
  EXPECT_EQ(slurp(dir / "a.txt"), "hello");
  EXPECT_EQ(entries(dir / ".."), 1);  // no temporary folder left beside the result
  fs::remove_all(base);
}

TEST(OutputDir, EarlierResultIsReplacedAsAWhole) {
  const fs::path dir = fresh("replace");
  {
    OutputDir out(dir.string());
    out.write_text("old.txt", "old");
    out.commit();
  }
  {
    OutputDir out(dir.string());
    out.write_text("new.txt", "new");
    out.commit();
  }
  EXPECT_FALSE(fs::exists(dir / "old.txt"));  // never merged
  EXPECT_EQ(slurp(dir / "new.txt"), "new");
  fs::remove_all(dir);
}

TEST(OutputDir, ForeignFolderIsRefusedUntouched) {
  const fs::path dir = fresh("foreign");
  fs::create_directories(dir);
  std::ofstream(dir / "precious.txt") << "keep";
  EXPECT_THROW(OutputDir(dir.string()), InputError);
  EXPECT_EQ(slurp(dir / "precious.txt"), "keep");
  EXPECT_EQ(entries(dir), 1);
  for (const auto& e : fs::directory_iterator(dir.parent_path()))  // no stray temporary folder
    EXPECT_EQ(e.path().filename().string().find(".partial-" + std::to_string(::getpid())), std::string::npos);
  fs::remove_all(dir);
}

TEST(OutputDir, StaleTemporaryFolderOfKilledRunIsRemoved) {
  const fs::path base = fresh("stale");
  fs::create_directories(base / ".partial-999999999-result");  // no such pid
  {
    OutputDir out((base / "result").string());
    out.commit();
  }
  EXPECT_FALSE(fs::exists(base / ".partial-999999999-result"));
  fs::remove_all(base);
}

TEST(OutputDir, UnwritablePathFailsUpFront) {
  EXPECT_THROW(OutputDir("/proc/ebn_cannot_write_here"), InputError);
}

TEST(AtomicFile, RefusesNonRegularTargets) {
  const fs::path base = fresh("atomic");
  fs::create_directories(base / "adir");
  ASSERT_EQ(::mkfifo((base / "fifo").c_str(), 0644), 0);
  EXPECT_THROW(write_file_atomically((base / "adir").string(), "x"), InputError);
  EXPECT_THROW(write_file_atomically((base / "fifo").string(), "x"), InputError);
  EXPECT_THROW(write_file_atomically((base / "missing" / "f.json").string(), "x"), InputError);
  EXPECT_TRUE(fs::is_fifo(base / "fifo"));
  EXPECT_EQ(entries(base), 2);
  write_file_atomically((base / "f.json").string(), "{}");
  EXPECT_EQ(slurp(base / "f.json"), "{}");
  EXPECT_EQ(entries(base), 3);
  fs::remove_all(base);
}

TEST(AtomicFile, NothingAppearsWithoutCommit) {
  const fs::path base = fresh("atomic2");
  fs::create_directories(base);
  {
    AtomicFile f((base / "t.vcd").string());
    std::ofstream(f.temp_path()) << "partial";
  }
  EXPECT_EQ(entries(base), 0);
  fs::remove_all(base);
}

}  // namespace ebn
