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

  // Bit offset of counter W[post][pre] in the memory / on the DAC lines. Called with loop
  // constants only: a computed offset into the memory would synthesize to a barrel shifter.
  function automatic int unsigned slot_lsb(int unsigned post, int unsigned pre);
    slot_lsb = ((pre * NMax) + post) * BMax;
  endfunction

  // Bit offset of counter n of line j, the line being the NMax counters an event from j steps:
  // column j, W[n][j] (the BugSwapKn mutant steps row j, W[j][n], instead).
  function automatic int unsigned line_lsb(int unsigned n, int unsigned j);
    line_lsb = (BugMode == ebn_pkg::BugSwapKn) ? slot_lsb(j, n) : slot_lsb(n, j);
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
  logic [IdxW-1:0] upd_row;         // the one row stepped in this cycle (serial style only)
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
    assign upd_row        = '0;  // every row has its own stepper
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
    assign upd_row        = row_q;
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

  // The counters are one packed vector (the DAC lines), accessed only at constant offsets: a
  // column multiplexer selects the event's line, one stepper per row (parallel) or one stepper
  // behind a row multiplexer (serial) computes the new values, and each counter's flip-flops load
  // either the register-port value or its row's new value. Synthesizes in seconds, where computed
  // part-selects of the memory became full-width barrel shifters (rtl/README.md). Everything
  // is computed in the clocked block, so a simulator evaluates it once per clock edge only.
  logic [MemW-1:0]        w_q;       // all counters, column-major
  logic signed [BMax-1:0] wr_value;  // register-port value clamped into the configured range
  logic                   upd_any;   // some counter steps in this cycle

  assign wr_value = (wr_data_i > cnt_max) ? cnt_max :
                    (wr_data_i < cnt_min) ? cnt_min : wr_data_i;
  assign upd_any  = |upd_rows;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned k = 0; k < NMax; k++) w_q[k * ColW +: ColW] <= '0;  // column-wise: a
                                                                          // single '0 > 8 kbit
    end else if (wr_en_i) begin
      for (int unsigned k = 0; k < NMax; k++) begin
        for (int unsigned n = 0; n < NMax; n++) begin
          if (wr_pre_i == IdxW'(k) && wr_post_i == IdxW'(n)) w_q[slot_lsb(n, k) +: BMax] <= wr_value;
        end
      end
    end else if (upd_any) begin : apply_event
      logic [ColW-1:0] line_next;  // new value of counter n of the event's line, at n * BMax

      if (UpdateStyle == ebn_pkg::UpdateSerial) begin : serial_step
        // Column and row multiplexer in front of the single stepper; only row upd_row is written.
        logic signed [BMax-1:0] row_value;
        logic                   row_inc, row_dec;
        row_value = '0;
        for (int unsigned j = 0; j < NMax; j++) begin
          if (upd_pre == IdxW'(j)) begin
            for (int unsigned n = 0; n < NMax; n++) begin
              if (upd_row == IdxW'(n)) row_value = w_q[line_lsb(n, j) +: BMax];
            end
          end
        end
        row_inc = 1'b0;
        row_dec = 1'b0;
        for (int unsigned n = 0; n < NMax; n++) begin
          if (upd_row == IdxW'(n)) begin
            row_inc = upd_inc[n];
            row_dec = upd_dec[n];
          end
        end
        row_value = counter_step(row_value, row_inc, row_dec, cnt_upper, cnt_min);
        for (int unsigned n = 0; n < NMax; n++) line_next[n * BMax +: BMax] = row_value;
      end else begin : parallel_step
        // Column multiplexer: the line of the event's k; then one stepper per row (a row that
        // does not step passes its value through, so that no simulator computes its step).
        logic [ColW-1:0] line;
        line = '0;
        for (int unsigned j = 0; j < NMax; j++) begin
          if (upd_pre == IdxW'(j)) begin
            if (BugMode == ebn_pkg::BugSwapKn) begin  // the line is a row: counter by counter
              for (int unsigned n = 0; n < NMax; n++) line[n * BMax +: BMax] = w_q[line_lsb(n, j) +: BMax];
            end else begin                            // the line is column j: one slice
              line = w_q[j * ColW +: ColW];
            end
          end
        end
        for (int unsigned n = 0; n < NMax; n++) begin
          if (upd_rows[n]) begin
            line_next[n * BMax +: BMax] = counter_step(line[n * BMax +: BMax], upd_inc[n], upd_dec[n],
                                                       cnt_upper, cnt_min);
          end else begin
            line_next[n * BMax +: BMax] = line[n * BMax +: BMax];
          end
        end
      end

      // Write back the line: the parallel style writes the whole column (rows that did not step
      // get their own value back, one wide write instead of one per row); the serial style and
      // the BugSwapKn mutant write the stepped counters one by one.
      for (int unsigned j = 0; j < NMax; j++) begin
        if (upd_pre == IdxW'(j)) begin
          if (UpdateStyle == ebn_pkg::UpdateParallel && BugMode != ebn_pkg::BugSwapKn) begin
            w_q[j * ColW +: ColW] <= line_next;
          end else begin
            for (int unsigned n = 0; n < NMax; n++) begin
              if (upd_rows[n]) w_q[line_lsb(n, j) +: BMax] <= line_next[n * BMax +: BMax];
            end
          end
        end
      end
    end
  end

  // Register read port: W[rd_post_i][rd_pre_i], selected by constant (n, k) comparisons.
  always_comb begin
    rd_data_o = '0;
    for (int unsigned k = 0; k < NMax; k++) begin
      if (rd_pre_i == IdxW'(k)) begin
        for (int unsigned n = 0; n < NMax; n++) begin
          if (rd_post_i == IdxW'(n)) rd_data_o = w_q[slot_lsb(n, k) +: BMax];
        end
      end
    end
  end

  assign dac_o = w_q;

endmodule
