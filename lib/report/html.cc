// One self-contained HTML page for a DPO or an auditor: no network access (a Content-Security-Policy forbids
// it), inline CSS, and a few lines of inline script for the filters; without script every finding shows.
// Every piece of report text is escaped; the script reads only the page's own data attributes.
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/base/language.h"
#include "lib/base/compact_findings.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

struct Labels {
  const char* lang;
  const char* dossier;
  const char* summary;
  const char* failures_by_severity;
  const char* frameworks;
  const char* requirements;
  const char* requirements_failing;
  const char* findings;
  const char* filter_severity;
  const char* filter_status;
  const char* filter_framework;
  const char* all_frameworks;
  const char* shown;
  const char* citation;
  const char* remediation;
  const char* path;
  const char* waiver;
  const char* expired;
  const char* baseline;
  const char* nothing;
  const char* digests;
  const char* rule_packs;
  const char* completeness;
  const char* completeness_help;
};

constexpr Labels kEnglish = {
    "en", "Dossier", "Summary", "Failures by severity",
    "Frameworks", "requirements", "Requirements that fail or could not be evaluated", "Findings that need attention",
    "Severity", "Status", "Framework", "All frameworks", "shown", "Citation", "Remediation", "Dossier path",
    "Waiver", "expired", "already failing in the baseline", "No failure, error or waiver.", "Inputs",
    "Rule packs", "completeness",
    "Requirements with rules that had data to evaluate, of all requirements with rules"};

constexpr Labels kFrench = {
    "fr", "Dossier", "Synthèse", "Échecs par gravité",
    "Référentiels", "exigences", "Exigences en échec ou non évaluables", "Constats à traiter", "Gravité", "Statut",
    "Référentiel", "Tous les référentiels", "affichés", "Référence", "Correctif", "Chemin dans le dossier",
    "Dérogation", "expirée", "déjà en échec dans la référence", "Aucun échec, erreur ni dérogation.", "Entrées",
    "Packs de règles", "complétude",
    "Exigences vérifiées par des règles qui avaient des données à évaluer, sur toutes celles vérifiées par des règles"};

