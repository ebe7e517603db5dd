#include "ebn/decision.h"

namespace ebn {

const char* name_of(Decision d) {
  switch (d) {
    case Decision::Inc: return "INC";
    case Decision::Dec: return "DEC";
    case Decision::Hold: return "SL";
  }
  return "?";
}

}  // namespace ebn
