#include "lib/report/render.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "lib/report/writers.h"

namespace hdsc::report {

const std::vector<Format>& AllFormats() {
  static const std::vector<Format>* const kFormats =
      new std::vector<Format>{Format::kText,  Format::kJson,  Format::kSarif,   Format::kJunit,
                              Format::kHtml,  Format::kOscal, Format::kMarkdown};
  return *kFormats;
}

absl::StatusOr<Format> ParseFormat(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (lower == "markdown") return Format::kMarkdown;
  for (Format format : AllFormats()) {
    if (lower == FormatName(format)) return format;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", absl::string_view(name.data(), name.size()),
                   "\" (text, json, sarif, junit, html, oscal or md)"));
}

absl::StatusOr<std::vector<Format>> ParseFormatList(std::string_view names) {
  std::vector<Format> formats;
  for (absl::string_view name : absl::StrSplit(absl::string_view(names.data(), names.size()), ',')) {
    absl::StatusOr<Format> format = ParseFormat(std::string_view(name.data(), name.size()));
    if (!format.ok()) return format.status();
    if (std::find(formats.begin(), formats.end(), *format) != formats.end()) {
      return absl::InvalidArgumentError(absl::StrCat("format \"", name, "\" given twice"));
    }
    formats.push_back(*format);
  }
  return formats;
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kJson: return "json";
    case Format::kSarif: return "sarif";
    case Format::kJunit: return "junit";
    case Format::kHtml: return "html";
    case Format::kOscal: return "oscal";
    case Format::kMarkdown: return "md";
  }
  return "text";
}

std::string_view FormatFileName(Format format) {
  switch (format) {
    case Format::kText: return "report.txt";
    case Format::kJson: return "report.json";
    case Format::kSarif: return "report.sarif";
    case Format::kJunit: return "report.junit.xml";
    case Format::kHtml: return "report.html";
    case Format::kOscal: return "report.oscal.json";
    case Format::kMarkdown: return "report.md";
  }
  return "report.txt";
}

absl::StatusOr<std::string> Render(const v1::Report& report, Format format, const RenderOptions& options) {
  std::string out;
  absl::Status status = RenderTo(report, format, options, [&out](std::string_view piece) {
    out.append(piece);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

absl::Status RenderTo(const v1::Report& report, Format format, const RenderOptions& options, const Sink& write) {
  switch (format) {
    case Format::kText: return write(RenderText(report, options.text, options.compact_findings));
    case Format::kJson: return internal::WriteJson(report, options, write);
    case Format::kSarif: return write(internal::RenderSarif(report, options));
    case Format::kJunit: return write(internal::RenderJunit(report, options));
    case Format::kHtml: return write(internal::RenderHtml(report, options));
    case Format::kOscal: return write(internal::RenderOscal(report, options));
    case Format::kMarkdown: return write(internal::RenderMarkdown(report, options));
  }
  return absl::InvalidArgumentError("unknown report format");
}

namespace internal {

bool NeedsAttention(v1::Finding::Status status) {
  return status == v1::Finding::FAIL || status == v1::Finding::ERROR || status == v1::Finding::WAIVED;
}

std::string SeverityName(v1::Rule::Severity severity) {
  if (severity == v1::Rule::SEVERITY_UNSPECIFIED) return "UNSPECIFIED";
  return v1::Rule::Severity_Name(severity);
}

base::Language LanguageOf(const v1::Report& report) { return base::LanguageOrEnglish(report.language()); }

std::string DossierUri(const v1::Report& report, const RenderOptions& options) {
  return options.dossier_uri.empty() ? report.dossier().path() : options.dossier_uri;
}

std::string SubjectLabel(const v1::Finding& finding, std::string_view dossier_word) {
  std::string label = finding.subject().empty() ? std::string(dossier_word) : finding.subject();
  if (!finding.subject_id().empty()) absl::StrAppend(&label, " (", finding.subject_id(), ")");
  return label;
}

std::string CitationText(const v1::Finding& finding, base::Language language) {
  std::vector<std::string> parts;
  for (const v1::Reference& reference : finding.references()) {
    parts.push_back(reference.text().empty() ? absl::StrCat(reference.framework(), " ", reference.citation())
                                             : reference.text());
  }
  return absl::StrJoin(parts, base::Pick(language, "; ", " ; "));
}

const std::string& RequirementCitation(const v1::RequirementSummary& requirement) {
  return requirement.citation_text().empty() ? requirement.citation() : requirement.citation_text();
}

const std::string& FrameworkSource(const v1::FrameworkSummary& framework) {
  return framework.source().empty() ? framework.version() : framework.source();
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&#39;"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(c);
    }
  }
  return out;
}

std::string OneDecimal(int64_t tenths, bool french) {
  return absl::StrCat(tenths / 10, french ? "," : ".", tenths % 10);
}

std::string CompletenessPercent(const v1::FrameworkSummary& framework, bool french) {
  return OneDecimal(std::llround(framework.completeness_percent() * 10), french);
}

std::string CompletenessText(const v1::FrameworkSummary& framework, bool french) {
  if (framework.checkable_requirements() == 0) return "-";
  return absl::StrCat(framework.evaluated_requirements(), "/", framework.checkable_requirements(), " (",
                      CompletenessPercent(framework, french), french ? "\u00a0%)" : " %)");
}

std::string NowText(const v1::Report& report) {
  return google::protobuf::util::TimeUtil::ToString(report.now());
}

std::string DateText(const v1::Report& report, const google::protobuf::Timestamp& timestamp) {
  return base::DateText(LanguageOf(report),
                        absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos()));
}

std::string ReportName(const v1::Report& report) {
  if (!report.subject().organization().empty()) return report.subject().organization();
  if (!report.subject().title().empty()) return report.subject().title();
  return report.dossier().path();
}

}  // namespace internal
}  // namespace hdsc::report
