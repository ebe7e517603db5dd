// Helper of `ebn dendritic scenes|speech` (no subcommand of its own): the data preparation step.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "dendritic_data.h"
#include "ebn/errors.h"
#include "ebn/progress.h"

namespace ebn::app {

namespace {
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string dendritic_prepare_script() {
  if (const char* env = std::getenv("EBN_PREPARE_DENDRITIC_SCRIPT")) return env;
  return std::string(EBN_SCRIPTS_DIR) + "/prepare_dendritic_data.py";
}

void ensure_dendritic_data(const dendritic::DendriticConfig& c) {
  std::string args;
  if (c.experiment == dendritic::Experiment::Scenes)
    args = "scenes --out " + shell_quote(c.scenes.cache_dir) + " --skimage-dir " + shell_quote(c.scenes.source_dir);
  else if (c.experiment == dendritic::Experiment::Speech)
    args = "speech --out " + shell_quote(c.speech.cache_dir) + " --espeak " + shell_quote(c.speech.espeak);
  else
    return;
  const std::string script = dendritic_prepare_script();
  if (!std::filesystem::exists(script)) throw InputError(script + ": data preparation script not found");
  const std::string command = "/usr/bin/python3 " + shell_quote(script) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw InputError("cannot start the data preparation: " + command);
  std::string output, last_line;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  for (std::size_t end = output.size(); end > 0;) {  // last non-empty line = the script's message
    std::size_t begin = output.rfind('\n', end - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    if (end > begin && output.substr(begin, end - begin).find_first_not_of(" \n") != std::string::npos) {
      last_line = output.substr(begin, end - begin);
      if (!last_line.empty() && last_line.back() == '\n') last_line.pop_back();
      break;
    }
    end = begin > 0 ? begin - 1 : 0;
  }
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw InputError(last_line.empty() ? "data preparation failed: " + command : last_line);
  progress("dendritic data: " + last_line);
}

}  // namespace ebn::app
