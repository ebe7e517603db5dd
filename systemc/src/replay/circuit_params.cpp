#include "chip/replay/circuit_params.h"

#include <cmath>

#include "ebn/config_reader.h"
#include "ebn/errors.h"
#include "ebn/hw_encoding.h"

namespace chip::replay {

using Json = nlohmann::ordered_json;

namespace {
constexpr double kMaxCurrentA = 1e-3;  // anything larger is a unit error, not a chip current
constexpr double kMaxTimeS = 1e3;

// One row per model parameter: the JSON key, the member and its plausible range. Writer and reader
// both walk this table, so a new parameter is added in one place.
struct ModelField {
  const char* key;
  double SynapseModelParams::*member;
  double lo, hi;
  bool open_lo;  // strictly positive (a time constant that divides)
};
const ModelField kModelFields[] = {
    {"tau_mem_s", &SynapseModelParams::tau_mem_s, 0.0, kMaxTimeS, true},
    {"tau_syn_s", &SynapseModelParams::tau_syn_s, 0.0, kMaxTimeS, false},
    {"i_inf_A", &SynapseModelParams::i_inf_A, -kMaxCurrentA, kMaxCurrentA, false},
    {"dac_gain_pos_A_per_lsb", &SynapseModelParams::dac_gain_pos_A_per_lsb, -kMaxCurrentA, kMaxCurrentA, false},
    {"dac_offset_pos_A", &SynapseModelParams::dac_offset_pos_A, -kMaxCurrentA, kMaxCurrentA, false},
    {"dac_gain_neg_A_per_lsb", &SynapseModelParams::dac_gain_neg_A_per_lsb, -kMaxCurrentA, kMaxCurrentA, false},
    {"dac_offset_neg_A", &SynapseModelParams::dac_offset_neg_A, -kMaxCurrentA, kMaxCurrentA, false},
    {"w0_A", &SynapseModelParams::w0_A, -kMaxCurrentA, kMaxCurrentA, false},
    {"tau_e_s", &SynapseModelParams::tau_e_s, 0.0, kMaxTimeS, false},
    {"tau_syn2_s", &SynapseModelParams::tau_syn2_s, 0.0, kMaxTimeS, false},  // absent in old files: 0
};

constexpr int kMaxTableCode = 1 << 15;  // wider than any counter (hw::kMaxWeightBits)

Json model_json(const SynapseModelParams& m) {
  Json j;
  for (const ModelField& f : kModelFields) j[f.key] = m.*f.member;
  if (!m.dac_table_A.empty()) {  // absent = model D (files written before the table still load)
    Json codes = Json::array(), currents = Json::array();
    for (const auto& [b, a] : m.dac_table_A) {
      codes.push_back(b);
      currents.push_back(a);
    }
    j["dac_table"] = {{"codes", codes}, {"current_A", currents}};
  }
  return j;
}

void read_dac_table(ebn::ConfigReader t, SynapseModelParams& m) {
  const auto codes = t.numbers("codes", {});
  const auto currents = t.numbers("current_A", {});
  if (codes.size() != currents.size()) t.fail("current_A", "needs one value per entry of codes");
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const double c = codes[i];
    if (c != std::floor(c) || c == 0.0 || std::fabs(c) > kMaxTableCode)
      t.fail("codes", "entries must be non-zero integers within +-32768");
    if (!(std::fabs(currents[i]) <= kMaxCurrentA)) t.fail("current_A", "entries must lie within +-1 mA");
    if (!m.dac_table_A.emplace(static_cast<int>(c), currents[i]).second) t.fail("codes", "duplicate code");
  }
  t.finish();
}

SynapseModelParams read_model(ebn::ConfigReader r) {
  SynapseModelParams m;
  for (const ModelField& f : kModelFields) m.*f.member = r.number(f.key, m.*f.member, f.lo, f.hi, f.open_lo);
  if (r.has("dac_table")) read_dac_table(r.section("dac_table"), m);
  r.finish();
  return m;
}

Json fit_json(const FitReport& f) {
  Json j;
  j["t_start_s"] = f.t_start_s;
  j["t_end_s"] = f.t_end_s;
  j["rmse_A"] = f.rmse_A;
  j["max_abs_A"] = f.max_abs_A;
  j["points"] = f.points;
  j["evaluations"] = f.evaluations;
  j["sse_A2"] = f.sse_A2;
  j["pulses"] = f.pulses;
  j["parameters"] = f.parameters;
  j["notes"] = f.notes;
  return j;
}

FitReport read_fit(ebn::ConfigReader r) {
  FitReport f;
  f.t_start_s = r.number("t_start_s", 0.0, 0.0, kMaxTimeS);
  f.t_end_s = r.number("t_end_s", 0.0, 0.0, kMaxTimeS);
  f.rmse_A = r.number("rmse_A", 0.0, 0.0, 1.0);
  f.max_abs_A = r.number("max_abs_A", 0.0, 0.0, 1.0);
  f.points = r.integer("points", 0, 0, 1L << 40);
  f.evaluations = static_cast<int>(r.integer("evaluations", 0, 0, 1L << 30));
  f.sse_A2 = r.number("sse_A2", 0.0, 0.0, 1.0);
  f.pulses = static_cast<int>(r.integer("pulses", 0, 0, 1L << 30));
  f.parameters = static_cast<int>(r.integer("parameters", 0, 0, 1L << 20));
  r.accept("notes");
  r.finish();
  return f;
}

// NaN (an unbounded or infeasible interval end) is written as null.
Json num_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
}  // namespace

