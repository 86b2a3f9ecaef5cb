#include "lib/check/checker.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/base/hash.h"
#include "lib/report/diff.h"

namespace hdsc::check {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using v1::Finding;

constexpr char kPack[] = R"pb(
framework {
  id: "GDPR"
  title { en: "GDPR" fr: "RGPD" }
  source { en: "Regulation (EU) 2016/679" fr: "Règlement (UE) 2016/679" }
  citation_style {
    name { fr: "RGPD" }
    form { pattern: "Art\\. ([0-9]+)" text { fr: "art. \\1 du RGPD" } }
    form { pattern: "Art\\. ([0-9]+)\\(([0-9]+)\\)" text { fr: "art. \\1, paragraphe \\2, du RGPD" } }
  }
  requirement { id: "ART-33" citation: "Art. 33" title { en: "Breach notification" } }
  requirement { id: "ART-38" citation: "Art. 38" title { en: "Position of the DPO" } }
}
param { name: "notify_within" default_value { duration_value: "72h" } }
profile { id: "strict" param { name: "notify_within" value { duration_value: "24h" } } }
rule {
  id: "BREACH-NOTIFIED"
  severity: HIGH
  title { en: "Breaches are notified in time" fr: "Les violations sont notifiées à temps" }
  message {
    en: "Breach ${record.id} was not notified within ${params.notify_within}"
    fr: "La violation ${record.id}, connue le ${record.aware_at}, n'a pas été notifiée dans les ${params.notify_within}"
  }
  remediation { en: "Notify the CNIL." fr: "Notifier la CNIL." }
  for_each: "breaches"
  when: "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY"
  require: "has(record.cnil_notified_at) && record.cnil_notified_at - record.aware_at <= params.notify_within"
  reference { framework: "GDPR" citation: "Art. 33(1)" requirement: "ART-33" }
}
rule {
  id: "BREACH-RATIO"
  severity: LOW
  title { en: "Fewer than 100 records per person" }
  for_each: "breaches"
  require: "record.records_affected / record.people_affected < 100"
  reference { framework: "GDPR" citation: "Art. 33(3)(a)" }
}
rule {
  id: "DOSSIER-TITLE"
  severity: INFO
  title { en: "The dossier has a title" }
  require: "dossier.title != ''"
  reference { framework: "GDPR" citation: "Art. 5(2)" }
}
)pb";

constexpr char kDossier[] = R"pb(
title: "Test"
breaches { id: "BR-1" risk_level: RISK_LEVEL_RISK aware_at { seconds: 0 } cnil_notified_at { seconds: 108000 }
           people_affected: 10 records_affected: 20 }
breaches { id: "BR-2" risk_level: RISK_LEVEL_HIGH aware_at { seconds: 0 } cnil_notified_at { seconds: 360000 }
           people_affected: 0 records_affected: 5 }
breaches { id: "BR-3" risk_level: RISK_LEVEL_UNLIKELY aware_at { seconds: 0 } people_affected: 1 records_affected: 1 }
breaches { id: "BR-4" risk_level: RISK_LEVEL_RISK aware_at { seconds: 0 } people_affected: 1 records_affected: 1 }
)pb";

const absl::Time kNow = absl::FromUnixSeconds(1'767'225'600);  // 2026-01-01T00:00:00Z

v1::Dossier ParseDossier(const std::string& text) {
  v1::Dossier dossier;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &dossier));
  return dossier;
}

std::unique_ptr<Checker> MakeChecker(const std::string& profile = "", const std::string& pack = kPack) {
  CheckerOptions options;
  options.rule_sources = {{"pack.textpb", pack}};
  options.profile = profile;
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Create(options, &diagnostics);
  EXPECT_TRUE(checker.ok()) << checker.status();
  return checker.ok() ? *std::move(checker) : nullptr;
}

v1::Report RunCheck(const Checker& checker, const v1::Dossier& dossier, CheckOptions options = {}) {
  if (options.now == absl::UnixEpoch()) options.now = kNow;
  absl::StatusOr<v1::Report> report = checker.Check(dossier, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *std::move(report) : v1::Report();
}

const Finding* FindFinding(const v1::Report& report, const std::string& rule, const std::string& subject) {
  for (const Finding& finding : report.findings()) {
    if (finding.rule_id() == rule && finding.subject() == subject) return &finding;
  }
  return nullptr;
}

std::string ToJson(const v1::Report& report) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(report, &json).ok());
  return json;
}

