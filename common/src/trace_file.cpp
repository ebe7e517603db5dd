#include "ebn/trace_file.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "ebn/errors.h"

extern char** environ;

namespace ebn {

namespace fs = std::filesystem;

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

long long file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<long long>(n);
}
}  // namespace

const char* trace_format_name(TraceFormat f) { return f == TraceFormat::Vcd ? "vcd" : "fst"; }
const char* trace_extension(TraceFormat f) { return f == TraceFormat::Vcd ? ".vcd" : ".fst"; }

TraceFormat resolve_trace_format(const std::string& option, const std::string& path) {
  const bool vcd_name = ends_with(path, ".vcd"), fst_name = ends_with(path, ".fst");
  if (option.empty()) return vcd_name ? TraceFormat::Vcd : TraceFormat::Fst;
  if (option != "vcd" && option != "fst") throw InputError("--trace-format: '" + option + "' (allowed: vcd, fst)");
  const TraceFormat f = option == "vcd" ? TraceFormat::Vcd : TraceFormat::Fst;
  if ((f == TraceFormat::Vcd && fst_name) || (f == TraceFormat::Fst && vcd_name))
    throw InputError(path + ": file name says " + (vcd_name ? "VCD" : "FST") + " but --trace-format is " + option);
  return f;
}

std::string with_trace_extension(const std::string& path, TraceFormat f) {
  std::string base = path;
  if (ends_with(base, ".vcd") || ends_with(base, ".fst")) base.resize(base.size() - 4);
  return base + trace_extension(f);
}

nlohmann::json TraceInfo::to_json() const {
  return {{"file", file},          {"format", trace_format_name(format)}, {"origin_s", origin_s},
          {"duration_s", duration_s}, {"bytes", bytes},                  {"vcd_bytes", vcd_bytes},
          {"time_axis", "time 0 of the file = origin_s of the simulation"}};
}

void convert_vcd_to_fst(const std::string& vcd, const std::string& fst) {
  // -Z: zlib blocks (smallest files; GTKWave reads every packing).
  std::vector<std::string> args = {"vcd2fst", "-Z", vcd, fst};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);  // its chatter
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "vcd2fst", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw InputError(fst + ": cannot run vcd2fst (install the Debian package gtkwave, or use --trace-format vcd)");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || file_size_or_zero(fst) == 0)
    throw InputError(fst + ": vcd2fst failed converting " + vcd);
}

TraceInfo finish_trace(const std::string& raw_vcd, AtomicFile& dest, TraceFormat format, const VcdWindow& window,
                       const std::string& note) {
  const std::string windowed = format == TraceFormat::Vcd ? dest.temp_path() : dest.temp_path() + ".window.vcd";
  std::error_code ec;
  TraceInfo info;
  try {
    check_written_file(raw_vcd);  // a trace cut short by a full disk is never windowed
    const VcdWindowResult r = window_vcd(raw_vcd, windowed, window, note);
    info.origin_s = static_cast<double>(r.start_tick) * r.timescale_s;
    info.duration_s = static_cast<double>(r.end_tick) * r.timescale_s;
    info.vcd_bytes = file_size_or_zero(windowed);
    if (format == TraceFormat::Fst) {
      convert_vcd_to_fst(windowed, dest.temp_path());
      fs::remove(windowed, ec);
    }
    dest.commit();
  } catch (...) {
    if (format == TraceFormat::Fst) fs::remove(windowed, ec);
    fs::remove(raw_vcd, ec);
    throw;
  }
  fs::remove(raw_vcd, ec);
  info.file = dest.path();
  info.format = format;
  info.bytes = file_size_or_zero(dest.path());
  return info;
}

}  // namespace ebn
