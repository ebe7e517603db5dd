#include "behavioral/neuron_scaling.h"

#include <cmath>

namespace ebn::behavioral {

Json neuron_scaling_patch(const EbnConfig& base, int neurons) {
  const NetworkParams& n = base.network;
  Json patch = Json::object();
  patch["network"]["neurons"] = neurons;
  if (neurons == n.neurons) return patch;  // the configured experiment itself, untouched
  const double root = std::sqrt(static_cast<double>(n.neurons) / neurons);  // √(N0/N)
  // The same expression as before issue 12 (bit for bit the same std for the "weights" rule).
  patch["network"]["initial_weight_std"] = n.initial_weight_std * root;
  if (n.neuron_scaling == "rate") {
    patch["network"]["input_amplitude"] = n.input_amplitude * neurons / n.neurons;
    patch["learning"]["step"] = base.learning.step * root;
    patch["learning"]["diagonal_step"] = base.learning.diagonal_step * root;
  }
  return patch;
}

EbnConfig scale_to_neurons(const EbnConfig& base, int neurons) {
  Json json = to_json(base);
  merge_json(json, neuron_scaling_patch(base, neurons));
  return parse_config(json, base.source);
}

}  // namespace ebn::behavioral
