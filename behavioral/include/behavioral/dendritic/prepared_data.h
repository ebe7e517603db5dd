#pragma once
// Readers for the cached outputs of scripts/prepare_dendritic_data.py (spec §5 stand-ins):
//   CACHE/scenes.json + scenes.f32   whitened grey photographs (row-major float32, one per image)
//   CACHE/speech.json + speech.f32   25 x T cochleogram (row-major float32, one column = 5 ms)
// The manifest names the size and CRC-32 of the data file; a missing, truncated or altered cache
// is an InputError naming the file (re-run the preparation script).
#include <Eigen/Dense>
#include <string>
#include <vector>

namespace ebn::dendritic {

struct SceneImages {
  std::vector<Eigen::MatrixXd> images;  // whitened, square
  std::vector<std::string> names;
  std::string fingerprint;              // recipe fingerprint of the preparation
};

struct Cochleogram {
  Eigen::MatrixXd data;                 // channels x samples
  std::vector<double> centre_frequencies_hz;
  double sample_ms = 5.0;
  std::string fingerprint;
};

SceneImages load_scene_cache(const std::string& cache_dir);
Cochleogram load_speech_cache(const std::string& cache_dir);

}  // namespace ebn::dendritic
