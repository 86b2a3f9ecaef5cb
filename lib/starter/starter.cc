#include "lib/starter/starter.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/strings.h"
#include "lib/base/wire.h"
#include "lib/io/write.h"
#include "lib/model/reference.h"

namespace hdsc::starter {
namespace {

using base::Language;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

enum class Kind { kHospital, kClinic, kHost };

// A text in both languages.
struct Text {
  const char* en;
  const char* fr;
  const char* In(Language language) const { return base::Pick(language, en, fr); }
};

// A placeholder: the prefix, then what goes there.
std::string Todo(Language language, const Text& what) {
  return absl::StrCat(base::AsAbsl(PlaceholderPrefix(language)), what.In(language));
}

// ---------------------------------------------------------------------------------------------------------------
// The dossier
// ---------------------------------------------------------------------------------------------------------------

void FillOrganization(Kind kind, Language language, v1::Organization& organization) {
  organization.set_legal_name(Todo(language, {"registered legal name", "raison sociale"}));
  organization.set_siren(Todo(language, {"SIREN (9 digits) or SIRET (14 digits)", "SIREN (9 chiffres) ou SIRET (14 chiffres)"}));
  if (kind != Kind::kHost) {
    organization.set_finess(Todo(language, {"FINESS number of the legal entity", "numéro FINESS de l'entité juridique"}));
  }
  organization.set_address(Todo(language, {"registered office address", "adresse du siège"}));
  organization.set_country("FR");
  if (kind == Kind::kClinic) organization.set_kind(v1::ORGANIZATION_KIND_PRIVATE_CLINIC);
  if (kind == Kind::kHost) organization.set_kind(v1::ORGANIZATION_KIND_HEALTH_DATA_HOST);
  organization.set_contact_email(
      Todo(language, {"e-mail address for data-protection matters", "adresse électronique « données personnelles »"}));
  v1::DataProtectionOfficer& dpo = *organization.mutable_dpo();
  dpo.set_name(Todo(language, {"name of the DPO, a person or a firm", "nom du DPO, personne ou cabinet"}));
  dpo.set_email(Todo(language, {"DPO's e-mail address", "adresse électronique du DPO"}));
  organization.add_gdpr_roles(v1::GDPR_ROLE_CONTROLLER);
  if (kind == Kind::kHost) {
    organization.add_gdpr_roles(v1::GDPR_ROLE_PROCESSOR);
    organization.set_hosts_health_data_for_others(true);
  }
}

void FillIsms(Kind kind, Language language, v1::Isms& isms) {
  isms.mutable_scope()->set_description(
      Todo(language, {"scope of the ISMS: sites, activities, interfaces", "périmètre du SMSI : sites, activités, interfaces"}));
  for (const model::AnnexAControl& control : model::AnnexAControls()) {
    v1::SoaEntry& entry = *isms.add_statement_of_applicability();
    entry.set_id(std::string(control.id));
    entry.set_title(std::string(base::Pick(language, control.title, control.title_fr)));
  }
  isms.mutable_risk_assessment()->set_method_name(
      Todo(language, {"risk analysis method and version, e.g. EBIOS Risk Manager",
                      "méthode d'analyse de risques et sa version, p. ex. EBIOS Risk Manager"}));
  v1::Policy& policy = *isms.add_policies();
  policy.set_id("pol-security");
  policy.set_title(Todo(language, {"information security policy", "politique de sécurité de l'information"}));
  v1::Asset& asset = *isms.add_assets();
  asset.set_id("asset-1");
  asset.set_name(Todo(language, kind == Kind::kHost
                                    ? Text{"a platform that holds clients' health data, e.g. a virtualisation cluster",
                                           "une plateforme qui détient des données de santé des clients, p. ex. un cluster de virtualisation"}
                                    : Text{"a system that holds health data, e.g. the electronic patient record",
                                           "un système qui détient des données de santé, p. ex. le dossier patient informatisé"}));
  v1::Backup& backup = *isms.add_backups();
  backup.set_id("backup-1");
  backup.set_name(Todo(language, {"backup of asset-1", "sauvegarde de asset-1"}));
  backup.add_asset_ids("asset-1");
  v1::TrainingCampaign& training = *isms.add_training_campaigns();
  training.set_id("training-1");
  training.set_title(Todo(language, {"security awareness campaign for all staff",
                                     "campagne de sensibilisation à la sécurité pour tout le personnel"}));
  training.set_audience(v1::TRAINING_AUDIENCE_ALL_STAFF);
  isms.mutable_incident_response_plan()->set_title(
      Todo(language, {"incident response plan, title and version", "plan de réponse aux incidents, intitulé et version"}));
  isms.mutable_business_continuity_plan()->set_title(
      Todo(language, {"business continuity plan, title and version", "plan de continuité d'activité, intitulé et version"}));
  isms.mutable_disaster_recovery_plan()->set_title(
      Todo(language, {"IT disaster recovery plan, title and version", "plan de reprise informatique, intitulé et version"}));
  v1::CrisisExercise& exercise = *isms.add_crisis_exercises();
  exercise.set_id("exercise-1");
  exercise.set_scenario(Todo(language, {"scenario played, e.g. ransomware on the patient record",
                                        "scénario joué, p. ex. rançongiciel sur le dossier patient"}));
  if (kind == Kind::kHost) isms.mutable_administration_access();
}

void FillRegister(Kind kind, Language language, v1::Dossier& dossier) {
  v1::ProcessingActivity& activity = *dossier.add_processing_activities();
  if (kind == Kind::kHost) {
    activity.set_id("pa-client-1");
    activity.set_name(Todo(language, {"hosting of a client's health data", "hébergement des données de santé d'un client"}));
    activity.set_description(Todo(language, {"hosting activities performed for this client",
                                             "activités d'hébergement réalisées pour ce client"}));
    activity.set_role(v1::GDPR_ROLE_PROCESSOR);
    activity.mutable_controller()->set_name(
        Todo(language, {"the client, controller of the data", "le client, responsable du traitement"}));
    activity.mutable_controller_contract()->set_reference(
        Todo(language, {"reference of the hosting contract", "référence du contrat d'hébergement"}));
  } else {
    activity.set_id("pa-patient-record");
    activity.set_name(Todo(language, {"processing of patients' health data, e.g. the electronic patient record",
                                      "traitement des données de santé des patients, p. ex. le dossier patient informatisé"}));
    activity.add_purposes(Todo(language, {"purposes of the processing", "finalités du traitement"}));
    activity.set_role(v1::GDPR_ROLE_CONTROLLER);
    activity.add_data_subject_categories(v1::DATA_SUBJECT_CATEGORY_PATIENTS);
    activity.add_data_categories(v1::DATA_CATEGORY_IDENTIFICATION);
  }
  activity.add_data_categories(v1::DATA_CATEGORY_HEALTH);
}

v1::Dossier Build(Kind kind, Language language) {
  v1::Dossier dossier;
  dossier.set_schema_version("1");
  dossier.set_title(Todo(language, {"title of the dossier, e.g. the organisation and the year",
                                    "titre du dossier, p. ex. l'organisme et l'année"}));
  FillOrganization(kind, language, *dossier.mutable_organization());
  if (kind == Kind::kHost) {
    v1::HdsCertificate& certificate = *dossier.add_hds_certificates();
    certificate.set_id("hds-certificate-1");
    certificate.set_referential_version(v1::HDS_REFERENTIAL_VERSION_V2);
    certificate.set_certifier(Todo(language, {"certification body", "organisme certificateur"}));
    certificate.set_scope(Todo(language, {"certified perimeter as written on the certificate",
                                          "périmètre certifié tel qu'il figure sur le certificat"}));
  }
  FillIsms(kind, language, *dossier.mutable_isms());
  FillRegister(kind, language, dossier);
  return dossier;
}

// ---------------------------------------------------------------------------------------------------------------
// Notes of the text format
// ---------------------------------------------------------------------------------------------------------------

// What the text format says of a field: a note before it, and, when the starter leaves the field unset, a
// commented-out line to complete (`example`, the value as the text format writes it; none when empty).
struct Note {
  Text text;
  const char* example = "";
};

// Notes by "Message.field" (the message's name without the package).
const std::map<std::string, Note>& Notes() {
  static const auto* const notes = new std::map<std::string, Note>{
      // Dossier
      {"Dossier.title", {{"Title of the dossier.", "Titre du dossier."}}},
      {"Dossier.organization",
       {{"The organisation: identity, kind and DPO (GDPR Art. 30(1)(a), 37; CSP L.1111-8).",
         "L'organisme : identité, catégorie et DPO (RGPD art. 30(1)(a), 37 ; CSP L.1111-8)."}}},
      {"Dossier.hds_certificates",
       {{"The HDS certificates the organisation holds as a host: activities covered, certifier, dates (CSP L.1111-8, "
         "R.1111-9).",
         "Les certificats HDS que l'organisme détient comme hébergeur : activités couvertes, certificateur, dates "
         "(CSP L.1111-8, R.1111-9)."}}},
      {"Dossier.isms",
       {{"The information security management system (ISO 27001:2022; HDS v2; GDPR Art. 32).",
         "Le système de management de la sécurité de l'information (ISO 27001:2022 ; HDS v2 ; RGPD art. 32)."}}},
      {"Dossier.processing_activities",
       {{"The register of processing activities (GDPR Art. 30): one record per processing, starting with health "
         "data.",
         "Le registre des activités de traitement (RGPD art. 30) : une fiche par traitement, en commençant par les "
         "données de santé."}}},
      {"Dossier.processors",
       {{"Processors and hosts, one per provider, with the contract and, for hosts, the HDS certificate (GDPR Art. "
         "28; CSP L.1111-8, R.1111-11).",
         "Sous-traitants et hébergeurs, un par prestataire, avec le contrat et, pour un hébergeur, le certificat HDS "
         "(RGPD art. 28 ; CSP L.1111-8, R.1111-11)."},
        "{ id: \"p-1\" name: \"...\" kind: PROCESSOR_KIND_HEALTH_DATA_HOST hosts_health_data: true }"}},
      {"Dossier.breaches",
       {{"The breach log: every breach, notified or not (GDPR Art. 33(5); CSP L.1111-8-2).",
         "Le registre des violations : toutes, notifiées ou non (RGPD art. 33(5) ; CSP L.1111-8-2)."},
        "{ id: \"BR-1\" aware_at { seconds: 1767225600 } risk_level: RISK_LEVEL_RISK }"}},
      {"Dossier.data_subject_requests",
       {{"Data-subject and medical-record requests (GDPR Art. 12; CSP L.1111-7).",
         "Demandes des personnes et d'accès au dossier médical (RGPD art. 12 ; CSP L.1111-7)."},
        "{ id: \"RQ-1\" kind: REQUEST_KIND_ACCESS received_at { seconds: 1767225600 } }"}},
      {"Dossier.evidence",
       {{"Evidence records that evidence_ids refer to; `hdscheck evidence hash DIR` gives their SHA-256 (ISO "
         "27001:2022 7.5).",
         "Les preuves auxquelles renvoient les evidence_ids ; `hdscheck evidence hash RÉP` donne leur SHA-256 (ISO "
         "27001:2022 7.5)."},
        "{ id: \"ev-1\" title: \"...\" location: \"...\" sha256: \"...\" }"}},
      // Organization and DPO
      {"Organization.siren",
       {{"SIREN or SIRET; a health establishment may give its FINESS number instead.",
         "SIREN ou SIRET ; un établissement de santé peut donner son numéro FINESS à la place."}}},
      {"Organization.country", {{"ISO 3166-1 alpha-2 code.", "Code ISO 3166-1 alpha-2."}}},
      {"Organization.kind",
       {{"ORGANIZATION_KIND_PUBLIC_HOSPITAL or ORGANIZATION_KIND_PRIVATE_CLINIC: decides which rules apply (GDPR Art. "
         "37(1)).",
         "ORGANIZATION_KIND_PUBLIC_HOSPITAL ou ORGANIZATION_KIND_PRIVATE_CLINIC : décide des règles applicables (RGPD "
         "art. 37(1))."},
        "ORGANIZATION_KIND_PUBLIC_HOSPITAL"}},
      {"Organization.headcount",
       {{"Number of employees (GDPR Art. 30(5)).", "Effectif (RGPD art. 30(5))."}, "1200"}},
      {"Organization.public_body",
       {{"Whether it is a public body, as a public hospital is: DPO mandatory (GDPR Art. 37(1)(a)).",
         "S'il s'agit d'un organisme public, comme un hôpital public : DPO obligatoire (RGPD art. 37(1)(a))."},
        "true"}},
      {"Organization.dpo",
       {{"The data protection officer (GDPR Arts. 37-39).", "Le délégué à la protection des données (RGPD art. 37 à 39)."}}},
      {"Organization.hds_activities_performed",
       {{"The hosting activities performed for clients, one line each (CSP R.1111-9): PHYSICAL_SITES, "
         "HARDWARE_INFRASTRUCTURE, VIRTUAL_INFRASTRUCTURE, APPLICATION_PLATFORM, ADMINISTRATION_AND_OPERATION, BACKUP.",
         "Les activités d'hébergement exercées pour les clients, une ligne chacune (CSP R.1111-9) : PHYSICAL_SITES, "
         "HARDWARE_INFRASTRUCTURE, VIRTUAL_INFRASTRUCTURE, APPLICATION_PLATFORM, ADMINISTRATION_AND_OPERATION, BACKUP."},
        "HDS_ACTIVITY_VIRTUAL_INFRASTRUCTURE"}},
      {"DataProtectionOfficer.declared_to_cnil",
       {{"Whether the DPO was declared to the CNIL (GDPR Art. 37(7)).",
         "Si le DPO a été désigné auprès de la CNIL (RGPD art. 37(7))."},
        "true"}},
      {"DataProtectionOfficer.contact_published",
       {{"Whether the DPO's contact details are published (GDPR Art. 37(7)).",
         "Si les coordonnées du DPO sont publiées (RGPD art. 37(7))."},
        "true"}},
      {"DataProtectionOfficer.conflict_of_interest",
       {{"Whether the DPO's other duties raise a conflict of interest (GDPR Art. 38(6)).",
         "Si les autres fonctions du DPO créent un conflit d'intérêts (RGPD art. 38(6))."},
        "false"}},
      // HDS certificates
      {"HdsCertificate.activities",
       {{"The activities the certificate covers, one line each (CSP R.1111-9).",
         "Les activités que couvre le certificat, une ligne chacune (CSP R.1111-9)."},
        "HDS_ACTIVITY_VIRTUAL_INFRASTRUCTURE"}},
      {"HdsCertificate.cofrac_accredited",
       {{"Whether the certifier is COFRAC-accredited (CSP L.1111-8).",
         "Si le certificateur est accrédité par le COFRAC (CSP L.1111-8)."},
        "true"}},
      {"HdsCertificate.issued_at",
       {{"Dates as seconds since 1970-01-01 UTC (1767225600 is 2026-01-01); a certificate is valid 3 years.",
         "Dates en secondes depuis le 1er janvier 1970 UTC (1767225600 : 1er janvier 2026) ; un certificat vaut 3 ans."},
        "{ seconds: 1767225600 }"}},
      {"HdsCertificate.expires_at", {{"", ""}, "{ seconds: 1861833600 }"}},
      {"HdsCertificate.last_surveillance_audit_at",
       {{"The last annual surveillance audit.", "Le dernier audit de surveillance annuel."}, "{ seconds: 1767225600 }"}},
      // ISMS
      {"Isms.scope", {{"Scope of the ISMS (ISO 27001:2022 4.3).", "Périmètre du SMSI (ISO 27001:2022 4.3)."}}},
      {"Isms.iso27001_certification",
       {{"The ISO 27001 certificate, if any (HDS v2 requires ISO 27001:2022).",
         "Le certificat ISO 27001, s'il y en a un (HDS v2 exige l'ISO 27001:2022)."},
        "{ edition: ISO27001_EDITION_2022 certifier: \"...\" }"}},
      {"Isms.statement_of_applicability",
       {{"The Statement of Applicability, one line per Annex A control: whether it applies, why, how far it is "
         "implemented, its owner and evidence (ISO 27001:2022 6.1.3 d).",
         "La déclaration d'applicabilité, une ligne par mesure de l'annexe A : si elle s'applique, pourquoi, où en "
         "est sa mise en œuvre, son responsable et ses preuves (ISO 27001:2022 6.1.3 d)."}}},
      {"SoaEntry.applicable", {{"", ""}, "true"}},
      {"SoaEntry.justification", {{"", ""}, "\"...\""}},
      {"SoaEntry.implementation_status", {{"", ""}, "IMPLEMENTATION_STATUS_IMPLEMENTED"}},
      {"Isms.risk_assessment",
       {{"The risk assessment: method, date, approval, scenarios (ISO 27001:2022 6.1.2, 8.2).",
         "L'appréciation des risques : méthode, date, approbation, scénarios (ISO 27001:2022 6.1.2, 8.2)."}}},
      {"RiskAssessment.method", {{"", ""}, "RISK_METHOD_EBIOS_RM"}},
      {"RiskAssessment.performed_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Isms.policies",
       {{"Policies, each with its approval and review dates (ISO 27001:2022 5.2, A.5.1).",
         "Les politiques, chacune avec ses dates d'approbation et de revue (ISO 27001:2022 5.2, A.5.1)."}}},
      {"Isms.assets",
       {{"The asset inventory, starting with what holds health data (ISO 27001:2022 A.5.9).",
         "L'inventaire des actifs, en commençant par ce qui détient des données de santé (ISO 27001:2022 A.5.9)."}}},
      {"Asset.kind", {{"", ""}, "ASSET_KIND_APPLICATION"}},
      {"Asset.owner", {{"", ""}, "\"...\""}},
      {"Asset.holds_health_data", {{"", ""}, "true"}},
      {"Asset.critical", {{"", ""}, "true"}},
      {"Asset.mfa_admin", {{"", ""}, "true"}},
      {"Isms.network_zones",
       {{"Network zones and their segregation (ISO 27001:2022 A.8.22).",
         "Les zones réseau et leur cloisonnement (ISO 27001:2022 A.8.22)."},
        "{ id: \"z-1\" name: \"...\" kind: NETWORK_ZONE_KIND_SERVERS segregated: true }"}},
      {"Isms.backups",
       {{"Backups of the assets (ISO 27001:2022 A.8.13; GDPR Art. 32(1)(c); CaRE D2).",
         "Les sauvegardes des actifs (ISO 27001:2022 A.8.13 ; RGPD art. 32(1)(c) ; CaRE D2)."}}},
      {"Backup.frequency", {{"", ""}, "{ seconds: 86400 }"}},
      {"Backup.offline_copy", {{"", ""}, "true"}},
      {"Backup.immutable_copy", {{"", ""}, "true"}},
      {"Backup.last_restore_test_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Isms.training_campaigns",
       {{"Awareness and training campaigns (ISO 27001:2022 7.2, 7.3, A.6.3).",
         "Les campagnes de sensibilisation et de formation (ISO 27001:2022 7.2, 7.3, A.6.3)."}}},
      {"TrainingCampaign.completed_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"TrainingCampaign.completion_percent", {{"", ""}, "85"}},
      {"Isms.phishing_exercises",
       {{"Simulated phishing exercises (ISO 27001:2022 A.6.3).", "Les exercices d'hameçonnage simulé (ISO 27001:2022 A.6.3)."},
        "{ id: \"ph-1\" conducted_at { seconds: 1767225600 } click_rate_percent: 12 }"}},
      {"Isms.incident_response_plan",
       {{"The incident response plan (ISO 27001:2022 A.5.24-A.5.26; GDPR Art. 33; CSP L.1111-8-2).",
         "Le plan de réponse aux incidents (ISO 27001:2022 A.5.24 à A.5.26 ; RGPD art. 33 ; CSP L.1111-8-2)."}}},
      {"Isms.business_continuity_plan",
       {{"The business continuity plan (ISO 27001:2022 A.5.29, A.5.30; CaRE D2).",
         "Le plan de continuité d'activité (ISO 27001:2022 A.5.29, A.5.30 ; CaRE D2)."}}},
      {"Isms.disaster_recovery_plan",
       {{"The IT disaster recovery plan (ISO 27001:2022 A.5.30, A.8.14).",
         "Le plan de reprise informatique (ISO 27001:2022 A.5.30, A.8.14)."}}},
      {"Plan.approved_by", {{"", ""}, "\"...\""}},
      {"Plan.approved_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Plan.last_exercised_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Isms.crisis_exercises",
       {{"Crisis and continuity exercises (ISO 27001:2022 A.5.30; CaRE: once a year).",
         "Les exercices de crise et de continuité (ISO 27001:2022 A.5.30 ; CaRE : une fois par an)."}}},
      {"CrisisExercise.conducted_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Isms.administration_access",
       {{"Access to hosted data by the host's administrators (HDS v2 activity 5).",
         "L'accès des administrateurs de l'hébergeur aux données hébergées (HDS v2, activité 5)."}}},
      {"AdministrationAccess.last_access_review_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"AdministrationAccess.access_logged", {{"", ""}, "true"}},
      // Register
      {"ProcessingActivity.legal_basis", {{"", ""}, "LEGAL_BASIS_PUBLIC_TASK"}},
      {"ProcessingActivity.art9_condition", {{"", ""}, "ART9_CONDITION_HEALTH_OR_SOCIAL_CARE"}},
      {"ProcessingActivity.retention",
       {{"", ""}, "{ data_category: DATA_CATEGORY_HEALTH rule: \"...\" legal_reference: \"CSP R.1112-7\" }"}},
      {"ProcessingActivity.dpia", {{"", ""}, "{ required: true completed_at { seconds: 1767225600 } }"}},
      {"ProcessingActivity.information_notice", {{"", ""}, "{ provided: true location: \"...\" }"}},
      {"ProcessingActivity.controller_contract",
       {{"The hosting contract with the client (CSP R.1111-11; GDPR Art. 28(3)).",
         "Le contrat d'hébergement avec le client (CSP R.1111-11 ; RGPD art. 28(3))."}}},
      {"Contract.signed_at", {{"", ""}, "{ seconds: 1767225600 }"}},
      {"Contract.hosting_contract_clauses",
       {{"The CSP R.1111-11 clauses the contract holds, one line each.",
         "Les clauses de l'article R.1111-11 du CSP que comporte le contrat, une ligne chacune."},
        "HOSTING_CONTRACT_CLAUSE_1_CERTIFICATE_SCOPE"}},
      {"Contract.reversibility_clause", {{"", ""}, "true"}},
  };
  return *notes;
}

// The notes that apply to a field of a starter for `kind`: those of fields a kind does not use are left out.
const Note* NoteFor(const FieldDescriptor& field, Kind kind) {
  const std::string key = absl::StrCat(field.containing_type()->name(), ".", field.name());
  if (kind != Kind::kHospital && (key == "Organization.kind" || key == "Organization.public_body")) return nullptr;
  if (kind != Kind::kHost && key == "Organization.hds_activities_performed") return nullptr;
  // A host's client records are processor records: the legal basis, the Art. 9 condition, retention, the DPIA and
  // the notice are the controller's (GDPR Art. 30(2)).
  if (kind == Kind::kHost && (key == "ProcessingActivity.legal_basis" || key == "ProcessingActivity.art9_condition" ||
                              key == "ProcessingActivity.retention" || key == "ProcessingActivity.dpia" ||
                              key == "ProcessingActivity.information_notice")) {
    return nullptr;
  }
  auto it = Notes().find(key);
  return it == Notes().end() ? nullptr : &it->second;
}

// `text` as `#` comment lines of at most 118 characters, indented by `indent`.
void AppendComment(std::string_view text, const std::string& indent, std::string& out) {
  std::string line;
  for (absl::string_view word : absl::StrSplit(base::AsAbsl(text), ' ', absl::SkipEmpty())) {
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > 118) {
      absl::StrAppend(&out, indent, "# ", line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty()) absl::StrAppend(&out, indent, "# ", line, "\n");
}

// `text` as a text-format string literal: quotes, backslashes and control characters escaped, UTF-8 kept as it is
// (the protobuf printer also escapes apostrophes, which French is full of).
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const int code = static_cast<unsigned char>(c);
          out += {'\\', static_cast<char>('0' + (code >> 6)), static_cast<char>('0' + (code >> 3 & 7)),
                  static_cast<char>('0' + (code & 7))};
        } else {
          out.push_back(c);
        }
    }
  }
  out += "\"";
  return out;
}

// The text format of `message`, with notes. Unset fields with an example are written commented out, in the first
// element of a list only (a Statement of Applicability of 93 lines explains its fields once).
class TextWriter {
 public:
  TextWriter(Kind kind, Language language) : kind_(kind), language_(language) {}

