// Level-5 network building blocks without a transient: the Figure-1-style input pulse trains
// (seeded, minimum interval, rate follows the signal), the generated network netlist (every
// synapse present, read back by read_deck in both DAC modes, mismatch reaches every device, one
// reset reference per neuron) and the bad shapes refused with one message.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ebn/errors.h"
#include "spice/netlist_deck.h"
#include "spice/network_cut.h"
#include "spice/network_input.h"
#include "spice/network_netlist.h"
#include "spice/network_run.h"
#include "spice/synapse_run.h"

namespace fs = std::filesystem;

namespace {

spice::NetworkShape shape(int neurons, int inputs) {
  spice::NetworkShape s;
  s.neurons = neurons;
  s.inputs = inputs;
  return s;
}

// The generated netlist of network `s`, written to <tmp>/ebn_spice_<tag>_<pid>/net.cir.
fs::path write_network_netlist(const spice::NetworkShape& s, const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("ebn_spice_" + tag + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path cir = dir / "net.cir";
  std::ofstream(cir) << spice::network_netlist(s, spice::NetworkDesign{}, EBN_SPICE_MODELS);
  return cir;
}

TEST(SpiceNetworkInput, SeededMinimumIntervalAndRate) {
  spice::NetworkInputParams p;
  const auto a = spice::make_network_input(2, 0.5, p);
  const auto b = spice::make_network_input(2, 0.5, p);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].t_s, b[i].t_s);
    EXPECT_EQ(a[i].channel, b[i].channel);
  }
  std::map<int, double> last;
  std::map<int, int> count;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i) {
      EXPECT_GE(a[i].t_s, a[i - 1].t_s);
    }
    EXPECT_GE(a[i].t_s, p.first_s);
    EXPECT_LE(a[i].t_s, 0.5);
    if (last.count(a[i].channel)) {
      EXPECT_GE(a[i].t_s - last[a[i].channel], p.min_interval_s - 1e-12);
    }
    last[a[i].channel] = a[i].t_s;
    ++count[a[i].channel];
  }
  // Mean rate 120 Hz over ~0.5 s: each channel near 60 pulses (the signal modulates the rate).
  for (int j = 0; j < 2; ++j) {
    EXPECT_GT(count[j], 30) << j;
    EXPECT_LT(count[j], 100) << j;
  }
  p.seed = 2;
  const auto c = spice::make_network_input(2, 0.5, p);
  bool differs = c.size() != a.size();
  for (std::size_t i = 0; !differs && i < a.size(); ++i) differs = a[i].t_s != c[i].t_s;
  EXPECT_TRUE(differs);
}

TEST(SpiceNetworkNetlist, EverySynapseAndBothDacModes) {
  const spice::NetworkShape s = shape(3, 2);
  const fs::path cir = write_network_netlist(s, "net");
  const fs::path dir = cir.parent_path();
  const auto deck = spice::read_deck(cir.string(), {});
  std::set<std::string> names;
  for (const auto& l : deck.lines)
    if (!l.text.empty()) names.insert(spice::to_lower(l.text.substr(0, l.text.find(' '))));
  for (int n = 2; n < 5; ++n) {
    EXPECT_TRUE(names.count("vimem" + std::to_string(n))) << n;
    EXPECT_TRUE(names.count("vreset" + std::to_string(n))) << n;
    for (int k = 0; k < 5; ++k) {
      const std::string syn = std::to_string(n) + "_" + std::to_string(k);
      EXPECT_EQ(names.count("vsgnp" + syn), k == n ? 0u : 1u) << syn;
      EXPECT_EQ(names.count("vbit" + syn + "_4"), k == n ? 0u : 1u) << syn;
    }
  }
  EXPECT_FALSE(names.count("iexc2"));
  spice::DeckOptions cpp;
  cpp.dac = "cpp";
  const auto dcpp = spice::read_deck(cir.string(), cpp);
  std::set<std::string> cn;
  for (const auto& l : dcpp.lines)
    if (!l.text.empty()) cn.insert(spice::to_lower(l.text.substr(0, l.text.find(' '))));
  EXPECT_TRUE(cn.count("iexc2") && cn.count("iinh4") && cn.count("vdacref"));
  EXPECT_FALSE(cn.count("vbit2_0_0"));
  // Mismatch reaches every MOSFET of the flat netlist: 12 synapses x 12 DAC devices + the rest.
  auto d = deck;
  const auto draw = spice::apply_mismatch(d, {}, "nch", "pch");
  EXPECT_EQ(draw.skipped_in_subckt, 0);
  EXPECT_GT(draw.devices.size(), 12u * 13u);
  fs::remove_all(dir);
}

