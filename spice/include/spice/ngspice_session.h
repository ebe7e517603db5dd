#pragma once
// libngspice (ngspice 39, shared library) behind one C++ object. libngspice keeps one global
// circuit per process, so there is one session per process (instance()). What it wraps:
//  * ngSpice_Init + ngSpice_Init_Sync once; all console output (stdout/stderr of ngspice) goes to
//    a log the caller saves (e.g. ngspice.log in the output folder), never to the terminal;
//  * loading a Deck: errors that ngspice prints ("Error on line ...", unknown model, ...) become
//    ebn::InputError naming the netlist file:line of the offending line;
//  * a transient run in ngspice's background thread (`bg_run`; the calling thread only polls and
//    halts a transient that stops advancing; bg_run and run give identical traces) with EXTERNAL voltage sources answered by the client
//    (GetVSRCData), breakpoints so that every digital edge is an accepted time point
//    (ngSpice_SetBkpt, also from inside a callback for edges decided during the run), and every
//    accepted point delivered to the client (SendData) with the probed vectors only;
//  * "timestep too small" and other aborts become ebn::InputError naming the simulated time;
//    an exception thrown by the client inside a callback is stored and rethrown after the run.
// Pitfalls honoured (notes formal-synth-coverage-ngspice §4): `V a 0 external` without `dc 0`
// (that segfaults libngspice 39) -- checked by load(); OMP_NUM_THREADS=1 set before init.
#include <atomic>
#include <exception>
#include <string>
#include <unordered_map>
#include <vector>

#include "spice/netlist_deck.h"

namespace spice {

class TransientClient {
 public:
  virtual ~TransientClient() = default;
  // Value (V, or A for an `I... external` source) of EXTERNAL source `index` (position in TransientSpec::external_sources) at time t.
  // Must be a pure function of (index, t) for t > the last accepted time (steps may be retried).
  virtual double source_value(int index, double t) = 0;
  // One accepted time point; values[i] belongs to TransientSpec::probes[i].
  virtual void on_accepted(double t, const std::vector<double>& values) = 0;
};

struct TransientSpec {
  double t_stop_s = 0.5;
  double t_step_s = 10e-6;   // print step (ngspice's initial step guess)
  double max_step_s = 100e-6;
  std::vector<std::string> external_sources;  // names of `V/I... external` sources (lower case)
  std::vector<std::string> probes;            // vector names: node names ("vmem") or "vx#branch"
  std::vector<double> breakpoints;            // known edges (s)
};

class NgspiceSession {
 public:
  static NgspiceSession& instance();
  NgspiceSession(const NgspiceSession&) = delete;
  NgspiceSession& operator=(const NgspiceSession&) = delete;

  // Replaces any loaded circuit. Appends `extra_lines` (e.g. .save) before `.end`.
  void load(const Deck& deck, const std::vector<std::string>& extra_lines = {});
  void run(const TransientSpec& spec, TransientClient& client);
  // Add an edge at absolute time t (> the current time); callable from client callbacks.
  void add_breakpoint(double t);

  // Everything ngspice printed since the session started.
  const std::string& console_log() const { return log_; }
  long accepted_points() const { return accepted_; }

  // C callbacks (public for the trampolines only).
  void on_char(const char* text);
  int on_vsrc(double* value, double t, const char* name);
  void on_data(void* all, int count);
  void on_exit(int status);
  void on_bg(bool finished);

 private:
  NgspiceSession();
  void command(const std::string& cmd);
  std::vector<std::string> errors_since(std::size_t log_pos) const;

  std::string log_;
  const Deck* deck_ = nullptr;
  Deck deck_copy_;
  TransientClient* client_ = nullptr;
  const TransientSpec* spec_ = nullptr;
  std::unordered_map<std::string, int> source_index_;
  std::vector<int> probe_slot_;  // vector index in SendData -> probe index (-1 = not probed)
  bool probe_map_ready_ = false;
  int time_slot_ = -1;
  std::vector<double> values_;
  double last_time_ = 0.0;
  long accepted_ = 0;
  std::exception_ptr pending_;
  bool exited_ = false;
  static constexpr long kStallWindowPoints = 20000;
  static constexpr double kMinMeanStep_s = 1e-13;
  long window_points_ = 0;
  double window_start_ = 0.0;
  std::atomic<bool> stalled_{false};
  std::atomic<bool> finished_{false};
};

}  // namespace spice
