#pragma once
// Address-event bus: spikes leave the population as (time, neuron id) words, never as per-neuron
// signals. A listener waits on event() and reads the words appended since its last visit.
#include <systemc>

#include <cstddef>
#include <vector>

namespace chip {

struct AerEvent {
  double t_s = 0.0;  // time within the trial (s), exact threshold-crossing time
  int neuron = 0;
  bool operator==(const AerEvent& o) const { return t_s == o.t_s && neuron == o.neuron; }
};

class AerBus {
 public:
  void post(const AerEvent& e) {
    log_.push_back(e);
    event_.notify(sc_core::SC_ZERO_TIME);
  }
  const sc_core::sc_event& event() const { return event_; }
  // Words since the start of the trial, in emission order (time order; same time: neuron order).
  const std::vector<AerEvent>& words() const { return log_; }
  void clear() { log_.clear(); }

 private:
  std::vector<AerEvent> log_;
  sc_core::sc_event event_{"aer_event"};
};

}  // namespace chip
