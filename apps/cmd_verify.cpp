// `ebn verify`: the sign-off run before tape-out. Every cross-check of the fidelity ladder, the
// replay of each given recording, RTL lint and the learning acceptance on the chip, in one
// command. Each check runs as its own `ebn` (or verilator) process, so a crash or a SystemC
// elaboration in one cannot disturb the others; its full output is kept in DIR/logs/. The report
// (DIR/report.md) lists every check with its measured value and criterion, embeds the plots and
// links the waveforms. The report folder is built beside --out and moved into place at the end
// (an earlier report is replaced as a whole, never mixed with new logs). Exit code 1 if any check
// fails, 3 if a check could not run (infrastructure), 2 for bad input (checked before anything
// is created). The rows live in apps/verify/section_*.cpp.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "command_registry.h"
#include "recording/recording.h"
#include "ebn/errors.h"
#include "ebn/progress.h"
#include "verify/verdict.h"
#include "verify/verifier.h"

namespace {

using ebn::verify::VerifyOptions;

void run_verify(const VerifyOptions& o) {
  ebn::set_quiet(o.quiet);
  // Every recording must load and pass the plausibility checks before any folder is created.
  for (const auto& rec : o.recordings) {
    if (!std::filesystem::exists(rec)) throw ebn::InputError("--recording: " + rec + ": no such folder or manifest");
    for (const auto& w : recording::load_recording(rec).warnings) std::fprintf(stderr, "ebn: warning: %s\n", w.c_str());
  }
  ebn::verify::Verifier v(o);
  ebn::verify::run_all_sections(v);
  ebn::verify::write_report(v);
  v.commit();
  const ebn::verify::Tally t = ebn::verify::tally(v.results());
  std::printf("%-16s %-50s %s\n", "level", "check", "result");
  for (const auto& r : v.results())
    std::printf("%-16s %-50s %s  %s\n", r.level.c_str(), r.name.substr(0, 50).c_str(),
                ebn::verify::status_text(ebn::verify::row_status(r)), r.measured.c_str());
  for (const auto& r : v.results())
    if (!r.waiver.empty()) std::printf("waived: %s: %s\n", r.name.c_str(), r.waiver.c_str());
  const char* verdict =
      t.errors ? "SIGN-OFF INCOMPLETE (checks could not run)" : t.failed ? "SIGN-OFF FAILED" : "SIGN-OFF PASSED";
  std::printf("%s: %s; report %s/report.md\n", verdict, ebn::verify::tally_text(t).c_str(), o.out.c_str());
  ebn::app::set_exit_code(t.errors ? ebn::kExitInfrastructure : t.failed ? ebn::kExitCheckFailed : ebn::kExitOk);
}

const ebn::app::CommandRegistrar reg(50, [](CLI::App& root) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App* cmd = root.add_subcommand("verify", "Sign-off: every ladder cross-check, recordings, lint, learning; writes a report");
  cmd->add_option("--recording", o->recordings, "Recording folder(s) to replay (repeat the option)");
  cmd->add_option("--out", o->out, "Report folder")->capture_default_str();
  cmd->add_flag("--quick", o->quick, "Shorter runs (for CI smoke tests)");
  cmd->add_option("--inject-bug", o->inject_bug)->group("");  // hidden: rtl-swap-kn | dac-sign
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->add_flag("--strict", o->strict, "Ignore waivers: a failing row of a known, documented gap fails the sign-off too");
  cmd->callback([o] { run_verify(*o); });
});

}  // namespace