constexpr char kStyle[] = R"css(
:root{--fail:#c62828;--error:#8e24aa;--waived:#ef8f00;--manual:#1e88e5;--pass:#2e7d32;--na:#7b8490;
--critical:#7f0000;--high:#c62828;--medium:#ef6c00;--low:#f9a825;--info:#607d8b;--ink:#1c2430;--muted:#5b6573;
--line:#dde2e8;--bg:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px}h3{font-size:16px;margin:0}
.meta{color:var(--muted);margin:0;font-size:13px}.meta code{font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:10px 16px;
min-width:130px}.card b{display:block;font-size:26px;line-height:1.2}.card span{color:var(--muted);font-size:13px}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:14px}
.bar{display:flex;height:22px;border-radius:4px;overflow:hidden;background:#eceff3;margin:10px 0 6px}
.bar span{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:13px;color:var(--muted);margin:0}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.fw-head{display:flex;justify-content:space-between;align-items:baseline;gap:12px}
.fw-head small{color:var(--muted)}
.groups{margin-top:10px;display:grid;gap:6px}
.group{display:flex;align-items:flex-start;gap:10px}
.group-name{flex:0 0 84px;font-size:12px;color:var(--muted);padding-top:3px;text-align:right}
.tiles{display:flex;flex-wrap:wrap;gap:3px}
.tile{font-size:11px;line-height:20px;min-width:36px;padding:0 4px;text-align:center;border-radius:3px;color:#fff}
.s-PASS{background:var(--pass)}.s-FAIL{background:var(--fail)}.s-ERROR{background:var(--error)}
.s-WAIVED{background:var(--waived)}.s-MANUAL{background:var(--manual)}.s-NOT_APPLICABLE{background:var(--na)}
.v-CRITICAL{background:var(--critical)}.v-HIGH{background:var(--high)}.v-MEDIUM{background:var(--medium)}
.v-LOW{background:var(--low)}.v-INFO,.v-UNSPECIFIED{background:var(--info)}
details{margin-top:10px}summary{cursor:pointer;color:var(--muted);font-size:13px}
.reqs{margin:6px 0 0;padding:0;list-style:none;font-size:13px}.reqs li{padding:3px 0;border-top:1px solid var(--line)}
.filters{position:sticky;top:0;z-index:1;background:#fff;border:1px solid var(--line);border-radius:8px;
padding:10px 16px;display:flex;flex-wrap:wrap;gap:8px 22px;align-items:center;font-size:13px;margin-bottom:14px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:10px;align-items:center}
.filters legend{float:left;font-weight:bold;margin-right:6px}
.filters select{font:inherit;padding:2px 4px}
#shown{margin-left:auto;color:var(--muted)}
.sev-group h3{margin:18px 0 8px;font-size:15px}
.finding{background:#fff;border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;
padding:12px 16px;margin-bottom:10px}
.finding header{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.badge{font-size:11px;font-weight:bold;letter-spacing:.03em;color:#fff;border-radius:3px;padding:1px 7px}
.rule{font-family:"DejaVu Sans Mono",monospace;font-size:13px;color:var(--muted)}
.finding h4{margin:0;font-size:15px;flex-basis:100%}
.finding p{margin:6px 0}
.finding dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0 0;font-size:13px}
.finding dt{color:var(--muted)}.finding dd{margin:0}
.finding code{font-family:"DejaVu Sans Mono",monospace;font-size:12.5px;background:#f0f2f5;padding:1px 4px;
border-radius:3px}
.inputs{font-size:12px;color:var(--muted)}.inputs code{word-break:break-all}
.cover{margin-bottom:8px}.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:12px}
.subtitle{margin:2px 0 10px;color:var(--muted)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:14px}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.executive p{margin:6px 0}.executive h3{margin:14px 0 6px}
.worst{margin:0;padding-left:22px}.worst li{margin:4px 0}.worst small{color:var(--muted)}
.signoff table{width:100%;border-collapse:collapse;margin-top:10px;font-size:14px}
.signoff th,.signoff td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
.signoff td{height:4em}.signoff tbody th{width:18%}.signoff thead th{color:var(--muted);font-weight:normal}
.panel>h2:first-child{margin-top:0}
[hidden]{display:none!important}
@page{size:A4;margin:16mm 14mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}
.filters,#shown{display:none!important}
.finding[hidden],.sev-group[hidden]{display:block!important}
.panel,.card,.finding,.worst li,.reqs li,.signoff,.cover{break-inside:avoid}
h2,h3{break-after:avoid}
#findings,.signoff{break-before:page}
summary{list-style:none;color:var(--ink);font-weight:bold}summary::-webkit-details-marker{display:none}
}
)css";

// Filters findings by the checked severities and statuses and the chosen framework; counts what is shown.
constexpr char kScript[] = R"js(
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  function checked(name) {
    var values = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { values[box.value] = box.checked; });
    return values;
  }
  function apply() {
    var severities = checked('severity'), statuses = checked('status');
    var framework = form.querySelector('select').value;
    var shown = 0;
    document.querySelectorAll('.finding').forEach(function (item) {
      var frameworks = item.dataset.frameworks.split(' ');
      var visible = severities[item.dataset.severity] && statuses[item.dataset.status] &&
          (framework === '' || frameworks.indexOf(framework) >= 0);
      item.hidden = !visible;
      if (visible) shown++;
    });
    document.querySelectorAll('.sev-group').forEach(function (group) {
      group.hidden = group.querySelectorAll('.finding:not([hidden])').length === 0;
    });
    document.getElementById('shown-count').textContent = shown;
  }
  form.addEventListener('change', apply);
  apply();
  form.dataset.ready = 'true';
})();
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (details) { details.open = true; });
});
)js";

const std::array<v1::Rule::Severity, 6> kSeverities = {v1::Rule::CRITICAL, v1::Rule::HIGH, v1::Rule::MEDIUM,
                                                       v1::Rule::LOW,      v1::Rule::INFO, v1::Rule::SEVERITY_UNSPECIFIED};

std::string StatusName(v1::Finding::Status status) { return v1::Finding::Status_Name(status); }

