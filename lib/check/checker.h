// The Checker: rule packs compiled once into an immutable object that checks dossiers into reports.
//
//   CheckerOptions options;
//   options.rule_paths = {"controls"};
//   options.profile = "hospital";
//   std::vector<io::Diagnostic> problems;
//   absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Create(options, &problems);
//   // !ok(): the packs are broken; `problems` lists every located problem.
//   CheckOptions check;
//   check.now = absl::Now();
//   absl::StatusOr<v1::Report> report = (*checker)->Check(dossier, check);
//
// Thread safety: a Checker is immutable after `Create`; `Check` may run concurrently from any number of threads.
// Outcomes of rules (FAIL, ERROR...) are data in the report; `Check` fails only on bad options.
#ifndef HDSC_LIB_CHECK_CHECKER_H_
#define HDSC_LIB_CHECK_CHECKER_H_

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/base/compact_findings.h"
#include "lib/io/diagnostic.h"
#include "lib/model/dossier.pb.h"
#include "lib/model/report.pb.h"
#include "lib/model/rules.pb.h"
#include "lib/rules/citation.h"
#include "lib/rules/pack.h"
#include "lib/rules/selection.h"
#include "lib/rules/waiver.h"

namespace hdsc::check {

struct CheckerOptions {
  // Pack files and directories (see `rules::ReadPackSources`).
  std::vector<std::string> rule_paths;
  // Pack texts given directly, loaded after those of `rule_paths`.
  std::vector<rules::PackSource> rule_sources;
  // The profile to apply; "" for every rule and framework with default parameters.
  std::string profile;
  // "en" or "fr": the default language of reports.
  std::string language = "en";
  // Called on the calling thread once for each rule of the packs, as the compilation reaches it, with the number
  // reported before, the number to compile and the rule's id; returning false stops `Create`, which then returns
  // CANCELLED.
  std::function<bool(size_t done, size_t total, std::string_view rule_id)> on_compile;
  // The threads compiling the rules, the calling thread among them: 0 for one a core (at most four), 1 for the
  // calling thread alone. The others are started and joined within `Create`.
  int compile_threads = 0;
};

struct CheckOptions {
  // The time rules see as `now`. Fixing it makes a run reproducible.
  absl::Time now = absl::UnixEpoch();
  // "en" or "fr"; "" for the checker's default.
  std::string language;
  // The dossier's file name, and the SHA-256 (hex) of its exact bytes for the report; without it the digest is that
  // of the dossier's deterministic binary serialization.
  std::string dossier_path;
  std::string dossier_sha256;
  // Waivers from outside the dossier (a `--waivers` file), applied after the dossier's own.
  std::vector<rules::WaiverEntry> extra_waivers;
  // Keep PASS and NOT_APPLICABLE findings (counts always include them).
  bool keep_passing_findings = true;
  // Where the findings go when set: all of them, compactly, and `Report.findings` is then empty (read them with
  // `base::ReportFindings`). Otherwise in `Report.findings`, whole.
  base::CompactFindings* compact_findings = nullptr;
  // Fill `Report.timing`, which makes the report differ from run to run.
  bool record_timing = false;
  // Run only these rules ("" list: every selected rule). Each must be a selected rule.
  std::vector<std::string> only_rules;
  // Parameter values overriding the profile's. Each must be a declared parameter, with a value of its kind.
  std::map<std::string, v1::ParamValue> params;
  // Called before each rule runs with the number of rules done, the number to run and the rule's id; returning
  // false stops the check, which then returns CANCELLED.
  std::function<bool(size_t done, size_t total, std::string_view rule_id)> on_rule;
  // What the whole check may spend: comprehension steps over every rule and subject (past it, each evaluation that
  // needs a step is an ERROR finding naming the budget), and wall time (past it, the check stops with
  // DEADLINE_EXCEEDED naming the rule it was at).
  int64_t max_evaluation_steps = std::numeric_limits<int64_t>::max();
  absl::Duration time_limit = absl::InfiniteDuration();
};

// Waivers as `rules::WaiverSet` takes them, from the dossier's `waivers` field. `origin_prefix` names the source in
// messages ("dossier", or a waivers file's name).
std::vector<rules::WaiverEntry> WaiversFromDossier(const v1::Dossier& dossier, std::string_view origin_prefix);

class Checker {
 public:
  // Loads, validates and compiles the packs and applies the profile. On failure the status names the first
  // problem and, if `diagnostics` is not null, every problem is appended there (`file:line:col: message`, the
  // column of a CEL error being that of the offending character inside the expression).
  static absl::StatusOr<std::unique_ptr<Checker>> Create(const CheckerOptions& options,
                                                         std::vector<io::Diagnostic>* diagnostics = nullptr);
  ~Checker();
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // Checks `dossier`. Every (rule, subject) gets a finding: an expression error on one subject is an ERROR finding
  // for that subject, never a pass and never an aborted run. INVALID_ARGUMENT only for bad `options`.
  absl::StatusOr<v1::Report> Check(const v1::Dossier& dossier, const CheckOptions& options) const;

  const rules::PackSet& packs() const { return packs_; }
  // Writes citations as the frameworks of the packs want them (see `Reference.text`).
  const rules::CitationWriter& citations() const { return *citations_; }
  const rules::Selection& selection() const { return selection_; }

 private:
  struct CompiledRule;
  class Compiler;
  struct RuleGroup;
  class CompileWork;
  class Run;

  Checker() = default;

  // The steps of `Check`.
  // The compiled rules `only_rules` names (all when empty), in run order.
  absl::StatusOr<std::vector<const CompiledRule*>> RulesToRun(const std::vector<std::string>& only_rules) const;
  // The `params` of a run: the profile's values with `overrides` applied, type-checked against the declarations.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ResolveParams(
      const std::map<std::string, v1::ParamValue>& overrides) const;
  // What the report says about the run's inputs: time, language, profile, dossier and pack digests.
  void DescribeInputs(const v1::Dossier& dossier, const CheckOptions& options, const std::string& language,
                      v1::Report& report) const;
  // One summary per selected framework: requirement statuses from `rule_counts` and the dossier's attestations.
  void SummariseFrameworks(const v1::Dossier& dossier, const std::map<std::string, v1::Counts>& rule_counts,
                           absl::Time now, const std::string& language, v1::Report& report) const;

  CheckerOptions options_;
  rules::PackSet packs_;
  rules::Selection selection_;
  // Writes the citations of references and requirements in a report's language.
  std::unique_ptr<rules::CitationWriter> citations_;
  struct Envs;
  std::unique_ptr<Envs> envs_;
  std::vector<std::unique_ptr<CompiledRule>> rules_;  // in `selection_.rules` order
};

// Severity names as packs and `--fail-on` spell them: "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"
// (case-insensitive). INVALID_ARGUMENT otherwise.
absl::StatusOr<v1::Rule::Severity> ParseSeverity(std::string_view name);

}  // namespace hdsc::check

#endif  // HDSC_LIB_CHECK_CHECKER_H_
