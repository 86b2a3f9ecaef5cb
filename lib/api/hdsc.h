// The public C++ API of hdsc: everything a program can do with the library, behind one header. The command line
// (`cli/`), the C ABI (`capi/`) and, through it, the Python package only convert their arguments to these calls
// and print what they return.
//
//   hdsc::CompileOptions compile;             // no rule path: the bundled packs
//   compile.profile = "hospital";
//   absl::StatusOr<std::unique_ptr<hdsc::Checker>> checker = hdsc::Checker::Compile(compile);
//   if (!checker.ok()) {
//     for (const hdsc::Diagnostic& problem : hdsc::DiagnosticsOf(checker.status())) ...  // file:line:col
//   }
//   hdsc::CheckOptions options;
//   options.now = absl::FromUnixSeconds(1764547200);
//   absl::StatusOr<hdsc::Result> result =
//       (*checker)->Check(hdsc::DossierSource::File("dossier.json"), options);
//   absl::StatusOr<std::string> sarif = hdsc::Render(*result, hdsc::ReportFormat::kSarif);
//
// Errors are absl::Status. A status about located problems (a broken rule pack, an invalid dossier, an
// expression that does not compile) carries every problem with its file, line, column and field path:
// `DiagnosticsOf(status)` returns them; the message names the first one and how many there are.
//
// Thread safety: a Checker is immutable once compiled; any number of threads may call `Check` on it at once.
// Every other function is safe to call from any thread.
#ifndef HDSC_LIB_API_HDSC_H_
#define HDSC_LIB_API_HDSC_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/base/version.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/report/diff.h"
#include "lib/report/render.h"
#include "lib/model/dossier.pb.h"
#include "lib/model/report.pb.h"
#include "lib/model/rules.pb.h"

namespace hdsc {

// The release of this library, and the version of its C ABI (the N of libhdsc.so.N).
inline constexpr const char* kVersion = base::kVersion;
inline constexpr int kAbiVersion = base::kAbiVersion;

// ---------------------------------------------------------------------------------------------------------------
// Located problems
// ---------------------------------------------------------------------------------------------------------------

// One located problem: `file:line:col: field.path: message`, with the unknown parts left out.
using Diagnostic = io::Diagnostic;

// The located problems a status carries (empty when it carries none).
std::vector<Diagnostic> DiagnosticsOf(const absl::Status& status);

// An INVALID_ARGUMENT status carrying `diagnostics` (at least one), its message naming the first and how many
// there are: "dossier.json:3:7: ...: expected a string (and 2 more problems)". `what` is said when there are
// several: "3 problems in the rule packs; the first: ...".
absl::Status LocatedError(std::vector<Diagnostic> diagnostics, std::string_view what = "");

// ---------------------------------------------------------------------------------------------------------------
// Dossiers
// ---------------------------------------------------------------------------------------------------------------

// kAuto: from the name's extension (.json, .textproto/.txtpb/.pbtxt/.textpb, .pb/.binpb, .xlsx, .ods) or, when the
// name has none of these, from the content: a zip archive is an .ods when its first entry says so and an .xlsx
// otherwise, JSON if it starts with '{', text format if it is UTF-8 text, binary otherwise.
// kJson: the protobuf JSON mapping of hdsc.v1.Dossier; kTextproto: the text format; kBinary: the wire format;
// kXlsx, kOds: a workbook of one sheet per kind of record (docs/spreadsheets.md), or, read only, the CNIL's
// simplified register model.
using DossierFormat = io::Format;

// "auto", "json", "textproto", "binary", "xlsx", "ods"; INVALID_ARGUMENT naming them otherwise.
absl::StatusOr<DossierFormat> ParseDossierFormat(std::string_view name);
// The names `ParseDossierFormat` accepts, in that order (for shell completion and help).
std::vector<std::string> DossierFormatNames();

// The name of a format, as ParseDossierFormat reads it.
std::string_view DossierFormatName(DossierFormat format);

// The format of a file named `path` by its extension alone (.json; .textproto, .txtpb, .pbtxt, .textpb; .pb,
// .binpb; .xlsx; .ods), for writing one; INVALID_ARGUMENT naming the path and the extensions otherwise.
absl::StatusOr<DossierFormat> DossierFormatFromPath(std::string_view path);

// The format a dossier named `name` with content `bytes` is read in, when asked for `requested`: the one
// requested, else that of the name's extension, else a guess from the content (see kAuto). Never kAuto.
DossierFormat DetectDossierFormat(DossierFormat requested, std::string_view name, std::string_view bytes);

// Where a dossier comes from: bytes in memory, a file, or a message already built.
class DossierSource {
 public:
  // `bytes` must outlive the call that reads the source. `name` names it in messages and reports (and, with
  // kAuto, its extension picks the format); "" for "dossier".
  static DossierSource Bytes(std::string_view bytes, std::string name = "",
                             DossierFormat format = DossierFormat::kAuto);
  static DossierSource File(std::string path, DossierFormat format = DossierFormat::kAuto);
  // `dossier` must outlive the call that reads the source. It is validated as a loaded file would be.
  static DossierSource Message(const v1::Dossier& dossier, std::string name = "");

