#include "recording/psf_ascii.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>

#include "ebn/errors.h"
#include "recording/file_format.h"

namespace recording {

namespace {

struct Token {
  enum Kind { String, Word, Number, Open, Close, End } kind = End;
  std::string text;
  double number = 0.0;
  long line = 0;
};

class Lexer {
 public:
  Lexer(std::string data, std::string path) : data_(std::move(data)), path_(std::move(path)) {}
  Token next() {
    skip_space();
    Token t;
    t.line = line_;
    if (pos_ >= data_.size()) return t;
    const char c = data_[pos_];
    if (c == '"') {
      ++pos_;
      t.kind = Token::String;
      while (pos_ < data_.size() && data_[pos_] != '"') {
        if (data_[pos_] == '\\' && pos_ + 1 < data_.size()) ++pos_;
        if (data_[pos_] == '\n') ++line_;
        t.text += data_[pos_++];
      }
      if (pos_ >= data_.size()) throw ebn::file_error(path_, t.line, "unterminated string");
      ++pos_;
      return t;
    }
    if (c == '(' || c == ')') {
      ++pos_;
      t.kind = c == '(' ? Token::Open : Token::Close;
      t.text = std::string(1, c);
      return t;
    }
    const std::size_t start = pos_;
    while (pos_ < data_.size() && !std::isspace(static_cast<unsigned char>(data_[pos_])) && data_[pos_] != '(' &&
           data_[pos_] != ')' && data_[pos_] != '"')
      ++pos_;
    t.text = data_.substr(start, pos_ - start);
    const char* b = t.text.data() + (t.text[0] == '+' ? 1 : 0);
    const auto [p, ec] = std::from_chars(b, t.text.data() + t.text.size(), t.number);
    t.kind = (ec == std::errc() && p == t.text.data() + t.text.size()) ? Token::Number : Token::Word;
    return t;
  }
  const std::string& path() const { return path_; }

