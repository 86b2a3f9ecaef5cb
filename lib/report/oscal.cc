// NIST OSCAL 1.1.2 assessment-results (JSON): one result for the run, an observation per FAIL, ERROR or WAIVED
// finding, and an OSCAL finding per framework requirement that the run assessed, linked to the observations of
// its rules. UUIDs are version-5 UUIDs of the content they identify, so the same report gives the same document.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/base/language.h"
#include "lib/report/json_writer.h"
#include "lib/base/compact_findings.h"
#include "lib/report/writers.h"
#include "openssl/evp.h"

namespace hdsc::report::internal {
namespace {

constexpr char kOscalVersion[] = "1.1.2";
// Namespace of properties that are hdsc's own, not OSCAL's.
constexpr char kPropNamespace[] = "urn:hdsc:oscal";

// The namespace of hdsc's name-based UUIDs (itself a random version-4 UUID, fixed forever).
constexpr unsigned char kUuidNamespace[16] = {0x3d, 0x0e, 0x6a, 0x52, 0x1b, 0x7c, 0x4f, 0x2e,
                                              0x9a, 0x41, 0x5c, 0x0b, 0x8e, 0x77, 0x21, 0xd4};

}  // namespace

// RFC 4122 version-5 (SHA-1, name-based) UUID of `name` in hdsc's namespace.
std::string NameBasedUuid(std::string_view name) {
  std::string input(reinterpret_cast<const char*>(kUuidNamespace), sizeof(kUuidNamespace));
  input.append(name.data(), name.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  // SHA-1 as RFC 4122 specifies for version 5; it only spreads names over the UUID space here.
  EVP_Digest(input.data(), input.size(), digest, &digest_length, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid.push_back('-');
    uuid.push_back(kHex[digest[i] >> 4]);
    uuid.push_back(kHex[digest[i] & 0x0F]);
  }
  return uuid;
}

namespace {

// An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`) made from `id`: other characters become '_', and a leading
// character that is not a letter or '_' gets a '_' before it.
std::string Token(std::string_view id) {
  std::string token;
  for (char c : id) {
    const bool keep = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    token.push_back(keep ? c : '_');
  }
  if (token.empty() || !(absl::ascii_isalpha(static_cast<unsigned char>(token[0])) || token[0] == '_')) {
    token.insert(token.begin(), '_');
  }
  return token;
}

Json Prop(std::string_view name, std::string_view value) {
  Json prop = Json::Object();
  prop.Set("name", name);
  prop.Set("ns", kPropNamespace);
  prop.Set("value", value);
  return prop;
}

Json Hashes(std::string_view sha256) {
  Json hashes = Json::Array();
  Json& hash = hashes.Push(Json::Object());
  hash.Set("algorithm", "SHA-256");
  hash.Set("value", sha256);
  return hashes;
}

const char* StateOf(v1::Finding::Status status) {
  return status == v1::Finding::PASS ? "satisfied" : "not-satisfied";
}

}  // namespace

std::string RenderOscal(const v1::Report& report, const RenderOptions& options) {
  const bool fr = base::LanguageOrEnglish(report.language()) == base::Language::kFr;
  const std::string now = NowText(report);
  const std::string dossier_uri = DossierUri(report, options);
  // Everything that makes this run what it is; every UUID below derives from it.
  std::string run_key = absl::StrCat("run|", report.dossier().sha256(), "|", now, "|", report.profile(), "|",
                                     report.language());
  for (const v1::InputDigest& pack : report.packs()) absl::StrAppend(&run_key, "|", pack.sha256());

  Json document = Json::Object();
  Json& results_root = document.Set("assessment-results", Json::Object());
  results_root.Set("uuid", NameBasedUuid(run_key));

  Json& metadata = results_root.Set("metadata", Json::Object());
  metadata.Set("title", absl::StrCat(fr ? "Évaluation de conformité hdscheck : " : "hdscheck compliance assessment: ",
                                     dossier_uri));
  metadata.Set("last-modified", now);
  metadata.Set("version", options.tool_version);
  metadata.Set("oscal-version", kOscalVersion);
  Json& metadata_props = metadata.Set("props", Json::Array());
  metadata_props.Push(Prop("tool", absl::StrCat("hdscheck ", options.tool_version)));
  metadata_props.Push(Prop("language", report.language().empty() ? "en" : report.language()));
  if (!report.profile().empty()) metadata_props.Push(Prop("profile", report.profile()));

  // The assessment plan is the set of rule packs (with the profile): a back-matter resource.
  const std::string plan_uuid = NameBasedUuid(absl::StrCat(run_key, "|plan"));
  results_root.Set("import-ap", Json::Object()).Set("href", absl::StrCat("#", plan_uuid));

  Json& result = results_root.Set("results", Json::Array()).Push(Json::Object());
  result.Set("uuid", NameBasedUuid(absl::StrCat(run_key, "|result")));
  result.Set("title", fr ? "Vérification automatique par les packs de règles hdsc"
                         : "Automatic check with the hdsc rule packs");
  const v1::Counts& counts = report.counts();
  result.Set("description",
             absl::StrCat(fr ? "Constats : " : "Findings: ", counts.fail(), " FAIL, ", counts.error(), " ERROR, ",
                          counts.waived(), " WAIVED, ", counts.pass(), " PASS, ", counts.not_applicable(), " N/A, ",
                          counts.manual(), " MANUAL."));
  result.Set("start", now);
  result.Set("end", now);
  Json& result_props = result.Set("props", Json::Array());
  result_props.Push(Prop("dossier", dossier_uri));
  result_props.Push(Prop("dossier-sha256", report.dossier().sha256()));
  // Per framework, the share of its requirements with rules that the dossier gave data to evaluate (percent).
  for (const v1::FrameworkSummary& framework : report.frameworks()) {
    if (framework.checkable_requirements() == 0) continue;
    Json prop = Prop("completeness", CompletenessPercent(framework, false));
    prop.Set("class", Token(framework.id()));
    result_props.Push(std::move(prop));
  }
  Json& selection = result.Set("reviewed-controls", Json::Object()).Set("control-selections", Json::Array()).Push(Json::Object());
  selection.Set("description", fr ? "Toutes les exigences des référentiels du profil"
                                  : "Every requirement of the profile's frameworks");
  selection.Set("include-all", Json::Object());

  // Observations: one per finding that needs attention, by rule for the requirements below.
  std::map<std::string, std::vector<std::string>> observations_by_rule;
  Json observations = Json::Array();
  ForEachNeedingAttention(report, options, [&](const v1::Finding& finding) {
    const std::string uuid = NameBasedUuid(absl::StrCat(run_key, "|observation|", finding.rule_id(), "|",
                                                        finding.subject()));
    observations_by_rule[finding.rule_id()].push_back(uuid);
    Json& observation = observations.Push(Json::Object());
    observation.Set("uuid", uuid);
    observation.Set("title", absl::StrCat(finding.rule_id(), " ", SubjectLabel(finding, "dossier")));
    observation.Set("description", finding.message().empty() ? finding.title() : finding.message());
    Json& props = observation.Set("props", Json::Array());
    props.Push(Prop("rule-id", finding.rule_id()));
    props.Push(Prop("status", v1::Finding::Status_Name(finding.status())));
    props.Push(Prop("severity", SeverityName(finding.severity())));
    props.Push(Prop("subject-path", finding.subject().empty() ? "dossier" : finding.subject()));
    if (!finding.subject_id().empty()) props.Push(Prop("subject-id", finding.subject_id()));
    for (const v1::Reference& reference : finding.references()) {
      props.Push(Prop("citation", absl::StrCat(reference.framework(), " ", reference.citation())));
    }
    observation.Set("methods", Json::Array()).Push(Json::String("TEST"));
    observation.Set("types", Json::Array()).Push(Json::String("finding"));
    observation.Set("collected", now);
    if (!finding.remediation().empty()) observation.Set("remarks", finding.remediation());
  });

  // Findings: one per requirement with an outcome (PASS, FAIL, ERROR, WAIVED); MANUAL and N/A were not assessed.
  Json findings = Json::Array();
  for (const v1::FrameworkSummary& framework : report.frameworks()) {
    for (const v1::RequirementSummary& requirement : framework.requirements()) {
      const v1::Finding::Status status = requirement.status();
      if (status != v1::Finding::PASS && status != v1::Finding::FAIL && status != v1::Finding::ERROR &&
          status != v1::Finding::WAIVED) {
        continue;
      }
      Json& finding = findings.Push(Json::Object());
      finding.Set("uuid", NameBasedUuid(absl::StrCat(run_key, "|finding|", framework.id(), "|", requirement.id())));
      finding.Set("title", absl::StrCat(framework.id(), " ", requirement.citation().empty() ? requirement.id()
                                                                                           : requirement.citation()));
      finding.Set("description", requirement.title().empty() ? requirement.id() : requirement.title());
      Json& props = finding.Set("props", Json::Array());
      props.Push(Prop("framework", framework.id()));
      props.Push(Prop("status", v1::Finding::Status_Name(status)));
      Json& target = finding.Set("target", Json::Object());
      target.Set("type", "objective-id");
      target.Set("target-id", Token(requirement.id()));
      Json& state = target.Set("status", Json::Object());
      state.Set("state", StateOf(status));
      if (status == v1::Finding::ERROR) state.Set("reason", "error");
      if (status == v1::Finding::WAIVED) state.Set("reason", "waived");
      Json related = Json::Array();
      for (const std::string& rule_id : requirement.rule_ids()) {
        auto it = observations_by_rule.find(rule_id);
        if (it == observations_by_rule.end()) continue;
        for (const std::string& uuid : it->second) related.Push(Json::Object()).Set("observation-uuid", uuid);
      }
      if (!related.empty()) finding.Set("related-observations", std::move(related));
    }
  }
  if (!observations.empty()) result.Set("observations", std::move(observations));
  if (!findings.empty()) result.Set("findings", std::move(findings));

  // Back matter: the dossier and the packs, with their digests.
  Json& resources = results_root.Set("back-matter", Json::Object()).Set("resources", Json::Array());
  Json& plan = resources.Push(Json::Object());
  plan.Set("uuid", plan_uuid);
  plan.Set("title", fr ? "Packs de règles hdsc (plan d'évaluation)" : "hdsc rule packs (assessment plan)");
  if (!report.profile().empty()) plan.Set("description", absl::StrCat(fr ? "Profil " : "Profile ", report.profile()));
  Json rlinks = Json::Array();
  for (const v1::InputDigest& pack : report.packs()) {
    Json& rlink = rlinks.Push(Json::Object());
    rlink.Set("href", pack.path());
    rlink.Set("hashes", Hashes(pack.sha256()));
  }
  if (!rlinks.empty()) plan.Set("rlinks", std::move(rlinks));
  Json& dossier = resources.Push(Json::Object());
  dossier.Set("uuid", NameBasedUuid(absl::StrCat(run_key, "|dossier")));
  dossier.Set("title", fr ? "Dossier de conformité évalué" : "Compliance dossier assessed");
  Json& dossier_link = dossier.Set("rlinks", Json::Array()).Push(Json::Object());
  dossier_link.Set("href", dossier_uri);
  if (!report.dossier().sha256().empty()) dossier_link.Set("hashes", Hashes(report.dossier().sha256()));
  return document.Serialize();
}

}  // namespace hdsc::report::internal
