// Port-level reference model of the learning controller (see port_model.h). Written from the
// specification in rtl/README.md; the only RTL knowledge used is the port list.
#include "ebn_rtl/port_model.h"

#include <algorithm>

namespace ebn::rtl {

int PortModel::effective_bits() const { return std::clamp(in_.cfg_bits, 2, kBitsMax); }

int PortModel::step(int v, bool inc, bool dec) const {
  if (inc && !dec) return v >= counter_max() ? counter_max() : v + 1;
  if (dec && !inc) return v <= counter_min() ? counter_min() : v - 1;
  return v;  // hold, and the illegal code inc & dec
}

void PortModel::step_counter(std::int16_t& w, bool inc, bool dec, EdgeActivity& a) const {
  const int state = w <= counter_min() ? 0 : (w >= counter_max() ? 2 : 1);
  ++a.steps_by_code[static_cast<std::size_t>(inc) | (static_cast<std::size_t>(dec) << 1)][static_cast<std::size_t>(state)];
  ++a.stepped_rows;
  w = static_cast<std::int16_t>(step(w, inc, dec));
}

void PortModel::reset_state() {
  w_.fill(0);
  busy_ = false;
  walk_pre_ = 0;
  walk_inc_ = 0;
  walk_dec_ = 0;
  walk_row_ = 0;
}

void PortModel::drive(const PortInputs& in) {
  in_ = in;
  if (!in_.rst_n) reset_state();
}

PortOutputs PortModel::outputs() const {
  PortOutputs o;
  o.evt_ready = ready();
  o.busy = style_ == UpdateStyle::Serial && busy_;
  o.rd_data = weight(in_.rd_post, in_.rd_pre);
  return o;
}

EdgeActivity PortModel::clock() {
  EdgeActivity a;
  if (!in_.rst_n) {
    a.in_reset = true;
    return a;
  }
  const int N = in_.cfg_neurons;
  a.fired = in_.evt_valid && ready();
  a.applied = a.fired && in_.learn_en && in_.evt_pre < N;
  if (in_.wr_en) {  // the write has priority over everything at this edge
    a.wrote = true;
    a.walk_stalled = busy_;
    const int value = std::clamp(in_.wr_data, counter_min(), counter_max());
    w_[static_cast<std::size_t>(in_.wr_pre * kNeuronsMax + in_.wr_post)] = static_cast<std::int16_t>(value);
    return a;  // a write never coincides with an accepted event (evt_ready_o is low)
  }
  if (style_ == UpdateStyle::Parallel) {
    if (a.applied) {
      const int k = in_.evt_pre;
      for (int n = 0; n < N && n < kNeuronsMax; ++n) {
        if (n == k) continue;
        step_counter(w_[static_cast<std::size_t>(k * kNeuronsMax + n)], (in_.evt_inc >> n) & 1u,
                     (in_.evt_dec >> n) & 1u, a);
      }
    }
    return a;
  }
  // Serial: the edge steps the current row of a running walk, or accepts a new event (never both:
  // the port is not ready while busy).
  if (busy_) {
    const int n = walk_row_;
    if (n != walk_pre_) {
      step_counter(w_[static_cast<std::size_t>(walk_pre_ * kNeuronsMax + n)], (walk_inc_ >> n) & 1u,
                   (walk_dec_ >> n) & 1u, a);
    }
    busy_ = n != N - 1;
    walk_row_ = n + 1;
  } else if (a.applied) {
    busy_ = true;
    walk_pre_ = in_.evt_pre;
    walk_inc_ = in_.evt_inc;
    walk_dec_ = in_.evt_dec;
    walk_row_ = 0;
  }
  return a;
}

}  // namespace ebn::rtl