TEST(CheckerTest, EvaluatesEachSubject) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier));
  const Finding* late = FindFinding(report, "BREACH-NOTIFIED", "breaches[1]");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->status(), Finding::FAIL);
  EXPECT_EQ(late->subject_id(), "BR-2");
  EXPECT_EQ(late->severity(), v1::Rule::HIGH);
  EXPECT_EQ(late->message(), "Breach BR-2 was not notified within 72 hours");
  EXPECT_EQ(late->remediation(), "Notify the CNIL.");
  ASSERT_EQ(late->references_size(), 1);
  EXPECT_EQ(late->references(0).citation(), "Art. 33(1)");
  EXPECT_EQ(late->references(0).text(), "GDPR Art. 33(1)");
  EXPECT_EQ(FindFinding(report, "BREACH-NOTIFIED", "breaches[0]")->status(), Finding::PASS);
  EXPECT_EQ(FindFinding(report, "BREACH-NOTIFIED", "breaches[2]")->status(), Finding::NOT_APPLICABLE);
  EXPECT_EQ(FindFinding(report, "BREACH-NOTIFIED", "breaches[3]")->status(), Finding::FAIL);
  EXPECT_EQ(FindFinding(report, "DOSSIER-TITLE", "")->status(), Finding::PASS);
  // Worst first: the two failures lead.
  EXPECT_EQ(report.findings(0).status(), Finding::FAIL);
  EXPECT_EQ(report.findings(0).subject(), "breaches[1]");
  EXPECT_EQ(report.findings(1).subject(), "breaches[3]");
  EXPECT_EQ(report.counts().fail(), 2);
  EXPECT_EQ(report.counts().fail_high(), 2);
  EXPECT_EQ(report.counts().not_applicable(), 1);
}

TEST(CheckerTest, FrenchReportsWriteDatesDurationsAndCitationsInFrench) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Dossier dossier = ParseDossier(kDossier);
  dossier.mutable_breaches(1)->mutable_aware_at()->set_seconds(1795854600);  // 2026-11-28T08:30:00Z
  dossier.mutable_breaches(1)->clear_cnil_notified_at();
  CheckOptions options;
  options.language = "fr";
  v1::Report report = RunCheck(*checker, dossier, options);
  const Finding* late = FindFinding(report, "BREACH-NOTIFIED", "breaches[1]");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->message(),
            "La violation BR-2, connue le 28 novembre 2026 à 8 h 30 UTC, n'a pas été notifiée dans les 72 heures");
  ASSERT_EQ(late->references_size(), 1);
  EXPECT_EQ(late->references(0).citation(), "Art. 33(1)");
  EXPECT_EQ(late->references(0).text(), "art. 33, paragraphe 1, du RGPD");
  ASSERT_EQ(report.frameworks_size(), 1);
  EXPECT_EQ(report.frameworks(0).source(), "Règlement (UE) 2016/679");
  EXPECT_EQ(report.frameworks(0).requirements(0).citation(), "Art. 33");
  EXPECT_EQ(report.frameworks(0).requirements(0).citation_text(), "art. 33 du RGPD");
}

TEST(CheckerTest, TheReportSaysWhomAndWhatItIsAbout) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Dossier dossier = ParseDossier(kDossier);
  dossier.set_title("Dossier 2026");
  dossier.mutable_as_of()->set_seconds(1794700800);
  dossier.mutable_organization()->set_legal_name("Centre hospitalier de Valmont");
  dossier.mutable_organization()->set_trade_name("CH Valmont");
  dossier.mutable_isms()->mutable_scope()->set_description("Both sites");
  dossier.mutable_isms()->mutable_scope()->add_sites("Nord");
  const v1::ReportSubject subject = RunCheck(*checker, dossier).subject();
  EXPECT_EQ(subject.organization(), "Centre hospitalier de Valmont");
  EXPECT_EQ(subject.trade_name(), "CH Valmont");
  EXPECT_EQ(subject.title(), "Dossier 2026");
  EXPECT_EQ(subject.as_of().seconds(), 1794700800);
  EXPECT_EQ(subject.scope(), "Both sites");
  EXPECT_THAT(subject.sites(), ElementsAre("Nord"));
}

