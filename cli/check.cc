// `hdscheck check`: check a dossier against rule packs and print a report.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/command.h"
#include "cli/pack_paths.h"
#include "google/protobuf/util/time_util.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"
#include "lib/check/checker.h"
#include "lib/io/diagnostic.h"
#include "lib/io/load.h"
#include "lib/io/read.h"
#include "lib/report/diff.h"
#include "lib/report/evidence.h"
#include "lib/report/render.h"
#include "lib/report/signature.h"
#include "lib/report/text.h"

namespace hdsc::cli {
namespace {

constexpr int kExitFailures = 1;    // a FAIL or ERROR finding at or above --fail-on
constexpr int kExitCannotRun = 2;   // the dossier, a pack or the waivers could not be used

constexpr char kCheckHelp[] =
    R"(usage: hdscheck check [OPTIONS] DOSSIER

Checks DOSSIER (JSON, textproto or binary; see `hdscheck validate`) against rule
packs and prints a report: a summary, each framework's requirements worst first,
then every finding that needs attention with its citation and remediation.

options:
  --rules PATH        a rule pack directory or file; repeatable. Default: the
                      bundled packs (controls/, or $HDSC_RULES_DIR)
  --profile ID        apply a profile of the packs (e.g. hospital, clinic,
                      hds-host): its frameworks, rules and parameters
  --now TIME          the evaluation time rules see, RFC 3339
                      (2026-03-01T00:00:00Z). Default: the current time. Fix it
                      for reproducible reports.
  --lang LANG         en or fr (default en)
  --format FORMATS    comma-separated: text, json, sarif, junit, html, oscal, md
                      (default text). JSON is the hdsc.v1.Report message in the
                      protobuf JSON mapping with the proto field names; the same
                      inputs and --now give byte-identical output in every
                      format. Several formats need --output-dir.
  --output-dir DIR    write each format to DIR/report.txt, report.json,
                      report.sarif, report.junit.xml, report.html,
                      report.oscal.json, report.md (DIR is created)
  --baseline FILE     a JSON report of an earlier run: failures it already had
                      (same rule id and subject path) are marked in_baseline and
                      do not count for the exit code; the report lists them all
  --sign KEY.pem      sign the JSON report with an Ed25519 or ECDSA P-256 private
                      key into DIR/report.json.sig (needs --output-dir; writes
                      report.json too). Check with `hdscheck verify`.
  --evidence-root DIR check the files of the dossier's evidence records: each
                      location, relative to DIR, must exist, match its sha256 and
                      be valid at --now; problems are findings
                      (HDSC-EVIDENCE-*) against the records citing the evidence
  --fail-on SEVERITY  INFO, LOW, MEDIUM, HIGH or CRITICAL (default INFO): the
                      lowest severity of a FAIL or ERROR finding that makes the
                      exit code 1
  --waivers FILE      more waivers: a dossier file holding only `waivers`
  --timing            record the evaluation time in the report (`timing`),
                      which then differs from run to run
  --omit-passing      leave PASS and N/A findings out of the report (the
                      counts still include them): smaller JSON for large
                      dossiers
  --verbose           text: also list PASS and N/A findings and requirements
  --color, --no-color text: colour statuses (default: when stdout is a terminal
                      and NO_COLOR is not set)
  -h, --help          show this help

exit codes:
  0   no FAIL or ERROR finding at or above --fail-on (WAIVED findings never count;
      with --baseline, neither do findings already failing in the baseline)
  1   at least one such FAIL or ERROR finding
  2   could not run: the dossier cannot be read or is invalid, a rule pack is
      broken (every problem is printed as file:line:col: message), the profile
      is unknown, the waivers file, baseline, signing key or evidence root
      cannot be used, or an output file cannot be written
  64  bad command line
)";

void PrintDiagnostics(const std::vector<io::Diagnostic>& diagnostics, std::ostream& err) {
  for (const io::Diagnostic& diagnostic : diagnostics) err << diagnostic.ToString() << "\n";
}

// Reads the waivers of a `--waivers` file: a dossier document that holds only `waivers`.
absl::StatusOr<std::vector<rules::WaiverEntry>> ReadWaivers(const std::string& path, std::ostream& err) {
  v1::Dossier holder;
  absl::StatusOr<io::ReadResult> read = io::ReadMessageFile(path, io::LoadOptions(), &holder);
  if (!read.ok()) return read.status();
  if (!read->diagnostics.empty()) {
    PrintDiagnostics(read->diagnostics, err);
    return absl::InvalidArgumentError(path + ": invalid waivers file");
  }
  v1::Dossier only_waivers;
  *only_waivers.mutable_waivers() = holder.waivers();
  if (holder.ByteSizeLong() != only_waivers.ByteSizeLong()) {
    return absl::InvalidArgumentError(path + ": a waivers file may only hold `waivers`");
  }
  return check::WaiversFromDossier(holder, path);
}

// Writes `content` to `path`, replacing it.
absl::Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  file.close();
  if (!file) return absl::PermissionDeniedError(path + ": cannot write");
  return absl::OkStatus();
}

}  // namespace

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  check::CheckerOptions checker_options;
  check::CheckOptions check_options;
  std::string dossier_path;
  std::string format = "text";
  std::string output_dir;
  std::string baseline_path;
  std::string signing_key_path;
  std::string evidence_root;
  std::string now_text;
  std::string fail_on = "INFO";
  std::string waivers_path;
  report::TextOptions text_options;
  text_options.color = &out == &std::cout && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string value;
    bool missing = false;
    if (arg == "-h" || arg == "--help") {
      out << kCheckHelp;
      return kExitOk;
    } else if (TakeFlagValue(args, &i, "--rules", "check", &value, &missing, err)) {
      checker_options.rule_paths.push_back(value);
    } else if (TakeFlagValue(args, &i, "--profile", "check", &checker_options.profile, &missing, err) ||
               TakeFlagValue(args, &i, "--now", "check", &now_text, &missing, err) ||
               TakeFlagValue(args, &i, "--lang", "check", &checker_options.language, &missing, err) ||
               TakeFlagValue(args, &i, "--format", "check", &format, &missing, err) ||
               TakeFlagValue(args, &i, "--fail-on", "check", &fail_on, &missing, err) ||
               TakeFlagValue(args, &i, "--waivers", "check", &waivers_path, &missing, err) ||
               TakeFlagValue(args, &i, "--output-dir", "check", &output_dir, &missing, err) ||
               TakeFlagValue(args, &i, "--baseline", "check", &baseline_path, &missing, err) ||
               TakeFlagValue(args, &i, "--sign", "check", &signing_key_path, &missing, err) ||
               TakeFlagValue(args, &i, "--evidence-root", "check", &evidence_root, &missing, err)) {
    } else if (arg == "--timing") {
      check_options.record_timing = true;
    } else if (arg == "--omit-passing") {
      check_options.keep_passing_findings = false;
    } else if (arg == "--verbose") {
      text_options.verbose = true;
    } else if (arg == "--color") {
      text_options.color = true;
    } else if (arg == "--no-color") {
      text_options.color = false;
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      err << "hdscheck check: unknown option " << arg << " (see --help)\n";
      return kExitUsage;
    } else if (dossier_path.empty()) {
      dossier_path = arg;
    } else {
      err << "hdscheck check: one dossier at a time (got " << dossier_path << " and " << arg << ")\n";
      return kExitUsage;
    }
    if (missing) return kExitUsage;
  }
  if (dossier_path.empty()) {
    err << "hdscheck check: no dossier given (see --help)\n";
    return kExitUsage;
  }
  absl::StatusOr<std::vector<report::Format>> formats = report::ParseFormatList(format);
  if (!formats.ok()) {
    err << "hdscheck check: --format: " << formats.status().message() << "\n";
    return kExitUsage;
  }
  if (output_dir.empty() && formats->size() > 1) {
    err << "hdscheck check: several formats need --output-dir (one file each)\n";
    return kExitUsage;
  }
  if (!signing_key_path.empty() && output_dir.empty()) {
    err << "hdscheck check: --sign needs --output-dir (the signature goes to DIR/report.json.sig)\n";
    return kExitUsage;
  }
  if (!base::ParseLanguage(checker_options.language).ok()) {
    err << "hdscheck check: unknown --lang " << checker_options.language << " (en or fr)\n";
    return kExitUsage;
  }
  absl::StatusOr<v1::Rule::Severity> threshold = check::ParseSeverity(fail_on);
  if (!threshold.ok()) {
    err << "hdscheck check: --fail-on: " << threshold.status().message() << "\n";
    return kExitUsage;
  }
  if (now_text.empty()) {
    check_options.now = absl::Now();
  } else {
    google::protobuf::Timestamp now;
    if (!google::protobuf::util::TimeUtil::FromString(now_text, &now)) {
      err << "hdscheck check: --now: expected an RFC 3339 time such as 2026-03-01T00:00:00Z, got " << now_text << "\n";
      return kExitUsage;
    }
    check_options.now = absl::FromUnixSeconds(now.seconds()) + absl::Nanoseconds(now.nanos());
  }
  if (checker_options.rule_paths.empty()) {
    const std::string bundled = DefaultRulesDir();
    if (bundled.empty()) {
      err << "hdscheck check: no rule packs found; pass --rules DIR or set HDSC_RULES_DIR\n";
      return kExitCannotRun;
    }
    checker_options.rule_paths.push_back(bundled);
  }

  // The dossier: its exact bytes are digested into the report.
  absl::StatusOr<std::string> bytes = io::ReadFileContents(dossier_path, io::kDefaultMaxBytes);
  if (!bytes.ok()) {
    err << "hdscheck check: " << bytes.status().message() << "\n";
    return kExitCannotRun;
  }
  absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossier(*bytes, dossier_path);
  if (!loaded.ok()) {
    err << "hdscheck check: " << loaded.status().message() << "\n";
    return kExitCannotRun;
  }
  if (!loaded->valid()) {
    PrintDiagnostics(loaded->diagnostics, err);
    err << "hdscheck check: " << dossier_path << " is not a valid dossier (" << loaded->diagnostics.size()
        << " problems); nothing was checked\n";
    return kExitCannotRun;
  }
  if (!waivers_path.empty()) {
    absl::StatusOr<std::vector<rules::WaiverEntry>> waivers = ReadWaivers(waivers_path, err);
    if (!waivers.ok()) {
      err << "hdscheck check: " << waivers.status().message() << "\n";
      return kExitCannotRun;
    }
    check_options.extra_waivers = *std::move(waivers);
  }

  std::vector<io::Diagnostic> problems;
  absl::StatusOr<std::unique_ptr<check::Checker>> checker = check::Checker::Create(checker_options, &problems);
  if (!checker.ok()) {
    PrintDiagnostics(problems, err);
    err << "hdscheck check: " << (problems.empty() ? std::string(checker.status().message())
                                                  : std::to_string(problems.size()) + " problems in the rule packs")
        << "\n";
    return kExitCannotRun;
  }
  check_options.dossier_path = dossier_path;
  check_options.dossier_bytes = *bytes;
  absl::StatusOr<v1::Report> report = (*checker)->Check(loaded->dossier, check_options);
  if (!report.ok()) {
    err << "hdscheck check: " << report.status().message() << "\n";
    return kExitCannotRun;
  }

  if (!evidence_root.empty()) {
    report::EvidenceCheckOptions evidence_options;
    evidence_options.root = evidence_root;
    evidence_options.now = check_options.now;
    evidence_options.language = report->language();
    absl::StatusOr<report::EvidenceCheckResult> evidence = report::CheckEvidence(loaded->dossier, evidence_options);
    if (!evidence.ok()) {
      err << "hdscheck check: --evidence-root: " << evidence.status().message() << "\n";
      return kExitCannotRun;
    }
    report::AddEvidenceFindings(*evidence, &*report);
  }
  if (!baseline_path.empty()) {
    absl::StatusOr<std::string> baseline_bytes = io::ReadFileContents(baseline_path, io::kDefaultMaxBytes);
    absl::StatusOr<v1::Report> baseline =
        baseline_bytes.ok() ? report::ParseReportJson(*baseline_bytes, baseline_path)
                            : absl::StatusOr<v1::Report>(baseline_bytes.status());
    if (!baseline.ok()) {
      err << "hdscheck check: --baseline: " << baseline.status().message() << "\n";
      return kExitCannotRun;
    }
    report::MarkBaseline(*baseline, &*report);
    report->mutable_baseline()->set_path(baseline_path);
    report->mutable_baseline()->set_sha256(base::Sha256Hex(*baseline_bytes));
  }

  report::RenderOptions render_options;
  render_options.source_map = &loaded->source_map;
  render_options.text = text_options;
  if (output_dir.empty()) {
    absl::StatusOr<std::string> rendered = report::Render(*report, formats->front(), render_options);
    if (!rendered.ok()) {
      err << "hdscheck check: " << rendered.status().message() << "\n";
      return kExitCannotRun;
    }
    out << *rendered;
  } else {
    std::error_code error;
    std::filesystem::create_directories(output_dir, error);
    if (error) {
      err << "hdscheck check: --output-dir: cannot create " << output_dir << " (" << error.message() << ")\n";
      return kExitCannotRun;
    }
    render_options.text.color = false;
    std::vector<report::Format> to_write = *formats;
    if (!signing_key_path.empty() &&
        std::find(to_write.begin(), to_write.end(), report::Format::kJson) == to_write.end()) {
      to_write.push_back(report::Format::kJson);
    }
    for (report::Format each : to_write) {
      absl::StatusOr<std::string> rendered = report::Render(*report, each, render_options);
      const std::string path = (std::filesystem::path(output_dir) / report::FormatFileName(each)).string();
      absl::Status written = rendered.ok() ? WriteFile(path, *rendered) : rendered.status();
      if (written.ok() && each == report::Format::kJson && !signing_key_path.empty()) {
        absl::StatusOr<std::string> key = io::ReadFileContents(signing_key_path, 1 << 20);
        absl::StatusOr<std::string> signature =
            key.ok() ? report::SignReport(*rendered, *key) : absl::StatusOr<std::string>(key.status());
        written = signature.ok() ? WriteFile(path + ".sig", *signature) : signature.status();
        if (!written.ok()) {
          err << "hdscheck check: --sign: " << written.message() << "\n";
          return kExitCannotRun;
        }
      }
      if (!written.ok()) {
        err << "hdscheck check: " << written.message() << "\n";
        return kExitCannotRun;
      }
    }
  }
  if (!baseline_path.empty()) {
    return report::HasNewFailureAtOrAbove(*report, *threshold) ? kExitFailures : kExitOk;
  }
  return check::HasFailureAtOrAbove(*report, *threshold) ? kExitFailures : kExitOk;
}

}  // namespace hdsc::cli
