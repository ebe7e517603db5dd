#pragma once
// Test helper: a temporary folder holding a small hand-written recording (five Spectre-style
// CSV files), so loader tests can corrupt one file at a time.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace ebn::test {

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("ebn_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(file(name), std::ios::binary) << content;
  }

 private:
  std::string path_;
};

// A valid five-signal recording: 3 pulses, I_mem around 9 nA (in A), prefix "T".
inline void write_valid_recording(const TempDir& d, const std::string& prefix = "T") {
  d.write(prefix + "_INPUT.csv",
          "/net010 X,/net010 Y\n0,0\n0.001,0\n0.00101,1.8\n0.002,1.8\n0.00201,0\n0.006,0\n0.00601,1.8\n"
          "0.007,1.8\n0.00701,0\n0.011,0\n0.01101,1.8\n0.012,1.8\n0.01201,0\n0.015,0\n");
  d.write(prefix + "_I_mem.csv", "/M2/D X,/M2/D Y\n0,9e-09\n0.005,9.1e-09\n0.01,9.05e-09\n0.015,9.02e-09\n");
  d.write(prefix + "_INC.csv", "/I0/net1 X,/I0/net1 Y\n0,0\n0.005,0\n0.01,0\n0.015,0\n");
  d.write(prefix + "_SL.csv", "/I0/net2 X,/I0/net2 Y\n0,1.8\n0.005,1.8\n0.01,1.8\n0.015,1.8\n");
  d.write(prefix + "_BitValue.csv", "BitValue X,BitValue Y\n0,0\n0.005,0\n0.01,0\n0.015,0\n");
}

}  // namespace ebn::test