  void Write(const Message& message, int depth, bool first, std::string& out) const {
    const std::string indent(static_cast<size_t>(depth) * 2, ' ');
    const Descriptor& descriptor = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    for (int i = 0; i < descriptor.field_count(); ++i) {
      const FieldDescriptor& field = *descriptor.field(i);
      const Note* note = NoteFor(field, kind_);
      const int count = field.is_repeated() ? reflection.FieldSize(message, &field)
                                            : (reflection.HasField(message, &field) ? 1 : 0);
      if (count == 0) {
        if (note == nullptr || *note->example == '\0' || !first) continue;
        if (*note->text.en != '\0') AppendComment(note->text.In(language_), indent, out);
        const bool is_message = field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
        absl::StrAppend(&out, indent, "# ", field.name(), is_message ? " " : ": ", note->example, "\n");
        continue;
      }
      if (note != nullptr && *note->text.en != '\0') AppendComment(note->text.In(language_), indent, out);
      for (int index = 0; index < count; ++index) {
        const int element = field.is_repeated() ? index : -1;
        if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          const Message& child = field.is_repeated() ? reflection.GetRepeatedMessage(message, &field, index)
                                                     : reflection.GetMessage(message, &field);
          absl::StrAppend(&out, indent, field.name(), " {\n");
          Write(child, depth + 1, first && index == 0, out);
          absl::StrAppend(&out, indent, "}\n");
        } else {
          std::string value;
          if (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
            value = Quoted(field.is_repeated() ? reflection.GetRepeatedString(message, &field, index)
                                               : reflection.GetString(message, &field));
          } else {
            printer_.PrintFieldValueToString(message, &field, element, &value);
          }
          absl::StrAppend(&out, indent, field.name(), ": ", value, "\n");
        }
      }
    }
  }

