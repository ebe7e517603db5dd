#include "spice_sibling.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "ebn/errors.h"

namespace ebn::app {

namespace {
constexpr const char* kSibling = "ebn-spice";

std::vector<char*> argv_of(const std::string& path, std::vector<std::string>& args) {
  args.insert(args.begin(), path);
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  return argv;
}
}  // namespace

std::string spice_sibling_path() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the ebn executable: " + ec.message());
  const auto path = self.parent_path() / kSibling;
  if (::access(path.c_str(), X_OK) != 0)
    throw InputError(std::string("level 5 needs the program ") + kSibling + " beside ebn (" + path.string() +
                     "); build the CMake target " + kSibling);
  return path.string();
}

void exec_spice_sibling(const std::vector<std::string>& args) {
  const std::string path = spice_sibling_path();
  auto a = args;
  auto argv = argv_of(path, a);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(path.c_str(), argv.data());
  throw std::runtime_error("cannot run " + path + ": " + std::strerror(errno));
}

int run_spice_sibling(const std::vector<std::string>& args, std::string& output) {
  const std::string path = spice_sibling_path();
  std::string cmd = "'" + path + "'";
  for (const auto& s : args) {
    std::string q;
    for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    cmd += " '" + q + "'";
  }
  cmd += " 2>&1";
  std::fflush(stdout);
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot start " + path);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  const int st = ::pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

}  // namespace ebn::app
