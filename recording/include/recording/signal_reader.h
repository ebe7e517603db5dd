#pragma once
// The one reader interface: a manifest entry (file, format, signal name or column, units) in,
// a SignalTrace in SI units out, whatever the file format. load_recording() reads all five
// signals through it, so every format meets the same checks afterwards. A file holding several
// signals (ngspice raw, PSF, a wide CSV) is parsed once per recording (SignalFileCache).
#include <map>
#include <memory>
#include <string>

#include "recording/manifest.h"
#include "recording/signal_table.h"

namespace recording {

class SignalFileCache {
 public:
  const SignalTable& table(const std::string& path, FileFormat format);

 private:
  std::map<std::string, std::shared_ptr<SignalTable>> tables_;
};

SignalTrace read_signal(const SignalSource& source, SignalFileCache& cache);

}  // namespace recording
