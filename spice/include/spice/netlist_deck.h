#pragma once
// A netlist as ngspice will see it, with the origin (file, line) of every line kept so that an
// error ngspice reports can be traced back to what the user wrote.
//
// read_deck() expands `.include` / `.inc` and `.lib PATH SECTION` itself (paths relative to the
// including file), joins `+` continuation lines, and drops `.end`, `.tran` and `.control` blocks
// (the co-simulation engine adds its own analysis). Options:
//  * corner: replaces SECTION of every `.lib PATH SECTION` line (tt | ff | ss in the shipped cards);
//  * model_library: replaces PATH of every `.lib` line (point the same netlist at another PDK);
//  * model_map: renames MOSFET models (6th field of M lines), e.g. nch -> nch_18 of a PDK;
//  * dac: "cpp" drops `*ebn-dac-begin transistor` .. `*ebn-dac-end` and activates the lines
//    written as `*ebn-dac-cpp: LINE` (the DAC as C++-computed EXTERNAL current sources).
// A missing include / library file or section is an ebn::InputError "file:line: ...".
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spice {

struct DeckLine {
  std::string text;
  std::string file;
  long line = 0;
  bool in_subckt = false;  // inside a .subckt definition (shared by every instance)
};

struct DeckOptions {
  std::string corner;
  std::string model_library;
  std::map<std::string, std::string> model_map;
  // "transistor" (default) or "cpp": which DAC block of the netlist is used (docs/spice.md).
  std::string dac = "transistor";
};

struct Deck {
  std::string netlist;  // top-level file
  std::vector<DeckLine> lines;
  int dac_cpp_lines = 0;  // `*ebn-dac-cpp:` lines activated (dac = cpp)
  // Origin text "file:line" of the first line whose text contains `fragment` (case-insensitive),
  // or "" if none.
  std::string origin_of(const std::string& fragment) const;
};

Deck read_deck(const std::string& netlist_path, const DeckOptions& options = {});

// Names (lower case) of the deck's V/I sources declared EXTERNAL: the lines C++ drives step-locked.
std::vector<std::string> external_sources(const Deck& deck);

// Per-device Monte Carlo mismatch: a threshold shift delvto ~ N(0, A_vt / sqrt(W * L * m)) (Pelgrom)
// drawn in C++ from `seed` (std::mt19937_64, Box-Muller) and written into each top-level M line in
// deck order, so the same seed gives the same draw bit for bit. M lines inside .subckt
// definitions are left unchanged (one definition serves every instance) and counted.
// A perturbation adds a second, independent draw of `perturbation_scale` times the same sigma
// (seeded by `perturbation_seed`) on top of the die's draw -- or alone, with `die` false: the same
// circuit shifted by microvolts, which measures how reproducible an event-by-event comparison of
// the learning network can be at all (docs/spice.md "Network", the level-5 floor).
struct MismatchOptions {
  std::uint64_t seed = 1;
  double avt_nmos_V_um = 5e-3;  // Pelgrom coefficient, V * um
  double avt_pmos_V_um = 5e-3;
  bool die = true;                  // draw the die's mismatch from `seed`
  double perturbation_scale = 0.0;  // 0: none
  std::uint64_t perturbation_seed = 1;
};
struct MismatchDraw {
  std::vector<std::string> devices;
  std::vector<double> delvto_V;
  int skipped_in_subckt = 0;
};
MismatchDraw apply_mismatch(Deck& deck, const MismatchOptions& options, const std::string& nmos_model,
                            const std::string& pmos_model);

// SPICE number with scale suffix (1u, 2.5meg, 1e-9, 30p); throws std::invalid_argument.
double parse_spice_number(const std::string& text);

std::string to_lower(std::string s);

}  // namespace spice
