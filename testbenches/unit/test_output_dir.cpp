#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ebn/errors.h"
#include "ebn/output_dir.h"

namespace fs = std::filesystem;

namespace ebn {

TEST(OutputDir, NothingAppearsWithoutCommit) {
  const fs::path dir = fs::temp_directory_path() / ("ebn_outdir_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    OutputDir out(dir.string());
    out.write_text("a.txt", "hello");
    EXPECT_FALSE(fs::exists(dir / "a.txt"));
  }  // abandoned: staging removed
  EXPECT_TRUE(fs::is_empty(dir));
  {
    OutputDir out(dir.string());
    out.write_text("a.txt", "hello");
    out.commit();
  }
  std::ifstream in(dir / "a.txt");
  std::string s;
  in >> s;
  EXPECT_EQ(s, "hello");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(OutputDir, UnwritablePathFailsUpFront) {
  EXPECT_THROW(OutputDir("/proc/ebn_cannot_write_here"), InputError);
}

}  // namespace ebn
