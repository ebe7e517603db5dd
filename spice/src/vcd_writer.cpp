#include "spice/vcd_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace spice {

namespace {
std::string code_of(int id) {  // printable VCD identifier
  std::string s;
  do {
    s += static_cast<char>('!' + id % 94);
    id /= 94;
  } while (id > 0);
  return s;
}
std::vector<std::string> split_dots(const std::string& p) {
  std::vector<std::string> out;
  std::size_t a = 0;
  for (std::size_t b; (b = p.find('.', a)) != std::string::npos; a = b + 1) out.push_back(p.substr(a, b - a));
  out.push_back(p.substr(a));
  return out;
}
}  // namespace

int VcdWriter::add(const std::string& path, Kind kind) {
  signals_.push_back({path, kind});
  return static_cast<int>(signals_.size()) - 1;
}

void VcdWriter::change(double t_s, int id, double value) {
  changes_.push_back({static_cast<std::int64_t>(std::llround(t_s * 1e9)), id, value});
}

std::string VcdWriter::render() const {
  std::string out = "$timescale 1 ns $end\n";
  // Scopes: emit signals grouped by their scope path, opening/closing scopes as needed.
  std::vector<int> order(signals_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& pa = signals_[a].path;
    const auto& pb = signals_[b].path;
    return pa.substr(0, pa.rfind('.')) < pb.substr(0, pb.rfind('.'));
  });
  std::vector<std::string> open;
  for (int id : order) {
    auto parts = split_dots(signals_[id].path);
    const std::string name = parts.back();
    parts.pop_back();
    std::size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    while (open.size() > common) {
      out += "$upscope $end\n";
      open.pop_back();
    }
    for (std::size_t i = common; i < parts.size(); ++i) {
      out += "$scope module " + parts[i] + " $end\n";
      open.push_back(parts[i]);
    }
    const auto& s = signals_[id];
    const char* type = s.kind == Kind::Real ? "real" : (s.kind == Kind::Integer ? "integer" : "wire");
    const int width = s.kind == Kind::Real ? 64 : (s.kind == Kind::Integer ? 32 : 1);
    out += std::string("$var ") + type + " " + std::to_string(width) + " " + code_of(id) + " " + name +
           (s.kind == Kind::Integer ? " [31:0]" : "") + " $end\n";
  }
  while (!open.empty()) {
    out += "$upscope $end\n";
    open.pop_back();
  }
  out += "$enddefinitions $end\n";
  std::vector<Change> sorted = changes_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Change& a, const Change& b) { return a.t_ns < b.t_ns; });
  std::int64_t now = -1;
  char buf[96];
  for (const auto& c : sorted) {
    if (c.t_ns != now) {
      out += "#" + std::to_string(c.t_ns) + "\n";
      now = c.t_ns;
    }
    const auto& s = signals_[static_cast<std::size_t>(c.id)];
    if (s.kind == Kind::Real) {
      std::snprintf(buf, sizeof buf, "r%.10g %s\n", c.value, code_of(c.id).c_str());
    } else if (s.kind == Kind::Bit) {
      std::snprintf(buf, sizeof buf, "%d%s\n", c.value != 0 ? 1 : 0, code_of(c.id).c_str());
    } else {
      const auto v = static_cast<std::uint32_t>(static_cast<std::int32_t>(std::lround(c.value)));
      std::string bits = "b";
      for (int i = 31; i >= 0; --i) bits += ((v >> i) & 1U) ? '1' : '0';
      std::snprintf(buf, sizeof buf, "%s %s\n", bits.c_str(), code_of(c.id).c_str());
    }
    out += buf;
  }
  return out;
}

}  // namespace spice
