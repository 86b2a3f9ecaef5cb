// What HTML and Markdown reports show first: the executive summary in plain words, and the labels of the cover and
// sign-off.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

using base::Language;

constexpr CoverLabels kEnglish = {
    "Compliance report", "Executive summary", "Scope", "Sites", "Dossier as of", "Evaluated on", "Profile",
    "Dossier file", "Sign-off",
    "The signatories have read this report and agree on the actions it calls for.", "Prepared by", "Reviewed by",
    "Name and role", "Date", "Signature"};

constexpr CoverLabels kFrench = {
    "Rapport de conformité", "Synthèse pour la direction", "Périmètre", "Sites", "Dossier à jour au", "Évalué le",
    "Profil", "Fichier du dossier", "Validation",
    "Les signataires ont pris connaissance de ce rapport et des actions qu'il appelle.", "Préparé par", "Revu par",
    "Nom et fonction", "Date", "Signature"};

// Whether `n` takes the singular: one in English, zero and one in French.
bool Singular(Language language, int64_t n) { return language == Language::kFr ? n <= 1 : n == 1; }

// "1 failure", "2 failures"; "0 corrigée", "2 corrigées".
std::string Counted(Language language, int64_t n, const char* singular, const char* plural) {
  return absl::StrCat(n, " ", Singular(language, n) ? singular : plural);
}

// "5 critical, 25 high and 1 low"; French adjectives agree in number ("5 critiques, 25 élevées et 1 faible").
std::string BySeverity(Language language, const v1::Counts& counts) {
  const std::vector<std::pair<v1::Rule::Severity, int64_t>> severities = {
      {v1::Rule::CRITICAL, counts.fail_critical()}, {v1::Rule::HIGH, counts.fail_high()},
      {v1::Rule::MEDIUM, counts.fail_medium()},     {v1::Rule::LOW, counts.fail_low()},
      {v1::Rule::INFO, counts.fail_info()}};
  std::vector<std::string> parts;
  for (const auto& [severity, n] : severities) {
    if (n == 0) continue;
    std::string word(base::SeverityWord(language, severity, base::WordCase::kLower));
    if (!Singular(language, n) && language == Language::kFr && severity != v1::Rule::INFO) word += "s";
    parts.push_back(absl::StrCat(n, " ", word));
  }
  if (parts.size() <= 1) return absl::StrJoin(parts, "");
  const std::string last = parts.back();
  parts.pop_back();
  return absl::StrCat(absl::StrJoin(parts, ", "), base::Pick(language, " and ", " et "), last);
}

// A sentence about `n` things in each language: its subject in the singular and the plural, then the rest.
struct Phrase {
  const char* en_singular;
  const char* en_plural;
  const char* en_rest;
  const char* fr_singular;
  const char* fr_plural;
  const char* fr_rest;
};

std::string Say(Language language, int64_t n, const Phrase& phrase) {
  if (language == Language::kFr) {
    return absl::StrCat(Counted(language, n, phrase.fr_singular, phrase.fr_plural), phrase.fr_rest);
  }
  return absl::StrCat(Counted(language, n, phrase.en_singular, phrase.en_plural), phrase.en_rest);
}

constexpr Phrase kFailures = {"failure needs", "failures need", " action: ",
                              "non-conformité à traiter", "non-conformités à traiter", " : "};
constexpr Phrase kErrors = {"check could not be evaluated", "checks could not be evaluated",
                            ": the dossier lacks the data they need.",
                            "contrôle n'a pas pu être évalué", "contrôles n'ont pas pu être évalués",
                            " : le dossier ne contient pas les données nécessaires."};
constexpr Phrase kWaived = {"failure is", "failures are", " covered by a waiver in force.",
                            "non-conformité fait", "non-conformités font", " l'objet d'une dérogation en cours."};
constexpr Phrase kManual = {"requirement has", "requirements have", " no automatic check and need a person's assessment.",
                            "exigence n'a", "exigences n'ont",
                            " pas de contrôle automatique et demandent l'évaluation d'une personne."};
constexpr Phrase kPassing = {"check passes", "checks pass", ".", "contrôle est conforme", "contrôles sont conformes", "."};

