#include "recording/spectre_csv.h"

#include <charconv>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

#include "ebn/errors.h"

namespace recording {

namespace {

std::string read_whole_file(const std::string& path) {
  // A FIFO or device would block or never end: only regular files are signal files.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw ebn::file_error(path, 0, "not a regular file (folder, device, FIFO or socket)");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw ebn::file_error(path, 0, "cannot open signal file");
  std::string data;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) data.append(buf, n);
  if (std::ferror(f.get())) throw ebn::file_error(path, 0, "read error");
  return data;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line, char delimiter) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(delimiter, start);
    out.push_back(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Parses one number; returns false if the field is not entirely a number.
bool parse_number(std::string_view field, double& out) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  if (field.empty()) return false;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
  return ec == std::errc() && ptr == field.data() + field.size();
}

bool looks_numeric(std::string_view field) {
  double dummy;
  return parse_number(field, dummy);
}

std::string signal_name_from_header(std::string_view column_header) {
  // Spectre: "/net010 Y" -> "/net010"; other tools: the header as written.
  for (std::string_view suffix : {" Y", " X"}) {
    if (column_header.size() > suffix.size() &&
        column_header.substr(column_header.size() - suffix.size()) == suffix)
      return std::string(trim(column_header.substr(0, column_header.size() - suffix.size())));
  }
  return std::string(column_header);
}

}  // namespace

SignalTrace load_spectre_csv(const std::string& path, const CsvColumns& wanted) {
  const std::string data = read_whole_file(path);
  if (data.empty()) throw ebn::file_error(path, 0, "file is empty");
  CsvColumns columns = wanted;
  const char delim = columns.delimiter;

  SignalTrace trace;
  trace.path = path;
  std::string_view all(data);
  // A UTF-8 byte-order mark (some spreadsheet exports) is not part of the header.
  if (all.size() >= 3 && all.compare(0, 3, "\xEF\xBB\xBF") == 0) all.remove_prefix(3);

  // Header.
  std::size_t eol = all.find('\n');
  const std::string_view header = trim(all.substr(0, eol));
  const auto header_fields = split_fields(header, delim);
  if (header.empty()) throw ebn::file_error(path, 1, "empty header line (expected `NAME X,NAME Y`)");
  // Columns named in the manifest: find them in the header.
  for (auto [name, index] : {std::pair<const std::string*, int*>{&columns.time_name, &columns.time_column},
                             std::pair<const std::string*, int*>{&columns.value_name, &columns.value_column}}) {
    if (name->empty()) continue;
    *index = -1;
    for (std::size_t j = 0; j < header_fields.size(); ++j)
      if (header_fields[j] == *name) *index = static_cast<int>(j);
    if (*index < 0) throw ebn::file_error(path, 1, "no column '" + *name + "' in the header");
  }
  if (columns.time_column < 0 || columns.value_column < 0 || columns.time_column == columns.value_column)
    throw ebn::file_error(path, 0, "invalid column selection");
  const std::size_t need = static_cast<std::size_t>(std::max(columns.time_column, columns.value_column)) + 1;
  if (header_fields.size() >= 2 && looks_numeric(header_fields[0]) && looks_numeric(header_fields[1]))
    throw ebn::file_error(path, 1, "missing header line (expected `NAME X,NAME Y`, found numbers)");
  if (header_fields.size() < need)
    throw ebn::file_error(path, 1, "header has " + std::to_string(header_fields.size()) + " field(s), need column " +
                                       std::to_string(need - 1));
  trace.name = signal_name_from_header(header_fields[static_cast<std::size_t>(columns.value_column)]);
  if (eol == std::string_view::npos)
    throw ebn::file_error(path, 1, "no data rows (header only, and no end-of-line)");

  // Rows: a rough size guess avoids repeated reallocation.
  const std::size_t guess = data.size() / 24 + 1;
  trace.t.reserve(guess);
  trace.v.reserve(guess);
  std::size_t pos = eol + 1;
  long line_no = 1;
  std::vector<std::string_view> fields;
  fields.reserve(need + 2);
  while (pos < all.size()) {
    ++line_no;
    eol = all.find('\n', pos);
    const bool terminated = eol != std::string_view::npos;
    const std::string_view line = trim(all.substr(pos, terminated ? eol - pos : std::string_view::npos));
    pos = terminated ? eol + 1 : all.size();
    if (line.empty()) {
      // Only a trailing empty line (no more data) is tolerated.
      if (all.find_first_not_of(" \t\r\n", pos) == std::string_view::npos) break;
      throw ebn::file_error(path, line_no, "empty line inside the data");
    }
    // Split only as far as needed (fast path for the common two-column file).
    fields.clear();
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(delim, start);
      fields.push_back(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (fields.size() != header_fields.size()) {
      const std::string msg = std::to_string(fields.size()) + " field(s), header has " +
                              std::to_string(header_fields.size());
      throw ebn::file_error(path, line_no, terminated ? msg : "truncated last line (" + msg + ")");
    }
    double tv = 0.0, vv = 0.0;
    const std::string_view tf = fields[static_cast<std::size_t>(columns.time_column)];
    const std::string_view vf = fields[static_cast<std::size_t>(columns.value_column)];
    if (!parse_number(tf, tv))
      throw ebn::file_error(path, line_no, "non-numeric time '" + std::string(tf) + "'");
    if (!parse_number(vf, vv))
      throw ebn::file_error(path, line_no, "non-numeric value '" + std::string(vf) + "'");
    tv *= columns.time_scale;
    if (!std::isfinite(tv)) throw ebn::file_error(path, line_no, "time is NaN or infinite");
    if (!std::isfinite(vv)) throw ebn::file_error(path, line_no, "value is NaN or infinite ('" + std::string(vf) + "')");
    if (!terminated)
      throw ebn::file_error(path, line_no, "truncated last line (no end-of-line; file cut off?)");
    if (!trace.t.empty() && !(tv > trace.t.back())) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "time not strictly increasing (%.17g after %.17g)", tv, trace.t.back());
      throw ebn::file_error(path, line_no, buf);
    }
    trace.t.push_back(tv);
    trace.v.push_back(vv * columns.scale);
  }
  if (trace.t.empty()) throw ebn::file_error(path, 1, "no data rows (header only)");
  if (trace.t.size() < 2) throw ebn::file_error(path, 2, "only one data row; a signal needs at least two samples");
  return trace;
}

}  // namespace recording
