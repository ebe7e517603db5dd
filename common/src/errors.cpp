#include "ebn/errors.h"

namespace ebn {

InputError file_error(const std::string& path, long line, const std::string& message) {
  if (line > 0) return InputError(path + ":" + std::to_string(line) + ": " + message);
  return InputError(path + ": " + message);
}

}  // namespace ebn