  const std::string& name() const { return name_; }

 private:
  friend class DossierReader;
  enum class Kind { kBytes, kFile, kMessage };
  Kind kind_ = Kind::kBytes;
  std::string_view bytes_;
  std::string name_;
  DossierFormat format_ = DossierFormat::kAuto;
  const v1::Dossier* message_ = nullptr;
};

struct LoadOptions {
  // Fields the schema does not define are errors unless this is set: a misspelt field must not pass silently.
  bool allow_unknown_fields = false;
  // Largest input accepted, in bytes (4 GiB: a JSON dossier of a million processing activities is about 1.2 GB);
  // larger files are refused before they are read.
  int64_t max_input_bytes = int64_t{4} << 30;
};

// A dossier read and checked against the schema and its internal references.
struct LoadedDossier {
  v1::Dossier dossier;
  std::string name;
  // The SHA-256 of the exact bytes read, in lowercase hex (empty for a message source), recorded in reports. The
  // bytes themselves are not kept: a large input's memory is given back as it is read.
  std::string sha256;
  // Where each field path starts in the input, for report locations (for a spreadsheet, the cell of each).
  io::SourceMap source_map;
  // What the input held that a dossier has no place for, which is no error: the labels and values of the CNIL's
  // register model that could not be mapped, each located.
  std::vector<Diagnostic> warnings;
};

// Reads and validates a dossier. An invalid dossier is INVALID_ARGUMENT carrying every problem
// (`DiagnosticsOf`); an input that cannot be examined at all is NOT_FOUND, PERMISSION_DENIED,
// FAILED_PRECONDITION (not a regular file) or RESOURCE_EXHAUSTED (too large).
absl::StatusOr<LoadedDossier> LoadDossier(const DossierSource& source, const LoadOptions& options = {});

// Every problem of a dossier, in order of position; empty for a valid one. The status is an error only when
// the input cannot be examined at all (as `LoadDossier`).
absl::StatusOr<std::vector<Diagnostic>> Validate(const DossierSource& source, const LoadOptions& options = {});

struct ConvertOptions {
  // "en" or "fr": the language of a written workbook's sheet names and headers (either is read).
  std::string language = "en";
  LoadOptions load;
};

// A dossier converted to another format.
struct ConvertedDossier {
  std::string bytes;
  DossierFormat format = DossierFormat::kJson;
  // What the input held that the output has no place for (see LoadedDossier::warnings).
  std::vector<Diagnostic> warnings;
};

// Reads `source` and writes it in format `to` (not kAuto). JSON is written canonically: protobuf's JSON printer
// with the schema's field names, unset fields left out, one space of indentation a level; so JSON -> XLSX -> JSON
// and JSON -> ODS -> JSON give back the same bytes. The dossier is converted as it is: problems reading it (syntax,
// unknown fields, sheets or columns, values of the wrong type) are INVALID_ARGUMENT carrying them, but references
// and the other consistency checks of `Validate` are not required to hold. A value the output cannot hold (a
// spreadsheet cell's limits) is INVALID_ARGUMENT carrying it; an unknown language or format INVALID_ARGUMENT; an
// input that cannot be read at all as `LoadDossier`.
absl::StatusOr<ConvertedDossier> ConvertDossier(const DossierSource& source, DossierFormat to,
                                                const ConvertOptions& options = {});

// A starter dossier: where a new dossier begins (`hdscheck init`).
struct InitOptions {
  // The kind of organisation, named as the bundled profiles: "hospital", "clinic" or "hds-host".
  std::string profile;
  // "en" or "fr": the language of the placeholders, the Annex A control titles and the notes.
  std::string language = "en";
  // kJson, kTextproto (with notes as `#` comments), kBinary, or kXlsx, kOds (a workbook); kAuto is kJson.
  DossierFormat format = DossierFormat::kJson;
};

// The profiles `InitDossier` writes a starter for: "hospital", "clinic", "hds-host".
std::vector<std::string> InitProfiles();

// A starter dossier for `options.profile`, in `options.format`: every section the profile needs (organisation and
// DPO, Art. 30 register, ISMS, and for hds-host the HDS certificate and a client record with its contract), the 93
// ISO/IEC 27001:2022 Annex A controls in the Statement of Applicability, and placeholders starting with "To fill in: "
// ("À compléter : ") where the organisation's facts go. It validates, and a check with the profile fails at HIGH
// until it is filled in: the first check lists what is left to describe. The same options give the same bytes.
// INVALID_ARGUMENT naming the accepted values for an unknown profile or language.
absl::StatusOr<std::string> InitDossier(const InitOptions& options);

// ---------------------------------------------------------------------------------------------------------------
// Compiling rule packs
// ---------------------------------------------------------------------------------------------------------------

// OK for a language reports and rule texts are written in, "en" or "fr"; INVALID_ARGUMENT naming them otherwise.
absl::Status CheckLanguage(std::string_view language);
// The languages `CheckLanguage` accepts: "en", "fr".
std::vector<std::string> Languages();

// The text of `text` in `language` ("en" or "fr"); the French text falls back to the English one when empty.
const std::string& Localized(const v1::LocalizedText& text, std::string_view language);

// Severity names as packs spell them: "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL" (case-insensitive);
// INVALID_ARGUMENT naming them otherwise.
absl::StatusOr<v1::Rule::Severity> ParseSeverity(std::string_view name);
// The severity names, least severe first: "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL".
std::vector<std::string> SeverityNames();

// A document given in memory: a rule pack's text, a waivers file, a baseline report.
struct Document {
  // How messages name it ("site-rules.textpb").
  std::string name;
  std::string contents;
};

// The bundled rule packs: `$HDSC_RULES_DIR` if set; else `share/hdsc/controls` of the prefix the program or
// libhdsc is installed under (`lib/` or `lib/<multiarch>/`), or `controls/` beside libhdsc (a Python wheel);
// else, in the source tree, `controls/` in the program's Bazel runfiles or under the working directory. Empty
// when there is none.
std::string DefaultRulesDir();

// How a long compilation or check is going. Compiling: reading the packs (kReadingPacks, 0 of 1), then `done` of
// `total` rules compiled (kCompiling). Checking: loading the dossier (kLoading, 0 of 1), then `done` of `total`
// rules evaluated (kChecking).
struct Progress {
  enum class Stage { kLoading, kChecking, kReadingPacks, kCompiling };
  Stage stage = Stage::kLoading;
  int64_t done = 0;
  int64_t total = 0;
  // The rule about to be compiled or evaluated, in the kCompiling and kChecking stages.
  std::string_view rule_id;
};

struct CompileOptions {
  // Pack files and directories (a directory contributes every `*.textpb` below it except `*_test.textpb`
  // fixtures). With no path and no text: the bundled packs (`DefaultRulesDir`).
  std::vector<std::string> rule_paths;
  // Pack texts given in memory, loaded after those of `rule_paths`.
  std::vector<Document> rule_texts;
  // The profile to apply ("hospital", "clinic", "hds-host", or one the packs define); "" for every rule and
  // framework with default parameters.
  std::string profile;
  // Parameter values overriding the profile's, as text read at the declared parameter's type: "true",
  // "12", "80.5", "text", a duration "72h" / "365d". An undeclared name or a value of the wrong type is
  // INVALID_ARGUMENT.
  std::map<std::string, std::string> params;
  // Waivers files (dossier documents holding only `waivers`), applied after the dossier's own waivers.
  std::vector<std::string> waiver_paths;
  std::vector<Document> waiver_texts;
  // "en" or "fr": the default language of reports.
  std::string language = "en";
  // Called as the packs are read and compiled (kReadingPacks, kCompiling); returning false cancels the
  // compilation (CANCELLED). Called on the calling thread, once for each rule as the compilation reaches it.
  std::function<bool(const Progress&)> progress;
  // The threads compiling the rules, the calling thread among them: 0 for one a core (at most four), 1 for the
  // calling thread alone. The others are started and joined within `Compile`. Negative is INVALID_ARGUMENT.
  int compile_threads = 0;
};

// A rule as the packs define it, with where it is defined and the framework requirements it evidences.
struct RuleInfo {
  v1::Rule rule;
  std::string file;
  int line = 0;
  int column = 0;
  // "GDPR Art. 33", "ISO27001_2022 A.5.24": framework id and requirement id.
  std::vector<std::string> requirements;
};

// The default of `CheckOptions::max_evaluation_steps`.
inline constexpr int64_t kDefaultMaxEvaluationSteps = 200'000'000;

struct CheckOptions {
  // The time rules see as `now`; unset for the current time. Fix it for reproducible reports.
  std::optional<absl::Time> now;
  // "en" or "fr"; "" for the checker's language.
  std::string language;
  // Keep PASS and NOT_APPLICABLE findings in the report (they are counted either way).
  bool keep_passing_findings = true;
  // Record the evaluation time in the report (`timing`: in all, and each rule's with its evaluation steps, slowest
  // first), which then differs from run to run.
  bool record_timing = false;
  // A JSON report of an earlier run: failures it already had are marked `in_baseline` and do not gate.
  std::optional<Document> baseline;
  // Check the files of the dossier's evidence records under this directory; problems are findings
  // (HDSC-EVIDENCE-*). "" for no evidence check.
  std::string evidence_root;
  // Run only these rules (each must be one the checker runs); empty for all.
  std::vector<std::string> only_rules;
  LoadOptions load;
  // Called as the check goes; returning false cancels it (CANCELLED). Called on the calling thread.
  std::function<bool(const Progress&)> progress;
  // Comprehension steps the whole check may take over every rule and subject: past it, each evaluation that needs
  // one more is an ERROR finding naming this budget. Real dossiers need far fewer (the examples, under a million).
  int64_t max_evaluation_steps = kDefaultMaxEvaluationSteps;
  // Wall time the evaluation may take; past it the check fails with DEADLINE_EXCEEDED naming the rule it was at.
  // Unset: no limit.
  std::optional<absl::Duration> time_limit;
};

// The outcome of one check: the report, and what rendering it needs from the dossier.
struct Result {
  // The report, its findings kept compactly: a large dossier has tens of millions of them. The findings of the
  // rules are in `compact_findings` (PASS and NOT_APPLICABLE ones only with `CheckOptions::keep_passing_findings`),
  // and `report.findings` holds only those of the evidence check. `Findings()` reads them all, whole, in report
  // order; `Render` writes them all.
  v1::Report report;
  base::CompactFindings compact_findings;
  // The dossier checked, which `compact_findings` points into.
  std::shared_ptr<const v1::Dossier> dossier;
  // Where each subject starts in the dossier, for report locations (SARIF).
  io::SourceMap source_map;

