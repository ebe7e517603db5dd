// `ebn`: the project's command-line tool. Subcommands register themselves (command_registry.h).
#include <systemc>  // libsystemc.so owns main() and calls sc_main (extern "C" needs this header)

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "command_registry.h"
#include "ebn/build_info.h"
#include "ebn/errors.h"

namespace {
// Suppress the SystemC banner: it is printed before sc_main runs, so set it at static init.
const bool kNoScBanner = [] { ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); return true; }();
}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App root{"ebn: co-design and verification of on-chip learning for efficient balanced networks"};
  root.require_subcommand(1);
  root.set_version_flag("--version", ebn::build_info_text(), "Print version, git revision and library versions, then exit");
  ebn::app::setup_all_commands(root);
  try {
    root.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    root.exit(e);
    return ebn::kExitUsage;
  } catch (const ebn::InputError& e) {
    std::fprintf(stderr, "ebn: error: %s\n", e.what());
    return ebn::kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ebn: internal error: %s\n", e.what());
    return ebn::kExitCheckFailed;
  }
  return ebn::app::exit_code();
}
