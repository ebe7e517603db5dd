#include "spice/ngspice_session.h"

#include <ngspice/sharedspice.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <cstring>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "ebn/errors.h"

namespace spice {

namespace {

int cb_char(char* text, int, void* self) {
  static_cast<NgspiceSession*>(self)->on_char(text);
  return 0;
}
int cb_stat(char*, int, void*) { return 0; }
int cb_exit(int status, NG_BOOL, NG_BOOL, int, void* self) {
  static_cast<NgspiceSession*>(self)->on_exit(status);
  return 0;
}
int cb_data(pvecvaluesall all, int count, int, void* self) {
  static_cast<NgspiceSession*>(self)->on_data(all, count);
  return 0;
}
int cb_init_data(pvecinfoall, int, void*) { return 0; }
// The flag is inverted in libngspice 39 (false at start, true at the end); we run in the
// foreground, so it carries no information we need.
int cb_bg(NG_BOOL finished, int, void* self) {
  static_cast<NgspiceSession*>(self)->on_bg(finished);
  return 0;
}
int cb_vsrc(double* value, double t, char* name, int, void* self) {
  return static_cast<NgspiceSession*>(self)->on_vsrc(value, t, name);
}
// EXTERNAL current sources (`I... external`) are answered like voltage sources: by name.
int cb_isrc(double* value, double t, char* name, int, void* self) {
  return static_cast<NgspiceSession*>(self)->on_vsrc(value, t, name);
}

bool contains_ci(const std::string& hay, const char* needle) {
  return to_lower(hay).find(needle) != std::string::npos;
}

}  // namespace

NgspiceSession& NgspiceSession::instance() {
  static NgspiceSession session;
  return session;
}

NgspiceSession::NgspiceSession() {
  // Two OpenMP threads were slower than one on these small circuits (notes §4); for child
  // processes -- this process's libgomp has already read its environment.
  ::setenv("OMP_NUM_THREADS", "1", 1);
  ngSpice_Init(cb_char, cb_stat, cb_exit, cb_data, cb_init_data, cb_bg, this);
  int ident = 0;
  ngSpice_Init_Sync(cb_vsrc, cb_isrc, nullptr, &ident, this);
  // The environment variable is read by libgomp when the library is loaded (before main), and
  // ngspice then sets its own default of 2 OpenMP threads for the BSIM3 load: on a loaded
  // machine the spinning second thread made every Newton iteration ~100x slower (measured:
  // 0.5 s of the synapse in 41 s CPU -> well under a second with one thread).
  command("set num_threads=1");
}

void NgspiceSession::on_char(const char* text) {
  log_ += text;
  log_ += '\n';
}

void NgspiceSession::on_bg(bool finished) {
  // libngspice 39 passes the flag inverted: false when the thread starts, true when it ends.
  if (finished) finished_.store(true);
}

void NgspiceSession::on_exit(int status) {
  exited_ = true;
  log_ += "ngspice requested exit, status " + std::to_string(status) + "\n";
}

int NgspiceSession::on_vsrc(double* value, double t, const char* name) {
  *value = 0.0;
  if (!client_ || pending_) return 0;
  auto it = source_index_.find(name);
  if (it == source_index_.end()) {
    const std::string n = to_lower(name);
    it = source_index_.find(n);
    if (it == source_index_.end()) {
      pending_ = std::make_exception_ptr(ebn::InputError(
          deck_copy_.netlist + ": EXTERNAL source '" + n + "' is not driven by the co-simulation (" +
          (deck_copy_.origin_of(n).empty() ? std::string("unknown line") : deck_copy_.origin_of(n)) + ")"));
      return 0;
    }
    source_index_.emplace(name, it->second);
  }
  try {
    *value = client_->source_value(it->second, t);
  } catch (...) {
    pending_ = std::current_exception();
  }
  return 0;
}

void NgspiceSession::on_data(void* raw, int count) {
  if (!client_ || pending_) return;
  auto* all = static_cast<pvecvaluesall>(raw);
  if (!probe_map_ready_) {
    probe_slot_.assign(static_cast<std::size_t>(count), -1);
    std::vector<bool> found(spec_->probes.size(), false);
    for (int i = 0; i < count; ++i) {
      const std::string n = to_lower(all->vecsa[i]->name);
      if (n == "time") time_slot_ = i;
      for (std::size_t p = 0; p < spec_->probes.size(); ++p)
        if (n == spec_->probes[p] || n == "v(" + spec_->probes[p] + ")") {
          probe_slot_[static_cast<std::size_t>(i)] = static_cast<int>(p);
          found[p] = true;
        }
    }
    for (std::size_t p = 0; p < found.size(); ++p)
      if (!found[p]) {
        pending_ = std::make_exception_ptr(
            ebn::InputError(deck_copy_.netlist + ": node or branch '" + spec_->probes[p] +
                            "' needed by the co-simulation does not exist in the netlist"));
        return;
      }
    if (time_slot_ < 0) {
      pending_ = std::make_exception_ptr(std::runtime_error("ngspice sent no time vector"));
      return;
    }
    probe_map_ready_ = true;
  }
  for (int i = 0; i < count; ++i) {
    const int p = probe_slot_[static_cast<std::size_t>(i)];
    if (p >= 0) values_[static_cast<std::size_t>(p)] = all->vecsa[i]->creal;
  }
  last_time_ = all->vecsa[time_slot_]->creal;
  ++accepted_;
  // Stall guard: a transient that no longer advances (ngspice shrinking the step forever) is a
  // non-converging circuit; the polling thread halts it and reports the time.
  if (++window_points_ >= kStallWindowPoints) {
    if (last_time_ - window_start_ < kStallWindowPoints * kMinMeanStep_s) stalled_.store(true);
    window_points_ = 0;
    window_start_ = last_time_;
  }
  try {
    client_->on_accepted(last_time_, values_);
  } catch (...) {
    pending_ = std::current_exception();
  }
}

void NgspiceSession::command(const std::string& cmd) {
  std::string c = cmd;
  ngSpice_Command(c.data());
  if (exited_) throw std::runtime_error("ngspice exited during '" + cmd + "'; see the ngspice log");
}

std::vector<std::string> NgspiceSession::errors_since(std::size_t pos) const {
  std::vector<std::string> out;
  std::istringstream in(log_.substr(pos));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("stderr ", 0) == 0) line = line.substr(7);
    else if (line.rfind("stdout ", 0) == 0) line = line.substr(7);
    if (contains_ci(line, "error") || contains_ci(line, "unable to find") || contains_ci(line, "could not find") ||
        contains_ci(line, "unknown") || contains_ci(line, "timestep too small") || contains_ci(line, "aborted"))
      out.push_back(line);
  }
  return out;
}

