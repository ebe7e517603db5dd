#include "ebn/vcd_window.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ebn/errors.h"

namespace ebn {

namespace {

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// One VCD tick in seconds from the text of a $timescale section ("1 ps", "100ns", "1 s").
double parse_timescale(const std::string& text, const std::string& path) {
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  char* end = nullptr;
  const double mult = std::strtod(text.c_str() + i, &end);
  std::string unit(end);
  unit.erase(0, unit.find_first_not_of(" \t\r\n"));
  unit.erase(unit.find_last_not_of(" \t\r\n") + 1);
  static const std::pair<const char*, double> units[] = {{"s", 1.0},    {"ms", 1e-3},  {"us", 1e-6},
                                                         {"ns", 1e-9}, {"ps", 1e-12}, {"fs", 1e-15}};
  for (const auto& [name, f] : units)
    if (unit == name && mult > 0) return mult * f;
  throw file_error(path, 0, "unsupported $timescale '" + text + "'");
}

// Text between `$keyword` and its `$end` in the header ("" if absent).
std::string section_text(const std::string& header, const std::string& keyword, std::size_t* begin = nullptr,
                         std::size_t* end = nullptr) {
  const std::size_t k = header.find(keyword);
  if (k == std::string::npos) return "";
  const std::size_t body = k + keyword.size();
  const std::size_t e = header.find("$end", body);
  if (e == std::string::npos) return "";
  if (begin) *begin = k;
  if (end) *end = e + 4;
  return header.substr(body, e - body);
}

// getline(3)'s buffer, freed once at the end.
struct LineBuffer {
  char* buf = nullptr;
  std::size_t cap = 0;
  LineBuffer() = default;
  LineBuffer(const LineBuffer&) = delete;
  LineBuffer& operator=(const LineBuffer&) = delete;
  ~LineBuffer() { std::free(buf); }
};

class Writer {
 public:
  Writer(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) { buf_.reserve(1 << 20); }
  void put(std::string_view s) {
    buf_.append(s);
    if (buf_.size() > (1 << 20)) flush();
  }
  void line(std::string_view s) {
    put(s);
    put("\n");
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      throw file_error(path_, 0, "write error (disk full?)");
    buf_.clear();
  }

