#pragma once
// The chip's learning controller is chosen by name at elaboration:
//   "cpp" -> ebn::ReferenceController (C++),
//   "rtl" -> chip::make_rtl_controller() from rtl_controller.h (the Verilated controller; built
//            only when the rtl/ library exists, which defines EBN_HAVE_RTL_CONTROLLER on ebn_chip).
// Contract with the RTL adapter: the factory is called during elaboration (the adapter may create
// SystemC modules), and every call into the controller is made from a chip SC_THREAD during
// simulation, because the RTL adapter consumes simulated time (wait()) inside its calls.
#include <memory>
#include <string>

#include "ebn/learning_controller.h"

namespace chip {

// Throws ebn::InputError for an unknown kind or "rtl" when the RTL controller is not built.
std::unique_ptr<ebn::LearningController> make_controller(const std::string& kind, int neurons, int bits);

// True if make_controller("rtl", ...) is available in this build.
bool rtl_controller_available();

}  // namespace chip
