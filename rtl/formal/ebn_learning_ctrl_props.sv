// Formal properties of the EBN learning controller (rtl/ebn_learning_ctrl.sv), one group per line
// of the specification in rtl/README.md. Checked with yosys 0.23 + yosys-smtbmc + z3 by
// `ebn formal` (apps/cmd_formal.cpp; recipe and results in docs/rtl.md, section Formal).
//
// The harness instantiates the controller with free inputs, an anyconst network size N and width
// B, and checks its ports against a port-level model written here from the spec, not from the
// RTL: the saturating step, the clamped write, the serial walk (h_*). No bind, no hierarchical
// references (yosys 0.23 has neither): for the serial style the yosys script connects the probe
// wires fv_* to the controller's walk registers after flattening (`connect -set`), and the lemma
// group ties them to the model so that k-induction has an invariant to work with.
//
// fv_prop selects one group per SMT2 file (0 = all): each group is proven, and shown to fail on
// a mutant, on its own. The lemmas (serial) are asserted in every run, never assumed.
// Immediate assertions on registered copies of the previous step (suffix _q) stand in for $past.
module ebn_learning_ctrl_props #(
  parameter int unsigned NMax        = 4,
  parameter int unsigned BMax        = 4,
  parameter int unsigned UpdateStyle = 0,  // ebn_pkg::UpdateParallel / UpdateSerial
  parameter int unsigned BugMode     = 0,  // ebn_pkg::Bug* mutant of the controller
  localparam int unsigned IdxW  = (NMax > 1) ? $clog2(NMax) : 1,
  localparam int unsigned CntW  = $clog2(NMax + 1),
  localparam int unsigned BitsW = $clog2(BMax + 1)
) (
  input logic                   clk_i,
  input logic                   rst_ni,
  input logic                   learn_en_i,
  input logic                   evt_valid_i,
  input logic [IdxW-1:0]        evt_pre_i,
  input logic [NMax-1:0]        evt_inc_i,
  input logic [NMax-1:0]        evt_dec_i,
  input logic                   wr_en_i,
  input logic [IdxW-1:0]        wr_post_i,
  input logic [IdxW-1:0]        wr_pre_i,
  input logic signed [BMax-1:0] wr_data_i,
  input logic [IdxW-1:0]        rd_post_i,
  input logic [IdxW-1:0]        rd_pre_i
);

  // Property groups (the names `ebn formal --property` takes, in this order).
  localparam int unsigned PropRange         = 1;  // counters stay in the configured range
  localparam int unsigned PropDiagonal      = 2;  // the diagonal changes only by a register write
  localparam int unsigned PropOutside       = 3;  // outside N x N: only by a register write
  localparam int unsigned PropEventStep     = 4;  // exact next state of every counter
  localparam int unsigned PropWritePriority = 5;  // a write wins, stalls events, lands clamped
  localparam int unsigned PropReset         = 6;  // reset clears every counter and the walk
  localparam int unsigned PropWalkTiming    = 7;  // handshake: 1 cycle (parallel), 1 + N (serial)
  localparam int unsigned PropNoLostEvent   = 8;  // accepted => applied to its whole column
  localparam int unsigned PropReadPort      = 9;  // rd_data_o = W[rd_post][rd_pre]

  // The group checked by one SMT2 file: fv_prop is driven by the yosys script after elaboration
  // (`connect -set \fv_prop 4'd<group>`), so one elaboration serves every group. 0 = all.
  (* keep *) logic [3:0] fv_prop;
  // range is also the lemma of the exact-value groups: induction needs counters in range (the
  // model's saturating step and the RTL's differ only for counters beyond the limits).
  logic ChkRange, ChkDiagonal, ChkOutside, ChkStep, ChkWrite, ChkReset, ChkTiming, ChkNoLost, ChkRead;
  assign ChkRange    = fv_prop == 0 || fv_prop == PropRange || fv_prop == PropEventStep || fv_prop == PropNoLostEvent;
  assign ChkDiagonal = fv_prop == 0 || fv_prop == PropDiagonal;
  assign ChkOutside  = fv_prop == 0 || fv_prop == PropOutside;
  assign ChkStep     = fv_prop == 0 || fv_prop == PropEventStep;
  assign ChkWrite    = fv_prop == 0 || fv_prop == PropWritePriority;
  assign ChkReset    = fv_prop == 0 || fv_prop == PropReset;
  assign ChkTiming   = fv_prop == 0 || fv_prop == PropWalkTiming;
  assign ChkNoLost   = fv_prop == 0 || fv_prop == PropNoLostEvent;
  assign ChkRead     = fv_prop == 0 || fv_prop == PropReadPort;
  localparam bit Serial      = UpdateStyle == 1;

  localparam int unsigned MemW = NMax * NMax * BMax;

  //////////////////////////////////////////////
  // Environment: configuration and reset      //
  //////////////////////////////////////////////

  // Quasi-static configuration: any N in 1..NMax, any B code (the controller clamps to [2, BMax]).
  (* anyconst *) logic [CntW-1:0]  cfg_neurons;
  (* anyconst *) logic [BitsW-1:0] cfg_bits;
  always_comb assume (cfg_neurons >= 1 && cfg_neurons <= CntW'(NMax));

  // The first step is in reset (base case); reset may be asserted again at any later step.
  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  always_comb if (init_q) assume (!rst_ni);

  //////////////////////////////////////////////
  // Device under test                         //
  //////////////////////////////////////////////

  logic                   evt_ready;
  logic                   busy;
  logic signed [BMax-1:0] rd_data;
  logic [MemW-1:0]        dac;

  ebn_learning_ctrl #(
    .NMax(NMax), .BMax(BMax), .UpdateStyle(UpdateStyle), .BugMode(BugMode)
  ) dut (
    .clk_i, .rst_ni,
    .cfg_neurons_i(cfg_neurons), .cfg_bits_i(cfg_bits), .learn_en_i,
    .evt_valid_i, .evt_ready_o(evt_ready), .evt_pre_i, .evt_inc_i, .evt_dec_i, .busy_o(busy),
    .wr_en_i, .wr_post_i, .wr_pre_i, .wr_data_i, .rd_post_i, .rd_pre_i, .rd_data_o(rd_data),
    .dac_o(dac)
  );

  //////////////////////////////////////////////
  // Spec model                                //
  //////////////////////////////////////////////

  // Counter W[n][k] on the DAC lines: dac_o[((k * NMax) + n) * BMax +: BMax].
  function automatic logic signed [BMax-1:0] w_of(logic [MemW-1:0] mem, int unsigned n, int unsigned k);
    w_of = mem[((k * NMax) + n) * BMax +: BMax];
  endfunction

  // Configured range: B = cfg_bits clamped to [2, BMax]; [-2^(B-1), 2^(B-1) - 1].
  logic [BitsW-1:0]       b_eff;
  logic signed [BMax-1:0] w_max, w_min;
  assign b_eff = (cfg_bits < BitsW'(2)) ? BitsW'(2) : (cfg_bits > BitsW'(BMax)) ? BitsW'(BMax) : cfg_bits;
  always_comb begin
    w_max = '0;
    w_min = '0;
    for (int unsigned b = 2; b <= BMax; b++) begin
      if (b_eff == BitsW'(b)) begin
        w_max = BMax'((1 << (b - 1)) - 1);
        w_min = BMax'(-(1 << (b - 1)));
      end
    end
  end

  // One learning step: inc only +1, dec only -1 (saturating), none or both: unchanged.
  function automatic logic signed [BMax-1:0] spec_step(logic signed [BMax-1:0] w, logic inc, logic dec,
                                                      logic signed [BMax-1:0] hi, logic signed [BMax-1:0] lo);
    spec_step = w;
    if (inc && !dec && w < hi) spec_step = w + BMax'(1);
    if (dec && !inc && w > lo) spec_step = w - BMax'(1);
  endfunction

  logic signed [BMax-1:0] wr_clamped;
  assign wr_clamped = (wr_data_i > w_max) ? w_max : (wr_data_i < w_min) ? w_min : wr_data_i;

  logic evt_accept, evt_active;
  assign evt_accept = evt_valid_i && evt_ready;
  assign evt_active = evt_accept && learn_en_i && CntW'(evt_pre_i) < cfg_neurons;

  // The serial walk as the spec states it: the accepted event is latched, then rows 0 .. N-1 of
  // its column are stepped one per cycle; a register write stalls the walk for that cycle.
  logic            h_busy;
  logic [IdxW-1:0] h_row, h_pre;
  logic [NMax-1:0] h_inc, h_dec;
  logic            h_last;
  assign h_last = CntW'(h_row) == cfg_neurons - CntW'(1);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      h_busy <= 1'b0;
      h_row  <= '0;
    end else if (evt_active && Serial) begin
      h_busy <= 1'b1;
      h_row  <= '0;
      h_pre  <= evt_pre_i;
      h_inc  <= evt_inc_i;
      h_dec  <= evt_dec_i;
    end else if (h_busy && !wr_en_i) begin
      h_busy <= !h_last;
      h_row  <= h_row + IdxW'(1);
    end
  end

  // Expected counters after this step (compared one step later with the DAC lines).
  logic [MemW-1:0] exp_next;
  always_comb begin
    exp_next = dac;
    if (wr_en_i) begin
      exp_next[((32'(wr_pre_i) * NMax) + 32'(wr_post_i)) * BMax +: BMax] = wr_clamped;
    end else if (!Serial && evt_active) begin
      for (int unsigned n = 0; n < NMax; n++)
        if (CntW'(n) < cfg_neurons && IdxW'(n) != evt_pre_i)
          exp_next[((32'(evt_pre_i) * NMax) + n) * BMax +: BMax] =
              spec_step(w_of(dac, n, 32'(evt_pre_i)), evt_inc_i[n], evt_dec_i[n], w_max, w_min);
    end else if (Serial && h_busy) begin
      for (int unsigned n = 0; n < NMax; n++)
        if (h_row == IdxW'(n) && IdxW'(n) != h_pre)
          exp_next[((32'(h_pre) * NMax) + n) * BMax +: BMax] =
              spec_step(w_of(dac, n, 32'(h_pre)), h_inc[n], h_dec[n], w_max, w_min);
    end
  end

  // No lost event: at acceptance the harness writes down the column the event must leave behind;
  // writes into that column during the walk update it (a row already walked keeps the written
  // value, a row still ahead will be stepped from it). When the walk ends the column must match.
  logic [NMax*BMax-1:0] goal_d, goal_q;
  logic [IdxW-1:0]      goal_pre_q;
  always_comb begin
    goal_d = goal_q;
    if (evt_active) begin
      for (int unsigned n = 0; n < NMax; n++)
        goal_d[n * BMax +: BMax] = (CntW'(n) < cfg_neurons && IdxW'(n) != evt_pre_i)
            ? spec_step(w_of(dac, n, 32'(evt_pre_i)), evt_inc_i[n], evt_dec_i[n], w_max, w_min)
            : w_of(dac, n, 32'(evt_pre_i));
    end else if (Serial && h_busy && wr_en_i && wr_pre_i == h_pre) begin
      for (int unsigned n = 0; n < NMax; n++)
        if (wr_post_i == IdxW'(n))
          goal_d[n * BMax +: BMax] = (IdxW'(n) >= h_row && CntW'(n) < cfg_neurons && IdxW'(n) != h_pre)
              ? spec_step(wr_clamped, h_inc[n], h_dec[n], w_max, w_min) : wr_clamped;
    end
  end

  // Registered copies of this step for the one-step-late checks.
  logic            past_valid_q = 1'b0;
  logic            rst_n_q, wr_en_q, evt_accept_q, evt_active_q, h_busy_q, h_done_q;
  logic [IdxW-1:0] wr_post_q, wr_pre_q, evt_pre_q;
  logic [MemW-1:0] dac_q, exp_q;
  always_ff @(posedge clk_i) begin
    past_valid_q <= 1'b1;
    rst_n_q      <= rst_ni;
    wr_en_q      <= wr_en_i;
    wr_post_q    <= wr_post_i;
    wr_pre_q     <= wr_pre_i;
    evt_accept_q <= evt_accept;
    evt_active_q <= evt_active;
    evt_pre_q    <= evt_pre_i;
    h_busy_q     <= h_busy;
    h_done_q     <= h_busy && !wr_en_i && h_last;
    dac_q        <= dac;
    exp_q        <= exp_next;
    goal_q       <= goal_d;
    goal_pre_q   <= evt_active ? evt_pre_i : goal_pre_q;
  end

  // A normal step: out of reset now and one step ago.
  logic run;
  assign run = past_valid_q && rst_ni && rst_n_q;

  //////////////////////////////////////////////
  // Lemmas (serial): the walk registers       //
  //////////////////////////////////////////////

  if (Serial) begin : gen_lemmas
    // Probes, connected by the yosys script to dut.gen_serial.{busy_q,row_q,pre_q,inc_q,dec_q}.
    (* keep *) logic            fv_busy;
    (* keep *) logic [IdxW-1:0] fv_row, fv_pre;
    (* keep *) logic [NMax-1:0] fv_inc, fv_dec;
    always_comb if (past_valid_q && rst_ni) begin
      assert (fv_busy == h_busy);
      if (h_busy) assert (fv_row == h_row && fv_pre == h_pre && fv_inc == h_inc && fv_dec == h_dec);
      if (h_busy) assert (CntW'(h_row) < cfg_neurons && CntW'(h_pre) < cfg_neurons);
    end
  end

  //////////////////////////////////////////////
  // Properties                                //
  //////////////////////////////////////////////

  for (genvar k = 0; k < NMax; k++) begin : gen_col
    for (genvar n = 0; n < NMax; n++) begin : gen_row
      logic signed [BMax-1:0] w, w_prev;
      logic                   written;  // a register write hit W[n][k] in the previous step
      assign w       = w_of(dac, n, k);
      assign w_prev  = w_of(dac_q, n, k);
      assign written = wr_en_q && wr_post_q == IdxW'(n) && wr_pre_q == IdxW'(k);

      // range: every counter, inside the network or not, within the configured width.
      always_comb if (ChkRange) assert (w >= w_min && w <= w_max);

      // diagonal: W[k][k] is not a synapse; only the register port may change it.
      if (n == k) begin : gen_diag
        always_comb if (ChkDiagonal && run && !written) assert (w == w_prev);
      end

      // outside: counters of rows or columns >= N change only by a register write.
      always_comb if (ChkOutside && run && !written && (CntW'(n) >= cfg_neurons || CntW'(k) >= cfg_neurons))
        assert (w == w_prev);

      // reset: every counter is 0 while reset is applied and in the first step after it.
      always_comb if (ChkReset && (!rst_ni || (past_valid_q && !rst_n_q))) assert (w == '0);
    end
  end

  // event_step: the next state of all NMax x NMax counters is exactly the spec model's: an
  // accepted event from k < N steps each W[n][k], n < N, n != k, by step(decision n) with
  // saturation (parallel: in the accepting cycle; serial: row by row), nothing else changes.
  always_comb if (ChkStep && run && !wr_en_q) assert (dac == exp_q);

  // write_priority: evt_ready_o is low while writing; the write lands clamped into the range,
  // in the same step no event is applied and no other counter changes; the serial walk stalls.
  always_comb if (ChkWrite && past_valid_q && rst_ni && wr_en_i) assert (!evt_ready);
  always_comb if (ChkWrite && run && wr_en_q) assert (dac == exp_q);
  if (Serial) begin : gen_write_stall
    always_comb if (ChkWrite && run && wr_en_q && h_busy_q) assert (busy);
  end

  // reset (continued): the serial walk is abandoned.
  always_comb if (ChkReset && (!rst_ni || (past_valid_q && !rst_n_q))) assert (!busy);

  // walk_timing: parallel: always ready unless writing, never busy (1 cycle per event). Serial:
  // busy for exactly N non-write cycles after an accepted event (rows 0 .. N-1), then
  // evt_ready_o rises: 1 + N cycles per event; ready whenever idle and not writing.
  always_comb if (ChkTiming && past_valid_q && rst_ni) begin
    assert (busy == (Serial && h_busy));
    assert (evt_ready == (!wr_en_i && !(Serial && h_busy)));
  end

  // no_lost_event: once the walk of an accepted event is over (parallel: the next step; serial:
  // after its last row) its column equals the goal written down at acceptance.
  logic walk_over;
  assign walk_over = Serial ? (h_done_q && !h_busy) : evt_active_q;
  always_comb if (ChkNoLost && run && walk_over)
    for (int unsigned n = 0; n < NMax; n++)
      assert (w_of(dac, n, 32'(goal_pre_q)) == goal_q[n * BMax +: BMax]);
  // ... and during the walk the goal is consistent with the column (inductive form).
  if (Serial) begin : gen_goal_invariant
    always_comb if (ChkNoLost && run && h_busy)
      for (int unsigned n = 0; n < NMax; n++)
        assert (goal_pre_q == h_pre && goal_q[n * BMax +: BMax] ==
                ((IdxW'(n) >= h_row && CntW'(n) < cfg_neurons && IdxW'(n) != h_pre)
                 ? spec_step(w_of(dac, n, 32'(h_pre)), h_inc[n], h_dec[n], w_max, w_min)
                 : w_of(dac, n, 32'(h_pre))));
  end

  // read_port: the combinational read returns the addressed counter of the DAC lines.
  always_comb if (ChkRead && past_valid_q)
    assert (rd_data == w_of(dac, 32'(rd_post_i), 32'(rd_pre_i)));

endmodule
