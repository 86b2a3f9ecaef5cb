// The individual writers behind `Render`, and what they share. Not API: call `Render` (render.h).
#ifndef HDSC_LIB_REPORT_WRITERS_H_
#define HDSC_LIB_REPORT_WRITERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/base/compact_findings.h"
#include "lib/base/language.h"
#include "lib/model/report.pb.h"
#include "lib/report/render.h"

namespace hdsc::report::internal {

// How `WriteJson` writes the findings: `findings` at a time, each block's buffer small enough for its pages to stay
// few (each page a process touches first costs a fault) and large enough for few writes; with at least
// `blocks_for_helper` blocks and more than one core, a second thread writes every other block. Below about a million
// findings that thread costs more CPU time (its start, its buffers' first pages, each hand-off) than it saves in
// wall time. Tests set small figures to reach both ways with few findings.
struct JsonBlocks {
  size_t findings = 512;
  size_t blocks_for_helper = 2048;
};

absl::Status WriteJson(const v1::Report& report, const RenderOptions& options, const Sink& write,
                       const JsonBlocks& blocks = JsonBlocks());
std::string RenderSarif(const v1::Report& report, const RenderOptions& options);
std::string RenderJunit(const v1::Report& report, const RenderOptions& options);
std::string RenderHtml(const v1::Report& report, const RenderOptions& options);
std::string RenderOscal(const v1::Report& report, const RenderOptions& options);
std::string RenderMarkdown(const v1::Report& report, const RenderOptions& options);

// Whether a finding needs a reader's attention: FAIL, ERROR or WAIVED.
bool NeedsAttention(v1::Finding::Status status);

// Calls `visit` with each finding of `report` that needs attention, whole, in report order: those of
// `report.findings` and those kept in `options.compact_findings`.
template <typename Visit>
void ForEachNeedingAttention(const v1::Report& report, const RenderOptions& options, Visit visit) {
  base::ReportFindings(report, options.compact_findings)
      .ForEachWithStatus([](v1::Finding::Status status) { return NeedsAttention(status); }, visit);
}

// "CRITICAL", "HIGH", ... ("UNSPECIFIED" for 0): the enum's name, for data (JSON properties, attributes). Readers
// see `base::SeverityWord`.
std::string SeverityName(v1::Rule::Severity severity);

// The language the report is written in.
base::Language LanguageOf(const v1::Report& report);

// The dossier location writers name: `options.dossier_uri`, or the report's dossier path.
std::string DossierUri(const v1::Report& report, const RenderOptions& options);

// "processing_activities[3] (pa-ehr)", "processing_activities[3]", or the dossier word for "".
std::string SubjectLabel(const v1::Finding& finding, std::string_view dossier_word);

// The finding's references as `language` writes them, joined with "; " (" ; " in French):
// "GDPR Art. 33(1); ISO27001_2022 A.5.26", "art. 33, paragraphe 1, du RGPD ; ISO/IEC 27001:2022 A.5.26". Each is
// its `text`, or its framework and citation in a report written before texts.
std::string CitationText(const v1::Finding& finding, base::Language language);

// The requirement's citation as the report writes it: `citation_text`, else `citation`.
const std::string& RequirementCitation(const v1::RequirementSummary& requirement);

// What a framework is, after its title: its `source` ("Règlement (UE) 2016/679"), else its `version`.
const std::string& FrameworkSource(const v1::FrameworkSummary& framework);

// `text` with &, <, >, " and ' replaced by entities, for XML and HTML text and attribute values. Characters XML
// 1.0 forbids (control characters other than tab and newlines) are dropped.
std::string XmlEscape(std::string_view text);

// RFC 4122 version-5 UUID of `name` in hdsc's own namespace: OSCAL's reproducible identifiers.
std::string NameBasedUuid(std::string_view name);

// A number of tenths written with one decimal: 809 is "80.9", in French "80,9".
std::string OneDecimal(int64_t tenths, bool french);

// `framework.completeness_percent()` with one decimal: "80.9", in French "80,9".
std::string CompletenessPercent(const v1::FrameworkSummary& framework, bool french);

// A framework's completeness for a reader, evaluated of checkable requirements and the percentage:
// "17/21 (80.9 %)", in French "17/21 (80,9 %)"; "-" when no requirement is checkable.
std::string CompletenessText(const v1::FrameworkSummary& framework, bool french);

// RFC 3339 UTC text of `report.now()`, for data (timestamps of SARIF, JUnit, OSCAL).
std::string NowText(const v1::Report& report);

// `timestamp` as the report's reader writes it: "28 November 2026", "28 novembre 2026".
std::string DateText(const v1::Report& report, const google::protobuf::Timestamp& timestamp);

// The executive summary of HTML and Markdown reports: what a director reads first, in the report's language.
struct ExecutiveSummary {
  // Plain sentences: failures by severity, errors, waivers, requirements left to a person.
  std::vector<std::string> sentences;
  // "Requirements that fail" and one line per framework ("General Data Protection Regulation: 6 of 45").
  std::string frameworks_heading;
  std::vector<std::string> frameworks;
  // "Worst risks" and the failures a reader should see first (FAIL and ERROR, highest severity first), at most 5.
  std::string worst_heading;
  std::vector<v1::Finding> worst;
  // What changed since the baseline report, or "" without one.
  std::string baseline;
};
ExecutiveSummary Summarise(const v1::Report& report, const RenderOptions& options);

// The labels of a report's cover and sign-off, in the report's language.
struct CoverLabels {
  const char* report;        // "Compliance report"
  const char* executive_summary;
  const char* scope;
  const char* sites;
  const char* as_of;         // the day the dossier describes
  const char* evaluated_on;
  const char* profile;
  const char* dossier;
  const char* sign_off;
  const char* sign_off_note;
  const char* prepared_by;
  const char* reviewed_by;
  const char* name_and_role;
  const char* date;
  const char* signature;
};
const CoverLabels& CoverLabelsOf(base::Language language);

// The name a report is known by: the organisation's legal name, else the dossier's title, else its path.
std::string ReportName(const v1::Report& report);

}  // namespace hdsc::report::internal

#endif  // HDSC_LIB_REPORT_WRITERS_H_