TEST(CheckerTest, AnEvaluationErrorIsAnErrorFindingForThatSubjectOnly) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier));
  const Finding* error = FindFinding(report, "BREACH-RATIO", "breaches[1]");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->status(), Finding::ERROR);
  EXPECT_THAT(error->message(), HasSubstr("could not evaluate: require: "));
  EXPECT_EQ(FindFinding(report, "BREACH-RATIO", "breaches[0]")->status(), Finding::PASS);
  EXPECT_EQ(report.counts().error(), 1);
  // An error counts as a failure for the exit code, at its rule's severity.
  EXPECT_TRUE(hdsc::report::HasNewFailureAtOrAbove(report, v1::Rule::LOW));
}

TEST(CheckerTest, ProfileParametersChangeOutcomes) {
  std::unique_ptr<Checker> checker = MakeChecker("strict");
  ASSERT_NE(checker, nullptr);
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier));
  EXPECT_EQ(report.profile(), "strict");
  // 30 h is within 72 h but not within 24 h.
  EXPECT_EQ(FindFinding(report, "BREACH-NOTIFIED", "breaches[0]")->status(), Finding::FAIL);

  std::unique_ptr<Checker> lenient = MakeChecker();
  CheckOptions options;
  options.params["notify_within"].set_duration_value("5d");
  v1::Report overridden = RunCheck(*lenient, ParseDossier(kDossier), options);
  EXPECT_EQ(FindFinding(overridden, "BREACH-NOTIFIED", "breaches[1]")->status(), Finding::PASS);
  options.params["notify_within"].set_int_value(3);
  EXPECT_THAT(lenient->Check(ParseDossier(kDossier), options).status().message(),
              HasSubstr("parameter 'notify_within' must have the same kind of value as its default"));
  CheckOptions unknown;
  unknown.params["notify_witihn"].set_duration_value("5d");
  EXPECT_THAT(lenient->Check(ParseDossier(kDossier), unknown).status().message(),
              HasSubstr("unknown parameter 'notify_witihn'"));
}

TEST(CheckerTest, WaiversApplyUntilTheyExpireAndUnusedOnesAreReported) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Dossier dossier = ParseDossier(absl::StrCat(kDossier, R"pb(
    waivers { id: "W-1" rule_id: "BREACH-NOTIFIED" subject: "BR-2" reason: "late, documented" approver: "DPO"
              expires_at { seconds: 1800000000 } }
    waivers { id: "W-2" rule_id: "BREACH-*" subject: "breaches[3]" reason: "old" approver: "DPO"
              expires_at { seconds: 1700000000 } }
    waivers { id: "W-3" rule_id: "DOSSIER-TITLE" reason: "unused" approver: "DPO" expires_at { seconds: 1800000000 } }
    waivers { id: "W-4" rule_id: "BREACH-RATIO" reason: "no approver" expires_at { seconds: 1800000000 } }
  )pb"));
  v1::Report report = RunCheck(*checker, dossier);
  const Finding* waived = FindFinding(report, "BREACH-NOTIFIED", "breaches[1]");
  EXPECT_EQ(waived->status(), Finding::WAIVED);
  EXPECT_EQ(waived->waiver().approver(), "DPO");
  EXPECT_FALSE(waived->waiver().expired());
  const Finding* expired = FindFinding(report, "BREACH-NOTIFIED", "breaches[3]");
  EXPECT_EQ(expired->status(), Finding::FAIL);
  EXPECT_TRUE(expired->waiver().expired());
  EXPECT_THAT(expired->message(), HasSubstr("(waiver expired on 14 November 2023, 22:13 UTC)"));
  EXPECT_EQ(report.counts().waived(), 1);
  std::vector<std::string> warnings;
  for (const v1::ReportWarning& warning : report.warnings()) warnings.push_back(warning.message());
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("waiver dossier waivers[2] (W-3) (rule DOSSIER-TITLE) matched no failing finding"),
                                    HasSubstr("waiver dossier waivers[3] (W-4) is not applied: it has no approver")));
  // A waiver from outside the dossier works the same way.
  CheckOptions options;
  options.extra_waivers = {{"BREACH-NOTIFIED", "breaches[3]", "accepted", "CISO", kNow + absl::Hours(1), "waivers.json waivers[0]"}};
  v1::Report with_file = RunCheck(*checker, ParseDossier(kDossier), options);
  EXPECT_EQ(FindFinding(with_file, "BREACH-NOTIFIED", "breaches[3]")->status(), Finding::WAIVED);
}