 private:
  std::FILE* f_;
  std::string path_;
  std::string buf_;
};

}  // namespace

VcdWindowResult window_vcd(const std::string& in, const std::string& out, const VcdWindow& window,
                           const std::string& note) {
  File src(std::fopen(in.c_str(), "rb"), &std::fclose);
  if (!src) throw file_error(in, 0, "cannot open waveform");
  File dst(std::fopen(out.c_str(), "wb"), &std::fclose);
  if (!dst) throw file_error(out, 0, "cannot write waveform");

  // Header: everything up to and including $enddefinitions.
  std::string header;
  LineBuffer lb;
  char*& raw = lb.buf;
  std::size_t& cap = lb.cap;
  long line_no = 0;
  bool header_done = false;
  ssize_t len;
  while ((len = ::getline(&raw, &cap, src.get())) >= 0) {
    ++line_no;
    header.append(raw, static_cast<std::size_t>(len));
    if (header.find("$enddefinitions") != std::string::npos) {
      header_done = true;
      break;
    }
  }
  if (!header_done) throw file_error(in, line_no, "no $enddefinitions: not a VCD or cut off in the header");
  const std::string timescale = section_text(header, "$timescale");
  if (timescale.empty()) throw file_error(in, 0, "no $timescale in the header");
  VcdWindowResult res;
  res.timescale_s = parse_timescale(timescale, in);
  res.start_tick = std::llround(window.start_s / res.timescale_s);
  const bool bounded = window.end_s >= 0.0;
  const std::int64_t end_src = bounded ? std::llround(window.end_s / res.timescale_s) : -1;
  if (window.start_s < 0 || (bounded && end_src < res.start_tick))
    throw InputError(in + ": invalid trace window [" + std::to_string(window.start_s) + ", " +
                     std::to_string(window.end_s) + "] s");

  // The offset goes into a $comment (VCD readers show it) and, first, into the one-line $version
  // (FST keeps only the first line of $version, up to 128 characters; it drops comments).
  char offset[256];
  std::snprintf(offset, sizeof offset, "ebn trace window: time 0 of this file = %.12g s of the simulation (%s)",
                window.start_s, note.c_str());
  std::size_t vb = 0, ve = 0;
  std::string version = section_text(header, "$version", &vb, &ve);
  for (char& ch : version)
    if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
  version.erase(0, version.find_first_not_of(' '));
  const std::string version_line = "$version\n\t" + std::string(offset) + (version.empty() ? "" : "; ") + version + "\n$end";
  std::string new_header = ve > vb ? header.substr(0, vb) + version_line + header.substr(ve) : version_line + "\n" + header;
  new_header = "$comment\n\t" + std::string(offset) + "\n$end\n" + new_header;

  Writer w(dst.get(), out);
  w.put(new_header);
  if (new_header.back() != '\n') w.put("\n");

  // Body, token-wise: "#T" time, "$..." keyword (skipped; $comment skipped to $end),
  // "b..."/"r..."/"s..." + id, or a scalar "0!"-style change.
  enum class Phase { Before, Initial, Inside, After } phase = Phase::Before;
  std::unordered_map<std::string, std::string> state;  // id -> change text, before the window
  std::vector<std::string> order;                      // ids in first-seen order (stable dump)
  std::int64_t last_written = -1;
  bool in_comment = false;
  std::string pending_vector;  // "bVALUE" waiting for its id token
  char tbuf[32];

  auto record = [&](const std::string& id, std::string change) {
    auto it = state.find(id);
    if (it == state.end()) {
      order.push_back(id);
      state.emplace(id, std::move(change));
    } else {
      it->second = std::move(change);
    }
  };
  auto emit_initial = [&]() {
    w.line("#0");
    w.line("$dumpvars");
    for (const auto& id : order) w.line(state[id]);
    w.line("$end");
    last_written = 0;
    state.clear();
    order.clear();
  };
  auto on_time = [&](std::int64_t t) {
    if (phase == Phase::Before && t < res.start_tick) return;
    if (phase == Phase::Before) {
      phase = Phase::Initial;
      if (t == res.start_tick) return;  // changes at the window start join the initial dump
    }
    if (phase == Phase::Initial) {
      emit_initial();
      phase = Phase::Inside;
    }
    if (bounded && t > end_src) {
      phase = Phase::After;
      return;
    }
    const std::int64_t nt = t - res.start_tick;
    if (nt == last_written) return;
    std::snprintf(tbuf, sizeof tbuf, "#%lld", static_cast<long long>(nt));
    w.line(tbuf);
    last_written = nt;
  };
  auto on_change = [&](const std::string& id, std::string change) {
    if (phase == Phase::Inside) {
      w.line(change);
      ++res.changes;
    } else {
      record(id, std::move(change));
    }
  };

  while (phase != Phase::After && (len = ::getline(&raw, &cap, src.get())) >= 0) {
    ++line_no;
    std::string_view line(raw, static_cast<std::size_t>(len));
    std::size_t i = 0;
    while (i < line.size() && phase != Phase::After) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i >= line.size()) break;
      std::size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      const std::string_view tok = line.substr(i, j - i);
      i = j;
      if (in_comment) {
        if (tok == "$end") in_comment = false;
        continue;
      }
      if (!pending_vector.empty()) {
        const std::string id(tok);
        on_change(id, pending_vector + " " + id);
        pending_vector.clear();
        continue;
      }
      const char c = tok[0];
      if (c == '#') {
        char* endp = nullptr;
        const std::string num(tok.substr(1));
        const long long t = std::strtoll(num.c_str(), &endp, 10);
        if (num.empty() || *endp != '\0' || t < 0) throw file_error(in, line_no, "bad time stamp '" + std::string(tok) + "'");
        on_time(t);
      } else if (c == '$') {
        if (tok == "$comment") in_comment = true;  // other keywords ($dumpvars, $end, ...) carry no value
      } else if (c == 'b' || c == 'B' || c == 'r' || c == 'R' || c == 's' || c == 'S') {
        pending_vector = std::string(tok);
      } else if (std::string_view("01xXzZuUwWlLhH-").find(c) != std::string_view::npos) {
        if (tok.size() < 2) throw file_error(in, line_no, "scalar change without identifier");
        on_change(std::string(tok.substr(1)), std::string(tok));
      } else {
        throw file_error(in, line_no, "unexpected token '" + std::string(tok) + "' in the value changes");
      }
    }
  }
  if (std::ferror(src.get())) throw file_error(in, 0, "read error");
  if (!pending_vector.empty() && phase != Phase::After) throw file_error(in, line_no, "vector change without identifier (file cut off?)");
  // Source ended before (or at) the window start: the window still opens with the last state.
  if (phase == Phase::Before || phase == Phase::Initial) emit_initial();
  // Close the window with a time stamp at its end, so the trace spans exactly the window.
  if (bounded && end_src - res.start_tick > last_written) {
    std::snprintf(tbuf, sizeof tbuf, "#%lld", static_cast<long long>(end_src - res.start_tick));
    w.line(tbuf);
    last_written = end_src - res.start_tick;
  }
  res.end_tick = last_written;
  w.flush();
  if (std::fflush(dst.get()) != 0) throw file_error(out, 0, "write error (disk full?)");
  return res;
}

}  // namespace ebn
