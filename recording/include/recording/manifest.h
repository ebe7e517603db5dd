#pragma once
// Where the five signals of a recording live. Either a manifest (JSON, see sim_data/README.md)
//
//   { "format": "ebn-recording/1",
//     "signals": { "input":   {"file": "Sim1_INPUT.csv"},
//                  "i_mem":   {"file": "Sim1_I_mem.csv", "unit": "A"},
//                  "inc":     {"file": "Sim1_INC.csv"},
//                  "sl":      {"file": "Sim1_SL.csv"},
//                  "counter": {"file": "Sim1_BitValue.csv", "column": 1, "scale": 1.0} } }
//
// Other formats (file_format.h) name the signal inside the file:
//   "i_mem": {"file": "tran.raw", "format": "ngspice-raw", "signal": "i(vmeas)"}
//   "i_mem": {"file": "data.csv", "signal": "Imem_nA", "time_signal": "t_ms", "time_unit": "ms",
//             "unit": "nA", "delimiter": ";"}
//
// or, without a manifest, discovery by file-name suffix in the folder: *_INPUT.csv, *_I_mem.csv,
// *_INC.csv, *_SL.csv, *_BitValue.csv (any prefix, exactly one match each).
#include <array>
#include <string>

#include "recording/file_format.h"
#include "recording/spectre_csv.h"

namespace recording {

// The project's names of the recorded signals, in a fixed order.
enum class SignalId { Input = 0, IMem = 1, Inc = 2, Sl = 3, Counter = 4 };
constexpr int kSignalCount = 5;
const char* key_of(SignalId id);          // manifest key: input, i_mem, inc, sl, counter
const char* default_suffix(SignalId id);  // file-name suffix used without a manifest

struct SignalSource {
  std::string file;     // absolute or relative to the current directory after resolution
  CsvColumns columns;   // columns and scale (file unit -> SI); CSV: names, separator, time unit
  std::string unit;     // unit of the file values as written in the manifest ("" = SI default)
  FileFormat format = FileFormat::Detect;  // manifest "format" (default: detected from the file)
  std::string signal;   // name of the signal in the file (raw vector, PSF trace, CSV column header)
};

struct Manifest {
  std::string origin;  // manifest path, or "<dir> (by file-name suffix)"
  std::array<SignalSource, kSignalCount> sources;
  const SignalSource& operator[](SignalId id) const { return sources[static_cast<int>(id)]; }
};

constexpr const char* kManifestFileName = "manifest.json";

// `path` is a recording folder (uses DIR/manifest.json if present, else suffixes) or a manifest
// file. Throws ebn::InputError naming the folder/manifest and the missing or ambiguous signal.
Manifest resolve_manifest(const std::string& path);

// Parse a manifest file (strict: unknown keys are errors naming the key path).
Manifest read_manifest(const std::string& manifest_path);

}  // namespace recording
