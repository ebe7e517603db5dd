// ebn-rtl-crosscheck: the C++-mode RTL cross-check behind `ebn crosscheck` (which execs this
// program, its sibling, because `ebn` links the SystemC-mode Verilated model and the two Verilator
// runtimes must not share an executable). Also runnable on its own with the same options.
// Exit codes: 0 matched, 1 mismatch, 2 bad parameters.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

#include "ebn/errors.h"
#include "ebn/progress.h"
#include "ebn_rtl/crosscheck.h"

int main(int argc, char** argv) {
  using ebn::rtl::Mutation;
  using ebn::rtl::UpdateStyle;
  ebn::rtl::CrosscheckOptions opt;
  CLI::App app{"Cross-check the Verilated RTL learning controller against the C++ reference controller, "
               "every counter after every event"};
  app.name("ebn crosscheck");
  app.add_option("--events", opt.events, "number of presynaptic events")->capture_default_str();
  app.add_option("--seed", opt.seed, "seed of the random event stream")->capture_default_str();
  app.add_option("--neurons", opt.neurons, "neurons N (1.." + std::to_string(ebn::rtl::kNeuronsMax) + ")")
      ->capture_default_str();
  app.add_option("--bits", opt.bits, "counter width B (2..16)")->capture_default_str();
  app.add_option("--style", opt.style, "RTL update style")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, UpdateStyle>{{"parallel", UpdateStyle::Parallel}, {"serial", UpdateStyle::Serial}}))
      ->default_str("parallel");
  bool quiet = false;
  app.add_flag("--quiet", quiet, "no progress lines on stderr");
  // Hidden: a deliberately wrong RTL (BugMode netlist), to show the check fails (exit 1).
  app.add_option("--inject-bug", opt.inject)
      ->transform(CLI::CheckedTransformer(std::map<std::string, Mutation>{
          {"none", Mutation::None}, {"saturation", Mutation::Saturation},
          {"swap-kn", Mutation::SwapKn}, {"diagonal", Mutation::Diagonal}}))
      ->group("");
  try {
    app.parse(argc, argv);
    ebn::rtl::validate(opt);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return ebn::kExitUsage;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "ebn: error: %s\n", e.what());
    return ebn::kExitUsage;
  }
  ebn::set_quiet(quiet);

  const auto t0 = std::chrono::steady_clock::now();
  const auto result = ebn::rtl::run_crosscheck(opt, [&](std::int64_t done) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ebn::progress("crosscheck: " + std::to_string(done) + " / " + std::to_string(opt.events) + " events, " +
                  std::to_string(static_cast<long long>(done / s)) + " events/s");
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s\n", ebn::rtl::summary(opt, result).c_str());
  if (opt.inject != Mutation::None) std::printf("(injected bug: %s)\n", ebn::rtl::name_of(opt.inject));
  ebn::progress("crosscheck: " + std::to_string(seconds) + " s");
  return result.matched ? ebn::kExitOk : ebn::kExitCheckFailed;
}