 private:
  Kind kind_;
  Language language_;
  google::protobuf::TextFormat::Printer printer_;
};

Text ProfileTitle(Kind kind) {
  switch (kind) {
    case Kind::kHospital: return {"a hospital", "un établissement de santé"};
    case Kind::kClinic: return {"a private clinic", "une clinique privée"};
    case Kind::kHost: return {"a health-data host", "un hébergeur de données de santé"};
  }
  return {"", ""};
}

std::string WriteText(const v1::Dossier& dossier, Kind kind, std::string_view profile_name, Language language) {
  const absl::string_view profile = base::AsAbsl(profile_name);
  std::string out;
  const std::string header = language == Language::kFr
      ? absl::StrCat("Dossier de départ pour ", ProfileTitle(kind).fr, " (hdscheck init --profile ", profile,
                     "). Remplacer chaque texte qui commence par « À compléter », décommenter et compléter les "
                     "lignes « # champ: valeur », puis lancer hdscheck validate FICHIER et hdscheck check FICHIER "
                     "--profile ", profile, " : le premier contrôle donne la liste de ce qui reste à décrire. Le "
                     "détail de chaque champ : docs/dossier.md.")
      : absl::StrCat("Starter dossier for ", ProfileTitle(kind).en, " (hdscheck init --profile ", profile,
                     "). Replace every text that starts with \"To fill in\", uncomment and complete the lines "
                     "\"# field: value\", then run hdscheck validate FILE and hdscheck check FILE --profile ", profile,
                     ": the first check lists what is left to describe. Every field is explained in docs/dossier.md.");
  AppendComment(header, "", out);
  out += "\n";
  TextWriter(kind, language).Write(dossier, 0, true, out);
  return out;
}

