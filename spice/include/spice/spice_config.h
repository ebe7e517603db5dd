#pragma once
// Settings of a level-5 run, from the optional JSON config (section "spice", strict keys, units
// in the key names) and the command line. Defaults = the seed recordings' protocol.
#include <cstdint>
#include <map>
#include <string>

#include "ebn/config_reader.h"
#include "spice/netlist_deck.h"
#include "spice/synapse_run.h"

namespace spice {

struct SpiceConfig {
  SynapseProtocol protocol;
  int counter_bits = 0;               // 0 = DAC magnitude bits + 1 (two's-complement counter)
  std::string corner = "tt";          // .lib section
  std::string model_library;          // "" = the netlist's own .lib path
  std::string nmos_model = "nch", pmos_model = "pch";  // names used in the netlist
  std::map<std::string, std::string> model_map;        // netlist name -> PDK name
  bool mismatch = false;              // per-device Monte Carlo (seeded)
  MismatchOptions mismatch_options;
  std::string controller = "cpp";     // cpp | rtl (the chip.controller switch)
  std::string dac = "transistor";     // transistor | cpp (DAC as C++-computed EXTERNAL current sources)
};

// Reads the "spice" section (if present) over the defaults; unknown keys are errors.
SpiceConfig parse_spice_config(const ebn::Json& root, const std::string& source);
ebn::Json to_json(const SpiceConfig& c);
DeckOptions deck_options(const SpiceConfig& c);

}  // namespace spice