TEST(CheckerTest, RequirementsRollUpAndManualOnesNeedAnAttestation) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier));
  ASSERT_EQ(report.frameworks_size(), 1);
  const v1::FrameworkSummary& gdpr = report.frameworks(0);
  ASSERT_EQ(gdpr.requirements_size(), 2);
  EXPECT_EQ(gdpr.requirements(0).status(), Finding::FAIL);
  EXPECT_THAT(gdpr.requirements(0).rule_ids(), ElementsAre("BREACH-NOTIFIED"));
  EXPECT_EQ(gdpr.requirements(1).status(), Finding::MANUAL);
  EXPECT_EQ(report.counts().manual(), 1);
  EXPECT_EQ(gdpr.requirement_counts().fail(), 1);
  EXPECT_EQ(gdpr.requirement_counts().manual(), 1);
  // Findings of every rule citing the framework.
  EXPECT_EQ(gdpr.finding_counts().fail(), 2);
  EXPECT_EQ(gdpr.finding_counts().error(), 1);

  v1::Dossier attested = ParseDossier(absl::StrCat(kDossier, R"pb(
    attestations { id: "AT-1" framework: "GDPR" requirement_id: "ART-38" attested_by: "Director"
                   statement: "The DPO reports to the board" attested_at { seconds: 1700000000 } }
  )pb"));
  v1::Report with_attestation = RunCheck(*checker, attested);
  const v1::RequirementSummary& art38 = with_attestation.frameworks(0).requirements(1);
  EXPECT_EQ(art38.status(), Finding::PASS);
  EXPECT_EQ(art38.attestation().attested_by(), "Director");
  EXPECT_EQ(with_attestation.counts().manual(), 0);

  attested.mutable_attestations(0)->mutable_valid_until()->set_seconds(1'750'000'000);
  v1::Report expired = RunCheck(*checker, attested);
  EXPECT_EQ(expired.frameworks(0).requirements(1).status(), Finding::MANUAL);
  ASSERT_EQ(expired.warnings_size(), 1);
  EXPECT_THAT(expired.warnings(0).message(), HasSubstr("attestation AT-1 for GDPR ART-38 expired on 15 June 2025"));
}

TEST(CheckerTest, CompletenessCountsTheRequirementsTheDataLetRulesEvaluate) {
  const std::string pack = R"pb(
    framework {
      id: "F"
      title { en: "F" }
      requirement { id: "R-BREACH" title { en: "Breaches" } rule_ids: "BREACHES" }
      requirement { id: "R-REQUEST" title { en: "Requests" } rule_ids: "REQUESTS" }
      requirement { id: "R-TITLE" title { en: "Title" } rule_ids: "TITLED" }
      requirement { id: "R-MANUAL" title { en: "Checked by hand" } }
    }
    rule { id: "BREACHES" severity: LOW title { en: "B" } for_each: "breaches"
           when: "record.risk_level == RiskLevel.RISK_LEVEL_HIGH" require: "true"
           reference { framework: "F" citation: "x" } }
    rule { id: "REQUESTS" severity: LOW title { en: "R" } for_each: "data_subject_requests" require: "true"
           reference { framework: "F" citation: "x" } }
    rule { id: "TITLED" severity: LOW title { en: "T" } when: "dossier.title != ''" require: "true"
           reference { framework: "F" citation: "x" } }
  )pb";
  std::unique_ptr<Checker> checker = MakeChecker("", pack);
  ASSERT_NE(checker, nullptr);
  // The breach rule judged a breach (not applicable to it), the dossier rule judged the dossier; no request was
  // there to judge. The manual requirement is not checkable.
  const v1::Report report = RunCheck(*checker, ParseDossier(R"pb(breaches { id: "BR-1" })pb"));
  ASSERT_EQ(report.frameworks_size(), 1);
  const v1::FrameworkSummary& framework = report.frameworks(0);
  EXPECT_EQ(framework.requirements(0).status(), Finding::NOT_APPLICABLE);
  EXPECT_EQ(framework.requirements(1).status(), Finding::NOT_APPLICABLE);
  EXPECT_EQ(framework.checkable_requirements(), 3);
  EXPECT_EQ(framework.evaluated_requirements(), 2);
  EXPECT_DOUBLE_EQ(framework.completeness_percent(), 66.6);

  const v1::FrameworkSummary empty = RunCheck(*checker, v1::Dossier()).frameworks(0);
  EXPECT_EQ(empty.evaluated_requirements(), 1);
  EXPECT_DOUBLE_EQ(empty.completeness_percent(), 33.3);
  const v1::FrameworkSummary full =
      RunCheck(*checker, ParseDossier(R"pb(breaches { id: "BR-1" } data_subject_requests { id: "RQ-1" })pb"))
          .frameworks(0);
  EXPECT_DOUBLE_EQ(full.completeness_percent(), 100.0);

  // Nothing checkable: 0.
  std::unique_ptr<Checker> manual_only = MakeChecker("", R"pb(framework {
    id: "F" title { en: "F" } requirement { id: "R" title { en: "R" } } })pb");
  ASSERT_NE(manual_only, nullptr);
  const v1::FrameworkSummary none = RunCheck(*manual_only, v1::Dossier()).frameworks(0);
  EXPECT_EQ(none.checkable_requirements(), 0);
  EXPECT_EQ(none.completeness_percent(), 0.0);
}