double CircuitParams::lower_bound(int b, const SynapseModelParams& m) const {
  const double jump = m.dac_current(b) * timing.pulse_width_s / m.tau_mem_s;
  return window.i_lower_A - window.beta * 0.5 * jump;
}
double CircuitParams::upper_bound(int b, const SynapseModelParams& m) const {
  const double jump = m.dac_current(b) * timing.pulse_width_s / m.tau_mem_s;
  return window.i_upper_A - window.beta * 0.5 * jump;
}

Json to_json(const CircuitParams& p) {
  Json j;
  j["format"] = "ebn-synapse-params/1";
  j["source"] = p.source;
  j["model"] = model_json(p.model);
  j["closed_loop_model"] = model_json(p.closed_loop_model);
  Json w;
  w["i_lower_A"] = p.window.i_lower_A;
  w["i_upper_A"] = p.window.i_upper_A;
  w["beta"] = p.window.beta;
  Json rep;
  rep["feasible"] = p.window.feasible;
  rep["misclassified"] = p.window.misclassified;
  rep["i_lower_interval_A"] = {num_or_null(p.window.lower_feasible_lo_A), num_or_null(p.window.lower_feasible_hi_A)};
  rep["i_upper_interval_A"] = {num_or_null(p.window.upper_feasible_lo_A), num_or_null(p.window.upper_feasible_hi_A)};
  rep["beta_interval"] = {num_or_null(p.window.beta_feasible_lo), num_or_null(p.window.beta_feasible_hi)};
  w["fit_report"] = rep;
  j["window"] = w;
  j["timing"] = {{"latch_latency_s", p.timing.latch_latency_s},
                 {"update_latency_s", p.timing.update_latency_s},
                 {"pulse_width_s", p.timing.pulse_width_s}};
  j["counter"] = {{"bits", p.counter.bits}, {"initial", p.counter.initial},
                  {"bits_from_saturation", p.counter.bits_from_saturation}};
  j["startup"] = {{"t_turn_on_s", p.startup.t_turn_on_s}, {"i_off_A", p.startup.i_off_A},
                  {"i_on_A", p.startup.i_on_A}};
  j["fit"] = fit_json(p.fit);
  j["closed_loop_fit"] = fit_json(p.closed_loop_fit);
  return j;
}

CircuitParams params_from_json(const Json& j, const std::string& source) {
  ebn::ConfigReader root(j, source);
  root.choice("format", "ebn-synapse-params/1", {"ebn-synapse-params/1"});
  CircuitParams p;
  p.source = root.text("source", "");
  if (!root.has("model")) root.fail("model", "missing section");
  p.model = read_model(root.section("model"));
  p.closed_loop_model = root.has("closed_loop_model") ? read_model(root.section("closed_loop_model")) : p.model;
  {
    ebn::ConfigReader w = root.section("window");
    if (!w.has("i_lower_A") || !w.has("i_upper_A")) root.fail("window", "needs i_lower_A and i_upper_A");
    p.window.i_lower_A = w.number("i_lower_A", 0.0, -kMaxCurrentA, kMaxCurrentA);
    p.window.i_upper_A = w.number("i_upper_A", 0.0, p.window.i_lower_A, kMaxCurrentA);
    p.window.beta = w.number("beta", 0.0, -100.0, 100.0);
    w.accept("fit_report");  // informational, rewritten by every calibration
    w.finish();
  }
  {
    ebn::ConfigReader t = root.section("timing");
    p.timing.latch_latency_s = t.number("latch_latency_s", 0.0, -1.0, 1.0);
    p.timing.update_latency_s = t.number("update_latency_s", 0.0, -1.0, 1.0);
    p.timing.pulse_width_s = t.number("pulse_width_s", p.timing.pulse_width_s, 0.0, kMaxTimeS, true);
    t.finish();
  }
  {
    ebn::ConfigReader c = root.section("counter");
    p.counter.bits = static_cast<int>(c.integer("bits", ebn::hw::kDefaultWeightBits, ebn::hw::kMinWeightBits,
                                                ebn::hw::kMaxWeightBits));
    p.counter.initial = static_cast<int>(c.integer("initial", 0, ebn::hw::counter_min(p.counter.bits),
                                                   ebn::hw::counter_max(p.counter.bits)));
    p.counter.bits_from_saturation = c.boolean("bits_from_saturation", false);
    c.finish();
  }
  {
    ebn::ConfigReader s = root.section("startup");
    p.startup.t_turn_on_s = s.number("t_turn_on_s", 0.0, 0.0, kMaxTimeS);
    p.startup.i_off_A = s.number("i_off_A", 0.0, -kMaxCurrentA, kMaxCurrentA);
    p.startup.i_on_A = s.number("i_on_A", 0.0, -kMaxCurrentA, kMaxCurrentA);
    s.finish();
  }
  if (root.has("fit")) p.fit = read_fit(root.section("fit"));
  if (root.has("closed_loop_fit")) p.closed_loop_fit = read_fit(root.section("closed_loop_fit"));
  root.finish();
  return p;
}

CircuitParams load_params(const std::string& path) { return params_from_json(ebn::load_json_file(path), path); }

}  // namespace chip::replay
