// One learning step of one signed weight counter: +1 / 0 / -1 from the (inc, dec) wires,
// saturating at the limits of the configured width. Purely combinational; the controller
// instantiates one per row (parallel style) or one in total (serial style).
module ebn_counter_step
  import ebn_pkg::*;
#(
  // Physical counter width: every counter is stored sign-extended to this width, so one netlist
  // serves every configured width up to it.
  parameter int unsigned BMax = MaxWeightBits,
  // Verification-only mutation (see ebn_pkg::Bug*); only BugSaturation acts here.
  parameter int unsigned BugMode = BugNone
) (
  input  logic signed [BMax-1:0] value_i,  // current counter value
  input  logic                   inc_i,    // decision wires of the postsynaptic neuron
  input  logic                   dec_i,
  input  logic signed [BMax-1:0] max_i,    // saturation limits of the configured width
  input  logic signed [BMax-1:0] min_i,
  output logic signed [BMax-1:0] value_o   // value after the step
);

  logic signed [BMax-1:0] upper;  // value at which an increment stops
  logic                   at_max;
  logic                   at_min;

  if (BugMode == BugSaturation) begin : gen_bug_saturation
    assign upper = max_i - 1'b1;
  end else begin : gen_upper
    assign upper = max_i;
  end

  assign at_max = value_i >= upper;
  assign at_min = value_i <= min_i;

  always_comb begin
    unique case (decision_from_wires(inc_i, dec_i))
      DecisionInc: value_o = at_max ? upper : value_i + 1'b1;
      DecisionDec: value_o = at_min ? min_i : value_i - 1'b1;
      default:     value_o = value_i;
    endcase
  end

endmodule