  // Every finding in report order.
  base::ReportFindings Findings() const { return base::ReportFindings(report, &compact_findings); }

  // Whether a FAIL or ERROR finding of severity `threshold` or worse, not already failing in the baseline,
  // is in the report: what makes `hdscheck check` exit 1. WAIVED findings never count.
  bool HasFailureAtOrAbove(v1::Rule::Severity threshold) const;
};

class Checker {
 public:
  // Reads, validates and type-checks the packs, applies the profile, parameters and waivers. Broken packs are
  // INVALID_ARGUMENT carrying every problem at file:line:col (`DiagnosticsOf`); NOT_FOUND for a missing path
  // or an unknown profile; CANCELLED when `options.progress` stops it.
  static absl::StatusOr<std::unique_ptr<Checker>> Compile(const CompileOptions& options);
  ~Checker();
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // Loads `source` and checks it. An invalid dossier is INVALID_ARGUMENT carrying its problems; a bad
  // evidence root, baseline or option INVALID_ARGUMENT / NOT_FOUND; a cancelled run CANCELLED. Compliance
  // outcomes (FAIL, ERROR...) are data in the report.
  absl::StatusOr<Result> Check(const DossierSource& source, const CheckOptions& options = {}) const;
  // Checks a dossier `LoadDossier` read (`options.load` is then unused): a caller may read it while the packs
  // compile, or validate it and check it without reading it again.
  absl::StatusOr<Result> Check(LoadedDossier loaded, const CheckOptions& options = {}) const;