const char* SeverityLabel(const Labels& labels, v1::Rule::Severity severity) {
  return base::SeverityWord(base::LanguageOrEnglish(labels.lang), severity, base::WordCase::kTitle);
}

const char* StatusLabel(const Labels& labels, v1::Finding::Status status) {
  return base::StatusWord(base::LanguageOrEnglish(labels.lang), status, base::WordCase::kTitle);
}

// The row a requirement's tile goes in: the id up to its first '.' or '-' ("ART" for "ART-33-1", "CERT" for
// "CERT-VALID"), or up to the second when the first part is one letter ("A.5" for "A.5.12"); "" for ids without
// a separator. The tile shows the rest of the id.
std::string GroupOf(const std::string& id) {
  const size_t first = id.find_first_of(".-");
  if (first == std::string::npos || first + 1 == id.size()) return "";
  if (first > 1) return id.substr(0, first);
  const size_t second = id.find_first_of(".-", first + 1);
  if (second == std::string::npos || second + 1 == id.size()) return "";
  return id.substr(0, second);
}

std::string Percent(int64_t part, int64_t whole) {
  return absl::StrFormat("%.3f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// A stacked bar of requirement statuses with its legend.
std::string StatusBar(const Labels& labels, const v1::Counts& counts) {
  const std::vector<std::pair<v1::Finding::Status, int64_t>> parts = {
      {v1::Finding::PASS, counts.pass()},           {v1::Finding::FAIL, counts.fail()},
      {v1::Finding::ERROR, counts.error()},         {v1::Finding::WAIVED, counts.waived()},
      {v1::Finding::MANUAL, counts.manual()},       {v1::Finding::NOT_APPLICABLE, counts.not_applicable()}};
  int64_t total = 0;
  for (const auto& part : parts) total += part.second;
  std::string bar = "<div class=\"bar\" role=\"img\" aria-label=\"";
  std::string legend = "<p class=\"legend\">";
  std::string segments;
  std::string description;
  for (const auto& [status, n] : parts) {
    if (n == 0) continue;
    absl::StrAppend(&segments, "<span class=\"s-", StatusName(status), "\" style=\"width:", Percent(n, total),
                    "\" title=\"", StatusLabel(labels, status), ": ", n, "\"></span>");
    absl::StrAppend(&legend, "<span><i class=\"s-", StatusName(status), "\"></i>", StatusLabel(labels, status),
                    " ", n, "</span>");
    absl::StrAppend(&description, description.empty() ? "" : ", ", StatusLabel(labels, status), " ", n);
  }
  absl::StrAppend(&bar, XmlEscape(description), "\">", segments, "</div>");
  absl::StrAppend(&legend, "</p>");
  return bar + legend;
}

std::string FrameworkPanel(const Labels& labels, const v1::FrameworkSummary& framework) {
  std::string out = absl::StrCat("<section class=\"panel framework\"><div class=\"fw-head\"><h3>",
                                 XmlEscape(framework.title().empty() ? framework.id() : framework.title()), "</h3><small>",
                                 XmlEscape(framework.id()),
                                 FrameworkSource(framework).empty() ? "" : absl::StrCat(" · ", XmlEscape(FrameworkSource(framework))),
                                 " · ", framework.requirements_size(), " ", labels.requirements);
  if (framework.checkable_requirements() > 0) {
    absl::StrAppend(&out, " · <span class=\"completeness\" title=\"", XmlEscape(labels.completeness_help), "\">",
                    labels.completeness, " ", XmlEscape(CompletenessText(framework, labels.lang == std::string_view("fr"))),
                    "</span>");
  }
  absl::StrAppend(&out, "</small></div>");
  absl::StrAppend(&out, StatusBar(labels, framework.requirement_counts()));

  // One tile per requirement, in rows by theme, in the framework's order.
  std::vector<std::string> group_order;
  std::map<std::string, std::string> tiles;
  for (const v1::RequirementSummary& requirement : framework.requirements()) {
    const std::string group = GroupOf(requirement.id());
    if (tiles.find(group) == tiles.end()) group_order.push_back(group);
    std::string label = requirement.id();
    if (!group.empty() && label.size() > group.size() + 1) label = label.substr(group.size() + 1);
    absl::StrAppend(&tiles[group], "<span class=\"tile s-", StatusName(requirement.status()), "\" title=\"",
                    XmlEscape(absl::StrCat(RequirementCitation(requirement).empty() ? requirement.id() : RequirementCitation(requirement),
                                           " — ", requirement.title(), " — ", StatusLabel(labels, requirement.status()))),
                    "\">", XmlEscape(label), "</span>");
  }
  absl::StrAppend(&out, "<div class=\"groups\">");
  for (const std::string& group : group_order) {
    absl::StrAppend(&out, "<div class=\"group\"><span class=\"group-name\">", XmlEscape(group), "</span><div class=\"tiles\">",
                    tiles[group], "</div></div>");
  }
  absl::StrAppend(&out, "</div>");

  std::string failing;
  int failing_count = 0;
  for (const v1::RequirementSummary& requirement : framework.requirements()) {
    if (requirement.status() != v1::Finding::FAIL && requirement.status() != v1::Finding::ERROR) continue;
    ++failing_count;
    absl::StrAppend(&failing, "<li><span class=\"badge s-", StatusName(requirement.status()), "\">",
                    StatusLabel(labels, requirement.status()), "</span> <b>",
                    XmlEscape(RequirementCitation(requirement).empty() ? requirement.id() : RequirementCitation(requirement)), "</b> ",
                    XmlEscape(requirement.title()), "</li>");
  }
  if (failing_count > 0) {
    // Open: what fails is what a reader, on screen or on paper, must see.
    absl::StrAppend(&out, "<details open><summary>", labels.requirements_failing, " (", failing_count,
                    ")</summary><ul class=\"reqs\">", failing, "</ul></details>");
  }
  absl::StrAppend(&out, "</section>\n");
  return out;
}

std::string FindingItem(const Labels& labels, const v1::Finding& finding) {
  std::set<std::string> frameworks;
  for (const v1::Reference& reference : finding.references()) frameworks.insert(reference.framework());
  std::string framework_list;
  for (const std::string& framework : frameworks) absl::StrAppend(&framework_list, framework_list.empty() ? "" : " ", framework);
  const std::string severity = SeverityName(finding.severity());
  const std::string status = StatusName(finding.status());

  std::string out = absl::StrCat(
      "<article class=\"finding\" style=\"--c:var(--", finding.status() == v1::Finding::FAIL ? "fail" :
                                                     finding.status() == v1::Finding::ERROR ? "error" : "waived",
      ")\" data-severity=\"", severity, "\" data-status=\"", status, "\" data-frameworks=\"", XmlEscape(framework_list),
      "\"><header><span class=\"badge s-", status, "\">", StatusLabel(labels, finding.status()),
      "</span><span class=\"badge v-", severity, "\">", SeverityLabel(labels, finding.severity()), "</span><span class=\"rule\">",
      XmlEscape(finding.rule_id()), "</span><h4>", XmlEscape(finding.title()), "</h4></header>");
  if (!finding.message().empty()) absl::StrAppend(&out, "<p>", XmlEscape(finding.message()), "</p>");
  absl::StrAppend(&out, "<dl>");
  const std::string citations = CitationText(finding, base::LanguageOrEnglish(labels.lang));
  if (!citations.empty()) absl::StrAppend(&out, "<dt>", labels.citation, "</dt><dd>", XmlEscape(citations), "</dd>");
  if (!finding.remediation().empty()) {
    absl::StrAppend(&out, "<dt>", labels.remediation, "</dt><dd>", XmlEscape(finding.remediation()), "</dd>");
  }
  absl::StrAppend(&out, "<dt>", labels.path, "</dt><dd><code>",
                  XmlEscape(finding.subject().empty() ? "dossier" : finding.subject()), "</code>",
                  finding.subject_id().empty() ? "" : absl::StrCat(" ", XmlEscape(finding.subject_id())), "</dd>");
  if (finding.has_waiver()) {
    const v1::AppliedWaiver& waiver = finding.waiver();
    absl::StrAppend(&out, "<dt>", labels.waiver, "</dt><dd>", XmlEscape(waiver.reason()),
                    waiver.approver().empty() ? "" : absl::StrCat(" — ", XmlEscape(waiver.approver())),
                    waiver.expired() ? absl::StrCat(" (", labels.expired, ")") : "", "</dd>");
  }
  if (finding.in_baseline()) absl::StrAppend(&out, "<dt>", labels.baseline, "</dt><dd>✓</dd>");
  absl::StrAppend(&out, "</dl></article>\n");
  return out;
}

// Who and what the report is about, as of when: the organisation's name first.
std::string Cover(const v1::Report& report, const CoverLabels& cover) {
  const v1::ReportSubject& subject = report.subject();
  std::string out = absl::StrCat("<header class=\"cover\"><p class=\"kicker\">", cover.report, "</p>\n<h1>",
                                 XmlEscape(ReportName(report)), "</h1>\n");
  std::vector<std::string> subtitle;
  if (!subject.trade_name().empty() && subject.trade_name() != subject.organization()) {
    subtitle.push_back(XmlEscape(subject.trade_name()));
  }
  if (!subject.title().empty() && subject.title() != ReportName(report)) {
    // The title often starts with the trade name ("CHU de Valmont: ..."): then it says it alone.
    if (!subtitle.empty() && absl::StartsWith(subject.title(), subject.trade_name())) subtitle.clear();
    subtitle.push_back(XmlEscape(subject.title()));
  }
  if (!subtitle.empty()) absl::StrAppend(&out, "<p class=\"subtitle\">", absl::StrJoin(subtitle, " · "), "</p>\n");
  absl::StrAppend(&out, "<dl class=\"facts\">");
  auto fact = [&out](const char* label, const std::string& html) {
    absl::StrAppend(&out, "<dt>", label, "</dt><dd>", html, "</dd>");
  };
  if (!subject.scope().empty()) fact(cover.scope, XmlEscape(subject.scope()));
  if (subject.sites_size() > 0) {
    std::vector<std::string> sites;
    for (const std::string& site : subject.sites()) sites.push_back(XmlEscape(site));
    fact(cover.sites, absl::StrJoin(sites, " · "));
  }
  if (subject.has_as_of()) fact(cover.as_of, XmlEscape(DateText(report, subject.as_of())));
  fact(cover.evaluated_on, XmlEscape(DateText(report, report.now())));
  if (!report.profile().empty()) fact(cover.profile, XmlEscape(report.profile()));
  fact(cover.dossier, absl::StrCat("<code>", XmlEscape(report.dossier().path()), "</code>"));
  absl::StrAppend(&out, "</dl></header>\n");
  return out;
}

// The executive summary: counts in plain words, the worst risks, failing requirements, changes since the baseline.
std::string Executive(const v1::Report& report, const RenderOptions& options, const Labels& labels,
                      const CoverLabels& cover) {
  const ExecutiveSummary summary = Summarise(report, options);
  std::string out = absl::StrCat("<section class=\"panel executive\" id=\"executive-summary\"><h2>",
                                 cover.executive_summary, "</h2>\n");
  for (const std::string& sentence : summary.sentences) absl::StrAppend(&out, "<p>", XmlEscape(sentence), "</p>");
  if (!summary.baseline.empty()) absl::StrAppend(&out, "<p><b>", XmlEscape(summary.baseline), "</b></p>");
  if (!summary.worst.empty()) {
    absl::StrAppend(&out, "\n<h3>", XmlEscape(summary.worst_heading), "</h3><ol class=\"worst\">");
    for (const v1::Finding& finding : summary.worst) {
      absl::StrAppend(&out, "<li><span class=\"badge v-", SeverityName(finding.severity()), "\">",
                      SeverityLabel(labels, finding.severity()), "</span> ",
                      XmlEscape(finding.message().empty() ? finding.title() : finding.message()), " <small>",
                      XmlEscape(finding.rule_id()), " · ", XmlEscape(SubjectLabel(finding, "dossier")),
                      "</small></li>");
    }
    absl::StrAppend(&out, "</ol>");
  }
  if (!summary.frameworks.empty()) {
    absl::StrAppend(&out, "\n<h3>", XmlEscape(summary.frameworks_heading), "</h3><ul>");
    for (const std::string& line : summary.frameworks) absl::StrAppend(&out, "<li>", XmlEscape(line), "</li>");
    absl::StrAppend(&out, "</ul>");
  }
  absl::StrAppend(&out, "</section>\n");
  return out;
}

// Blank lines for those who prepare and review the report to sign, on paper.
std::string SignOff(const CoverLabels& cover) {
  std::string rows;
  for (const char* role : {cover.prepared_by, cover.reviewed_by}) {
    absl::StrAppend(&rows, "<tr><th>", role, "</th><td></td><td></td><td></td></tr>");
  }
  return absl::StrCat("<section class=\"panel signoff\" id=\"sign-off\"><h2>", cover.sign_off, "</h2><p>",
                      cover.sign_off_note, "</p><table><thead><tr><th></th><th>", cover.name_and_role, "</th><th>",
                      cover.date, "</th><th>", cover.signature, "</th></tr></thead><tbody>", rows,
                      "</tbody></table></section>\n");
}

}  // namespace

std::string RenderHtml(const v1::Report& report, const RenderOptions& options) {
  const base::Language language = LanguageOf(report);
  const Labels& labels = base::Pick(language, kEnglish, kFrench);
  const CoverLabels& cover = CoverLabelsOf(language);
  const v1::Counts& counts = report.counts();
  const std::string title = report.subject().organization().empty()
                                ? absl::StrCat(cover.report, " — ", ReportName(report))
                                : absl::StrCat(report.subject().organization(), " — ", cover.report);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", labels.lang, "\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", XmlEscape(title),
      "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<main>\n");
  absl::StrAppend(&out, Cover(report, cover), Executive(report, options, labels, cover));

  // Summary: status cards, then failures by severity.
  absl::StrAppend(&out, "<h2>", labels.summary, "</h2>\n<div class=\"cards\">");
  const std::vector<std::pair<v1::Finding::Status, int64_t>> cards = {
      {v1::Finding::FAIL, counts.fail()},     {v1::Finding::ERROR, counts.error()},
      {v1::Finding::WAIVED, counts.waived()}, {v1::Finding::MANUAL, counts.manual()},
      {v1::Finding::PASS, counts.pass()},     {v1::Finding::NOT_APPLICABLE, counts.not_applicable()}};
  const std::map<v1::Finding::Status, const char*> color = {
      {v1::Finding::FAIL, "fail"},     {v1::Finding::ERROR, "error"}, {v1::Finding::WAIVED, "waived"},
      {v1::Finding::MANUAL, "manual"}, {v1::Finding::PASS, "pass"},   {v1::Finding::NOT_APPLICABLE, "na"}};
  for (const auto& [status, n] : cards) {
    absl::StrAppend(&out, "<div class=\"card\" style=\"--c:var(--", color.at(status), ")\"><b>", n, "</b><span>",
                    StatusLabel(labels, status), "</span></div>");
  }
  absl::StrAppend(&out, "</div>\n");
  const std::vector<std::pair<v1::Rule::Severity, int64_t>> by_severity = {
      {v1::Rule::CRITICAL, counts.fail_critical()}, {v1::Rule::HIGH, counts.fail_high()},
      {v1::Rule::MEDIUM, counts.fail_medium()},     {v1::Rule::LOW, counts.fail_low()},
      {v1::Rule::INFO, counts.fail_info()}};
  absl::StrAppend(&out, "<section class=\"panel\"><h3>", labels.failures_by_severity, "</h3><div class=\"bar\">");
  std::string legend;
  for (const auto& [severity, n] : by_severity) {
    if (n > 0) {
      absl::StrAppend(&out, "<span class=\"v-", SeverityName(severity), "\" style=\"width:", Percent(n, counts.fail()),
                      "\" title=\"", SeverityLabel(labels, severity), ": ", n, "\"></span>");
    }
    absl::StrAppend(&legend, "<span><i class=\"v-", SeverityName(severity), "\"></i>", SeverityLabel(labels, severity),
                    " ", n, "</span>");
  }
  absl::StrAppend(&out, "</div><p class=\"legend\">", legend, "</p></section>\n");

  if (report.frameworks_size() > 0) {
    absl::StrAppend(&out, "<h2>", labels.frameworks, "</h2>\n");
    for (const v1::FrameworkSummary& framework : report.frameworks()) absl::StrAppend(&out, FrameworkPanel(labels, framework));
  }

  // Findings that need attention, grouped by severity, with the filters.
  absl::StrAppend(&out, "<h2 id=\"findings\">", labels.findings, "</h2>\n");
  std::set<std::string> frameworks;
  std::map<v1::Rule::Severity, std::string> groups;
  std::map<v1::Rule::Severity, int> group_counts;
  std::set<v1::Finding::Status> statuses;
  int total = 0;
  ForEachNeedingAttention(report, options, [&](const v1::Finding& finding) {
    for (const v1::Reference& reference : finding.references()) frameworks.insert(reference.framework());
    statuses.insert(finding.status());
    absl::StrAppend(&groups[finding.severity()], FindingItem(labels, finding));
    ++group_counts[finding.severity()];
    ++total;
  });
  if (total == 0) {
    absl::StrAppend(&out, "<p class=\"panel\">", labels.nothing, "</p>\n");
  } else {
    absl::StrAppend(&out, "<form id=\"filters\" class=\"filters\"><fieldset><legend>", labels.filter_severity, "</legend>");
    for (v1::Rule::Severity severity : kSeverities) {
      if (group_counts.count(severity) == 0) continue;
      absl::StrAppend(&out, "<label><input type=\"checkbox\" name=\"severity\" value=\"", SeverityName(severity),
                      "\" checked> ", SeverityLabel(labels, severity), " (", group_counts[severity], ")</label>");
    }
    absl::StrAppend(&out, "</fieldset><fieldset><legend>", labels.filter_status, "</legend>");
    for (v1::Finding::Status status : statuses) {
      absl::StrAppend(&out, "<label><input type=\"checkbox\" name=\"status\" value=\"", StatusName(status),
                      "\" checked> ", StatusLabel(labels, status), "</label>");
    }
    absl::StrAppend(&out, "</fieldset><label><b>", labels.filter_framework, "</b> <select name=\"framework\"><option value=\"\">",
                    labels.all_frameworks, "</option>");
    for (const std::string& framework : frameworks) {
      absl::StrAppend(&out, "<option value=\"", XmlEscape(framework), "\">", XmlEscape(framework), "</option>");
    }
    absl::StrAppend(&out, "</select></label><span id=\"shown\"><span id=\"shown-count\">", total, "</span> / ", total,
                    " ", labels.shown, "</span></form>\n");
    for (v1::Rule::Severity severity : kSeverities) {
      auto it = groups.find(severity);
      if (it == groups.end()) continue;
      absl::StrAppend(&out, "<section class=\"sev-group\"><h3><span class=\"badge v-", SeverityName(severity), "\">",
                      SeverityLabel(labels, severity), "</span> ", group_counts[severity], "</h3>\n", it->second,
                      "</section>\n");
    }
  }

  // Inputs: what was checked with what.
  absl::StrAppend(&out, "<h2>", labels.digests, "</h2>\n<section class=\"panel inputs\"><p>", labels.dossier, " <code>",
                  XmlEscape(report.dossier().path()), "</code> SHA-256 <code>", XmlEscape(report.dossier().sha256()),
                  "</code></p><details><summary>", labels.rule_packs, " (", report.packs_size(), ")</summary><ul>");
  for (const v1::InputDigest& pack : report.packs()) {
    absl::StrAppend(&out, "<li><code>", XmlEscape(pack.path()), "</code> <code>", XmlEscape(pack.sha256()), "</code></li>");
  }
  absl::StrAppend(&out, "</ul></details></section>\n", SignOff(cover), "</main>\n<script>", kScript,
                  "</script>\n</body>\n</html>\n");
  return out;
}

}  // namespace hdsc::report::internal
