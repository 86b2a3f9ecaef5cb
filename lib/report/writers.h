// The individual writers behind `Render`, and what they share. Not API: call `Render` (render.h).
#ifndef HDSC_LIB_REPORT_WRITERS_H_
#define HDSC_LIB_REPORT_WRITERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/model/report.pb.h"
#include "lib/report/render.h"

namespace hdsc::report::internal {

absl::StatusOr<std::string> RenderJson(const v1::Report& report);
std::string RenderSarif(const v1::Report& report, const RenderOptions& options);
std::string RenderJunit(const v1::Report& report);
std::string RenderHtml(const v1::Report& report);
std::string RenderOscal(const v1::Report& report, const RenderOptions& options);
std::string RenderMarkdown(const v1::Report& report);

// Whether a finding needs a reader's attention: FAIL, ERROR or WAIVED.
bool NeedsAttention(const v1::Finding& finding);

// "CRITICAL", "HIGH", ... ("UNSPECIFIED" for 0).
std::string SeverityName(v1::Rule::Severity severity);

// The dossier location writers name: `options.dossier_uri`, or the report's dossier path.
std::string DossierUri(const v1::Report& report, const RenderOptions& options);

// "processing_activities[3] (pa-ehr)", "processing_activities[3]", or the dossier word for "".
std::string SubjectLabel(const v1::Finding& finding, std::string_view dossier_word);

// "GDPR Art. 33(1); ISO27001_2022 A.5.26".
std::string CitationText(const v1::Finding& finding);

// `text` with &, <, >, " and ' replaced by entities, for XML and HTML text and attribute values. Characters XML
// 1.0 forbids (control characters other than tab and newlines) are dropped.
std::string XmlEscape(std::string_view text);

// RFC 4122 version-5 UUID of `name` in hdsc's own namespace: OSCAL's reproducible identifiers.
std::string NameBasedUuid(std::string_view name);

// `framework.completeness_percent()` with one decimal: "80.9", in French "80,9".
std::string CompletenessPercent(const v1::FrameworkSummary& framework, bool french);

// A framework's completeness for a reader, evaluated of checkable requirements and the percentage:
// "17/21 (80.9 %)", in French "17/21 (80,9 %)"; "-" when no requirement is checkable.
std::string CompletenessText(const v1::FrameworkSummary& framework, bool french);

// RFC 3339 UTC text of `report.now()`.
std::string NowText(const v1::Report& report);

}  // namespace hdsc::report::internal

#endif  // HDSC_LIB_REPORT_WRITERS_H_