 private:
  void skip_space() {
    while (pos_ < data_.size() && std::isspace(static_cast<unsigned char>(data_[pos_]))) {
      if (data_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }
  std::string data_;
  std::string path_;
  std::size_t pos_ = 0;
  long line_ = 1;
};

class Parser {
 public:
  explicit Parser(Lexer& lx) : lx_(lx) { advance(); }
  const Token& peek() const { return tok_; }
  Token take() {
    Token t = tok_;
    advance();
    return t;
  }
  [[noreturn]] void fail(const std::string& msg) const { throw ebn::file_error(lx_.path(), tok_.line, msg); }
  Token expect(Token::Kind k, const char* what) {
    if (tok_.kind != k) fail(std::string("expected ") + what + ", found '" + tok_.text + "'");
    return take();
  }
  bool at_word(const char* w) const { return tok_.kind == Token::Word && tok_.text == w; }
  bool at_section() const {
    return tok_.kind == Token::End || at_word("HEADER") || at_word("TYPE") || at_word("SWEEP") || at_word("TRACE") ||
           at_word("VALUE") || at_word("END");
  }
  // PROP( "key" value ... ) -> map (values as text); nothing if no PROP follows.
  std::map<std::string, std::string> props() {
    std::map<std::string, std::string> out;
    if (!at_word("PROP")) return out;
    take();
    expect(Token::Open, "'(' after PROP");
    while (tok_.kind != Token::Close) {
      const Token key = expect(Token::String, "property name");
      if (tok_.kind == Token::End) fail("file ends inside PROP(");
      out[key.text] = take().text;
    }
    take();
    return out;
  }
  // Skips a type description up to its end (nested parentheses, e.g. STRUCT( ... )).
  void skip_type_spec() {
    int depth = 0;
    while (tok_.kind != Token::End) {
      if (depth == 0 && (tok_.kind == Token::String || at_word("PROP"))) return;  // next definition / props
      if (depth == 0 && at_section()) return;
      if (tok_.kind == Token::Open) ++depth;
      if (tok_.kind == Token::Close) --depth;
      take();
    }
  }

 private:
  void advance() { tok_ = lx_.next(); }
  Lexer& lx_;
  Token tok_;
};

}  // namespace

SignalTable load_psf_ascii(const std::string& path) {
  const std::string data = read_signal_file(path);
  if (data.empty()) throw ebn::file_error(path, 0, "file is empty");
  Lexer lx(data, path);
  Parser p(lx);
  if (!p.at_word("HEADER")) p.fail("not a PSF-ASCII file (expected HEADER)");
  p.take();
  while (!p.at_section()) {  // "name" value pairs
    p.expect(Token::String, "header property name");
    if (p.peek().kind == Token::End) p.fail("file ends in the HEADER");
    p.take();
  }
  std::map<std::string, std::string> type_units;  // type name -> units property
  std::map<std::string, bool> type_is_real;
  if (p.at_word("TYPE")) {
    p.take();
    while (!p.at_section()) {
      const Token name = p.expect(Token::String, "type name");
      // FLOAT DOUBLE PROP(...) for real traces; other kinds are recorded as not real.
      std::string kind;
      while (p.peek().kind == Token::Word && p.peek().text != "PROP" && !p.at_section()) kind += p.take().text + " ";
      type_is_real[name.text] = kind == "FLOAT DOUBLE ";
      if (p.peek().kind == Token::Open) p.skip_type_spec();
      const auto pr = p.props();
      const auto u = pr.find("units");
      type_units[name.text] = u == pr.end() ? "" : u->second;
    }
  }
  SignalTable table;
  table.path = path;
  if (!p.at_word("SWEEP")) p.fail("no SWEEP section: not a transient (swept) result");
  p.take();
  table.time_name = p.expect(Token::String, "sweep name").text;
  p.expect(Token::String, "sweep type");
  p.props();
  if (!p.at_word("TRACE")) p.fail("expected TRACE after the single sweep");
  p.take();
  std::map<std::string, std::size_t> index;
  while (!p.at_section()) {
    const Token name = p.expect(Token::String, "trace name");
    if (p.at_word("GROUP")) p.fail("GROUP traces are not supported; export the traces individually");
    const Token type = p.expect(Token::String, "trace type");
    p.props();
    const auto real = type_is_real.find(type.text);
    if (real != type_is_real.end() && !real->second)
      throw ebn::file_error(path, name.line, "trace '" + name.text + "' of type '" + type.text + "' is not FLOAT DOUBLE");
    index[name.text] = table.names.size();
    table.names.push_back(name.text);
    table.units.push_back(type_units.count(type.text) ? type_units[type.text] : "");
  }
  if (table.names.empty()) p.fail("no traces");
  if (!p.at_word("VALUE")) p.fail("expected VALUE");
  p.take();
  table.columns.assign(table.names.size(), {});
  std::vector<char> seen(table.names.size(), 0);
  long point_line = 0;
  auto close_point = [&]() {
    for (std::size_t j = 0; j < seen.size(); ++j)
      if (!seen[j])
        throw ebn::file_error(path, point_line, "point " + std::to_string(table.t.size() - 1) + " has no value of '" +
                                                    table.names[j] + "'");
  };
  while (!p.at_word("END")) {
    if (p.peek().kind == Token::End) p.fail("file ends before END (truncated?)");
    const Token name = p.expect(Token::String, "value name");
    if (p.peek().kind == Token::Open) p.fail("complex or composite value of '" + name.text + "': only real traces");
    const Token v = p.expect(Token::Number, "number");
    p.props();
    if (name.text == table.time_name) {
      if (!table.t.empty()) close_point();
      table.t.push_back(v.number);
      for (auto& c : table.columns) c.push_back(0.0);
      std::fill(seen.begin(), seen.end(), 0);
      if (table.t.size() == 1) table.first_line = name.line;
      if (table.t.size() == 2) table.line_stride = name.line - table.first_line;
      point_line = name.line;
      continue;
    }
    const auto it = index.find(name.text);
    if (it == index.end()) throw ebn::file_error(path, name.line, "value of unknown trace '" + name.text + "'");
    if (table.t.empty()) throw ebn::file_error(path, name.line, "value before the first sweep point");
    if (seen[it->second]) throw ebn::file_error(path, name.line, "two values of '" + name.text + "' in one point");
    seen[it->second] = 1;
    table.columns[it->second].back() = v.number;
  }
  if (!table.t.empty()) close_point();
  check_table(table);
  return table;
}

void write_psf_ascii(const std::string& path, const SignalTable& table) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw ebn::file_error(path, 0, "cannot write");
  f << "HEADER\n\"PSFversion\" \"1.00\"\n\"simulator\" \"ebn\"\n\"analysis type\" \"tran\"\nTYPE\n"
    << "\"sweep\" FLOAT DOUBLE PROP(\n\"key\" \"sweep\"\n)\n";
  std::map<std::string, std::string> types;  // unit -> type name
  for (const auto& u : table.units) types.emplace(u, u.empty() ? "X" : u);
  for (const auto& [unit, type] : types) {
    f << "\"" << type << "\" FLOAT DOUBLE PROP(\n";
    if (!unit.empty()) f << "\"units\" \"" << unit << "\"\n";
    f << ")\n";
  }
  f << "SWEEP\n\"" << (table.time_name.empty() ? "time" : table.time_name) << "\" \"sweep\" PROP(\n\"key\" \"sweep\"\n)\nTRACE\n";
  for (std::size_t j = 0; j < table.names.size(); ++j) f << "\"" << table.names[j] << "\" \"" << types[table.units[j]] << "\"\n";
  f << "VALUE\n";
  char buf[64];
  for (std::size_t i = 0; i < table.t.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17e", table.t[i]);
    f << "\"" << (table.time_name.empty() ? "time" : table.time_name) << "\" " << buf << "\n";
    for (std::size_t j = 0; j < table.names.size(); ++j) {
      std::snprintf(buf, sizeof buf, "%.17e", table.columns[j][i]);
      f << "\"" << table.names[j] << "\" " << buf << "\n";
    }
  }
  f << "END\n";
  if (!f.flush()) throw ebn::file_error(path, 0, "write error");
}

}  // namespace recording