TEST(CheckerTest, WritesInFrench) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  CheckOptions options;
  options.language = "fr";
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier), options);
  const Finding* late = FindFinding(report, "BREACH-NOTIFIED", "breaches[1]");
  EXPECT_EQ(late->title(), "Les violations sont notifiées à temps");
  EXPECT_EQ(late->message(), "La violation BR-2, connue le 1er janvier 1970, n'a pas été notifiée dans les 72 heures");
  EXPECT_EQ(late->remediation(), "Notifier la CNIL.");
  EXPECT_EQ(report.frameworks(0).title(), "RGPD");
  // No French text: English.
  EXPECT_EQ(FindFinding(report, "DOSSIER-TITLE", "")->title(), "The dossier has a title");
  options.language = "de";
  EXPECT_FALSE(checker->Check(ParseDossier(kDossier), options).ok());
}

TEST(CheckerTest, SameInputsGiveByteIdenticalJson) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  CheckOptions options;
  options.dossier_path = "dossier.textpb";
  options.dossier_sha256 = base::Sha256Hex(kDossier);
  const std::string first = ToJson(RunCheck(*checker, ParseDossier(kDossier), options));
  const std::string second = ToJson(RunCheck(*MakeChecker(), ParseDossier(kDossier), options));
  EXPECT_EQ(first, second);
  EXPECT_THAT(first, HasSubstr("\"sha256\""));
  EXPECT_THAT(first, ::testing::Not(HasSubstr("timing")));
  options.record_timing = true;
  const v1::Report timed = RunCheck(*checker, ParseDossier(kDossier), options);
  ASSERT_TRUE(timed.has_timing());
  // Each rule once, slowest first; every rule with a finding among them.
  std::set<std::string> timed_rules;
  for (int i = 0; i < timed.timing().rules_size(); ++i) {
    EXPECT_TRUE(timed_rules.insert(timed.timing().rules(i).rule_id()).second) << timed.timing().rules(i).rule_id();
    if (i > 0) EXPECT_GE(timed.timing().rules(i - 1).micros(), timed.timing().rules(i).micros());
  }
  EXPECT_GT(timed_rules.size(), 1u);
  for (const Finding& finding : timed.findings()) EXPECT_EQ(timed_rules.count(finding.rule_id()), 1u);
}

// Four threads check `dossier` `rounds` times each with the one `checker`; every report is the single-threaded one.
void ExpectThreadsAgree(const Checker& checker, const v1::Dossier& dossier, int rounds) {
  const std::string expected = ToJson(RunCheck(checker, dossier));
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i]() {
      for (int round = 0; round < rounds; ++round) {
        CheckOptions options;
        options.now = kNow;
        absl::StatusOr<v1::Report> report = checker.Check(dossier, options);
        if (!report.ok()) continue;
        results[i].clear();
        google::protobuf::util::MessageToJsonString(*report, &results[i]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, expected);
}

TEST(CheckerTest, OneCheckerServesSeveralThreads) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  const v1::Dossier dossier = ParseDossier(kDossier);
  ExpectThreadsAgree(*checker, dossier, 20);
}