  // The number of rules a check runs (after the profile's selection).
  size_t rule_count() const;
  // Every rule of the packs, sorted by id; with `framework_id`, only those citing that framework or evidencing
  // one of its requirements (NOT_FOUND for an unknown framework).
  absl::StatusOr<std::vector<RuleInfo>> Rules(std::string_view framework_id = "") const;
  // NOT_FOUND for an unknown id.
  absl::StatusOr<RuleInfo> Rule(std::string_view id) const;
  // Every profile the packs define (what `CompileOptions::profile` may name), sorted by id.
  std::vector<v1::Profile> Profiles() const;
  // The SHA-256 of the packs in use, over their files' contents wherever they are: identifies the rule set.
  std::string PacksDigest() const;

 private:
  struct State;
  explicit Checker(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// ---------------------------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------------------------

using ReportFormat = report::Format;

// Every format, in the order documented: text, json, sarif, junit, html, oscal, md.
const std::vector<ReportFormat>& AllReportFormats();
// "text", "json", "sarif", "junit", "html", "oscal", "md" ("markdown" too), case-insensitive.
absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name);
// A comma-separated list of format names ("text,json,sarif") in the order given; INVALID_ARGUMENT for an
// unknown name or one given twice.
absl::StatusOr<std::vector<ReportFormat>> ParseReportFormats(std::string_view names);
std::string_view ReportFormatName(ReportFormat format);
// The file name a format is written to in an output directory: report.txt, report.json, report.sarif,
// report.junit.xml, report.html, report.oscal.json, report.md.
std::string_view ReportFileName(ReportFormat format);

struct RenderOptions {
  // Text: also list PASS and N/A findings and requirements.
  bool verbose = false;
  // Text: ANSI colours for statuses.
  bool color = false;
};

// `result` in `format`. The same result gives the same bytes, from any front end.
absl::StatusOr<std::string> Render(const Result& result, ReportFormat format, const RenderOptions& options = {});
// As `Render`, a piece at a time into `write` (an error it returns stops rendering): a JSON report with millions
// of findings is written a finding at a time, never whole in memory.
using RenderSink = report::Sink;
absl::Status RenderTo(const Result& result, ReportFormat format, const RenderOptions& options,
                      const RenderSink& write);

// Reads a report written as JSON (`ReportFormat::kJson`); INVALID_ARGUMENT naming `name` if it is not one.
absl::StatusOr<v1::Report> ParseReport(std::string_view json, std::string_view name);

// The failures that are new, fixed and unchanged from one report to the next (matched by rule and subject).
using ReportDiff = report::ReportDiff;
ReportDiff DiffReports(const v1::Report& old_report, const v1::Report& new_report);
// The diff for a person, as `hdscheck diff` prints it: counts, then NEW, FIXED and UNCHANGED lines.
std::string RenderDiff(const ReportDiff& diff);

// Signs the bytes of a rendered report with a PEM private key (Ed25519 or ECDSA P-256) into a detached signature
// file's text. INVALID_ARGUMENT for an unusable key.
absl::StatusOr<std::string> SignReport(std::string_view report_bytes, std::string_view private_key_pem);

// OK when `signature` holds over `report_bytes` for `public_key_pem`; otherwise INVALID_ARGUMENT (unreadable
// signature or key), FAILED_PRECONDITION (a key of another type), DATA_LOSS (the report was modified),
// UNAUTHENTICATED (another key, or an altered signature).
absl::Status VerifyReport(std::string_view report_bytes, std::string_view signature,
                          std::string_view public_key_pem);

// ---------------------------------------------------------------------------------------------------------------
// Evidence, fixtures, expressions
// ---------------------------------------------------------------------------------------------------------------

struct FileDigest {
  // Relative to the directory hashed, '/'-separated.
  std::string path;
  std::string sha256;
};

// The SHA-256 of every regular file under `root`, sorted by path (symbolic links are not followed).
absl::StatusOr<std::vector<FileDigest>> HashEvidence(const std::string& root);
// `digests` as a JSON array of {"location", "sha256"} objects, ready to paste into a dossier's evidence.
std::string FileDigestsJson(const std::vector<FileDigest>& digests);

// The contents of the regular file at `path`, refusing one larger than `max_bytes` before reading it: NOT_FOUND,
// PERMISSION_DENIED, FAILED_PRECONDITION (not a regular file), RESOURCE_EXHAUSTED, each naming the path.
absl::StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes = int64_t{64} << 20);

struct FixtureOptions {
  // Directories (or files) whose packs are tested with their `*_test.textpb` fixtures.
  std::vector<std::string> paths;
  // More packs the tested ones need (frameworks, parameters, profiles); their rules need no fixtures.
  std::vector<std::string> extra_rule_paths;
  // Require a PASS, a FAIL (and a NOT_APPLICABLE when the rule has a `when`) fixture for every tested rule.
  bool require_coverage = true;
};

struct FixtureResult {
  int fixtures = 0;
  int expectations = 0;
  // The pack files loaded: those tested and the extra ones.
  int pack_files = 0;
  // Each expectation that did not hold, fixture that could not run and rule lacking coverage, located.
  std::vector<Diagnostic> failures;
};

// Runs rule fixtures, as `hdscheck test`. Packs or fixture files that do not load are INVALID_ARGUMENT carrying
// their problems.
absl::StatusOr<FixtureResult> RunFixtures(const FixtureOptions& options);

struct EvalOptions {
  // The value of `now`; unset for the current time.
  std::optional<absl::Time> now;
  // Bound to `dossier` (hdsc.v1.Dossier), which must be valid; none: `dossier` is not declared.
  std::optional<DossierSource> dossier;
  LoadOptions load;
  // Variables declared in order, each the value (and checked type) of its CEL expression, which may use the
  // earlier ones.
  std::vector<std::pair<std::string, std::string>> variables;
  // The package names resolve in, so `RiskLevel.RISK_LEVEL_HIGH` names hdsc.v1.RiskLevel.RISK_LEVEL_HIGH.
  std::string container = "hdsc.v1";
};

struct EvalResult {
  // The value as a CEL literal that evaluates back to it: `1`, `"s"`, `[1, 2]`,
  // `timestamp("2024-01-01T00:00:00Z")`, `hdsc.v1.Type{...}`. Empty when the evaluation produced an error.
  std::string literal;
  // The CEL error the evaluation produced (no such key, division by zero...), with its own code; OK otherwise.
  absl::Status error;
};

// Compiles and evaluates a CEL expression. An expression (or variable) that does not compile is
// INVALID_ARGUMENT carrying its problems, located in files named `<expr>` and `--var NAME`; an invalid dossier
// INVALID_ARGUMENT carrying the dossier's problems. An evaluation error is data in the result.
absl::StatusOr<EvalResult> Eval(std::string_view expression, const EvalOptions& options = {});

}  // namespace hdsc

#endif  // HDSC_LIB_API_HDSC_H_
