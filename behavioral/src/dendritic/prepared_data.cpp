#include "behavioral/dendritic/prepared_data.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "ebn/config_reader.h"
#include "ebn/errors.h"

namespace ebn::dendritic {

namespace {
constexpr const char* kHint = " (re-run scripts/prepare_dendritic_data.py)";

struct RawCache {
  Json manifest;
  std::vector<float> values;
};

RawCache read_cache(const std::string& dir, const std::string& kind, const std::string& format) {
  const std::string manifest_path = dir + "/" + kind + ".json";
  std::ifstream probe(manifest_path);
  if (!probe) throw InputError(manifest_path + ": prepared data missing" + kHint);
  probe.close();
  RawCache c;
  c.manifest = load_json_file(manifest_path);
  if (!c.manifest.is_object() || c.manifest.value("format", "") != format)
    throw InputError(manifest_path + ": format: expected '" + format + "'" + kHint);
  const std::string data_path = dir + "/" + c.manifest.value("data_file", kind + ".f32");
  std::ifstream in(data_path, std::ios::binary);
  if (!in) throw InputError(data_path + ": cannot open prepared data" + kHint);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto expected = c.manifest.value("data_bytes", static_cast<std::size_t>(0));
  if (bytes.size() != expected || bytes.size() % 4 != 0)
    throw InputError(data_path + ": " + std::to_string(bytes.size()) + " bytes, manifest says " + std::to_string(expected) + kHint);
  char crc_text[16];
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
  std::snprintf(crc_text, sizeof crc_text, "%08lx", static_cast<unsigned long>(crc));
  if (c.manifest.value("data_crc32", "") != crc_text)
    throw InputError(data_path + ": CRC-32 " + crc_text + " differs from the manifest's " + c.manifest.value("data_crc32", "?") + kHint);
  c.values.resize(bytes.size() / 4);
  std::memcpy(c.values.data(), bytes.data(), bytes.size());  // little-endian float32 (x86/ARM hosts)
  return c;
}
}  // namespace

SceneImages load_scene_cache(const std::string& dir) {
  const RawCache c = read_cache(dir, "scenes", "ebn-dendritic-scenes-1");
  SceneImages s;
  s.fingerprint = c.manifest.value("fingerprint", "");
  const std::string where = dir + "/scenes.json";
  if (!c.manifest.contains("images") || !c.manifest["images"].is_array() || c.manifest["images"].empty())
    throw InputError(where + ": images: expected a non-empty list" + kHint);
  for (const auto& m : c.manifest["images"]) {
    const long side = m.value("side", 0L), offset = m.value("offset", -1L);
    if (side < 16 || offset < 0 || static_cast<std::size_t>(offset + side * side) > c.values.size())
      throw InputError(where + ": image '" + m.value("name", "?") + "': side/offset outside the data file" + kHint);
    Eigen::MatrixXd img(side, side);
    for (long r = 0; r < side; ++r)
      for (long col = 0; col < side; ++col) img(r, col) = c.values[static_cast<std::size_t>(offset + r * side + col)];
    s.images.push_back(std::move(img));
    s.names.push_back(m.value("name", ""));
  }
  return s;
}

Cochleogram load_speech_cache(const std::string& dir) {
  const RawCache c = read_cache(dir, "speech", "ebn-dendritic-speech-1");
  Cochleogram s;
  const std::string where = dir + "/speech.json";
  s.fingerprint = c.manifest.value("fingerprint", "");
  const long channels = c.manifest.value("channels", 0L), samples = c.manifest.value("samples", 0L);
  if (channels < 1 || samples < 100 || static_cast<std::size_t>(channels * samples) != c.values.size())
    throw InputError(where + ": channels x samples does not match the data file" + kHint);
  s.sample_ms = c.manifest.value("sample_ms", 5.0);
  s.centre_frequencies_hz = c.manifest.value("centre_frequencies_hz", std::vector<double>{});
  s.data.resize(channels, samples);
  for (long r = 0; r < channels; ++r)
    for (long t = 0; t < samples; ++t) s.data(r, t) = c.values[static_cast<std::size_t>(r * samples + t)];
  return s;
}

}  // namespace ebn::dendritic
