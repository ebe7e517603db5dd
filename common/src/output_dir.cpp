#include "ebn/output_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "ebn/errors.h"

namespace fs = std::filesystem;

namespace ebn {

namespace {

constexpr const char* kMarker = ".ebn-output";
constexpr const char* kPartial = ".partial-";  // + pid + "-" + target name

std::string errno_text(int e) { return std::strerror(e); }

// Writes `content` to `path` (created or truncated) with checked POSIX writes.
void write_checked(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError(path + ": cannot write output file (" + errno_text(errno) + ")");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(path.c_str());
      throw InputError(path + ": write failed (" + errno_text(e) + ")");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const int e = errno;
    ::unlink(path.c_str());
    throw InputError(path + ": write failed (" + errno_text(e) + ")");
  }
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// Temporary name beside the target: ".partial-<pid>-NAME" (ends with NAME, so its extension is
// kept for writers that append one, e.g. SystemC's ".vcd").
std::string partial_name(const std::string& name) { return std::string(kPartial) + std::to_string(::getpid()) + "-" + name; }

// Removes DIR/.partial-<pid>-NAME* left by killed runs (their pid no longer exists).
void remove_stale_partials(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string f = e.path().filename().string();
    if (f.compare(0, std::strlen(kPartial), kPartial) != 0) continue;
    const char* digits = f.c_str() + std::strlen(kPartial);
    char* end = nullptr;
    const long pid = std::strtol(digits, &end, 10);
    if (end == digits || *end != '-' || std::string(end + 1).compare(0, name.size(), name) != 0) continue;
    if (process_alive(pid)) continue;
    std::error_code rm;
    fs::remove_all(e.path(), rm);
  }
}

bool is_empty_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_empty(p, ec) && !ec;
}

bool replaceable_result_dir(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p / kMarker, ec) || is_empty_dir(p);
}

// Absolute, normalised, without a trailing slash: the parent/name split must be exact.
fs::path normalised(const std::string& path) {
  fs::path p = fs::absolute(path).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

}  // namespace

// ------------------------------------------------------------------------------------ OutputDir

OutputDir::OutputDir(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) throw InputError("output folder: empty path");
  const fs::path target = normalised(dir_);
  if (target == target.root_path() || target.filename() == "..")
    throw InputError(dir_ + ": not usable as a result folder");
  struct stat st;
  if (::lstat(target.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw InputError(dir_ + ": exists and is not a folder; refusing to replace it (choose another output folder)");
    if (!replaceable_result_dir(target))
      throw InputError(dir_ + ": exists and is not an ebn result folder (no " + kMarker +
                       "); refusing to replace it (choose another output folder or remove it)");
  }
  // Create missing parents, remembering the outermost one so a failed run can remove it again.
  const fs::path parent = target.parent_path();
  fs::path outermost;
  for (fs::path p = parent; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p, ec)) break;
    outermost = p;
  }
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    throw InputError(dir_ + ": cannot create the parent folder " + parent.string() + (ec ? " (" + ec.message() + ")" : ""));
  created_parent_ = outermost.string();
  remove_stale_partials(parent, target.filename().string());
  staging_ = (parent / partial_name(target.filename().string())).string();
  fs::remove_all(staging_, ec);
  if (::mkdir(staging_.c_str(), 0755) != 0) {
    const int e = errno;
    staging_.clear();
    discard();  // remove the parents created above
    throw InputError(dir_ + ": cannot create the result folder (" + errno_text(e) + ")");
  }
  try {
    write_checked((fs::path(staging_) / kMarker).string(), "ebn result folder (replaced as a whole by the next run)\n");
  } catch (const InputError& e) {
    discard();
    throw InputError(dir_ + ": result folder is not writable (" + e.what() + ")");
  }
}

OutputDir::~OutputDir() { discard(); }

