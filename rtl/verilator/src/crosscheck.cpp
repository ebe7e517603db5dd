#include "ebn_rtl/crosscheck.h"

#include <array>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "ebn/hw_encoding.h"

namespace ebn::rtl {

namespace {

constexpr std::int64_t kMaxEvents = 4'000'000'000LL;

// The random stimulus. Drawn from one mt19937_64 so a seed reproduces the stream bit for bit.
class Stimulus {
 public:
  Stimulus(std::uint64_t seed, int neurons, int bits) : rng_(seed), neurons_(neurons), bits_(bits) {}

  int index() { return static_cast<int>(rng_() % static_cast<std::uint64_t>(neurons_)); }
  bool chance(unsigned per_mille) { return rng_() % 1000 < per_mille; }

  // A counter value biased towards the edges: at saturation, one step inside it, beyond it (the
  // write port must clamp), or anywhere in the range.
  int weight() {
    const int lo = hw::counter_min(bits_);
    const int hi = hw::counter_max(bits_);
    switch (rng_() % 10) {
      case 0: return lo;
      case 1: return hi;
      case 2: return lo + 1;
      case 3: return hi - 1;
      case 4: return (rng_() & 1) ? hi + 1 + static_cast<int>(rng_() % 40000) : lo - 1 - static_cast<int>(rng_() % 40000);
      default: return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
    }
  }

  // A decision vector: uniform, or pushing the column towards one end so that long runs reach
  // saturation at every width.
  void decisions(std::vector<Decision>& out) {
    const unsigned mode = static_cast<unsigned>(rng_() % 10);  // 0-5 uniform, 6-7 mostly Inc, 8-9 mostly Dec
    for (Decision& d : out) {
      const unsigned r = static_cast<unsigned>(rng_() % 10);
      if (mode < 6) d = r < 3 ? Decision::Inc : (r < 6 ? Decision::Dec : Decision::Hold);
      else if (mode < 8) d = r < 8 ? Decision::Inc : (r < 9 ? Decision::Dec : Decision::Hold);
      else d = r < 8 ? Decision::Dec : (r < 9 ? Decision::Inc : Decision::Hold);
    }
  }

 private:
  std::mt19937_64 rng_;
  int neurons_;
  int bits_;
};

const char* decision_name(Decision d) { return d == Decision::Inc ? "Inc" : (d == Decision::Dec ? "Dec" : "Hold"); }

}  // namespace

void validate(const CrosscheckOptions& o) {
  if (o.events < 1 || o.events > kMaxEvents)
    throw std::invalid_argument("--events must be in [1, " + std::to_string(kMaxEvents) + "], got " + std::to_string(o.events));
  if (o.neurons < 1 || o.neurons > kNeuronsMax)
    throw std::invalid_argument("--neurons must be in [1, " + std::to_string(kNeuronsMax) +
                                "] (the RTL is built for " + std::to_string(kNeuronsMax) + "), got " + std::to_string(o.neurons));
  if (o.bits < hw::kMinWeightBits || o.bits > kBitsMax)
    throw std::invalid_argument("--bits must be in [" + std::to_string(hw::kMinWeightBits) + ", " +
                                std::to_string(kBitsMax) + "], got " + std::to_string(o.bits));
  if (o.inject != Mutation::None && o.style != UpdateStyle::Parallel)
    throw std::invalid_argument("--inject-bug needs --style parallel");
}

CrosscheckResult run_crosscheck(const CrosscheckOptions& o, const std::function<void(std::int64_t)>& progress) {
  validate(o);
  const int N = o.neurons;
  ReferenceController ref(N, o.bits);
  auto rtl = CcController::create(N, o.bits, o.style, o.inject);
  Stimulus stim(o.seed, N, o.bits);
  CrosscheckResult result;

  // Expected DAC image, column-major like the RTL; counters outside the N x N network stay 0.
  std::array<std::int16_t, kNeuronsMax * kNeuronsMax> expected{};
  std::vector<Decision> decisions(N);
  std::int64_t event = -1;  // index of the event just applied; -1: initial programming
  int event_k = 0;
  bool event_enabled = true;

  // Compares every counter of the DAC lines with the reference; records the first difference.
  auto compare_all = [&]() -> bool {
    const std::int16_t* got = rtl->dac_counters();
    for (int k = 0; k < N; ++k)
      for (int n = 0; n < N; ++n) expected[k * kNeuronsMax + n] = static_cast<std::int16_t>(ref.read_weight(n, k));
    for (int i = 0; i < kNeuronsMax * kNeuronsMax; ++i) {
      if (got[i] == expected[i]) continue;
      const int k = i / kNeuronsMax;
      const int n = i % kNeuronsMax;
      std::ostringstream s;
      s << "MISMATCH after ";
      if (event < 0) s << "programming the initial weights";
      else s << "event " << event << " (spike from k=" << event_k << (event_enabled ? "" : ", learning disabled") << ")";
      s << ": counter W[n=" << n << "][k=" << k << "] C++ reference=" << expected[i] << " RTL=" << got[i];
      if (n >= N || k >= N) s << " (outside the " << N << "-neuron network, must stay 0)";
      else if (event >= 0) s << " (decision of n: " << decision_name(decisions[n]) << ")";
      int differing = 0;
      for (int j = 0; j < kNeuronsMax * kNeuronsMax; ++j) differing += got[j] != expected[j];
      s << "; " << differing << " counter(s) differ";
      result.mismatch = s.str();
      return false;
    }
    return true;
  };

  auto write_both = [&](int n, int k, int value) {
    ref.write_weight(n, k, value);
    rtl->write_weight(n, k, value);
    ++result.writes;
  };

  // Initial weights, the diagonal included (programmed, never stepped).
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k) write_both(n, k, stim.weight());
  if (!compare_all()) return result;

