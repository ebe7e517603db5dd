#include "behavioral/predrawn_noise.h"

namespace ebn::behavioral {

void PredrawnNoise::draw(RunRng& rng, int neurons, long rows) {
  const auto& normal = standard_normal();
  neurons_ = neurons;
  rows_ = rows;
  codes_.resize(static_cast<std::size_t>(rows) * neurons);
  slow_.clear();
  start_ = rng;
  for (long r = 0; r < rows; ++r)  // one fill per row, as the trial
    normal.fill_codes(rng, codes_.data() + r * neurons, neurons, slow_);
  end_ = rng;
  valid_ = true;
}

void PredrawnNoise::rewind(RunRng& rng, long used) const {
  const auto& normal = standard_normal();
  rng = start_;
  for (long r = 0; r < used; ++r) normal.skip(rng, neurons_);
}

}  // namespace ebn::behavioral
