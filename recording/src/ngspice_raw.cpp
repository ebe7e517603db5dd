#include "recording/ngspice_raw.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ebn/errors.h"
#include "recording/file_format.h"

namespace recording {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool parse_double(const std::string& text, double& out) {
  std::string f = trim(text);
  if (!f.empty() && f.front() == '+') f.erase(0, 1);
  if (f.empty()) return false;
  const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), out);
  return ec == std::errc() && p == f.data() + f.size();
}

// Reads lines from `data` starting at `pos`, tracking the line number.
struct Cursor {
  const std::string& data;
  std::size_t pos = 0;
  long line = 0;
  bool next(std::string& out) {
    if (pos >= data.size()) return false;
    const std::size_t eol = data.find('\n', pos);
    out = data.substr(pos, (eol == std::string::npos ? data.size() : eol) - pos);
    pos = eol == std::string::npos ? data.size() : eol + 1;
    ++line;
    return true;
  }
};

}  // namespace

SignalTable load_ngspice_raw(const std::string& path) {
  const std::string data = read_signal_file(path);
  if (data.empty()) throw ebn::file_error(path, 0, "file is empty");
  Cursor c{data};
  std::string line;
  // One or more plots; take the first transient one.
  while (true) {
    std::string plotname, flags;
    long nvars = -1, npoints = -1;
    SignalTable table;
    table.path = path;
    std::vector<std::string> types;
    bool have_header = false;
    while (c.next(line)) {
      const std::string l = trim(line);
      if (l.empty()) continue;
      have_header = true;
      const auto colon = l.find(':');
      const std::string key = colon == std::string::npos ? l : l.substr(0, colon);
      const std::string value = colon == std::string::npos ? "" : trim(l.substr(colon + 1));
      if (key == "Plotname") plotname = value;
      else if (key == "Flags") flags = value;
      else if (key == "No. Variables") nvars = std::atol(value.c_str());
      else if (key == "No. Points") npoints = std::atol(value.c_str());
      else if (key == "Variables") {
        if (nvars <= 0) throw ebn::file_error(path, c.line, "Variables: before a valid 'No. Variables'");
        for (long j = 0; j < nvars; ++j) {
          if (!c.next(line)) throw ebn::file_error(path, c.line, "file ends inside the variable list");
          std::istringstream fields(line);
          long index = -1;
          std::string name, type;
          if (!(fields >> index >> name >> type) || index != j)
            throw ebn::file_error(path, c.line, "malformed variable line (expected 'INDEX NAME TYPE')");
          if (j == 0) table.time_name = name;
          else {
            table.names.push_back(name);
            types.push_back(type);
            table.units.push_back(type == "voltage" ? "V" : (type == "current" ? "A" : ""));
          }
        }
      } else if (key == "Values" || key == "Binary") {
        break;
      }
      // Title, Date, Command, Option, ...: informational.
    }
    if (!have_header) throw ebn::file_error(path, c.line, "no transient plot (first variable 'time') in the file");
    const bool binary = trim(line).rfind("Binary", 0) == 0;
    if (nvars <= 0 || npoints < 0)
      throw ebn::file_error(path, c.line, "missing 'No. Variables' or 'No. Points' before the values");
    if (flags.find("complex") != std::string::npos)
      throw ebn::file_error(path, 0, "complex data (plot '" + plotname + "'): only real transient data is supported");
    const std::size_t nv = static_cast<std::size_t>(nvars), np = static_cast<std::size_t>(npoints);
    table.t.resize(np);
    table.columns.assign(nv - 1, std::vector<double>(np));
    if (binary) {
      const std::size_t bytes = np * nv * sizeof(double);
      if (data.size() - c.pos < bytes)
        throw ebn::file_error(path, 0, "binary data cut off: " + std::to_string(data.size() - c.pos) + " bytes for " +
                                           std::to_string(np) + " points x " + std::to_string(nv) +
                                           " variables (need " + std::to_string(bytes) + ")");
      const char* p = data.data() + c.pos;
      for (std::size_t i = 0; i < np; ++i)
        for (std::size_t j = 0; j < nv; ++j) {
          double v;
          std::memcpy(&v, p, sizeof v);  // the raw format is little-endian doubles, like this machine
          p += sizeof v;
          (j == 0 ? table.t[i] : table.columns[j - 1][i]) = v;
        }
      c.pos += bytes;
      table.first_line = 0;
      table.line_stride = 0;
    } else {
      for (std::size_t i = 0; i < np; ++i)
        for (std::size_t j = 0; j < nv; ++j) {
          do {
            if (!c.next(line))
              throw ebn::file_error(path, c.line, "file ends at point " + std::to_string(i) + " of " +
                                                      std::to_string(np) + " (truncated?)");
          } while (trim(line).empty());
          std::string field = trim(line);
          if (j == 0) {  // "INDEX<tab>VALUE"
            std::istringstream f(field);
            long index = -1;
            std::string value;
            if (!(f >> index >> value) || index != static_cast<long>(i))
              throw ebn::file_error(path, c.line, "expected point index " + std::to_string(i) + " and the time");
            field = value;
            if (i == 0) table.first_line = c.line;
            if (i == 1) table.line_stride = c.line - table.first_line;
          }
          double v = 0.0;
          if (!parse_double(field, v)) throw ebn::file_error(path, c.line, "non-numeric value '" + field + "'");
          (j == 0 ? table.t[i] : table.columns[j - 1][i]) = v;
        }
    }
    if (plotname.find("Transient") != std::string::npos || table.time_name == "time") {
      if (table.time_name != "time")
        throw ebn::file_error(path, 0, "first variable of the transient plot is '" + table.time_name + "', not time");
      check_table(table);
      return table;
    }
    // Not transient (e.g. an operating point): try the next plot.
  }
}

void write_ngspice_raw(const std::string& path, const SignalTable& table, const std::vector<std::string>& types,
                       bool binary) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw ebn::file_error(path, 0, "cannot write");
  const std::size_t nv = table.names.size() + 1, np = table.t.size();
  f << "Title: ebn recording\nDate: -\nPlotname: Transient Analysis\nFlags: real\nNo. Variables: " << nv
    << "\nNo. Points: " << np << "\nVariables:\n\t0\ttime\ttime\n";
  for (std::size_t j = 1; j < nv; ++j) f << "\t" << j << "\t" << table.names[j - 1] << "\t" << types[j - 1] << "\n";
  char buf[64];
  if (binary) {
    f << "Binary:\n";
    for (std::size_t i = 0; i < np; ++i)
      for (std::size_t j = 0; j < nv; ++j) {
        const double v = j == 0 ? table.t[i] : table.columns[j - 1][i];
        f.write(reinterpret_cast<const char*>(&v), sizeof v);
      }
  } else {
    f << "Values:\n";
    for (std::size_t i = 0; i < np; ++i) {
      std::snprintf(buf, sizeof buf, " %zu\t%.17e\n", i, table.t[i]);
      f << buf;
      for (std::size_t j = 1; j < nv; ++j) {
        std::snprintf(buf, sizeof buf, "\t%.17e\n", table.columns[j - 1][i]);
        f << buf;
      }
      f << "\n";
    }
  }
  if (!f.flush()) throw ebn::file_error(path, 0, "write error");
}

}  // namespace recording