  const int lo = hw::counter_min(o.bits);
  const int hi = hw::counter_max(o.bits);
  for (std::int64_t e = 0; e < o.events; ++e) {
    if (stim.chance(5)) {  // re-program one counter mid-stream (0.5 % of events)
      const int n = stim.index();
      const int k = stim.index();
      write_both(n, k, stim.weight());
    }
    const bool enabled = !stim.chance(20);  // 2 % of events with learning disabled
    ref.set_learning_enabled(enabled);
    rtl->set_learning_enabled(enabled);
    result.disabled_events += !enabled;
    const int k = stim.index();
    stim.decisions(decisions);
    if (enabled) {
      for (int n = 0; n < N; ++n) {
        if (n == k) continue;
        const int w = ref.read_weight(n, k);
        result.held_at_max += decisions[n] == Decision::Inc && w == hi;
        result.held_at_min += decisions[n] == Decision::Dec && w == lo;
        result.steps += hw::step_counter(w, decisions[n], o.bits) != w;
      }
    }
    ref.on_spike(k, decisions);
    rtl->on_spike(k, decisions);
    event = e;
    event_k = k;
    event_enabled = enabled;
    if (!compare_all()) return result;
    result.events_checked = e + 1;
    if (progress && ((e + 1) & 0xFFFF) == 0) progress(e + 1);
  }

  // Finally the register read port must agree with the DAC lines for every counter.
  for (int n = 0; n < N; ++n)
    for (int k = 0; k < N; ++k)
      if (rtl->read_weight(n, k) != ref.read_weight(n, k)) {
        result.mismatch = "MISMATCH on the read port at the end: W[n=" + std::to_string(n) + "][k=" + std::to_string(k) +
                          "] C++ reference=" + std::to_string(ref.read_weight(n, k)) +
                          " RTL read port=" + std::to_string(rtl->read_weight(n, k));
        return result;
      }
  result.rtl_cycles = rtl->cycles();
  result.matched = true;
  return result;
}

std::string summary(const CrosscheckOptions& o, const CrosscheckResult& r) {
  if (!r.matched) return r.mismatch;
  std::ostringstream s;
  s << "matched " << r.events_checked << " events (neurons " << o.neurons << ", bits " << o.bits << ", seed " << o.seed
    << ", style " << name_of(o.style) << "; " << r.steps << " steps, " << r.held_at_max << " held at +max, "
    << r.held_at_min << " held at -min, " << r.writes << " writes, " << r.disabled_events
    << " events with learning disabled, " << r.rtl_cycles << " RTL cycles)";
  return s.str();
}

}  // namespace ebn::rtl
