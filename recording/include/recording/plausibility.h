#pragma once
// Physical plausibility of a loaded recording, checked before anything else uses it (called by
// load_recording, the single entry point of every recording format).
//
// The bounds come from the physics of the recorded circuit and from the export format, never
// from one particular recording, so recordings of the same circuit under other conditions pass:
//   * all five signals cover the same time interval (replay never invents values past the end
//     of a signal);
//   * time is in seconds: a transistor-level transient of this circuit lasts between
//     kMinSpanS and kMaxSpanS (a 0.5 s recording exported in ms would span 500);
//   * I_mem is a subthreshold drain current: its largest value lies in [kMinPeakCurrentA,
//     kMaxPeakCurrentA] (nA scale; off by 10^3 either way fails), it is not mostly negative
//     (negated) and not constant;
//   * INPUT, INC and SL are logic signals: high level at most kMaxLogicHighV, swing at least
//     kMinLogicSwingV, not negated, and the decision flags INC and SL each change at least once;
//   * the counter is in LSB: it moves by whole steps (one step per pulse at most), not by
//     fractions of an LSB or by thousands;
//   * there are at least kMinPulses pulses (calibration fits a window and a membrane model).
// A failure is an ebn::InputError "FILE: SIGNAL: what is implausible"; values that are merely
// unusual (outside the typical range but physically possible) become warnings.
#include <string>
#include <vector>

namespace recording {

struct Recording;

constexpr double kMaxSpanS = 20.0;
constexpr double kMinSpanS = 1e-3;
constexpr double kSpanAgreementRel = 1e-3;  // start/end of every signal agree within this x span
constexpr double kMinPeakCurrentA = 1e-10;
constexpr double kMaxPeakCurrentA = 1e-6;
constexpr double kTypicalPeakCurrentLoA = 1e-9;  // outside [lo, hi]: warning
constexpr double kTypicalPeakCurrentHiA = 1e-7;
constexpr double kMaxLogicHighV = 10.0;
constexpr double kMinLogicSwingV = 0.1;
constexpr double kTypicalLogicHighLoV = 0.5;
constexpr double kTypicalLogicHighHiV = 5.0;
constexpr int kMinPulses = 10;
constexpr int kTypicalMinPulses = 30;

// Throws ebn::InputError for an implausible recording; returns the warnings.
std::vector<std::string> check_plausibility(const Recording& r);

}  // namespace recording
