#include "ebn/child_process.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "ebn/errors.h"

namespace ebn {

namespace {
// One status byte ('O' ok, 'I' input error, 'E' other error) then the payload.
void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}
}  // namespace

void die_with_parent(int parent_pid) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between fork() and prctl(): then we were re-parented already.
  if (::getppid() != parent_pid) ::_exit(1);
}

std::string run_in_child(const std::function<std::string()>& work) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("run_in_child: pipe failed");
  std::fflush(nullptr);  // otherwise buffered output would be printed twice
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("run_in_child: fork failed");
  if (pid == 0) {
    die_with_parent(parent);
    ::close(fds[0]);
    std::string message;
    char status = 'O';
    try {
      message = work();
    } catch (const InputError& e) {
      status = 'I';
      message = e.what();
    } catch (const std::exception& e) {
      status = 'E';
      message = e.what();
    } catch (...) {
      status = 'E';
      message = "unknown exception";
    }
    write_all(fds[1], std::string(1, status) + message);
    ::close(fds[1]);
    std::fflush(nullptr);
    ::_exit(status == 'O' ? 0 : 1);  // never return into the parent's code path
  }
  ::close(fds[1]);
  std::string out;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  if (out.empty()) {
    throw std::runtime_error("child process died without a result (signal " +
                             std::to_string(WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0) + ")");
  }
  const char status = out[0];
  out.erase(0, 1);
  if (status == 'I') throw InputError(out);
  if (status != 'O') throw std::runtime_error(out);
  return out;
}

LoggedRunResult run_logged(const LoggedRun& run) {
  LoggedRunResult r;
  if (run.argv.empty()) throw std::logic_error("run_logged: no program");
  std::fflush(nullptr);  // otherwise buffered output would be printed twice
  const pid_t parent = ::getpid();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    r.exit_code = kRunNotStarted;
    return r;
  }
  if (pid == 0) {
    die_with_parent(parent);
    ::setpgid(0, 0);
    if (!std::freopen(run.log.c_str(), "w", stdout)) ::_exit(kRunNotStarted);
    ::dup2(::fileno(stdout), ::fileno(stderr));
    if (!run.cwd.empty() && ::chdir(run.cwd.c_str()) != 0) {
      std::perror(run.cwd.c_str());
      ::_exit(kRunNotStarted);
    }
    if (!run.path_env.empty()) ::setenv("PATH", run.path_env.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : run.argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::perror(args[0]);
    ::_exit(kRunNotStarted);
  }
  int status = 0;
  struct rusage usage {};
  bool timed_out = false;
  if (run.timeout_s <= 0) {
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
  } else {
    const auto limit = start + std::chrono::seconds(run.timeout_s);
    pid_t done = 0;
    while ((done = ::wait4(pid, &status, WNOHANG, &usage)) == 0 || (done < 0 && errno == EINTR)) {
      if (std::chrono::steady_clock::now() > limit) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);  // in case it had not reached setpgid yet
        while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
        }
        timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
            1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  r.max_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  r.exit_code = timed_out ? kRunTimedOut : WIFEXITED(status) ? WEXITSTATUS(status) : kRunKilled;
  return r;
}

std::string find_on_path(const std::string& name, const char* path) {
  if (!path) path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace ebn
