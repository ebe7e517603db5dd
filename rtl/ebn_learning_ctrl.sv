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
module ebn_learning_ctrl
  import ebn_pkg::*;
#(
  // Largest network the netlist holds. 32 covers the 20-neuron chip with headroom and keeps each
  // decision vector a single 32-bit word on the Verilated C++ / SystemC ports.
  parameter int unsigned NMax = 32,
  // Physical counter width; the C++ storage (int16) and the register port are this wide.
  parameter int unsigned BMax = MaxWeightBits,
  // Parallel: the whole column in one cycle (the chip). Serial: one row per cycle (area option).
  parameter int unsigned UpdateStyle = UpdateParallel,
  // Verification-only mutation for the cross-checks' must-fail tests; BugNone in any design.
  parameter int unsigned BugMode = BugNone,
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
    return ((32'(pre) * NMax) + 32'(post)) * BMax;
  endfunction

  ///////////////////////////
  // Configuration limits  //
  ///////////////////////////

  logic [BitsW-1:0]       bits_eff;   // configured width clamped to what the netlist holds
  logic signed [BMax-1:0] cnt_max;    // 2^(B-1) - 1
  logic signed [BMax-1:0] cnt_min;    // -2^(B-1) = ~cnt_max in two's complement

  assign bits_eff = (cfg_bits_i < BitsW'(MinWeightBits)) ? BitsW'(MinWeightBits) :
                    (cfg_bits_i > BitsW'(BMax))          ? BitsW'(BMax)          : cfg_bits_i;
  assign cnt_max  = (BMax'(1) << (bits_eff - 1'b1)) - 1'b1;
  assign cnt_min  = ~cnt_max;

  /////////////////////
  // Weight memory   //
  /////////////////////

  logic [MemW-1:0]        w_q;                  // all counters, column-major
  logic signed [BMax-1:0] wr_value;             // register-port value clamped into range
  logic [NMax-1:0]        upd_rows;             // rows stepped in this cycle
  logic [31:0]            upd_lsb   [NMax];     // slot of the counter row n steps
  logic signed [BMax-1:0] upd_value [NMax];     // its value after the step

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
        if (upd_rows[n]) w_q[upd_lsb[n] +: BMax] <= upd_value[n];
      end
    end
  end

  assign rd_data_o = w_q[slot_lsb(rd_post_i, rd_pre_i) +: BMax];
  assign dac_o     = w_q;

  ///////////////////////////////
  // Event sequencing          //
  ///////////////////////////////

  // Column being stepped, its decisions and its rows (per update style).
  logic [IdxW-1:0] upd_pre;
  logic [NMax-1:0] upd_inc;
  logic [NMax-1:0] upd_dec;
  logic [NMax-1:0] upd_candidates;  // rows the current cycle may step, before diagonal masking
  logic [NMax-1:0] diag_keep;       // 0 at the diagonal row of the column
  logic            evt_fire;
  logic            pre_active;

  assign evt_fire   = evt_valid_i & evt_ready_o;
  assign pre_active = CntW'(evt_pre_i) < cfg_neurons_i;

  for (genvar n = 0; n < NMax; n++) begin : gen_upd_lsb
    if (BugMode == BugSwapKn) begin : gen_bug_swap
      assign upd_lsb[n] = slot_lsb(upd_pre, IdxW'(n));
    end else begin : gen_lsb
      assign upd_lsb[n] = slot_lsb(IdxW'(n), upd_pre);
    end
  end

  if (BugMode == BugDiagonal) begin : gen_bug_diagonal
    assign diag_keep = '1;
  end else begin : gen_diag_keep
    assign diag_keep = ~(NMax'(1) << upd_pre);
  end

  assign upd_rows = upd_candidates & diag_keep;

  if (UpdateStyle == UpdateParallel) begin : gen_parallel
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

    for (genvar n = 0; n < NMax; n++) begin : gen_stepper
      ebn_counter_step #(
        .BMax    (BMax),
        .BugMode (BugMode)
      ) u_step (
        .value_i (w_q[upd_lsb[n] +: BMax]),
        .inc_i   (upd_inc[n]),
        .dec_i   (upd_dec[n]),
        .max_i   (cnt_max),
        .min_i   (cnt_min),
        .value_o (upd_value[n])
      );
    end

  end else if (UpdateStyle == UpdateSerial) begin : gen_serial
    // The accepted event is latched and applied one row per cycle by one shared stepper.
    logic            busy_d, busy_q;
    logic [IdxW-1:0] pre_d, pre_q;
    logic [NMax-1:0] inc_d, inc_q;
    logic [NMax-1:0] dec_d, dec_q;
    logic [IdxW-1:0] row_d, row_q;
    logic            last_row;
    logic signed [BMax-1:0] stepped;

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

    ebn_counter_step #(
      .BMax    (BMax),
      .BugMode (BugMode)
    ) u_step (
      .value_i (w_q[upd_lsb[row_q] +: BMax]),
      .inc_i   (upd_inc[row_q]),
      .dec_i   (upd_dec[row_q]),
      .max_i   (cnt_max),
      .min_i   (cnt_min),
      .value_o (stepped)
    );

    for (genvar n = 0; n < NMax; n++) begin : gen_value
      assign upd_value[n] = stepped;  // only row_q is enabled
    end

  end else begin : gen_bad_style
    $error("ebn_learning_ctrl: UpdateStyle must be ebn_pkg::UpdateParallel or UpdateSerial");
  end

endmodule
