#include "lib/report/evidence.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/base/findings.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"

namespace hdsc::report {
namespace {

namespace fs = std::filesystem;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A dossier record that cites evidence.
struct Citation {
  std::string path;
  std::string id;
  // The Annex A control of a Statement of Applicability entry ("A.5.1"), cited in findings.
  std::string annex_a_control;
};

// Collects every message under `message` that has a non-empty `evidence_ids`, by evidence id, in document order.
void CollectCitations(const Message& message, const std::string& path,
                      std::map<std::string, std::vector<Citation>>* citations) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  const FieldDescriptor* evidence_ids = descriptor->FindFieldByName("evidence_ids");
  if (evidence_ids != nullptr && evidence_ids->is_repeated() && evidence_ids->type() == FieldDescriptor::TYPE_STRING) {
    Citation citation;
    citation.path = path;
    const FieldDescriptor* id = descriptor->FindFieldByName("id");
    if (id != nullptr && !id->is_repeated() && id->type() == FieldDescriptor::TYPE_STRING) {
      citation.id = reflection->GetString(message, id);
    }
    if (descriptor->name() == "SoaEntry" && !citation.id.empty()) citation.annex_a_control = "A." + citation.id;
    const int count = reflection->FieldSize(message, evidence_ids);
    for (int i = 0; i < count; ++i) {
      std::vector<Citation>& list = (*citations)[reflection->GetRepeatedString(message, evidence_ids, i)];
      // One citation per record, even if it lists the same evidence twice.
      if (list.empty() || list.back().path != path) list.push_back(citation);
    }
  }
  for (int f = 0; f < descriptor->field_count(); ++f) {
    const FieldDescriptor* field = descriptor->field(f);
    if (field->type() != FieldDescriptor::TYPE_MESSAGE || field->is_map()) continue;
    const std::string child = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        CollectCitations(reflection->GetRepeatedMessage(message, field, i), absl::StrCat(child, "[", i, "]"), citations);
      }
    } else if (reflection->HasField(message, field)) {
      CollectCitations(reflection->GetMessage(message, field), child, citations);
    }
  }
}

// Whether `path` lies inside `root` (both absolute and lexically normal).
bool IsInside(const fs::path& path, const fs::path& root) {
  auto path_it = path.begin();
  for (auto root_it = root.begin(); root_it != root.end(); ++root_it, ++path_it) {
    if (root_it->empty()) continue;  // the trailing "" of "dir/"
    if (path_it == path.end() || *path_it != *root_it) return false;
  }
  return true;
}

struct Problem {
  const char* rule_id;
  v1::Finding::Status status;
  v1::Rule::Severity severity;
  std::string title;
  std::string message;
  std::string remediation;
};

v1::Finding MakeFinding(const Problem& problem, const Citation& citation) {
  v1::Finding finding;
  finding.set_rule_id(problem.rule_id);
  finding.set_status(problem.status);
  finding.set_severity(problem.severity);
  finding.set_subject(citation.path);
  finding.set_subject_id(citation.id);
  finding.set_title(problem.title);
  finding.set_message(problem.message);
  finding.set_remediation(problem.remediation);
  v1::Reference* documented = finding.add_references();
  documented->set_framework("ISO27001_2022");
  documented->set_citation("7.5.3");
  if (!citation.annex_a_control.empty()) {
    v1::Reference* control = finding.add_references();
    control->set_framework("ISO27001_2022");
    control->set_citation(citation.annex_a_control);
  }
  return finding;
}

}  // namespace

