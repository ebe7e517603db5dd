#include "network_agreement.h"

#include <algorithm>
#include <cstdlib>

namespace ebn::app {

namespace {

using Lines = std::vector<std::vector<NetworkLatch>>;  // latches per presynaptic index, in time order

Lines by_line(const NetworkRecord& r) {
  Lines l(static_cast<std::size_t>(r.inputs + r.neurons));
  for (const auto& x : r.latches) l.at(static_cast<std::size_t>(x.k)).push_back(x);
  return l;
}

struct DecisionTally {
  long equal = 0, total = 0, input_equal = 0, input_total = 0, unpaired_a = 0, unpaired_b = 0;
};

// Pairs the latches of line k of both runs in time order (input pulses: the same instants;
// spikes: within `tol`); unpaired latches count as disagreeing for every neuron.
void tally_line(const std::vector<NetworkLatch>& a, const std::vector<NetworkLatch>& b, int inputs, int P, int k,
                double tol, DecisionTally& t) {
  const long per = P - inputs - (k >= inputs ? 1 : 0);  // neurons that decide at a pulse of k
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && std::abs(a[i].t - b[j].t) <= tol) {
      for (int n = inputs; n < P; ++n) {
        if (n == k) continue;
        const bool eq = a[i].d[static_cast<std::size_t>(n)] == b[j].d[static_cast<std::size_t>(n)];
        t.equal += eq;
        ++t.total;
        if (k < inputs) t.input_equal += eq, ++t.input_total;
      }
      ++i, ++j;
    } else if (j >= b.size() || (i < a.size() && a[i].t < b[j].t)) {
      t.total += per, ++t.unpaired_a, ++i;
      if (k < inputs) t.input_total += per;
    } else {
      t.total += per, ++t.unpaired_b, ++j;
      if (k < inputs) t.input_total += per;
    }
  }
}

double share_of(long part, long whole) { return whole ? static_cast<double>(part) / static_cast<double>(whole) : 1.0; }

}  // namespace

NetworkRecord level5_record(const Json& net) {
  NetworkRecord r;
  r.inputs = net.at("inputs").get<int>();
  r.neurons = net.at("neurons").get<int>();
  r.duration_s = net.at("duration_s").get<double>();
  for (const auto& e : net.at("spikes")) r.spikes.emplace_back(e[0].get<double>(), e[1].get<int>());
  const double half_edge = net.at("edge_s").get<double>() / 2;
  for (const auto& d : net.at("decisions")) r.latches.push_back({d[0].get<double>() + half_edge, d[1].get<int>(), d[2].get<std::string>()});
  r.counters_initial = net.at("counters_initial").get<std::vector<int>>();
  r.counters_final = net.at("counters_final").get<std::vector<int>>();
  return r;
}