std::vector<std::string> Sentences(Language language, const v1::Counts& counts) {
  std::vector<std::string> sentences;
  if (counts.fail() == 0) {
    sentences.push_back(base::Pick(language, "No rule fails.", "Aucune non-conformité n'est relevée."));
  } else {
    sentences.push_back(absl::StrCat(Say(language, counts.fail(), kFailures), BySeverity(language, counts), "."));
  }
  if (counts.error() > 0) sentences.push_back(Say(language, counts.error(), kErrors));
  if (counts.waived() > 0) sentences.push_back(Say(language, counts.waived(), kWaived));
  if (counts.manual() > 0) sentences.push_back(Say(language, counts.manual(), kManual));
  if (counts.pass() > 0) sentences.push_back(Say(language, counts.pass(), kPassing));
  return sentences;
}

std::string FrameworkLine(Language language, const v1::FrameworkSummary& framework) {
  const v1::Counts& counts = framework.requirement_counts();
  const std::string title = framework.title().empty() ? framework.id() : framework.title();
  const int64_t total = framework.requirements_size();
  if (language == Language::kFr) {
    const bool one = Singular(language, counts.fail());
    return absl::StrCat(title, " : ", counts.fail(), " ", one ? "exigence" : "exigences", " sur ", total, " ",
                        one ? "non conforme" : "non conformes", ", ", counts.manual(), " à évaluer");
  }
  return absl::StrCat(title, ": ", counts.fail(), " of ", total, " requirements fail, ", counts.manual(),
                      " to assess");
}

std::string BaselineSentence(const v1::Report& report) {
  if (!report.has_baseline_changes()) return "";
  const Language language = LanguageOf(report);
  const v1::BaselineChanges& changes = report.baseline_changes();
  const int64_t fixed = changes.fixed_size();
  if (language == Language::kFr) {
    return absl::StrCat("Depuis la référence ", report.baseline().path(), " : ",
                        Counted(language, changes.new_failures(), "nouvelle non-conformité", "nouvelles non-conformités"), ", ",
                        Counted(language, fixed, "corrigée", "corrigées"), ", ",
                        Counted(language, changes.unchanged_failures(), "inchangée", "inchangées"), ".");
  }
  return absl::StrCat("Since the baseline ", report.baseline().path(), ": ",
                      Counted(language, changes.new_failures(), "new failure", "new failures"), ", ", fixed, " fixed, ",
                      changes.unchanged_failures(), " unchanged.");
}

}  // namespace

const CoverLabels& CoverLabelsOf(Language language) { return base::Pick(language, kEnglish, kFrench); }

ExecutiveSummary Summarise(const v1::Report& report, const RenderOptions& options) {
  const Language language = LanguageOf(report);
  ExecutiveSummary summary;
  summary.sentences = Sentences(language, report.counts());
  summary.frameworks_heading = base::Pick(language, "Requirements that fail", "Exigences non conformes");
  for (const v1::FrameworkSummary& framework : report.frameworks()) {
    summary.frameworks.push_back(FrameworkLine(language, framework));
  }
  summary.worst_heading = base::Pick(language, "Worst risks", "Risques les plus graves");
  // The first five of each severity in report order hold the five worst, whatever the number of failures.
  std::map<v1::Rule::Severity, int> taken;
  base::ReportFindings(report, options.compact_findings)
      .ForEachWithStatus(
          [](v1::Finding::Status status) { return status == v1::Finding::FAIL || status == v1::Finding::ERROR; },
          [&](const v1::Finding& finding) {
            if (taken[finding.severity()]++ < 5) summary.worst.push_back(finding);
          });
  // Highest severity first; the report's order (FAIL before ERROR, then rule id) within a severity.
  std::stable_sort(summary.worst.begin(), summary.worst.end(), [](const v1::Finding& a, const v1::Finding& b) {
    return a.severity() > b.severity();
  });
  if (summary.worst.size() > 5) summary.worst.resize(5);
  summary.baseline = BaselineSentence(report);
  return summary;
}

}  // namespace hdsc::report::internal
