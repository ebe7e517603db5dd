#include "spice/netlist_deck.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "ebn/errors.h"

namespace spice {

namespace fs = std::filesystem;

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

namespace {

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return s;
}

struct RawLine {
  std::string text;
  long line;
};

// Physical lines of a file with `+` continuations joined (origin = first line).
std::vector<RawLine> read_lines(const std::string& path, const std::string& referrer) {
  std::ifstream in(path);
  if (!in) throw ebn::InputError(referrer + "cannot open '" + path + "'");
  std::vector<RawLine> out;
  std::string s;
  long n = 0;
  while (std::getline(in, s)) {
    ++n;
    if (!s.empty() && s.back() == '\r') s.pop_back();
    std::size_t first = s.find_first_not_of(" \t");
    if (first != std::string::npos && s[first] == '+' && !out.empty()) {
      const std::size_t rest = s.find_first_not_of(" \t", first + 1);  // one space between the parts
      if (rest != std::string::npos) out.back().text += " " + s.substr(rest);
      continue;
    }
    out.push_back({s, n});
  }
  return out;
}

class Expander {
 public:
  Expander(const DeckOptions& o, Deck& d) : opt_(o), deck_(d) {}

  // `section` empty: the whole file; else only the lines between `.lib section` and `.endl`.
  void expand(const std::string& path, const std::string& section, const std::string& referrer, int depth) {
    if (depth > 20) throw ebn::InputError(referrer + "includes nested deeper than 20 levels (a cycle?)");
    const auto lines = read_lines(path, referrer);
    const fs::path dir = fs::path(path).parent_path();
    bool in_section = section.empty();
    bool found = section.empty();
    bool in_control = false;
    for (const auto& raw : lines) {
      const auto words = split_ws(raw.text);
      const std::string head = words.empty() ? "" : to_lower(words[0]);
      const std::string here = path + ":" + std::to_string(raw.line) + ": ";
      if (!section.empty()) {
        if (head == ".lib" && words.size() == 2 && to_lower(words[1]) == to_lower(section)) {
          in_section = true;
          found = true;
          continue;
        }
        if (head == ".endl") {
          in_section = false;
          continue;
        }
        if (!in_section) continue;
      }
      // DAC variants (docs/spice.md): *ebn-dac-begin MODE ... *ebn-dac-end is kept only for that
      // mode; `*ebn-dac-cpp: LINE` becomes LINE with --dac cpp (a comment otherwise).
      if (head == "*ebn-dac-begin") {
        if (words.size() != 2) throw ebn::InputError(here + "*ebn-dac-begin needs the mode (transistor | cpp)");
        dac_skip_ = to_lower(words[1]) != dac_mode();
        continue;
      }
      if (head == "*ebn-dac-end") {
        dac_skip_ = false;
        continue;
      }
      if (dac_skip_) continue;
      if (head == "*ebn-dac-cpp:") {
        if (dac_mode() != "cpp") continue;
        ++deck_.dac_cpp_lines;
        const std::string rest = raw.text.substr(raw.text.find(':') + 1);
        const std::size_t b = rest.find_first_not_of(" \t");
        deck_.lines.push_back({b == std::string::npos ? "" : rest.substr(b), path, raw.line, in_subckt_});
        continue;
      }
      if (head == ".control") { in_control = true; continue; }
      if (head == ".endc") { in_control = false; continue; }
      if (in_control) continue;
      if (head == ".end" || head == ".tran" || head == ".op" || head == ".dc" || head == ".ac") continue;
      if (head == ".include" || head == ".inc") {
        if (words.size() < 2) throw ebn::InputError(here + ".include without a file name");
        expand(resolve(dir, unquote(words[1])), "", here + "include file: ", depth + 1);
        continue;
      }
      if (head == ".lib") {
        if (words.size() != 3) throw ebn::InputError(here + ".lib needs PATH SECTION");
        std::string lib = opt_.model_library.empty() ? resolve(dir, unquote(words[1])) : opt_.model_library;
        const std::string sec = opt_.corner.empty() ? words[2] : opt_.corner;
        if (!fs::exists(lib)) throw ebn::InputError(here + "model library '" + lib + "' not found");
        const std::size_t before = deck_.lines.size();
        expand(lib, sec, here + "model library: ", depth + 1);
        (void)before;
        continue;
      }
      if (head == ".subckt") in_subckt_ = true;
      DeckLine dl{raw.text, path, raw.line, in_subckt_};
      if (head == ".ends") in_subckt_ = false;
      if (!head.empty() && head[0] == 'm' && !opt_.model_map.empty()) remap_model(dl);
      deck_.lines.push_back(std::move(dl));
    }
    if (!found)
      throw ebn::InputError(referrer + "section '" + section + "' not found in '" + path + "'");
  }

 private:
  static std::string resolve(const fs::path& dir, const std::string& p) {
    fs::path q(p);
    return (q.is_absolute() ? q : dir / q).lexically_normal().string();
  }

  void remap_model(DeckLine& dl) const {
    auto words = split_ws(dl.text);
    if (words.size() < 6) return;
    const auto it = opt_.model_map.find(to_lower(words[5]));
    if (it == opt_.model_map.end()) return;
    words[5] = it->second;
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
    dl.text = s;
  }