Json network_agreement(const NetworkRecord& a, const NetworkRecord& b, const std::string& name_a,
                       const std::string& name_b) {
  const int inputs = a.inputs, P = a.inputs + a.neurons;
  // Spike counts.
  std::vector<int> sa(static_cast<std::size_t>(P), 0), sb(static_cast<std::size_t>(P), 0);
  for (const auto& e : a.spikes) ++sa.at(static_cast<std::size_t>(e.second));
  for (const auto& e : b.spikes) ++sb.at(static_cast<std::size_t>(e.second));
  Json spikes = Json::array();
  bool spikes_ok = true;
  int tot_a = 0, tot_b = 0;
  for (int n = inputs; n < P; ++n) {
    const int x = sa[static_cast<std::size_t>(n)], y = sb[static_cast<std::size_t>(n)];
    const bool ok = std::abs(x - y) <= kNetworkSpikeTolerance * x;
    spikes_ok = spikes_ok && ok;
    tot_a += x, tot_b += y;
    spikes.push_back({{"neuron", n}, {name_a, x}, {name_b, y}, {"within_10_percent", ok}});
  }
  // Decisions, line by line.
  const Lines la = by_line(a), lb = by_line(b);
  DecisionTally t;
  const double tol = 1e-3;  // spikes of the two runs closer than this are the same spike
  for (int k = 0; k < P; ++k)
    tally_line(la[static_cast<std::size_t>(k)], lb[static_cast<std::size_t>(k)], inputs, P, k, k < inputs ? 1e-9 : tol, t);
  // The same before the first spike of either run: only input pulses, the same instants, so every
  // decision there compares the two runs' resting levels, drives and windows as they are, before
  // any spike phase or learning history can differ (docs/spice.md "Network").
  double first_spike = a.duration_s;
  for (const auto& e : a.spikes) first_spike = std::min(first_spike, e.first);
  for (const auto& e : b.spikes) first_spike = std::min(first_spike, e.first);
  DecisionTally t0;
  auto before = [first_spike](const std::vector<NetworkLatch>& v) {
    std::vector<NetworkLatch> o;
    for (const auto& l : v)
      if (l.t < first_spike) o.push_back(l);
    return o;
  };
  for (int k = 0; k < inputs; ++k)
    tally_line(before(la[static_cast<std::size_t>(k)]), before(lb[static_cast<std::size_t>(k)]), inputs, P, k, 1e-9, t0);
  // Diagnostic beside the pairwise figure: INC / SL / DEC counts per neuron over all latches.
  Json counts = Json::array();
  for (int n = inputs; n < P; ++n) {
    auto count = [n](const Lines& ls) {
      std::vector<int> c(3, 0);
      for (const auto& line : ls)
        for (const auto& l : line) {
          if (l.k == n) continue;
          const char x = l.d[static_cast<std::size_t>(n)];
          ++c[x == 'I' ? 0 : x == 'S' ? 1 : 2];
        }
      return c;
    };
    counts.push_back({{"neuron", n}, {name_a + "_inc_sl_dec", count(la)}, {name_b + "_inc_sl_dec", count(lb)}});
  }
  const double share = share_of(t.equal, t.total);
  // Final counters of the synapses (neuron rows, k != n).
  int close = 0, synapses = 0, exact = 0;
  Json counters = Json::array();
  for (int n = inputs; n < P; ++n)
    for (int k = 0; k < P; ++k) {
      if (k == n) continue;
      const auto i = static_cast<std::size_t>(n * P + k);
      const int x = a.counters_final.at(i), y = b.counters_final.at(i);
      ++synapses;
      close += std::abs(x - y) <= 1;
      exact += x == y;
      counters.push_back({{"n", n}, {"k", k}, {"initial", a.counters_initial.at(i)}, {name_a, x}, {name_b, y}});
    }
  const double counter_share = share_of(close, synapses);
  Json j;
  j["spikes"] = spikes;
  j["spikes_total"] = {{name_a, tot_a}, {name_b, tot_b}};
  j["decisions"] = {{"agreeing", t.equal},
                    {"total", t.total},
                    {"share", share},
                    {"at_input_pulses", {{"agreeing", t.input_equal}, {"total", t.input_total}}},
                    {"unpaired_pulses_" + name_a, t.unpaired_a},
                    {"unpaired_pulses_" + name_b, t.unpaired_b},
                    {"before_first_spike", {{"agreeing", t0.equal}, {"total", t0.total}, {"until_s", first_spike}}}};
  j["decision_counts"] = counts;
  j["counters"] = counters;
  j["counters_within_1_lsb"] = {{"synapses", synapses}, {"within", close}, {"exact", exact}, {"share", counter_share}};
  j["agree_decisions"] = share >= kNetworkDecisionShare;
  j["agree_spikes"] = spikes_ok;
  j["agree_counters"] = counter_share >= kNetworkCounterShare;
  j["agree"] = share >= kNetworkDecisionShare && spikes_ok && counter_share >= kNetworkCounterShare;
  return j;
}

}  // namespace ebn::app
