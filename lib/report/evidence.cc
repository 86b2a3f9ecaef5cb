#include "lib/report/evidence.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/time_util.h"
#include "openssl/evp.h"

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

int StatusRank(v1::Finding::Status status) {
  switch (status) {
    case v1::Finding::FAIL: return 0;
    case v1::Finding::ERROR: return 1;
    case v1::Finding::WAIVED: return 2;
    case v1::Finding::MANUAL: return 3;
    case v1::Finding::PASS: return 4;
    case v1::Finding::NOT_APPLICABLE: return 5;
    default: return 6;
  }
}

void Count(v1::Counts* counts, const v1::Finding& finding) {
  switch (finding.status()) {
    case v1::Finding::ERROR: counts->set_error(counts->error() + 1); return;
    case v1::Finding::FAIL: break;
    default: return;
  }
  counts->set_fail(counts->fail() + 1);
  switch (finding.severity()) {
    case v1::Rule::CRITICAL: counts->set_fail_critical(counts->fail_critical() + 1); break;
    case v1::Rule::HIGH: counts->set_fail_high(counts->fail_high() + 1); break;
    case v1::Rule::MEDIUM: counts->set_fail_medium(counts->fail_medium() + 1); break;
    case v1::Rule::LOW: counts->set_fail_low(counts->fail_low() + 1); break;
    default: counts->set_fail_info(counts->fail_info() + 1); break;
  }
}

}  // namespace

absl::StatusOr<std::string> Sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (context == nullptr || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return absl::InternalError("SHA-256 unavailable");
  }
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (got > 0) EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(got));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": read error"));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return hex;
}

absl::StatusOr<EvidenceCheckResult> CheckEvidence(const v1::Dossier& dossier, const EvidenceCheckOptions& options) {
  std::error_code error;
  const fs::path root = fs::canonical(options.root, error);
  if (error) return absl::NotFoundError(absl::StrCat(options.root, ": evidence root not found"));
  if (!fs::is_directory(root, error)) {
    return absl::FailedPreconditionError(absl::StrCat(options.root, ": evidence root is not a directory"));
  }
  const bool fr = options.language == "fr";

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
        absl::StatusOr<std::string> actual = Sha256OfFile(resolved.string());
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
        const std::string date = google::protobuf::util::TimeUtil::ToString(evidence.valid_until()).substr(0, 10);
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
    Count(report->mutable_counts(), finding);
  }
  auto* findings = report->mutable_findings();
  std::stable_sort(findings->begin(), findings->end(), [](const v1::Finding& a, const v1::Finding& b) {
    if (StatusRank(a.status()) != StatusRank(b.status())) return StatusRank(a.status()) < StatusRank(b.status());
    if (a.severity() != b.severity()) return a.severity() > b.severity();
    return a.rule_id() < b.rule_id();
  });
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
    absl::StatusOr<std::string> digest = Sha256OfFile(it->path().string());
    if (!digest.ok()) return digest.status();
    digests.push_back({it->path().lexically_relative(root).generic_string(), *std::move(digest)});
  }
  std::sort(digests.begin(), digests.end(),
            [](const FileDigest& a, const FileDigest& b) { return a.path < b.path; });
  return digests;
}

}  // namespace hdsc::report