// Each neuron's reset switch holds vmem at a reference of its own: the channel-connected nodes
// behind mrs<n> (through MOSFET drain/source, stopping at the rails and at vmem<n>) are disjoint
// between neurons and contain a diode that defines the level. A node shared between two neurons'
// reset paths lets one neuron's spike kick a neuron held in reset (docs/spice.md "Network").
TEST(SpiceNetworkNetlist, EveryNeuronHasItsOwnResetReference) {
  const spice::NetworkShape s = shape(4, 2);
  const fs::path cir = write_network_netlist(s, "rst");
  const auto deck = spice::read_deck(cir.string(), {});
  fs::remove_all(cir.parent_path());
  struct Mos {
    std::string name, d, g, src;
  };
  std::vector<Mos> mos;
  for (const auto& l : deck.lines) {
    std::istringstream in(spice::to_lower(l.text));
    Mos m;
    if (!(in >> m.name >> m.d >> m.g >> m.src) || m.name[0] != 'm') continue;
    mos.push_back(m);
  }
  std::vector<std::set<std::string>> paths;
  for (int n = s.inputs; n < s.presynaptic(); ++n) {
    const std::string N = std::to_string(n), vmem = "vmem" + N;
    const auto sw = std::find_if(mos.begin(), mos.end(), [&](const Mos& m) { return m.name == "mrs" + N; });
    ASSERT_NE(sw, mos.end()) << n;
    ASSERT_EQ(sw->d, vmem);
    std::set<std::string> nodes{sw->src};
    bool diode = false;
    for (bool grown = true; grown;) {
      grown = false;
      for (const auto& m : mos) {
        if (m.name == sw->name) continue;
        for (const auto& [a, b] : {std::pair{m.d, m.src}, std::pair{m.src, m.d}}) {
          if (!nodes.count(a)) continue;
          diode = diode || m.d == m.g;
          if (b != "0" && b != "vdd" && b != vmem && nodes.insert(b).second) grown = true;
        }
      }
    }
    EXPECT_TRUE(diode) << "neuron " << n << ": the reset reference has no diode";
    for (const auto& other : paths)
      for (const auto& node : nodes) EXPECT_FALSE(other.count(node)) << "neuron " << n << " shares reset node " << node;
    paths.push_back(nodes);
  }
}

TEST(SpiceNetworkNetlist, BadShapes) {
  spice::NetworkShape s;
  s.neurons = 7;
  EXPECT_THROW(spice::validate_shape(s), ebn::InputError);
  s.neurons = 1;
  EXPECT_THROW(spice::validate_shape(s), ebn::InputError);
  s.neurons = 3;
  s.inputs = 0;
  EXPECT_THROW(spice::validate_shape(s), ebn::InputError);
}

TEST(SpiceNetworkRun, InitialCountersSeededInRangeZeroDiagonal) {
  spice::NetworkShape s;
  spice::NetworkProtocol p;
  const auto w = spice::network_initial_counters(s, 6, p);
  EXPECT_EQ(w, spice::network_initial_counters(s, 6, p));
  const int P = s.presynaptic();
  for (int n = 0; n < P; ++n)
    for (int k = 0; k < P; ++k) {
      const int c = w[static_cast<std::size_t>(n * P + k)];
      if (n < s.inputs || n == k) EXPECT_EQ(c, 0);
      else if (k < s.inputs) EXPECT_TRUE(c >= p.input_code_min && c <= p.input_code_max);
      else EXPECT_TRUE(c >= -32 && c <= 31);
    }
}

}  // namespace

