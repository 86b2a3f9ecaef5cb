// SARIF 2.1.0 (OASIS): one result per FAIL, ERROR or WAIVED finding (waived ones carry a suppression), the rules
// of those findings as reporting descriptors, and the dossier as the one artifact results point into.
#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/base/findings.h"
#include "lib/base/language.h"
#include "lib/report/json_writer.h"
#include "lib/base/compact_findings.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

// SARIF levels: "error" fails a CI gate, "warning" and "note" inform.
const char* SarifLevel(v1::Rule::Severity severity) {
  switch (severity) {
    case v1::Rule::CRITICAL:
    case v1::Rule::HIGH:
      return "error";
    case v1::Rule::MEDIUM:
      return "warning";
    default:
      return "note";
  }
}

// GitHub code scanning reads `security-severity` (0.0-10.0, CVSS-like bands) from rule properties.
const char* SecuritySeverity(v1::Rule::Severity severity) {
  switch (severity) {
    case v1::Rule::CRITICAL: return "9.5";
    case v1::Rule::HIGH: return "8.0";
    case v1::Rule::MEDIUM: return "5.5";
    case v1::Rule::LOW: return "3.0";
    default: return "1.0";
  }
}

Json Message(std::string_view text) {
  Json message = Json::Object();
  message.Set("text", text);
  return message;
}

Json ReportingDescriptor(const v1::Finding& finding, base::Language language) {
  Json rule = Json::Object();
  rule.Set("id", finding.rule_id());
  rule.Set("shortDescription", Message(finding.title().empty() ? finding.rule_id() : finding.title()));
  const std::string citations = CitationText(finding, language);
  if (!citations.empty()) rule.Set("fullDescription", Message(absl::StrCat(finding.title(), " (", citations, ")")));
  if (!finding.remediation().empty()) {
    Json& help = rule.Set("help", Json::Object());
    help.Set("text", finding.remediation());
    help.Set("markdown", absl::StrCat("**", finding.title(), "**\n\n", finding.remediation(),
                                      citations.empty() ? "" : absl::StrCat("\n\n", base::Pick(language, "References: ", "Références : "),
                                                                                  citations)));
  }
  rule.Set("defaultConfiguration", Json::Object()).Set("level", SarifLevel(finding.severity()));
  Json& properties = rule.Set("properties", Json::Object());
  properties.Set("severity", SeverityName(finding.severity()));
  properties.Set("security-severity", SecuritySeverity(finding.severity()));
  Json& tags = properties.Set("tags", Json::Array());
  tags.Push(Json::String("compliance"));
  std::vector<std::string> frameworks;
  for (const v1::Reference& reference : finding.references()) {
    if (std::find(frameworks.begin(), frameworks.end(), reference.framework()) == frameworks.end()) {
      frameworks.push_back(reference.framework());
      tags.Push(Json::String(reference.framework()));
    }
  }
  Json& references = properties.Set("references", Json::Array());
  for (const v1::Reference& reference : finding.references()) {
    Json& entry = references.Push(Json::Object());
    entry.Set("framework", reference.framework());
    entry.Set("citation", reference.citation());
    if (!reference.requirement().empty()) entry.Set("requirement", reference.requirement());
  }
  return rule;
}

}  // namespace

std::string RenderSarif(const v1::Report& report, const RenderOptions& options) {
  const std::string dossier_uri = DossierUri(report, options);
  const bool french = base::LanguageOrEnglish(report.language()) == base::Language::kFr;

  // Rules in order of first appearance (findings are sorted worst first), each with its index.
  Json rules = Json::Array();
  std::map<std::string, int64_t> rule_index;
  Json results = Json::Array();
  ForEachNeedingAttention(report, options, [&](const v1::Finding& finding) {
    auto [it, inserted] = rule_index.emplace(finding.rule_id(), static_cast<int64_t>(rule_index.size()));
    if (inserted) rules.Push(ReportingDescriptor(finding, LanguageOf(report)));

    Json& result = results.Push(Json::Object());
    result.Set("ruleId", finding.rule_id());
    result.SetInt("ruleIndex", it->second);
    result.Set("level", SarifLevel(finding.severity()));
    std::string text = finding.message().empty() ? finding.title() : finding.message();
    if (finding.status() == v1::Finding::ERROR) {
      text = absl::StrCat(french ? "Évaluation impossible : " : "Could not be evaluated: ", text);
    }
    result.Set("message", Message(text));

    Json& location = result.Set("locations", Json::Array()).Push(Json::Object());
    Json& physical = location.Set("physicalLocation", Json::Object());
    Json& artifact = physical.Set("artifactLocation", Json::Object());
    artifact.Set("uri", dossier_uri);
    artifact.SetInt("index", 0);
    if (options.source_map != nullptr) {
      std::optional<io::SourceLocation> where = options.source_map->FindNearest(finding.subject());
      if (where.has_value() && where->line > 0) {
        Json& region = physical.Set("region", Json::Object());
        region.SetInt("startLine", where->line);
        if (where->column > 0) region.SetInt("startColumn", where->column);
      }
    }
    Json& logical = location.Set("logicalLocations", Json::Array()).Push(Json::Object());
    logical.Set("fullyQualifiedName", finding.subject().empty() ? "dossier" : finding.subject());
    if (!finding.subject_id().empty()) logical.Set("name", finding.subject_id());
    logical.Set("kind", "object");

    result.Set("partialFingerprints", Json::Object()).Set("hdscFindingKey/v2", base::FindingKey(finding));
    if (finding.in_baseline()) result.Set("baselineState", "unchanged");
    if (finding.status() == v1::Finding::WAIVED) {
      Json& suppression = result.Set("suppressions", Json::Array()).Push(Json::Object());
      suppression.Set("kind", "external");
      suppression.Set("status", "accepted");
      suppression.Set("justification",
                      absl::StrCat(finding.waiver().reason(), finding.waiver().approver().empty() ? "" : " (",
                                   finding.waiver().approver(), finding.waiver().approver().empty() ? "" : ")"));
    }
    Json& properties = result.Set("properties", Json::Object());
    properties.Set("status", v1::Finding::Status_Name(finding.status()));
    properties.Set("severity", SeverityName(finding.severity()));
    properties.Set("subject", finding.subject());
    if (!finding.remediation().empty()) properties.Set("remediation", finding.remediation());
  });

  Json sarif = Json::Object();
  sarif.Set("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  sarif.Set("version", "2.1.0");
  Json& run = sarif.Set("runs", Json::Array()).Push(Json::Object());
  Json& driver = run.Set("tool", Json::Object()).Set("driver", Json::Object());
  driver.Set("name", "hdscheck");
  driver.Set("version", options.tool_version);
  driver.Set("semanticVersion", options.tool_version);
  driver.Set("rules", std::move(rules));
  Json& invocation = run.Set("invocations", Json::Array()).Push(Json::Object());
  invocation.Set("executionSuccessful", Json::Bool(true));
  invocation.Set("endTimeUtc", NowText(report));
  Json& artifact = run.Set("artifacts", Json::Array()).Push(Json::Object());
  artifact.Set("location", Json::Object()).Set("uri", dossier_uri);
  artifact.Set("roles", Json::Array()).Push(Json::String("analysisTarget"));
  if (!report.dossier().sha256().empty()) {
    artifact.Set("hashes", Json::Object()).Set("sha-256", report.dossier().sha256());
  }
  run.Set("language", report.language().empty() ? "en" : report.language());
  run.Set("columnKind", "unicodeCodePoints");
  run.Set("results", std::move(results));
  return sarif.Serialize();
}

}  // namespace hdsc::report::internal