  std::string dac_mode() const { return opt_.dac.empty() ? "transistor" : to_lower(opt_.dac); }

  const DeckOptions& opt_;
  Deck& deck_;
  bool in_subckt_ = false;
  bool dac_skip_ = false;
};

}  // namespace

double parse_spice_number(const std::string& text) {
  const std::string t = to_lower(text);
  std::size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(t, &pos);
  } catch (const std::exception&) {
    throw std::invalid_argument("not a number: '" + text + "'");
  }
  const std::string suf = t.substr(pos);
  double scale = 1.0;
  if (suf.rfind("meg", 0) == 0) scale = 1e6;
  else if (!suf.empty()) {
    switch (suf[0]) {
      case 'f': scale = 1e-15; break;
      case 'p': scale = 1e-12; break;
      case 'n': scale = 1e-9; break;
      case 'u': scale = 1e-6; break;
      case 'm': scale = 1e-3; break;
      case 'k': scale = 1e3; break;
      case 'g': scale = 1e9; break;
      case 't': scale = 1e12; break;
      default: throw std::invalid_argument("unknown scale suffix in '" + text + "'");
    }
  }
  return v * scale;
}

std::string Deck::origin_of(const std::string& fragment) const {
  const std::string f = to_lower(fragment);
  if (f.empty()) return "";
  for (const auto& l : lines)
    if (to_lower(l.text).find(f) != std::string::npos) return l.file + ":" + std::to_string(l.line);
  return "";
}

Deck read_deck(const std::string& netlist_path, const DeckOptions& options) {
  if (!fs::exists(netlist_path)) throw ebn::InputError(netlist_path + ": netlist not found");
  Deck d;
  d.netlist = netlist_path;
  Expander(options, d).expand(netlist_path, "", netlist_path + ": ", 0);
  if (d.lines.empty()) throw ebn::InputError(netlist_path + ": empty netlist");
  if (to_lower(options.dac) == "cpp" && d.dac_cpp_lines == 0)
    throw ebn::InputError(netlist_path + ": --dac cpp: the netlist has no `*ebn-dac-cpp:` lines (docs/spice.md)");
  return d;
}

MismatchDraw apply_mismatch(Deck& deck, const MismatchOptions& o, const std::string& nmos_model,
                            const std::string& pmos_model) {
  MismatchDraw draw;
  std::mt19937_64 rng(o.seed), perturbation_rng(o.perturbation_seed);
  // Box-Muller on the raw 64-bit stream: the same numbers on every standard library.
  auto normal = [](std::mt19937_64& g) {
    const double u1 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  };
  const std::string n_model = to_lower(nmos_model), p_model = to_lower(pmos_model);
  for (auto& l : deck.lines) {
    const auto words = split_ws(l.text);
    if (words.size() < 6 || std::tolower(static_cast<unsigned char>(words[0][0])) != 'm') continue;
    if (l.in_subckt) {
      ++draw.skipped_in_subckt;
      continue;
    }
    const std::string model = to_lower(words[5]);
    double avt = 0;
    if (model == n_model) avt = o.avt_nmos_V_um;
    else if (model == p_model) avt = o.avt_pmos_V_um;
    else continue;
    double w = 0, len = 0, m = 1;
    for (std::size_t i = 6; i < words.size(); ++i) {
      const auto eq = words[i].find('=');
      if (eq == std::string::npos) continue;
      const std::string key = to_lower(words[i].substr(0, eq));
      try {
        const double v = parse_spice_number(words[i].substr(eq + 1));
        if (key == "w") w = v;
        else if (key == "l") len = v;
        else if (key == "m") m = v;
        else if (key == "delvto")
          throw ebn::InputError(l.file + ":" + std::to_string(l.line) + ": delvto already set (Monte Carlo writes it)");
      } catch (const std::invalid_argument& e) {
        throw ebn::InputError(l.file + ":" + std::to_string(l.line) + ": " + e.what());
      }
    }
    if (w <= 0 || len <= 0)
      throw ebn::InputError(l.file + ":" + std::to_string(l.line) + ": MOSFET without w= and l= (needed for mismatch)");
    const double sigma = avt / std::sqrt(w * 1e6 * len * 1e6 * m);
    double dv = o.die ? sigma * normal(rng) : 0.0;
    if (o.perturbation_scale > 0) dv += o.perturbation_scale * sigma * normal(perturbation_rng);
    char buf[48];
    std::snprintf(buf, sizeof buf, " delvto=%.6e", dv);
    l.text += buf;
    draw.devices.push_back(words[0]);
    draw.delvto_V.push_back(dv);
  }
  return draw;
}

std::vector<std::string> external_sources(const Deck& deck) {
  std::vector<std::string> out;
  for (const auto& l : deck.lines) {
    const std::string t = to_lower(l.text);
    if (t.empty() || (t[0] != 'v' && t[0] != 'i') || t.find("external") == std::string::npos) continue;
    out.push_back(t.substr(0, t.find_first_of(" \t")));
  }
  return out;
}

}  // namespace spice