absl::StatusOr<std::string> WriteJson(const v1::Dossier& dossier) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(dossier, &json, options).ok()) {
    return absl::InternalError("cannot write the starter dossier as JSON");
  }
  // Two spaces per level, as the examples: the printer indents by one, and JSON strings hold no raw line break.
  std::string out;
  for (absl::string_view line : absl::StrSplit(json, '\n')) {
    const size_t indent = line.find_first_not_of(' ');
    if (indent == absl::string_view::npos) {
      if (!line.empty()) absl::StrAppend(&out, line, "\n");
      continue;
    }
    absl::StrAppend(&out, std::string(indent * 2, ' '), line.substr(indent), "\n");
  }
  return out;
}

absl::StatusOr<Kind> ParseKind(std::string_view profile) {
  if (profile == "hospital") return Kind::kHospital;
  if (profile == "clinic") return Kind::kClinic;
  if (profile == "hds-host") return Kind::kHost;
  return absl::InvalidArgumentError(absl::StrCat("no starter dossier for profile '", base::AsAbsl(profile), "' (expected ",
                                                 absl::StrJoin(ProfileNames(), ", "), ")"));
}

}  // namespace

const std::vector<std::string>& ProfileNames() {
  static const auto* const names = new std::vector<std::string>{"hospital", "clinic", "hds-host"};
  return *names;
}

