#include "chip/controller_factory.h"

#include "ebn/errors.h"

#ifdef EBN_HAVE_RTL_CONTROLLER
#include "chip/rtl_controller.h"
#endif

namespace chip {

bool rtl_controller_available() {
#ifdef EBN_HAVE_RTL_CONTROLLER
  return true;
#else
  return false;
#endif
}

std::unique_ptr<ebn::LearningController> make_controller(const std::string& kind, int neurons, int bits) {
  if (kind == "cpp") return std::make_unique<ebn::ReferenceController>(neurons, bits);
  if (kind == "rtl") {
#ifdef EBN_HAVE_RTL_CONTROLLER
    return make_rtl_controller(neurons, bits);
#else
    throw ebn::InputError("controller \"rtl\": RTL controller not built (rtl/ library missing in this build)");
#endif
  }
  throw ebn::InputError("controller \"" + kind + "\": unknown kind (expected cpp or rtl)");
}

}  // namespace chip
