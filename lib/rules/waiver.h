// Waivers: accepted exceptions to a rule for some subjects, until an expiry date. A waived failure is WAIVED; once
// the waiver has expired the failure is a FAIL again, and says so.
#ifndef HDSC_LIB_RULES_WAIVER_H_
#define HDSC_LIB_RULES_WAIVER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace hdsc::rules {

// `pattern` matches all of `text`: `*` matches any run of characters (including none), `?` any one character,
// `\` makes the next character literal; every other character (`[`, `]`, `.` included) matches itself.
bool GlobMatch(std::string_view pattern, std::string_view text);

// One waiver, whatever file it came from.
struct WaiverEntry {
  // Rule id or glob pattern ("GDPR-33-1", "HDS-*").
  std::string rule_id;
  // Glob pattern over the subject's path ("isms.assets[12]", "processors[*]") or its id ("srv-pacs-01"); empty
  // matches every subject of the rule.
  std::string subject;
  std::string reason;
  std::string approver;
  // Absent: the waiver is incomplete and never applies (see `WaiverSet::Problems`).
  std::optional<absl::Time> expires_at;
  // Where the waiver was written, for messages: "dossier waivers[2]", "waivers.json waivers[0]".
  std::string origin;
};

// The waivers of one check, with a record of which ones were used.
class WaiverSet {
 public:
  explicit WaiverSet(std::vector<WaiverEntry> waivers) : waivers_(std::move(waivers)), used_(waivers_.size(), false) {}

  bool empty() const { return waivers_.empty(); }

  // The waiver that applies to a failure of `rule_id` on the subject at `subject_path` (with id `subject_id`, maybe
  // empty) at time `now`: the first unexpired match, else the first expired match (the failure stays a FAIL and
  // says the waiver expired), else null. A complete waiver that matches is marked used.
  const WaiverEntry* Match(std::string_view rule_id, std::string_view subject_path, std::string_view subject_id);

  // Whether `waiver` has expired at `now`.
  static bool Expired(const WaiverEntry& waiver, absl::Time now) { return waiver.expires_at && *waiver.expires_at <= now; }

  // One line per waiver that cannot apply (no rule, reason, approver or expiry) or that matched no failure.
  // Precondition: every failure of the check went through `Match`.
  std::vector<std::string> Problems() const;

  // Sets the evaluation time `Match` compares expiry dates against.
  void set_now(absl::Time now) { now_ = now; }

 private:
  std::vector<WaiverEntry> waivers_;
  std::vector<bool> used_;
  absl::Time now_ = absl::UnixEpoch();
};

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_WAIVER_H_