void NgspiceSession::load(const Deck& deck, const std::vector<std::string>& extra_lines) {
  // libngspice 39 segfaults on `V a 0 dc 0 external`: refuse it with the line, before ngspice sees it.
  for (const auto& l : deck.lines) {
    const std::string t = to_lower(l.text);
    if (!t.empty() && (t[0] == 'v' || t[0] == 'i') && t.find("external") != std::string::npos &&
        (t.find(" dc ") != std::string::npos || t.find(" ac ") != std::string::npos))
      throw ebn::InputError(l.file + ":" + std::to_string(l.line) +
                            ": write an EXTERNAL source as `Vname n+ n- external` (no dc/ac value; "
                            "`dc 0 external` crashes libngspice 39)");
  }
  deck_copy_ = deck;
  const std::size_t log_pos = log_.size();
  command("remcirc");
  std::vector<std::string> text;
  for (const auto& l : deck.lines) text.push_back(l.text);
  for (const auto& e : extra_lines) text.push_back(e);
  text.push_back(".end");
  std::vector<char*> ptrs;
  for (auto& s : text) ptrs.push_back(s.data());
  ptrs.push_back(nullptr);
  const int rc = ngSpice_Circ(ptrs.data());
  if (exited_) throw ebn::InputError(deck.netlist + ": ngspice gave up while reading the netlist (see ngspice.log)");
  const auto errors = errors_since(log_pos);
  if (rc != 0 || !errors.empty()) {
    // Name the netlist line: ngspice quotes the offending line or a device/model name after the error.
    std::string origin;
    // ngspice quotes the offending line right after "Error on line N ...": find it in the deck.
    {
      std::istringstream in(log_.substr(log_pos));
      std::vector<std::string> all;
      for (std::string l; std::getline(in, l);) {
        if (l.rfind("stderr ", 0) == 0 || l.rfind("stdout ", 0) == 0) l = l.substr(7);
        all.push_back(l);
      }
      for (std::size_t i = 0; i < all.size() && origin.empty(); ++i) {
        if (!contains_ci(all[i], "error on line")) continue;
        for (std::size_t j = i + 1; j < all.size() && j <= i + 3 && origin.empty(); ++j) {
          std::istringstream w(to_lower(all[j]));
          std::string a, b;
          w >> a >> b;
          if (a.empty() || b.empty()) continue;
          for (const auto& dl : deck.lines) {
            std::istringstream v(to_lower(dl.text));
            std::string x, y;
            v >> x >> y;
            if (x == a && y == b) {
              origin = dl.file + ":" + std::to_string(dl.line);
              break;
            }
          }
        }
      }
    }
    static const std::regex token(R"(([A-Za-z_][A-Za-z0-9_.#]*))");
    for (const auto& e : errors) {
      for (std::sregex_iterator it(e.begin(), e.end(), token), end; it != end && origin.empty(); ++it) {
        const std::string tok = (*it)[1];
        if (tok.size() < 2) continue;
        static const char* skip[] = {"error", "on", "line", "unknown", "model", "the", "of", "in", "to", "is", "not",
                                     "find", "unable", "could", "a", "for", "parameter", "subckt", "definition"};
        bool skipped = false;
        for (const char* s : skip) skipped = skipped || to_lower(tok) == s;
        if (skipped) continue;
        for (const auto& l : deck.lines) {
          const auto words = l.text;
          std::istringstream in(words);
          std::string first;
          in >> first;
          if (to_lower(first) == to_lower(tok)) {
            origin = l.file + ":" + std::to_string(l.line);
            break;
          }
        }
      }
      if (!origin.empty()) break;
    }
    std::string msg = errors.empty() ? std::string("ngspice could not read the netlist") : errors.front();
    for (std::size_t i = 1; i < errors.size() && i < 3; ++i) msg += "; " + errors[i];
    throw ebn::InputError((origin.empty() ? deck.netlist : origin) + ": " + msg);
  }
}