// A rule joining two lists of the dossier, as the bundled GDPR-33-2 does, with a join in its message too.
constexpr char kJoinPack[] = R"pb(
framework { id: "GDPR" title { en: "GDPR" } }
rule {
  id: "BREACH-ACTIVITY"
  severity: LOW
  title { en: "Breaches name a processing activity of the register" }
  message { en: "Breach ${record.id} names ${dossier.processing_activities.filter(p, p.id in record.processing_activity_ids).map(p, p.id)}" }
  for_each: "breaches"
  require: "dossier.processing_activities.exists(p, p.id in record.processing_activity_ids && p.role == GdprRole.GDPR_ROLE_CONTROLLER)"
  reference { framework: "GDPR" citation: "Art. 33" }
}
)pb";

v1::Dossier JoinDossier(int activities) {
  v1::Dossier dossier;
  for (int i = 0; i < activities; ++i) {
    v1::ProcessingActivity* activity = dossier.add_processing_activities();
    activity->set_id(absl::StrCat("PA-", i));
    activity->set_role(i % 2 == 0 ? v1::GDPR_ROLE_CONTROLLER : v1::GDPR_ROLE_PROCESSOR);
    v1::Breach* breach = dossier.add_breaches();
    breach->set_id(absl::StrCat("BR-", i));
    breach->add_processing_activity_ids(absl::StrCat("PA-", i));
  }
  return dossier;
}

TEST(CheckerTest, JoinsAreIndexedOncePerCheck) {
  std::unique_ptr<Checker> checker = MakeChecker("", kJoinPack);
  ASSERT_NE(checker, nullptr);
  CheckOptions options;
  options.record_timing = true;
  const v1::Report report = RunCheck(*checker, JoinDossier(200), options);
  EXPECT_EQ(report.counts().pass(), 100);
  EXPECT_EQ(report.counts().fail(), 100);
  const Finding* failing = FindFinding(report, "BREACH-ACTIVITY", "breaches[1]");
  ASSERT_NE(failing, nullptr);
  EXPECT_EQ(failing->message(), "Breach BR-1 names [\"PA-1\"]");
  // Building the two indexes (require and message) costs one step per activity; each breach then visits its own
  // activity in the require and, when failing, in the message. Scanning would cost about 200 x 200 / 2.
  ASSERT_EQ(report.timing().rules_size(), 1);
  EXPECT_EQ(report.timing().rules(0).rule_id(), "BREACH-ACTIVITY");
  EXPECT_EQ(report.timing().rules(0).steps(), 200 + 200 + 200 + 100 + 100);
}

TEST(CheckerTest, OneCheckerWithJoinsServesSeveralThreads) {
  std::unique_ptr<Checker> checker = MakeChecker("", kJoinPack);
  ASSERT_NE(checker, nullptr);
  const v1::Dossier dossier = JoinDossier(50);
  ExpectThreadsAgree(*checker, dossier, 10);
}

TEST(CheckerTest, OnlyRulesAndKeepPassingFindings) {
  std::unique_ptr<Checker> checker = MakeChecker();
  ASSERT_NE(checker, nullptr);
  CheckOptions options;
  options.only_rules = {"DOSSIER-TITLE"};
  v1::Report report = RunCheck(*checker, ParseDossier(kDossier), options);
  ASSERT_EQ(report.findings_size(), 1);
  EXPECT_EQ(report.findings(0).rule_id(), "DOSSIER-TITLE");
  options.only_rules = {"NOPE"};
  EXPECT_FALSE(checker->Check(ParseDossier(kDossier), options).ok());

  CheckOptions failures_only;
  failures_only.keep_passing_findings = false;
  v1::Report short_report = RunCheck(*checker, ParseDossier(kDossier), failures_only);
  for (const Finding& finding : short_report.findings()) {
    EXPECT_NE(finding.status(), Finding::PASS);
    EXPECT_NE(finding.status(), Finding::NOT_APPLICABLE);
  }
  EXPECT_EQ(short_report.counts().pass(), RunCheck(*checker, ParseDossier(kDossier)).counts().pass());
}

// A diagnostic at `file`:`line`:`column` whose message contains `message`.
MATCHER_P4(IsAt, file, line, column, message, "") {
  return arg.file == file && arg.line == line && arg.column == column &&
         arg.message.find(message) != std::string::npos;
}

