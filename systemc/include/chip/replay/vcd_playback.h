#pragma once
// `ebn replay --trace FILE`: a VCD of the recorded and model waveforms, written with SystemC's
// own tracing (sc_create_vcd_trace_file + sc_trace) by a small playback module that steps through
// the replay grid, so GTKWave opens it like any chip trace (view: waves/replay.gtkw).
// Elaborates SystemC: call at most once per process. The file appears complete or not at all.
#include <cstddef>
#include <string>

#include "chip/replay/replay.h"

namespace chip::replay {

// Signals (scope "SystemC"): i_mem_recorded_nA, i_mem_replay_nA, i_mem_closed_loop_nA,
// i_lower_nA, i_upper_nA (real); input, inc/sl/dec_recorded, inc/sl/dec_model (bool);
// counter_recorded, counter_model (int). `decimate` keeps every n-th grid sample.
void write_replay_vcd(const ReplayReport& rep, const std::string& path, std::size_t decimate = 1);

}  // namespace chip::replay
