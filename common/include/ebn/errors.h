#pragma once
// Errors a user can fix (bad config, bad recording, unwritable output, full disk). The CLI prints
// the message as one line and exits with kExitUsage; anything else is a bug: kExitInternal.
#include <stdexcept>
#include <string>

namespace ebn {

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;  // a cross-check or acceptance check failed
constexpr int kExitUsage = 2;        // bad input: config, recording, parameters, output path, full disk
constexpr int kExitInfrastructure = 3;  // `ebn verify`: a check could not run (crash, missing program, I/O)
constexpr int kExitInternal = 4;     // an internal error: a bug in ebn, never the user's input

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

// "file:line: message" (line 0 = whole file).
InputError file_error(const std::string& path, long line, const std::string& message);

}  // namespace ebn
