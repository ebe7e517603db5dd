#pragma once
// The chip top (level 3): N current-mode neurons with their learning blocks, the N x N weight DACs,
// the learning controller (C++ or RTL, chosen by name) and the AER spike bus.
//
// Processes (no per-neuron processes or signals):
//   population_thread  -- ONE SC_THREAD for the whole population: integrates exactly between events
//                         (input-grid steps, pulse edges, threshold crossings), latches decisions at
//                         rising edges, posts spikes on the AER bus, queues counter updates at
//                         falling edges. It yields to the kernel only at events other processes see
//                         (pulse edges, spikes, trace samples), never on the input grid.
//   controller_thread  -- the only caller of the LearningController (programming, on_spike,
//                         read-back), so an RTL controller may consume simulated time in its calls.
//                         After on_spike(k) it refreshes the DAC mirror's column k with read_weight.
//
// Many trials run in ONE elaboration: run_trial() (called from sc_main context, between sc_start
// calls) resets the neuron state (not the counters) and runs sc_start() until the trial is done
// (the chip calls sc_pause()). Trial times are relative to the trial start.
#include <systemc>

#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "chip/aer_bus.h"
#include "chip/chip_params.h"
#include "chip/chip_trace.h"
#include "chip/learning_block.h"
#include "chip/neuron_population.h"
#include "chip/trial.h"
#include "chip/weight_dac.h"
#include "ebn/learning_controller.h"

namespace chip {

class ChipTop : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ChipTop);
  // trace_vcd: waveform path ("" = none; *.fst = direct FST, else raw VCD: chip_trace.h). The controller is built here (elaboration) from
  // p.controller via make_controller().
  ChipTop(sc_core::sc_module_name name, const ChipParams& p, const std::string& trace_vcd = "");
  ~ChipTop() override;

  // Counters to program (row-major W[n][k]; the diagonal is not a synapse and is ignored). They
  // are written through the controller and read back at the start of the next trial.
  void program_weights(const std::vector<int>& w);
  // Throws ebn::InputError for bad input (before simulating) and for runaway spiking (more than
  // max_rate_hz per neuron on average); after an error inside the simulation the chip is unusable.
  TrialResult run_trial(const TrialInput& in, const TrialOptions& opt = {});

  // Between trials: change the per-neuron levels (e.g. the EBN's V_rest / V_reset, which its
  // diagonal rule moves). Sizes must be neurons; reset < threshold. Takes effect at the next trial.
  void set_neuron_levels(const std::vector<double>& i_inf, const std::vector<double>& i_threshold,
                         const std::vector<double>& i_reset, const std::vector<double>& i_init);
  // Between trials: pause / resume writing waveforms (only meaningful if built with a VCD), e.g.
  // to trace only the evaluation trials of a long training run.
  void set_trace_enabled(bool on) { trace_on_ = on; }

  // The learning controller (e.g. to start the RTL controller's own VCD during elaboration).
  ebn::LearningController& controller() { return *controller_; }
  const ChipParams& params() const { return p_; }
  const WeightDac& dac() const { return dac_; }
  const AerBus& aer() const { return aer_; }
  // Present counters (the DAC mirror, row-major W[n][k]); valid between trials.
  std::vector<int> counters() const;
  int trials_run() const { return trial_index_ + 1; }
  bool tracing() const { return tracer_ != nullptr; }
  bool trace_enabled() const { return tracer_ != nullptr && trace_on_; }
  // Flush and close the VCD (the destructor does it too). Returns its path ("" if not tracing).
  std::string close_trace();

 private:
  struct ActivePulse {
    int k;
    double t_fall;
    std::vector<double> currents;  // DAC column latched at the rising edge
    std::vector<ebn::Decision> decisions;
  };
  struct ControllerCommand {
    enum class Kind { Program, SetLearning, Spike } kind;
    int k = -1;
    bool flag = false;
    std::vector<ebn::Decision> decisions;
  };

  void population_thread();
  void controller_thread();
  void run_trial_in_thread();
  void sync_to(double t);             // wait until trial time t (SystemC time)
  void spike(int n, double t);
  void rising_edge(int k, double t);
  void falling_edge(ActivePulse& pulse);
  void enqueue(ControllerCommand cmd);
  void wait_controller_idle();
  void execute(const ControllerCommand& cmd);

  ChipParams p_;
  NeuronPopulation pop_;
  WeightDac dac_;
  LearningBlock learning_;
  std::unique_ptr<ebn::LearningController> controller_;
  std::unique_ptr<ChipTracer> tracer_;
  ChipTracer* trace_ = nullptr;  // == tracer_.get() while tracing is enabled during a trial, else null
  bool trace_on_ = true;
  AerBus aer_;

  // Trial hand-over between sc_main context and the population thread.
  const TrialInput* in_ = nullptr;
  TrialOptions opt_;
  TrialResult result_;
  bool trial_requested_ = false;
  bool trial_finished_ = false;
  int trial_index_ = -1;
  sc_core::sc_event request_event_{"trial_request"};
  sc_core::sc_time t0_;

  std::deque<ActivePulse> pulses_;  // high pulses, in falling-edge order (constant width)
  std::vector<ebn::Decision> latch_buffer_;
  std::vector<int> pending_program_;
  bool program_pending_ = true;  // the first trial programs (zeros unless program_weights was called)

  std::deque<ControllerCommand> commands_;
  bool controller_busy_ = false;
  long updates_ = 0;
  sc_core::sc_event command_event_{"controller_command"};
  std::exception_ptr failure_;  // first error of either process; the chip refuses further trials
  sc_core::sc_event idle_event_{"controller_idle"};
};

}  // namespace chip
