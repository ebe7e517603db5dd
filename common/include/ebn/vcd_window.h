#pragma once
// Cut a VCD to a time window and give it its own time origin. Why: SystemC and Verilator trace
// against the simulator's global time, so the waveform of the last of 51 learning passes would
// start at t = 0 with 50 s of nothing before the pass, and GTKWave's zoom-to-fit would show the
// empty span. The windowed file starts at the window (time 0 = window start), holds the state of
// every signal at that instant as its initial $dumpvars, ends with a time stamp at the window
// end, and states the offset in its header ($comment, and $version, which FST keeps).
//
// Streams the file (value changes are parsed token-wise, so any line layout of SystemC's or
// Verilator's writer works); memory is one value per signal.
#include <cstdint>
#include <string>

namespace ebn {

struct VcdWindow {
  double start_s = 0.0;  // window start in the source's time axis (seconds)
  double end_s = -1.0;   // window end (seconds); < 0 = to the end of the source
};

struct VcdWindowResult {
  double timescale_s = 0.0;    // one VCD tick in seconds (from $timescale)
  std::int64_t start_tick = 0;  // window start in source ticks (= the new time 0)
  std::int64_t end_tick = -1;   // last time stamp written, in new ticks
  long changes = 0;             // value changes copied from inside the window
};

// Reads `in`, writes `out` (plain file; the caller stages and renames). `note` goes into the
// header comment (e.g. "last learning pass"). Throws ebn::InputError naming the file on a
// malformed VCD or an I/O error.
VcdWindowResult window_vcd(const std::string& in, const std::string& out, const VcdWindow& window,
                           const std::string& note);

}  // namespace ebn
