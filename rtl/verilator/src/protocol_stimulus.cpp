// Constrained-random protocol stimulus (see protocol_stimulus.h for the structure and weights).
#include "ebn_rtl/protocol_stimulus.h"

#include <algorithm>

namespace ebn::rtl {

ProtocolStimulus::ProtocolStimulus(std::uint64_t seed, const StimulusWeights& weights) : rng_(seed), w_(weights) {
  cur_.cfg_neurons = 20;
  cur_.cfg_bits = 8;
  start_reset(2);  // the netlist starts from its reset state
}

void ProtocolStimulus::start_reset(int cycles) {
  phase_ = Phase::Reset;
  phase_left_ = cycles;
  pending_ = false;
  cur_.evt_valid = false;
}

std::uint32_t ProtocolStimulus::wire_word(bool inc) {
  unsigned p = 500;  // per mille of neurons with this wire high
  switch (wires_) {
    case Wires::Uniform: return static_cast<std::uint32_t>(rng_());
    case Wires::Inc: p = inc ? 850 : 100; break;
    case Wires::Dec: p = inc ? 100 : 850; break;
    case Wires::Both: p = 800; break;
    case Wires::Hold: p = 100; break;
  }
  std::uint32_t word = 0;
  for (int n = 0; n < kNeuronsMax; ++n) word |= static_cast<std::uint32_t>(chance(p)) << n;
  return word;
}

void ProtocolStimulus::new_event(int neurons) {
  int k = uniform(0, neurons - 1);
  if (neurons < kNeuronsMax && chance(w_.pre_outside)) k = uniform(neurons, kNeuronsMax - 1);
  else if (chance(w_.pre_last)) k = neurons - 1;
  cur_.evt_valid = true;
  cur_.evt_pre = k;
  cur_.evt_inc = wire_word(true);
  cur_.evt_dec = wire_word(false);
  pending_ = true;
  last_pre_ = k;
}

void ProtocolStimulus::add_write(const PortModel& model, PortInputs& in) {
  (void)model;
  const int N = cur_.cfg_neurons;
  const unsigned r = static_cast<unsigned>(rng_() % 1000);
  int post = uniform(0, N - 1);
  int pre = uniform(0, N - 1);
  if (r < w_.write_outside) {
    post = uniform(0, kNeuronsMax - 1);
    pre = uniform(0, kNeuronsMax - 1);
  } else if (r < w_.write_outside + w_.write_diagonal) {
    pre = post;
  } else if (r < w_.write_outside + w_.write_diagonal + w_.write_event_column) {
    pre = last_pre_;
  }
  const int bits = std::clamp(cur_.cfg_bits, 2, kBitsMax);
  const int hi = (1 << (bits - 1)) - 1;
  const int lo = -hi - 1;
  const unsigned d = static_cast<unsigned>(rng_() % 1000);
  int data = uniform(lo, hi);
  if (d < w_.data_max) data = hi;
  else if (d < w_.data_max + w_.data_min) data = lo;
  else if (d < w_.data_max + w_.data_min + w_.data_beyond)
    data = chance(500) ? std::min(hi + 1 + uniform(0, 2000), 32767) : std::max(lo - 1 - uniform(0, 2000), -32768);
  else if (d < w_.data_max + w_.data_min + w_.data_beyond + w_.data_any16) data = uniform(-32768, 32767);
  in.wr_en = true;
  in.wr_post = post;
  in.wr_pre = pre;
  in.wr_data = data;
  last_wr_post_ = post;
  last_wr_pre_ = pre;
}

void ProtocolStimulus::start_burst() {
  phase_ = Phase::Burst;
  phase_left_ = uniform(8, 300);
  const unsigned k = static_cast<unsigned>(rng_() % 1000);
  kind_ = k < w_.burst_back_to_back                                       ? BurstKind::BackToBack
          : k < w_.burst_back_to_back + w_.burst_sparse                   ? BurstKind::Sparse
          : k < w_.burst_back_to_back + w_.burst_sparse + w_.burst_write_storm ? BurstKind::WriteStorm
                                                                          : BurstKind::Mixed;
  const unsigned d = static_cast<unsigned>(rng_() % 1000);
  wires_ = d < w_.wires_uniform                                   ? Wires::Uniform
           : d < w_.wires_uniform + w_.wires_inc                  ? Wires::Inc
           : d < w_.wires_uniform + w_.wires_inc + w_.wires_dec   ? Wires::Dec
           : d < w_.wires_uniform + w_.wires_inc + w_.wires_dec + w_.wires_both ? Wires::Both
                                                                  : Wires::Hold;
}

void ProtocolStimulus::between_bursts(const PortModel& model) {
  (void)model;
  if (chance(w_.reset_between)) {
    start_reset(uniform(1, 3));
    return;
  }
  if (chance(w_.reconfigure_neurons)) {
    const unsigned r = static_cast<unsigned>(rng_() % 1000);
    int n = uniform(1, kNeuronsMax);
    if (r < w_.neurons_one) n = 1;
    else if (r < w_.neurons_one + w_.neurons_max) n = kNeuronsMax;
    else if (r < w_.neurons_one + w_.neurons_max + w_.neurons_two) n = 2;
    reconf_n_ = n != cur_.cfg_neurons;
    cur_.cfg_neurons = n;
  }
  if (chance(w_.reconfigure_bits)) {
    const unsigned r = static_cast<unsigned>(rng_() % 1000);
    int b = uniform(2, kBitsMax);
    if (r < w_.bits_two) b = 2;
    else if (r < w_.bits_two + w_.bits_max) b = kBitsMax;
    else if (r < w_.bits_two + w_.bits_max + w_.bits_out_of_range) b = chance(400) ? uniform(0, 1) : uniform(kBitsMax + 1, 31);
    reconf_b_ = b != cur_.cfg_bits;
    cur_.cfg_bits = b;
  }
  if (chance(w_.program_run)) {
    phase_ = Phase::Program;
    phase_left_ = uniform(1, 2 * cur_.cfg_neurons);
    return;
  }
  start_burst();
}

PortInputs ProtocolStimulus::next(const PortModel& model) {
  reconf_n_ = reconf_b_ = mid_reset_ = false;
  if (phase_ == Phase::Drain && !pending_ && !model.busy()) between_bursts(model);
  if (phase_ == Phase::Burst && chance(w_.mid_stream_reset)) {
    mid_reset_ = true;
    start_reset(uniform(1, 3));
  }
  PortInputs in = cur_;
  in.wr_en = false;
  in.rst_n = true;
  switch (phase_) {
    case Phase::Reset:
      in.rst_n = false;
      if (--phase_left_ <= 0) {
        read_back_ = true;
        phase_ = Phase::Drain;
      }
      break;
    case Phase::Drain:  // a pending event is held until accepted, a walk runs out; nothing new
      break;
    case Phase::Program:
      add_write(model, in);
      if (--phase_left_ <= 0) start_burst();
      break;
    case Phase::Burst: {
      if (chance(w_.learn_toggle)) cur_.learn_en = !cur_.learn_en;
      unsigned p_event = 0;
      unsigned p_write = 0;
      switch (kind_) {
        case BurstKind::BackToBack: p_event = 1000; p_write = w_.back_to_back_write; break;
        case BurstKind::Sparse: p_event = w_.sparse_event; p_write = w_.sparse_write; break;
        case BurstKind::WriteStorm: p_event = w_.storm_event; p_write = w_.storm_write; break;
        case BurstKind::Mixed: p_event = w_.mixed_event; p_write = w_.mixed_write; break;
      }
      if (!pending_ && chance(p_event)) new_event(cur_.cfg_neurons);
      const PortInputs event_fields = cur_;
      in.learn_en = event_fields.learn_en;
      in.evt_valid = event_fields.evt_valid;
      in.evt_pre = event_fields.evt_pre;
      in.evt_inc = event_fields.evt_inc;
      in.evt_dec = event_fields.evt_dec;
      if (chance(p_write)) add_write(model, in);
      if (--phase_left_ <= 0) phase_ = Phase::Drain;
      break;
    }
  }
  // Read-port address: every cycle, compared combinationally.
  const unsigned r = static_cast<unsigned>(rng_() % 1000);
  if (r < w_.read_event_column) {
    in.rd_pre = last_pre_;
    in.rd_post = uniform(0, kNeuronsMax - 1);
  } else if (r < w_.read_event_column + w_.read_last_write) {
    in.rd_post = last_wr_post_;
    in.rd_pre = last_wr_pre_;
  } else {
    in.rd_post = uniform(0, kNeuronsMax - 1);
    in.rd_pre = uniform(0, kNeuronsMax - 1);
  }
  return in;
}

void ProtocolStimulus::observe(const EdgeActivity& activity) {
  if (activity.fired) {
    pending_ = false;
    cur_.evt_valid = false;
  }
}

}  // namespace ebn::rtl
