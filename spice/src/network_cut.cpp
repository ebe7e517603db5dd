#include "spice/network_cut.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "ebn/errors.h"
#include "spice/netlist_deck.h"

namespace spice {

namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}

// Where a line of the generated network netlist belongs: the section markers it writes.
enum class Part { Global, Neuron, Synapse };

}  // namespace

std::string synapse_cut_netlist(const NetworkShape& s, const NetworkDesign& d, const std::string& models, int n, int k,
                                const std::map<std::string, double>& delvto_V, CutVariant variant,
                                const HoldSchedule& hold) {
  validate_shape(s);
  if (n < s.inputs || n >= s.presynaptic() || k < 0 || k >= s.presynaptic() || k == n)
    throw ebn::InputError("network cut: synapse W[" + std::to_string(n) + "][" + std::to_string(k) +
                          "] is not in the network (neurons " + std::to_string(s.inputs) + ".." +
                          std::to_string(s.presynaptic() - 1) + ", k != n)");
  const std::string N = std::to_string(n), S = N + "_" + std::to_string(k);
  // Single-synapse interface names (synapse_run.h) for this neuron's and synapse's sources/nodes.
  std::map<std::string, std::string> rename = {
      {"vpre" + std::to_string(k), "vpre0"}, {"vimem" + N, "vimem1"},   {"cmplo" + N, "cmplo1"},
      {"cmphi" + N, "cmphi1"},               {"vsgnp" + S, "vsgnp1_0"}, {"vsgnn" + S, "vsgnn1_0"},
      {"iexc" + N, "iexc1_0"},               {"iinh" + N, "iinh1_0"},   {"vdacref", "vdacref1_0"}};
  for (int i = 0; i < s.magnitude_bits; ++i) rename["vbit" + S + "_" + std::to_string(i)] = "vbit1_0_" + std::to_string(i);
  if (variant == CutVariant::Threshold) rename["cmphi" + N] = "cmpwin" + N, rename["cmpsp" + N] = "cmphi1";

  std::istringstream in(network_netlist(s, d, models));
  std::ostringstream o;
  o << "* Level 5: synapse W[" << n << "][" << k << "] of the learning network cut out as a single-synapse netlist\n"
    << "* (spice/src/network_cut.cpp): the network's devices with the network run's threshold shifts\n";
  // The synapse's digital sources sit inside the network's transistor-DAC block; the single-synapse
  // interface needs them in both DAC modes (the C++ DAC reads the code from them), so they move out.
  std::string digital;
  Part part = Part::Global;
  bool keep_block = true;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("* ---- neuron ", 0) == 0) {
      part = Part::Neuron;
      keep_block = line == "* ---- neuron " + N;
    } else if (line.rfind("* synapse W[", 0) == 0) {
      part = Part::Synapse;
      keep_block = line.rfind("* synapse W[" + std::to_string(n) + "][" + std::to_string(k) + "]", 0) == 0;
    } else if (line == ".end") {
      o << digital;
      part = Part::Global, keep_block = true;
    }
    if (!keep_block) continue;
    if (part == Part::Synapse && line.rfind("*ebn-dac-end", 0) == 0) keep_block = false;  // the block ends here
    const std::string prefix = line.rfind("*ebn-dac-cpp: ", 0) == 0 ? "*ebn-dac-cpp: " : "";
    std::vector<std::string> w = words_of(line.substr(prefix.size()));
    if (w.empty() || (w[0][0] == '*' && prefix.empty()) || w[0][0] == '.') {
      o << line << "\n";
      continue;
    }
    const std::string name = to_lower(w[0]);
    // Presynaptic lines of other senders are not part of the cut.
    if (part == Part::Global && name.rfind("vpre", 0) == 0 && name != "vpre" + std::to_string(k)) continue;
    if (name == "vreset" + N) {  // the reset switch stays open (DC gate at 0 V), or is closed periodically
      o << w[0] << " " << w[1] << " " << w[2];
      if (variant == CutVariant::Hold) {
        char b[160];
        std::snprintf(b, sizeof b, " pulse(0 {vsup} %.9g %.9g %.9g %.9g %.9g)\n", hold.delay_s, hold.edge_s, hold.edge_s,
                      hold.hold_s, hold.period_s);
        o << b;
      } else {
        o << " 0\n";
      }
      continue;
    }
    std::string out = prefix;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const auto it = rename.find(to_lower(w[i]));
      out += (i ? " " : "") + (it == rename.end() ? w[i] : it->second);
    }
    if (name[0] == 'm') {
      const auto it = delvto_V.find(name);
      if (it != delvto_V.end()) {
        char b[48];
        std::snprintf(b, sizeof b, " delvto=%.6e", it->second);  // as apply_mismatch wrote it
        out += b;
      }
    }
    if (part == Part::Synapse && (name.rfind("vbit", 0) == 0 || name.rfind("vsgn", 0) == 0)) digital += out + "\n";
    else o << out << "\n";
  }
  return o.str();
}

}  // namespace spice