// The problems that refuse `pack`, loaded as a file named `file`.
std::vector<io::Diagnostic> LoadProblems(const std::string& file, const std::string& pack) {
  CheckerOptions options;
  options.rule_sources = {{file, pack}};
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Create(options, &diagnostics);
  EXPECT_EQ(checker.status().code(), absl::StatusCode::kInvalidArgument);
  return diagnostics;
}

TEST(CheckerTest, RefusesBrokenExpressionsAtTheirFilePosition) {
  const std::string pack = R"pb(framework { id: "GDPR" title { en: "GDPR" } }
rule {
  id: "BAD"
  severity: LOW
  title { en: "Bad" }
  for_each: "breaches"
  require: "record.people_affected > 0 && record.peeple_affected < 10"
  message { en: "Breach ${record.idd}" }
  reference { framework: "GDPR" citation: "x" }
}
rule {
  id: "NOT-BOOL"
  severity: LOW
  title { en: "Not a bool" }
  require: "dossier.title"
  reference { framework: "GDPR" citation: "x" }
}
)pb";
  std::vector<io::Diagnostic> diagnostics = LoadProblems("broken.textpb", pack);
  EXPECT_THAT(diagnostics,
              ElementsAre(
                  // `  require: "record.people_affected > 0 && record.peeple_affected < 10"`: the expression starts
                  // at column 13; the select of `peeple_affected` is its `.` at offset 36 of the expression.
                  IsAt("broken.textpb", 7, 13 + 36, "rule 'BAD' require"),
                  // `  message { en: "Breach ${record.idd}" }`: the value starts at column 18, the `.` of `.idd` is
                  // 15 further.
                  IsAt("broken.textpb", 8, 18 + 15, "rule 'BAD' message"),
                  IsAt("broken.textpb", 15, 13, "must be a bool expression, not string")));
}

TEST(CheckerTest, RefusesMisspeltAndMistypedParametersAndSyntaxErrorsAtTheirFilePosition) {
  const std::string pack = R"pb(framework { id: "F" title { en: "F" } }
param { name: "restore_test_period" default_value { duration_value: "365d" } }
param { name: "limit" default_value { int_value: 3 } }
rule {
  id: "TYPO"
  severity: LOW
  title { en: "Typo" } reference { framework: "F" citation: "x" }
  require: "now - dossier.as_of <= params.restore_tset_period"
}
rule {
  id: "WRONG-TYPE"
  severity: LOW
  title { en: "Wrong type" } reference { framework: "F" citation: "x" }
  require: "params.restore_test_period > params.limit"
}
rule {
  id: "RIGHT-TYPES"
  severity: LOW
  title { en: "Right types" } reference { framework: "F" citation: "x" }
  message { en: "${params.limit + 1} and ${params.restore_test_period}" }
  require: "params.limit > 0 && params.restore_test_period > duration('1h')"
}
rule {
  id: "SYNTAX"
  severity: LOW
  title { en: "Syntax" } reference { framework: "F" citation: "x" }
  message { en: "Breach ${record.id" }
  require: "dossier.title == 'x' &&"
}
)pb";
  EXPECT_THAT(
      LoadProblems("params.textpb", pack),
      ElementsAre(
          // `  require: "now - ...`: the expression starts at column 13; the `.` of `.restore_tset_period` is at
          // offset 29.
          IsAt("params.textpb", 8, 13 + 29,
               "rule 'TYPO' require: undefined field 'restore_tset_period' (did you mean 'restore_test_period'?)"),
          // The `>` comparing a duration with an int, at offset 27.
          IsAt("params.textpb", 14, 13 + 27,
               "rule 'WRONG-TYPE' require: found no matching overload for '_>_' applied to '(duration, int)'"),
          // `  message { en: "Breach ${record.id" }`: the value starts at column 18, the `${` is 7 further.
          IsAt("params.textpb", 27, 18 + 7, "rule 'SYNTAX' message: '${' without a matching '}'"),
          // `  require: "dossier.title == 'x' &&"`: the expression starts at column 13 and ends at offset 23.
          IsAt("params.textpb", 28, 13 + 23, "rule 'SYNTAX' require: Syntax error")));
}

