#include "recording/signal_reader.h"

#include "ebn/errors.h"
#include "recording/ngspice_raw.h"
#include "recording/psf_ascii.h"
#include "recording/spectre_csv.h"

namespace recording {

const SignalTable& SignalFileCache::table(const std::string& path, FileFormat format) {
  auto& slot = tables_[path];
  if (!slot)
    slot = std::make_shared<SignalTable>(format == FileFormat::NgspiceRaw ? load_ngspice_raw(path) : load_psf_ascii(path));
  return *slot;
}

SignalTrace read_signal(const SignalSource& source, SignalFileCache& cache) {
  const FileFormat format = source.format == FileFormat::Detect ? detect_format(source.file) : source.format;
  if (format == FileFormat::Csv) return load_spectre_csv(source.file, source.columns);
  const SignalTable& table = cache.table(source.file, format);
  if (source.signal.empty()) {
    std::string known;
    for (const auto& n : table.names) known += (known.empty() ? "" : ", ") + n;
    throw ebn::file_error(source.file, 0, std::string(format_name(format)) +
                                              " file: the manifest must name the signal (\"signal\"; the file has: " +
                                              known + ")");
  }
  return table.trace(source.signal, source.columns.scale);
}

}  // namespace recording