std::string_view PlaceholderPrefix(Language language) {
  return base::Pick(language, "To fill in: ", "À compléter : ");
}

absl::StatusOr<v1::Dossier> StarterDossier(std::string_view profile, Language language) {
  absl::StatusOr<Kind> kind = ParseKind(profile);
  if (!kind.ok()) return kind.status();
  return Build(*kind, language);
}

absl::StatusOr<std::string> WriteStarter(std::string_view profile, Language language, io::Format format) {
  absl::StatusOr<Kind> kind = ParseKind(profile);
  if (!kind.ok()) return kind.status();
  const v1::Dossier dossier = Build(*kind, language);
  switch (format) {
    case io::Format::kAuto:
    case io::Format::kJson: return WriteJson(dossier);
    case io::Format::kTextproto: return WriteText(dossier, *kind, profile, language);
    case io::Format::kBinary: return base::DeterministicBytes(dossier);
    case io::Format::kXlsx:
    case io::Format::kOds: {
      std::vector<io::Diagnostic> problems;
      io::WriteOptions options;
      options.language = language == Language::kFr ? io::SheetLanguage::kFrench : io::SheetLanguage::kEnglish;
      return io::WriteMessage(dossier, format, options, "starter", &problems);
    }
  }
  return absl::InvalidArgumentError("unknown dossier format");
}

}  // namespace hdsc::starter
