// Report writers: one hdsc.v1.Report rendered as text, JSON, SARIF 2.1.0, JUnit XML, HTML, OSCAL
// assessment-results or Markdown. Every writer is deterministic: the same Report and options give the same bytes.
//
//   absl::StatusOr<report::Format> format = report::ParseFormat("sarif");
//   report::RenderOptions options;
//   options.source_map = &loaded.source_map;  // SARIF locations get the line of each subject
//   absl::StatusOr<std::string> sarif = report::Render(report, *format, options);
//
// docs/reports.md describes each format.
#ifndef HDSC_LIB_REPORT_RENDER_H_
#define HDSC_LIB_REPORT_RENDER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/base/compact_findings.h"
#include "lib/base/version.h"
#include "lib/io/diagnostic.h"
#include "lib/model/report.pb.h"
#include "lib/report/text.h"

namespace hdsc::report {

enum class Format { kText, kJson, kSarif, kJunit, kHtml, kOscal, kMarkdown };

// Every format, in the order `--format` documents them.
const std::vector<Format>& AllFormats();

// "text", "json", "sarif", "junit", "html", "oscal" or "md" (case-insensitive; "markdown" too). INVALID_ARGUMENT
// naming the accepted values otherwise.
absl::StatusOr<Format> ParseFormat(std::string_view name);

// A comma-separated list of format names ("text,json,sarif"), without duplicates, in the order given.
absl::StatusOr<std::vector<Format>> ParseFormatList(std::string_view names);

// The canonical name of `format` ("md" for Markdown).
std::string_view FormatName(Format format);

// The file a format is written to in an output directory: "report.txt", "report.json", "report.sarif",
// "report.junit.xml", "report.html", "report.oscal.json", "report.md".
std::string_view FormatFileName(Format format);

struct RenderOptions {
  // Where each field path of the dossier starts in its file (`io::LoadedDossier::source_map`), for SARIF result
  // locations. Null: results point at the dossier file without a line.
  const io::SourceMap* source_map = nullptr;
  // The dossier's location as SARIF and OSCAL name it; "" for `report.dossier().path()`.
  std::string dossier_uri;
  // The tool version written in SARIF `tool.driver.version` and OSCAL metadata.
  std::string tool_version = base::kVersion;
  // Text only.
  TextOptions text;
  // The findings a check kept compactly, apart from `report.findings` (see `check::CheckOptions::compact_findings`),
  // listed with those of the report; null for none.
  const base::CompactFindings* compact_findings = nullptr;
};

// Renders `report` as `format`. Fails (INTERNAL) only if the protobuf JSON printer does.
absl::StatusOr<std::string> Render(const v1::Report& report, Format format, const RenderOptions& options);

// Where `RenderTo` writes, a piece at a time; an error stops it.
using Sink = std::function<absl::Status(std::string_view)>;
// As `Render`, into `write`: a JSON report is written a finding at a time and never whole in memory.
absl::Status RenderTo(const v1::Report& report, Format format, const RenderOptions& options, const Sink& write);

}  // namespace hdsc::report

#endif  // HDSC_LIB_REPORT_RENDER_H_