// Rules over three record types, one of each broken, so that each thread has problems to report.
constexpr char kPackOverSeveralTypes[] = R"pb(framework { id: "F" title { en: "F" } }
rule { id: "B-1" severity: LOW title { en: "B" } reference { framework: "F" citation: "x" }
       for_each: "breaches" require: "record.people_affected >= 0" }
rule { id: "P-1" severity: LOW title { en: "P" } reference { framework: "F" citation: "x" }
       for_each: "processors" require: "record.name != ''" }
rule { id: "D-1" severity: LOW title { en: "D" } reference { framework: "F" citation: "x" }
       require: "dossier.title != ''" }
rule { id: "B-2" severity: LOW title { en: "B" } reference { framework: "F" citation: "x" }
       for_each: "breaches" require: "record.people_affected >= 0 && record.id != ''" }
rule { id: "P-2" severity: LOW title { en: "P" } reference { framework: "F" citation: "x" }
       for_each: "processors" require: "record.name != '' BROKEN" }
rule { id: "D-2" severity: LOW title { en: "D" } reference { framework: "F" citation: "x" }
       require: "dossier.titel != ''" }
rule { id: "B-3" severity: LOW title { en: "B" } reference { framework: "F" citation: "x" }
       for_each: "breaches" require: "record.people_affected" }
)pb";

TEST(CheckerTest, CompilesAlikeOnOneThreadOrSeveral) {
  std::vector<std::string> expected;
  for (int threads : {1, 2, 4}) {
    CheckerOptions options;
    options.rule_sources = {{"types.textpb", kPackOverSeveralTypes}};
    options.compile_threads = threads;
    std::vector<io::Diagnostic> diagnostics;
    EXPECT_EQ(Checker::Create(options, &diagnostics).status().code(), absl::StatusCode::kInvalidArgument);
    std::vector<std::string> problems;
    for (const io::Diagnostic& diagnostic : diagnostics) problems.push_back(diagnostic.ToString());
    EXPECT_EQ(problems.size(), 3u) << threads;
    if (threads == 1) expected = problems;
    EXPECT_EQ(problems, expected) << threads;
  }
  for (int threads : {1, 2, 4}) {
    CheckerOptions options;
    options.rule_sources = {{"pack.textpb", kPack}};
    options.compile_threads = threads;
    absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Create(options);
    ASSERT_TRUE(checker.ok()) << checker.status();
    EXPECT_EQ(ToJson(RunCheck(**checker, ParseDossier(kDossier))), ToJson(RunCheck(*MakeChecker(), ParseDossier(kDossier))));
  }
}

TEST(CheckerTest, ReportsEachRuleOnceOnTheCallingThreadAndCancels) {
  for (int threads : {1, 4}) {
    CheckerOptions options;
    options.rule_sources = {{"pack.textpb", kPack}};
    options.compile_threads = threads;
    std::vector<std::string> reported;
    const std::thread::id caller = std::this_thread::get_id();
    options.on_compile = [&](size_t done, size_t total, std::string_view rule_id) {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      EXPECT_EQ(done, reported.size());
      EXPECT_EQ(total, 3u);
      reported.emplace_back(rule_id);
      return true;
    };
    ASSERT_TRUE(Checker::Create(options).ok());
    std::sort(reported.begin(), reported.end());
    EXPECT_THAT(reported, ElementsAre("BREACH-NOTIFIED", "BREACH-RATIO", "DOSSIER-TITLE")) << threads;

    size_t calls = 0;
    options.on_compile = [&](size_t, size_t, std::string_view) { return ++calls < 2; };
    EXPECT_EQ(Checker::Create(options).status().code(), absl::StatusCode::kCancelled) << threads;
    EXPECT_EQ(calls, 2u) << threads;
  }
}

TEST(ParseSeverityTest, AcceptsTheFiveNamesInAnyCase) {
  EXPECT_EQ(*ParseSeverity("high"), v1::Rule::HIGH);
  EXPECT_EQ(*ParseSeverity("CRITICAL"), v1::Rule::CRITICAL);
  EXPECT_FALSE(ParseSeverity("SEVERITY_UNSPECIFIED").ok());
  EXPECT_FALSE(ParseSeverity("severe").ok());
  EXPECT_FALSE(ParseSeverity("").ok());
}

}  // namespace
}  // namespace hdsc::check
