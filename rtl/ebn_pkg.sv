// Shared definitions of the EBN learning controller RTL.
//
// This package mirrors common/include/ebn/hw_encoding.h and common/include/ebn/decision.h, the
// single source of truth of the C++ models. testbenches/unit/test_rtl_pkg.cpp parses this file and
// checks every constant and enum value against the C++ headers, and drives the Verilated
// controller with all four inc/dec wire combinations against ebn::hw::from_wires().
package ebn_pkg;

  // Counter widths (ebn::hw::kMinWeightBits / kMaxWeightBits). The default width of the C++
  // configs is not mirrored: the RTL receives the width at run time (cfg_bits_i).
  localparam int unsigned MinWeightBits = 2;
  localparam int unsigned MaxWeightBits = 16;

  // The learning decision (ebn::Decision). On the controller port it travels as two wires
  // (inc, dec); both high is an illegal code that means "no change" (ebn::hw::from_wires).
  typedef enum logic [1:0] {
    DecisionHold = 2'd0,
    DecisionInc  = 2'd1,
    DecisionDec  = 2'd2
  } decision_e;

  // Returns a decision_e code as plain logic [1:0] and assigns to the function name instead of
  // `return`, with package-qualified enumerators: yosys 0.23's front end (formal, synthesis)
  // rejects enum return types and `return`, and silently turns unqualified enumerators inside a
  // package function into 1-bit wires (rtl/README.md, "One source for Verilator and yosys").
  function automatic logic [1:0] decision_from_wires(logic inc, logic dec);
    if (inc && !dec)      decision_from_wires = ebn_pkg::DecisionInc;
    else if (dec && !inc) decision_from_wires = ebn_pkg::DecisionDec;
    else                  decision_from_wires = ebn_pkg::DecisionHold;
  endfunction

  // How a presynaptic event walks its column of counters.
  //   UpdateParallel: one stepper per row, the whole column in the accepting clock cycle
  //                   (N adders, 1 cycle per event; what the chip is built with).
  //   UpdateSerial:   one row per cycle (1 adder, 1 + N cycles per event, the event port is not
  //                   ready while busy).
  // (Plain integers rather than an enum so that `verilator -GUpdateStyle=1` can select them.)
  localparam int unsigned UpdateParallel = 0;
  localparam int unsigned UpdateSerial   = 1;

  // Verification-only mutations: deliberately wrong controllers that the cross-checks must
  // catch. Never instantiate anything but BugNone in a design.
  localparam int unsigned BugNone       = 0;  // the real controller
  localparam int unsigned BugSaturation = 1;  // upper saturation one step early (stops at max - 1)
  localparam int unsigned BugSwapKn     = 2;  // event from k steps W[k][n] instead of W[n][k]
  localparam int unsigned BugDiagonal   = 3;  // the diagonal W[k][k] steps too

endpackage
