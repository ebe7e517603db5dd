#include "ebn/child_process.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <stdexcept>

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

}  // namespace ebn