absl::StatusOr<EvidenceCheckResult> CheckEvidence(const v1::Dossier& dossier, const EvidenceCheckOptions& options) {
  std::error_code error;
  const fs::path root = fs::canonical(options.root, error);
  if (error) return absl::NotFoundError(absl::StrCat(options.root, ": evidence root not found"));
  if (!fs::is_directory(root, error)) {
    return absl::FailedPreconditionError(absl::StrCat(options.root, ": evidence root is not a directory"));
  }
  const bool fr = base::LanguageOrEnglish(options.language) == base::Language::kFr;

  std::map<std::string, std::vector<Citation>> citations;
  CollectCitations(dossier, "", &citations);

  EvidenceCheckResult result;
  for (int i = 0; i < dossier.evidence_size(); ++i) {
    const v1::Evidence& evidence = dossier.evidence(i);
    std::vector<Problem> problems;
    const std::string& location = evidence.location();
    const std::string name = evidence.id().empty() ? absl::StrCat("evidence[", i, "]") : evidence.id();

    if (location.empty()) {
      result.warnings.push_back(absl::StrCat("evidence ", name, ": no location, its file was not checked"));
    } else if (absl::StrContains(location, "://")) {
      result.warnings.push_back(absl::StrCat("evidence ", name, ": ", location, " is a URL, its file was not checked"));
    } else {
      const fs::path relative(location);
      const fs::path lexical = (root / relative).lexically_normal();
      fs::path resolved = fs::weakly_canonical(lexical, error);
      if (error) resolved = lexical;
      if (relative.is_absolute() || !IsInside(lexical, root) || !IsInside(resolved, root)) {
        problems.push_back(
            {kEvidenceLocationRule, v1::Finding::ERROR, v1::Rule::HIGH,
             fr ? "L'emplacement d'une preuve reste sous la racine des preuves"
                : "Evidence locations stay under the evidence root",
             fr ? absl::StrCat("Preuve ", name, " : l'emplacement ", location, " sort de la racine des preuves ; refusé")
                : absl::StrCat("Evidence ", name, ": location ", location, " leaves the evidence root; refused"),
             fr ? "Indiquer un chemin relatif à la racine des preuves, sans « .. » ni lien symbolique sortant."
                : "Give a path relative to the evidence root, without \"..\" or symbolic links leading out."});
      } else if (!fs::is_regular_file(resolved, error)) {
        problems.push_back(
            {kEvidenceMissingRule, v1::Finding::FAIL, v1::Rule::HIGH,
             fr ? "Les fichiers de preuve cités existent" : "Cited evidence files exist",
             fr ? absl::StrCat("Preuve ", name, " : aucun fichier à ", location)
                : absl::StrCat("Evidence ", name, ": no file at ", location),
             fr ? "Déposer la preuve à l'emplacement indiqué, ou corriger `location` dans le dossier."
                : "Put the evidence file at its location, or correct `location` in the dossier."});
      } else if (evidence.sha256().empty()) {
        result.warnings.push_back(
            absl::StrCat("evidence ", name, ": no sha256 recorded, the content of ", location, " was not verified"));
      } else {
        absl::StatusOr<std::string> actual = base::Sha256HexOfFile(resolved.string());
        if (!actual.ok()) {
          problems.push_back({kEvidenceMissingRule, v1::Finding::FAIL, v1::Rule::HIGH,
                              fr ? "Les fichiers de preuve cités existent" : "Cited evidence files exist",
                              fr ? absl::StrCat("Preuve ", name, " : ", location, " illisible")
                                 : absl::StrCat("Evidence ", name, ": cannot read ", location),
                              fr ? "Rendre le fichier lisible." : "Make the file readable."});
        } else if (*actual != evidence.sha256()) {
          problems.push_back(
              {kEvidenceDigestRule, v1::Finding::FAIL, v1::Rule::HIGH,
               fr ? "Les preuves ont l'empreinte SHA-256 enregistrée" : "Evidence files match their recorded SHA-256",
               fr ? absl::StrCat("Preuve ", name, " : ", location, " a l'empreinte ", *actual, ", le dossier indique ",
                                 evidence.sha256())
                  : absl::StrCat("Evidence ", name, ": ", location, " has SHA-256 ", *actual, ", the dossier records ",
                                 evidence.sha256()),
               fr ? "Vérifier si la preuve a été modifiée ; si la nouvelle version est la bonne, mettre à jour `sha256` "
                    "(hdscheck evidence hash)."
                  : "Find out why the evidence changed; if the new version is right, update `sha256` (hdscheck "
                    "evidence hash)."});
        }
      }
    }
    if (evidence.has_valid_until()) {
      const absl::Time valid_until = absl::FromUnixSeconds(evidence.valid_until().seconds());
      if (valid_until < options.now) {
        const std::string date = base::DateText(base::LanguageOrEnglish(options.language), valid_until);
        problems.push_back(
            {kEvidenceExpiredRule, v1::Finding::FAIL, v1::Rule::MEDIUM,
             fr ? "Les preuves citées sont en cours de validité" : "Cited evidence is still valid",
             fr ? absl::StrCat("Preuve ", name, " : expirée le ", date)
                : absl::StrCat("Evidence ", name, ": expired on ", date),
             fr ? "Renouveler la preuve (nouveau test, certificat, revue) et mettre à jour l'enregistrement."
                : "Renew the evidence (a new test, certificate or review) and update its record."});
      }
    }
    if (problems.empty()) continue;

    std::vector<Citation> citing = citations[evidence.id()];
    if (citing.empty()) citing.push_back({absl::StrCat("evidence[", i, "]"), evidence.id(), ""});
    for (const Problem& problem : problems) {
      for (const Citation& citation : citing) result.findings.push_back(MakeFinding(problem, citation));
    }
  }
  return result;
}

void AddEvidenceFindings(const EvidenceCheckResult& result, v1::Report* report) {
  for (const v1::Finding& finding : result.findings) {
    *report->add_findings() = finding;
    base::CountFinding(finding.status(), finding.severity(), report->mutable_counts());
  }
  auto* findings = report->mutable_findings();
  std::stable_sort(findings->begin(), findings->end(), base::InReportOrder);
  for (const std::string& warning : result.warnings) report->add_warnings()->set_message(warning);
}

absl::StatusOr<std::vector<FileDigest>> HashDirectory(const std::string& root) {
  std::error_code error;
  if (!fs::is_directory(root, error)) return absl::NotFoundError(absl::StrCat(root, ": not a directory"));
  std::vector<FileDigest> digests;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, error);
  if (error) return absl::PermissionDeniedError(absl::StrCat(root, ": cannot list (", error.message(), ")"));
  for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
    if (error) return absl::PermissionDeniedError(absl::StrCat(root, ": cannot list (", error.message(), ")"));
    if (it->is_symlink(error) || !it->is_regular_file(error)) continue;
    absl::StatusOr<std::string> digest = base::Sha256HexOfFile(it->path().string());
    if (!digest.ok()) return digest.status();
    digests.push_back({it->path().lexically_relative(root).generic_string(), *std::move(digest)});
  }
  std::sort(digests.begin(), digests.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  return digests;
}

}  // namespace hdsc::report
