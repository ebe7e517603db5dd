#include "spice/spice_config.h"

namespace spice {

SpiceConfig parse_spice_config(const ebn::Json& root, const std::string& source) {
  SpiceConfig c;
  ebn::ConfigReader top(root, source);
  if (!top.has("spice")) {
    for (auto it = root.begin(); it != root.end(); ++it) top.accept(it.key());
    return c;
  }
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it.key() != "spice") top.accept(it.key());
  auto s = top.section("spice");
  auto& p = c.protocol;
  p.pulses = static_cast<int>(s.integer("pulses", p.pulses, 1, 100000));
  p.period_s = s.number("period_s", p.period_s, 0, 10, true);
  p.width_s = s.number("pulse_width_s", p.width_s, 0, 10, true);
  p.first_onset_s = s.number("first_onset_s", p.first_onset_s, 0, 100);
  p.t_stop_s = s.number("t_stop_s", p.t_stop_s, 0, 1000, true);
  p.edge_s = s.number("input_edge_s", p.edge_s, 1e-9, 1e-3);
  p.initial_counter = static_cast<int>(s.integer("initial_counter", p.initial_counter, -32768, 32767));
  p.vdd_V = s.number("vdd_V", p.vdd_V, 0.1, 10);
  p.max_step_s = s.number("max_step_s", p.max_step_s, 1e-9, 1e-2);
  c.counter_bits = static_cast<int>(s.integer("counter_bits", 0, 0, 16));
  c.dac = s.text("dac", c.dac);
  if (c.dac != "transistor" && c.dac != "cpp") s.fail("dac", "expected \"transistor\" or \"cpp\"");
  c.model_library = s.text("model_library", "");
  c.nmos_model = s.text("nmos_model", c.nmos_model);
  c.pmos_model = s.text("pmos_model", c.pmos_model);
  c.mismatch_options.avt_nmos_V_um = s.number("avt_nmos_V_um", c.mismatch_options.avt_nmos_V_um, 0, 0.1);
  c.mismatch_options.avt_pmos_V_um = s.number("avt_pmos_V_um", c.mismatch_options.avt_pmos_V_um, 0, 0.1);
  if (s.has("model_map")) {
    auto m = s.section("model_map");
    for (auto it = root["spice"]["model_map"].begin(); it != root["spice"]["model_map"].end(); ++it) {
      c.model_map[to_lower(it.key())] = m.text(it.key(), "");
    }
    m.finish();
  }
  if (p.width_s + p.edge_s >= p.period_s) s.fail("pulse_width_s", "pulse (plus its edge) must be shorter than period_s");
  s.finish();
  top.finish();
  return c;
}

ebn::Json to_json(const SpiceConfig& c) {
  ebn::Json j;
  const auto& p = c.protocol;
  j["pulses"] = p.pulses;
  j["period_s"] = p.period_s;
  j["pulse_width_s"] = p.width_s;
  j["first_onset_s"] = p.first_onset_s;
  j["t_stop_s"] = p.t_stop_s;
  j["input_edge_s"] = p.edge_s;
  j["initial_counter"] = p.initial_counter;
  j["vdd_V"] = p.vdd_V;
  j["max_step_s"] = p.max_step_s;
  j["counter_bits"] = c.counter_bits;
  j["corner"] = c.corner;
  j["model_library"] = c.model_library;
  j["nmos_model"] = c.nmos_model;
  j["pmos_model"] = c.pmos_model;
  ebn::Json mm = ebn::Json::object();
  for (const auto& [k, v] : c.model_map) mm[k] = v;
  j["model_map"] = mm;
  j["mismatch"] = c.mismatch;
  j["mc_seed"] = c.mismatch ? ebn::Json(c.mismatch_options.seed) : ebn::Json(nullptr);
  j["avt_nmos_V_um"] = c.mismatch_options.avt_nmos_V_um;
  j["avt_pmos_V_um"] = c.mismatch_options.avt_pmos_V_um;
  j["controller"] = c.controller;
  j["dac"] = c.dac;
  return j;
}

DeckOptions deck_options(const SpiceConfig& c) {
  DeckOptions o;
  o.corner = c.corner;
  o.model_library = c.model_library;
  o.model_map = c.model_map;
  o.dac = c.dac;
  return o;
}

}  // namespace spice
