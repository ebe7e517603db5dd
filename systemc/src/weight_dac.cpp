#include "chip/weight_dac.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "ebn/hw_encoding.h"

namespace chip {

double dac_nominal(const DacParams& p, int code) {
  // A branch sinks or sources, never reverses: a negative offset (a transistor DAC whose low codes
  // barely drive the synapse, docs/spice.md "Network") gives 0 where the line is below zero.
  if (code > 0) return std::max(0.0, p.c0p_A + p.c1p_A * code);
  if (code < 0) return -std::max(0.0, p.c0n_A + p.c1n_A * -code);
  return 0.0;
}

std::vector<double> portable_normals(std::uint64_t seed, std::size_t count) {
  std::mt19937_64 rng(seed);
  // 53-bit uniform in (0, 1]: never 0, so log() is finite.
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53; };
  std::vector<double> z;
  z.reserve(count + 1);
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  while (z.size() < count) {
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double phi = kTwoPi * uniform();
    z.push_back(r * std::cos(phi));
    z.push_back(r * std::sin(phi));
  }
  z.resize(count);
  return z;
}

WeightDac::WeightDac(int neurons, int bits, const DacParams& params)
    : n_(neurons), bits_(bits), p_(params) {
  if (neurons < 1) throw std::invalid_argument("WeightDac: neurons must be >= 1");
  const auto size = static_cast<std::size_t>(neurons) * neurons;
  codes_.assign(size, 0);
  current_.assign(size, 0.0);
  gain_pos_.assign(size, 1.0);
  gain_neg_.assign(size, 1.0);
  if (p_.mismatch_sigma > 0.0) {
    const std::vector<double> z = portable_normals(p_.mismatch_seed, 2 * size);
    std::size_t next = 0;
    for (int n = 0; n < n_; ++n)
      for (int k = 0; k < n_; ++k) {
        gain_pos_[idx(n, k)] = std::max(0.0, 1.0 + p_.mismatch_sigma * z[next++]);
        gain_neg_[idx(n, k)] = std::max(0.0, 1.0 + p_.mismatch_sigma * z[next++]);
      }
  }
  if (!p_.gain_scale_per_synapse.empty()) {
    if (p_.gain_scale_per_synapse.size() != size)
      throw std::invalid_argument("WeightDac: gain_scale_per_synapse needs neurons x neurons entries");
    for (int n = 0; n < n_; ++n)
      for (int k = 0; k < n_; ++k) {
        const double s = p_.gain_scale_per_synapse[static_cast<std::size_t>(n) * n_ + k];
        gain_pos_[idx(n, k)] *= s;
        gain_neg_[idx(n, k)] *= s;
      }
  }
  for (int k = 0; k < n_; ++k)
    for (int n = 0; n < n_; ++n) update_current(n, k);
}

bool WeightDac::set_code(int n, int k, int code) {
  if (code < ebn::hw::counter_min(bits_) || code > ebn::hw::counter_max(bits_))
    throw std::out_of_range("WeightDac: counter value " + std::to_string(code) + " outside the " +
                            std::to_string(bits_) + "-bit range at W[" + std::to_string(n) + "][" + std::to_string(k) + "]");
  int& c = codes_[idx(n, k)];
  if (c == code) return false;
  c = code;
  update_current(n, k);
  return true;
}

void WeightDac::update_current(int n, int k) {
  const std::size_t i = idx(n, k);
  if (n == k) {
    current_[i] = 0.0;
    return;
  }
  const int b = codes_[i];
  const double branch = b > 0 ? gain_pos_[i] * dac_nominal(p_, b) : (b < 0 ? gain_neg_[i] * dac_nominal(p_, b) : 0.0);
  current_[i] = branch + p_.w0_A;
}

std::string WeightDac::mismatch_csv() const {
  std::string out = "n,k,gain_pos,gain_neg\n";
  char line[128];
  for (int n = 0; n < n_; ++n)
    for (int k = 0; k < n_; ++k) {
      std::snprintf(line, sizeof line, "%d,%d,%.17g,%.17g\n", n, k, gain_pos(n, k), gain_neg(n, k));
      out += line;
    }
  return out;
}

ebn::Json WeightDac::mismatch_json() const {
  ebn::Json j;
  j["seed"] = p_.mismatch_seed;
  j["sigma"] = p_.mismatch_sigma;
  j["draw_order"] = "for n, for k: z_pos, z_neg; gain = max(0, 1 + sigma*z); Box-Muller on mt19937_64";
  ebn::Json pos = ebn::Json::array(), neg = ebn::Json::array();
  for (int n = 0; n < n_; ++n) {
    ebn::Json rp = ebn::Json::array(), rn = ebn::Json::array();
    for (int k = 0; k < n_; ++k) {
      rp.push_back(gain_pos(n, k));
      rn.push_back(gain_neg(n, k));
    }
    pos.push_back(rp);
    neg.push_back(rn);
  }
  j["gain_pos"] = pos;
  j["gain_neg"] = neg;
  return j;
}

}  // namespace chip
