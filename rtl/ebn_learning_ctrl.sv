// EBN digital learning controller: an N x N memory of B-bit signed weight counters W[n][k]
// (synapse from presynaptic neuron k onto postsynaptic neuron n). On a presynaptic spike event
// from k, every counter W[n][k] with n != k steps +1 / 0 / -1 according to the latched decision
// wires (inc[n], dec[n]) of neuron n, saturating at both ends of the configured width; the
// diagonal is never touched. A register port programs initial weights and reads them back; the
// DAC lines (dac_o) expose every counter, as the synapse DACs of the chip see them.
//
// The netlist is built for NMax neurons and BMax-bit counters; the active network size
// cfg_neurons_i <= NMax and counter width cfg_bits_i <= BMax are run-time configuration, so one
// Verilated build serves every (N, B) the chip and the cross-checks use (see rtl/README.md).
//
// Counter layout on the DAC lines (column-major, one column per presynaptic neuron):
//   dac_o[((k * NMax) + n) * BMax +: BMax] = W[n][k], sign-extended to BMax bits.
module ebn_learning_ctrl #(
  // Largest network the netlist holds. 32 covers the 20-neuron chip with headroom and keeps each
  // decision vector a single 32-bit word on the Verilated C++ / SystemC ports.
  parameter int unsigned NMax = 32,
  // Physical counter width (area); the active width cfg_bits_i <= BMax is chosen at run time.
  // The default is the widest the C++ models store (int16) and the register port carries.
  parameter int unsigned BMax = ebn_pkg::MaxWeightBits,
  // Parallel: the whole column in one cycle (the chip). Serial: one row per cycle (area option).
  parameter int unsigned UpdateStyle = ebn_pkg::UpdateParallel,
  // Verification-only mutation for the cross-checks' must-fail tests; BugNone in any design.
  parameter int unsigned BugMode = ebn_pkg::BugNone,
  // Derived port widths (not meant to be overridden).
  localparam int unsigned IdxW  = (NMax > 1) ? $clog2(NMax) : 1,  // a neuron index
  localparam int unsigned CntW  = $clog2(NMax + 1),                // a neuron count 0..NMax
  localparam int unsigned BitsW = $clog2(BMax + 1)                 // a width 0..BMax
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,          // asynchronous, active low: all counters to 0

  // Configuration; quasi-static (change only while the controller is idle).
  input  logic [CntW-1:0]           cfg_neurons_i,   // active neurons N, 1..NMax
  input  logic [BitsW-1:0]          cfg_bits_i,      // active counter width B, clamped to [2, BMax]
  input  logic                      learn_en_i,      // 0: events are accepted and dropped

  // Presynaptic spike event, valid/ready handshake. The decision vectors are sampled with it.
  input  logic                      evt_valid_i,
  output logic                      evt_ready_o,
  input  logic [IdxW-1:0]           evt_pre_i,       // presynaptic neuron k (k >= N: dropped)
  input  logic [NMax-1:0]           evt_inc_i,       // inc wire of every neuron n
  input  logic [NMax-1:0]           evt_dec_i,       // dec wire of every neuron n
  output logic                      busy_o,          // an accepted event is still being applied

  // Register port. A write takes one cycle and has priority: events stall while wr_en_i is high.
  input  logic                      wr_en_i,
  input  logic [IdxW-1:0]           wr_post_i,       // n
  input  logic [IdxW-1:0]           wr_pre_i,        // k
  input  logic signed [BMax-1:0]    wr_data_i,       // clamped into the configured range
  input  logic [IdxW-1:0]           rd_post_i,       // n
  input  logic [IdxW-1:0]           rd_pre_i,        // k
  output logic signed [BMax-1:0]    rd_data_o,       // W[rd_post_i][rd_pre_i], combinational

  // DAC lines: every counter, column-major (see the header comment).
  output logic [NMax*NMax*BMax-1:0] dac_o
);

  localparam int unsigned ColW = NMax * BMax;  // one column: the counters of one presynaptic k
  localparam int unsigned MemW = NMax * ColW;

  // Bit offset of counter W[post][pre] in the memory / on the DAC lines.
  function automatic int unsigned slot_lsb(logic [IdxW-1:0] post, logic [IdxW-1:0] pre);
    slot_lsb = ((32'(pre) * NMax) + 32'(post)) * BMax;
  endfunction

  // Slot the event path steps for row n of column pre (the BugSwapKn mutant transposes it).
  function automatic int unsigned event_lsb(logic [IdxW-1:0] n, logic [IdxW-1:0] pre);
    event_lsb = (BugMode == ebn_pkg::BugSwapKn) ? slot_lsb(pre, n) : slot_lsb(n, pre);
  endfunction

  // One learning step of one counter (ebn::hw::step_counter): +1 / 0 / -1 from the (inc, dec)
  // wires (ebn_pkg::decision_from_wires), saturating at `upper` / `lower`.
  function automatic logic signed [BMax-1:0] counter_step(
      logic signed [BMax-1:0] value, logic inc, logic dec,
      logic signed [BMax-1:0] upper, logic signed [BMax-1:0] lower);
    logic [1:0] decision;  // an ebn_pkg::decision_e code (yosys cannot size a call as a case subject)
    decision = ebn_pkg::decision_from_wires(inc, dec);
    unique case (decision)
      ebn_pkg::DecisionInc: counter_step = (value >= upper) ? upper : value + 1'b1;
      ebn_pkg::DecisionDec: counter_step = (value <= lower) ? lower : value - 1'b1;
      default:              counter_step = value;
    endcase
  endfunction

  ///////////////////////////
  // Configuration limits  //
  ///////////////////////////

  logic [BitsW-1:0]       bits_eff;   // configured width clamped to what the netlist holds
  logic signed [BMax-1:0] cnt_max;    // 2^(B-1) - 1
  logic signed [BMax-1:0] cnt_min;    // -2^(B-1) = ~cnt_max in two's complement
  logic signed [BMax-1:0] cnt_upper;  // where an increment stops (cnt_max but in BugSaturation)

  assign bits_eff  = (cfg_bits_i < BitsW'(ebn_pkg::MinWeightBits)) ? BitsW'(ebn_pkg::MinWeightBits) :
                     (cfg_bits_i > BitsW'(BMax))          ? BitsW'(BMax)          : cfg_bits_i;
  assign cnt_max   = (BMax'(1) << (bits_eff - 1'b1)) - 1'b1;
  assign cnt_min   = ~cnt_max;
  assign cnt_upper = (BugMode == ebn_pkg::BugSaturation) ? cnt_max - 1'b1 : cnt_max;

  //////////////////////////////
  // Event sequencing         //
  //////////////////////////////

  // The column being stepped in this cycle, its decisions and the rows stepped (per style).
  logic [IdxW-1:0] upd_pre;
  logic [NMax-1:0] upd_inc;
  logic [NMax-1:0] upd_dec;
  logic [NMax-1:0] upd_candidates;  // rows the current cycle may step, before diagonal masking
  logic [NMax-1:0] upd_rows;        // rows stepped in this cycle
  logic [NMax-1:0] diag_keep;       // 0 at the diagonal row of the column
  logic            evt_fire;
  logic            pre_active;

  assign evt_fire   = evt_valid_i & evt_ready_o;
  assign pre_active = CntW'(evt_pre_i) < cfg_neurons_i;
  assign diag_keep  = (BugMode == ebn_pkg::BugDiagonal) ? '1 : ~(NMax'(1) << upd_pre);
  assign upd_rows   = upd_candidates & diag_keep;

  if (UpdateStyle == ebn_pkg::UpdateParallel) begin : gen_parallel
    // The event is applied in the cycle it is accepted: no state besides the counters.
    logic [NMax-1:0] row_active;  // rows n < N

    for (genvar n = 0; n < NMax; n++) begin : gen_row_active
      assign row_active[n] = CntW'(n) < cfg_neurons_i;
    end

    assign evt_ready_o    = ~wr_en_i;
    assign busy_o         = 1'b0;
    assign upd_pre        = evt_pre_i;
    assign upd_inc        = evt_inc_i;
    assign upd_dec        = evt_dec_i;
    assign upd_candidates = (evt_fire && learn_en_i && pre_active) ? row_active : '0;

  end else if (UpdateStyle == ebn_pkg::UpdateSerial) begin : gen_serial
    // The accepted event is latched and applied one row per cycle.
    logic            busy_d, busy_q;
    logic [IdxW-1:0] pre_d, pre_q;
    logic [NMax-1:0] inc_d, inc_q;
    logic [NMax-1:0] dec_d, dec_q;
    logic [IdxW-1:0] row_d, row_q;
    logic            last_row;

    assign evt_ready_o = ~busy_q & ~wr_en_i;
    assign busy_o      = busy_q;
    assign last_row    = CntW'(row_q) == cfg_neurons_i - 1'b1;

    always_comb begin
      busy_d = busy_q;
      pre_d  = pre_q;
      inc_d  = inc_q;
      dec_d  = dec_q;
      row_d  = row_q;
      if (evt_fire && learn_en_i && pre_active) begin
        busy_d = 1'b1;
        pre_d  = evt_pre_i;
        inc_d  = evt_inc_i;
        dec_d  = evt_dec_i;
        row_d  = '0;
      end else if (busy_q && !wr_en_i) begin  // a register write stalls the walk
        busy_d = ~last_row;
        row_d  = row_q + 1'b1;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        busy_q <= 1'b0;
        pre_q  <= '0;
        inc_q  <= '0;
        dec_q  <= '0;
        row_q  <= '0;
      end else begin
        busy_q <= busy_d;
        pre_q  <= pre_d;
        inc_q  <= inc_d;
        dec_q  <= dec_d;
        row_q  <= row_d;
      end
    end

    assign upd_pre        = pre_q;
    assign upd_inc        = inc_q;
    assign upd_dec        = dec_q;
    assign upd_candidates = busy_q ? (NMax'(1) << row_q) : '0;

  end else begin : gen_bad_style
    $error("ebn_learning_ctrl: UpdateStyle must be ebn_pkg::UpdateParallel or UpdateSerial");
  end

  if (!(BugMode == ebn_pkg::BugNone || BugMode == ebn_pkg::BugSaturation ||
        BugMode == ebn_pkg::BugSwapKn || BugMode == ebn_pkg::BugDiagonal)) begin : gen_bad_bug_mode
    $error("ebn_learning_ctrl: BugMode must be one of ebn_pkg::Bug*");
  end

  /////////////////////
  // Weight memory   //
  /////////////////////

  // The counters are one packed vector (the DAC lines) rather than an unpacked array: the DAC
  // output is then a plain copy, and the step of each enabled row is computed in the clocked
  // block where it is stored, so a simulator evaluates the N steppers once per event instead of
  // on every input change (the Verilated controller is ~2x faster this way; see rtl/README.md).
  logic [MemW-1:0]        w_q;       // all counters, column-major
  logic signed [BMax-1:0] wr_value;  // register-port value clamped into the configured range

  assign wr_value = (wr_data_i > cnt_max) ? cnt_max :
                    (wr_data_i < cnt_min) ? cnt_min : wr_data_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned k = 0; k < NMax; k++) w_q[k * ColW +: ColW] <= '0;  // column-wise: a
                                                                          // single '0 > 8 kbit
    end else if (wr_en_i) begin
      w_q[slot_lsb(wr_post_i, wr_pre_i) +: BMax] <= wr_value;
    end else begin
      for (int unsigned n = 0; n < NMax; n++) begin
        if (upd_rows[n]) begin
          w_q[event_lsb(IdxW'(n), upd_pre) +: BMax] <=
              counter_step(w_q[event_lsb(IdxW'(n), upd_pre) +: BMax], upd_inc[n], upd_dec[n],
                           cnt_upper, cnt_min);
        end
      end
    end
  end

  assign rd_data_o = w_q[slot_lsb(rd_post_i, rd_pre_i) +: BMax];
  assign dac_o     = w_q;

endmodule