void NgspiceSession::add_breakpoint(double t) {
  if (!ngSpice_SetBkpt(t)) throw std::runtime_error("ngspice refused a breakpoint at t = " + std::to_string(t));
}

void NgspiceSession::run(const TransientSpec& spec, TransientClient& client) {
  client_ = &client;
  spec_ = &spec;
  source_index_.clear();
  for (std::size_t i = 0; i < spec.external_sources.size(); ++i)
    source_index_.emplace(to_lower(spec.external_sources[i]), static_cast<int>(i));
  probe_map_ready_ = false;
  time_slot_ = -1;
  values_.assign(spec.probes.size(), 0.0);
  pending_ = nullptr;
  last_time_ = 0.0;
  const std::size_t log_pos = log_.size();
  for (double t : spec.breakpoints) add_breakpoint(t);
  char buf[160];
  std::snprintf(buf, sizeof buf, "tran %.9g %.9g 0 %.9g", spec.t_step_s, spec.t_stop_s, spec.max_step_s);
  // Run in ngspice's background thread and poll, so that a stalled transient can be halted.
  // Callbacks then run on that thread; this thread only waits (no shared state is touched
  // until the background thread reports its end).
  window_points_ = 0;
  window_start_ = 0.0;
  stalled_.store(false);
  finished_.store(false);
  command(std::string("bg_") + buf);
  bool halted = false;
  while (!finished_.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!halted && stalled_.load()) {
      command("bg_halt");
      halted = true;
    }
  }
  while (ngSpice_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  client_ = nullptr;
  if (halted) {
    char t[64];
    std::snprintf(t, sizeof t, "%.6g", last_time_);
    command("reset");
    throw ebn::InputError(deck_copy_.netlist + ": transient failed at t = " + t +
                          " s: timestep too small (the time step stays below 1e-13 s; circuit does not converge)");
  }
  spec_ = nullptr;
  if (pending_) std::rethrow_exception(pending_);
  for (const auto& e : errors_since(log_pos)) {
    if (contains_ci(e, "timestep too small") || contains_ci(e, "aborted") || contains_ci(e, "error")) {
      char t[64];
      std::snprintf(t, sizeof t, "%.6g", last_time_);
      throw ebn::InputError(deck_copy_.netlist + ": transient failed at t = " + t + " s: " + e);
    }
  }
  if (last_time_ < spec.t_stop_s * (1 - 1e-9)) {
    char t[64];
    std::snprintf(t, sizeof t, "%.6g", last_time_);
    throw ebn::InputError(deck_copy_.netlist + ": transient stopped at t = " + t + " s (see ngspice.log)");
  }
}

}  // namespace spice
