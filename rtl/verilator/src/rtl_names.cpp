// Names of the RTL build variants (cc_controller.h), for reports and command-line options.
#include "ebn_rtl/cc_controller.h"

namespace ebn::rtl {

const char* name_of(UpdateStyle style) { return style == UpdateStyle::Parallel ? "parallel" : "serial"; }

const char* name_of(Mutation mutation) {
  switch (mutation) {
    case Mutation::None: return "none";
    case Mutation::Saturation: return "saturation";
    case Mutation::SwapKn: return "swap-kn";
    case Mutation::Diagonal: return "diagonal";
  }
  return "?";
}

}  // namespace ebn::rtl
