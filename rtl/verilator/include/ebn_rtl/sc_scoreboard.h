#pragma once
// The port-level scoreboard (scoreboard.h) on the SystemC-mode netlists (Verilator --sc, the
// models the chip links): every pin an sc_signal, the clock, reset and inputs driven from an
// SC_THREAD, so the Verilated SystemC model's own scheduling (asynchronous reset, combinational
// read port, delta cycles) is checked with the same stimulus and full-state comparison as in C++
// mode. Both update styles are built in SystemC mode (Vebn_ctrl_sc parallel, Vebn_ctrl_sc_ser).
#include <vector>

#include "ebn_rtl/scoreboard.h"

namespace ebn::rtl {

// Elaborates one model + bench per entry of `runs` (each its own style, cycles, seed) and
// simulates them side by side in ONE sc_start; returns the results in the same order.
// SystemC elaborates once per process: call at most once (else std::logic_error); run it in a
// child process (ebn::run_in_child) when the process does other SystemC work.
std::vector<ScoreboardResult> run_sc_scoreboards(const std::vector<ScoreboardOptions>& runs);

}  // namespace ebn::rtl
