#pragma once
// Data preparation for `ebn dendritic scenes|speech`: runs scripts/prepare_dendritic_data.py
// (cached, fingerprinted; a no-op when the cache is current) before the C++ readers load it.
#include "behavioral/dendritic/experiment.h"

namespace ebn::app {

// The preparation script's path (EBN_PREPARE_DENDRITIC_SCRIPT overrides the source tree's).
std::string dendritic_prepare_script();
// Runs the preparation for a scenes or speech config (no-op for bars / fmnist). A failure of the
// script (missing Debian data package or espeak-ng: its exit code 2) is an InputError carrying
// the script's one-line message.
void ensure_dendritic_data(const dendritic::DendriticConfig& config);

}  // namespace ebn::app
