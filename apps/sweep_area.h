#pragma once
// The area axis of a design-space sweep (`ebn sweep-merge`): for every weight width of the sweep
// and every update style, the learning outcome of the width's jobs next to the flip-flops, cells
// and area of the controller synthesized with yosys (`ebn synth`, apps/synth_job.h) at that width,
// and the cheapest design that learns reliably.
//
// Asked for in the grid file's "reliable" rule (group_by must be the weight width):
//   "reliable": { "metric": "final.distance_to_optimal", "max": 0.2, "group_by": "learning.weight_bits",
//                 "area": { "neurons": 20, "styles": ["parallel", "serial"] } }
// The styles differ in timing only (serial: 1 + N clock cycles per event, parallel: 1; the
// cross-checks prove both equal to the reference arithmetic), so a width's learning outcome holds
// for both as long as events are further apart than 1 + N cycles.
// Synthesis results are cached in DIR/area/ per (style, N, B) and RTL version (a hash of the RTL
// and the yosys scripts): the first merge runs yosys, later ones reuse it.
#include <string>
#include <vector>

#include "ebn/config_reader.h"

namespace ebn::app {

// Null if `rule` has no "area"; throws InputError for a malformed "area" (naming the key).
// `reliability` is the per-group tally of `ebn sweep-merge` (groups: value, passing, total).
Json sweep_area(const Json& rule, const Json& reliability, const std::vector<Json>& results, const std::string& dir);

// The per-design table as CSV (bits, style, passing, total, reliable, median metric, flip-flops,
// cells, area).
std::string sweep_area_csv(const Json& area);

}  // namespace ebn::app