void OutputDir::discard() {
  if (committed_) return;
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
  staging_.clear();
  if (!created_parent_.empty()) {
    // Remove the parents this run created, innermost first, only while they are empty.
    const fs::path stop = fs::path(created_parent_).parent_path();
    for (fs::path p = normalised(dir_).parent_path(); !p.empty() && p != stop && p != p.root_path(); p = p.parent_path())
      if (!fs::remove(p, ec)) break;
    created_parent_.clear();
  }
}

std::string OutputDir::staged_path(const std::string& name) const { return (fs::path(staging_) / name).string(); }
std::string OutputDir::final_path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

void OutputDir::write_text(const std::string& name, const std::string& content) {
  write_checked(staged_path(name), content);
}

void OutputDir::commit() {
  if (committed_) return;
  // Files written by other writers (VCD tracers, child processes) are checked here.
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(staging_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) check_written_file(it->path().string());
  const fs::path target = normalised(dir_);
  struct stat st;
  if (::lstat(target.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode) || !replaceable_result_dir(target))
      throw InputError(dir_ + ": appeared during the run and is not an ebn result folder; results not moved into place");
    // One atomic swap: readers see the old folder or the new one, never a mix.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      fs::remove_all(staging_, ec);  // now holds the previous result
    } else {
      // File systems without RENAME_EXCHANGE: move the old folder aside, then rename.
      const std::string old = staging_ + ".old";
      if (::rename(target.c_str(), old.c_str()) != 0 || ::rename(staging_.c_str(), target.c_str()) != 0)
        throw InputError(dir_ + ": cannot move the result folder into place (" + errno_text(errno) + ")");
      fs::remove_all(old, ec);
    }
  } else if (::rename(staging_.c_str(), target.c_str()) != 0) {
    throw InputError(dir_ + ": cannot move the result folder into place (" + errno_text(errno) + ")");
  }
  committed_ = true;
}

// ------------------------------------------------------------------------------------ AtomicFile

void check_output_file_target(const std::string& path, const std::string& what) {
  if (path.empty()) throw InputError(what + ": empty path");
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    const char* kind = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISFIFO(st.st_mode) ? "a FIFO"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) ? "a device node"
                                                                      : "not a regular file";
    throw InputError(path + ": " + what + " is " + kind + "; refusing to write it (give a file path)");
  }
  const fs::path parent = fs::absolute(path).parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw InputError(path + ": " + what + ": folder " + parent.string() + " does not exist");
}

void check_written_file(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": was not written (" + errno_text(errno) + ")");
  // A writer that does not check its writes (SystemC tracing) leaves a truncated file when the
  // disk fills or the file-size limit is reached: detect both.
  struct statvfs vfs;
  if (::statvfs(path.c_str(), &vfs) == 0 && vfs.f_bavail == 0 && vfs.f_blocks > 0)
    throw InputError(path + ": no space left on the device while writing (file is incomplete)");
  struct rlimit lim;
  if (::getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
      static_cast<rlim_t>(st.st_size) >= lim.rlim_cur)
    throw InputError(path + ": file-size limit reached while writing (file is incomplete)");
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  check_output_file_target(path_);
  const fs::path p = fs::absolute(path_);
  const std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") throw InputError(path_ + ": not a file name");
  remove_stale_partials(p.parent_path(), name);
  temp_ = (p.parent_path() / partial_name(name)).string();
  // Probe now: an unwritable folder fails before the work, not after it.
  write_checked(temp_, "");
}

AtomicFile::~AtomicFile() {
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFile::write(const std::string& content) { write_checked(temp_, content); }

void AtomicFile::commit() {
  if (committed_) return;
  try {
    check_written_file(temp_);
    check_output_file_target(path_);  // a FIFO/device created during the run is still refused
  } catch (const InputError& e) {
    ::unlink(temp_.c_str());
    throw InputError(path_ + ": not written: " + e.what());
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp_.c_str());
    throw InputError(path_ + ": cannot move the file into place (" + errno_text(e) + ")");
  }
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.write(content);
  f.commit();
}

}  // namespace ebn
