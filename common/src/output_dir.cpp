#include "ebn/output_dir.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "ebn/errors.h"

namespace fs = std::filesystem;

namespace ebn {

namespace {
void write_or_throw(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError(path + ": cannot write output file");
  out << content;
  out.close();
  if (!out) throw InputError(path + ": write failed (disk full?)");
}
}  // namespace

OutputDir::OutputDir(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) throw InputError(dir_ + ": cannot create output directory" + (ec ? " (" + ec.message() + ")" : ""));
  staging_ = (fs::path(dir_) / (".partial-" + std::to_string(::getpid()))).string();
  fs::create_directories(staging_, ec);
  if (ec) throw InputError(dir_ + ": output directory is not writable (" + ec.message() + ")");
  write_or_throw((fs::path(staging_) / ".probe").string(), "");
  fs::remove(fs::path(staging_) / ".probe", ec);
}

OutputDir::~OutputDir() {
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
}

std::string OutputDir::staged_path(const std::string& name) const { return (fs::path(staging_) / name).string(); }
std::string OutputDir::final_path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

void OutputDir::write_text(const std::string& name, const std::string& content) {
  write_or_throw(staged_path(name), content);
}

void OutputDir::commit() {
  if (committed_) return;
  for (const auto& entry : fs::directory_iterator(staging_)) {
    std::error_code ec;
    const fs::path target = fs::path(dir_) / entry.path().filename();
    fs::rename(entry.path(), target, ec);
    if (ec) throw InputError(target.string() + ": cannot move result into place (" + ec.message() + ")");
  }
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  write_or_throw(tmp, content);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(path + ": cannot write output file");
  }
}

}  // namespace ebn