namespace {

// A synapse cut out of the network (spice/network_cut.h): the single-synapse interface in both
// DAC modes, only that neuron's and that synapse's devices, each with the network's own draw, and
// the probe variants.
TEST(SpiceNetworkCut, SameDevicesSameDrawsSingleSynapseInterface) {
  const spice::NetworkShape s = shape(3, 2);
  const fs::path net = write_network_netlist(s, "cut");
  const fs::path dir = net.parent_path();
  // The network's draw, as a network run stores it (device -> delvto).
  auto full = spice::read_deck(net.string(), {});
  const auto draw = spice::apply_mismatch(full, {}, "nch", "pch");
  std::map<std::string, double> delvto;
  for (std::size_t i = 0; i < draw.devices.size(); ++i) delvto[spice::to_lower(draw.devices[i])] = draw.delvto_V[i];
  auto cut_deck = [&](spice::CutVariant v, const std::string& dac) {
    const fs::path cir = dir / "cut.cir";
    std::ofstream(cir) << spice::synapse_cut_netlist(s, spice::NetworkDesign{}, EBN_SPICE_MODELS, 3, 0, delvto, v);
    spice::DeckOptions o;
    o.dac = dac;
    return spice::read_deck(cir.string(), o);
  };
  const auto tr = cut_deck(spice::CutVariant::Window, "transistor");
  EXPECT_EQ(spice::discover_synapse_interface(tr).magnitude_bits, 5);
  EXPECT_FALSE(spice::discover_synapse_interface(tr).cpp_dac);
  EXPECT_TRUE(spice::discover_synapse_interface(cut_deck(spice::CutVariant::Window, "cpp")).cpp_dac);
  // Every MOSFET of the cut is a device of the network with the network's delvto for it, written
  // as the network run wrote it; nothing of neurons 2 and 4 or of neuron 3's other synapses.
  std::map<std::string, std::string> full_text;  // name -> its line with the draw
  for (const auto& l : full.lines) full_text[spice::to_lower(l.text.substr(0, l.text.find(' ')))] = l.text;
  std::set<std::string> names;
  int with_draw = 0;
  for (const auto& l : tr.lines) {
    const std::string name = spice::to_lower(l.text.substr(0, l.text.find(' ')));
    if (name.empty() || name[0] != 'm') continue;
    names.insert(name);
    ASSERT_TRUE(full_text.count(name)) << name;
    const std::string& orig = full_text[name];
    EXPECT_EQ(l.text.substr(l.text.find("delvto=")), orig.substr(orig.find("delvto="))) << name;
    ++with_draw;
  }
  for (const char* present : {"mae3", "mout3", "mrs3", "mw3_0_4", "msn3_0", "mpref", "mnl"}) EXPECT_TRUE(names.count(present)) << present;
  for (const char* absent : {"mae2", "mout4", "mw3_1_0", "mw2_0_0", "msp3_4"}) EXPECT_FALSE(names.count(absent)) << absent;
  EXPECT_GT(with_draw, 40);
  auto text_of = [](const spice::Deck& d) {
    std::string t;
    for (const auto& l : d.lines) t += spice::to_lower(l.text) + "\n";
    return t;
  };
  const std::string w = text_of(tr), th = text_of(cut_deck(spice::CutVariant::Threshold, "transistor")),
                    rs = text_of(cut_deck(spice::CutVariant::Hold, "transistor"));
  EXPECT_NE(w.find("mch3 cmphi1 vmem3"), std::string::npos);
  EXPECT_NE(w.find("vreset3 rg3 0 0\n"), std::string::npos);   // switch open
  EXPECT_NE(th.find("mcs3 cmphi1 vmem3"), std::string::npos);  // the spike comparator on the upper probe
  EXPECT_EQ(th.find("mch3 cmphi1"), std::string::npos);
  EXPECT_NE(rs.find("vreset3 rg3 0 pulse(0 {vsup} 0.0025 5e-06 5e-06 0.002 0.01)"), std::string::npos);  // closed 2 ms every 10 ms
  EXPECT_THROW(spice::synapse_cut_netlist(s, spice::NetworkDesign{}, EBN_SPICE_MODELS, 1, 0, delvto), ebn::InputError);
  EXPECT_THROW(spice::synapse_cut_netlist(s, spice::NetworkDesign{}, EBN_SPICE_MODELS, 3, 3, delvto), ebn::InputError);
  fs::remove_all(dir);
}

}  // namespace
