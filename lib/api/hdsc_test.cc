#include "lib/api/hdsc.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/starter/testing.h"

namespace hdsc {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kExample[] = "controls/examples/university-hospital.json";

const absl::Time kNow = absl::FromUnixSeconds(1764547200);  // 2025-12-01T00:00:00Z

std::unique_ptr<Checker> CompileOrDie(CompileOptions options) {
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Compile(options);
  EXPECT_TRUE(checker.ok()) << checker.status();
  return checker.ok() ? *std::move(checker) : nullptr;
}

CheckOptions FixedTime() {
  CheckOptions options;
  options.now = kNow;
  return options;
}

TEST(CheckerTest, ChecksAFileWithTheBundledPacks) {
  CompileOptions compile;
  compile.profile = "hospital";
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  EXPECT_GT(checker->rule_count(), 50u);
  absl::StatusOr<Result> result = checker->Check(DossierSource::File(kExample), FixedTime());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->report.profile(), "hospital");
  EXPECT_EQ(result->report.dossier().path(), kExample);
  EXPECT_GT(result->report.counts().fail(), 0);
  EXPECT_TRUE(result->HasFailureAtOrAbove(v1::Rule::INFO));
  result->Findings().ForEach([](const v1::Finding& finding) {
    EXPECT_GT(finding.references_size(), 0) << finding.rule_id();
    EXPECT_FALSE(finding.title().empty()) << finding.rule_id();
    if (finding.status() == v1::Finding::FAIL) EXPECT_FALSE(finding.remediation().empty()) << finding.rule_id();
  });
}

TEST(CheckerTest, BytesFileAndMessageGiveTheSameFindings) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<std::string> bytes = ReadFile(kExample);
  ASSERT_TRUE(bytes.ok());
  // No extension: the format comes from the content.
  absl::StatusOr<Result> from_bytes = checker->Check(DossierSource::Bytes(*bytes, "dossier"), FixedTime());
  absl::StatusOr<Result> from_file = checker->Check(DossierSource::File(kExample), FixedTime());
  absl::StatusOr<LoadedDossier> loaded = LoadDossier(DossierSource::File(kExample));
  ASSERT_TRUE(loaded.ok());
  absl::StatusOr<Result> from_message = checker->Check(DossierSource::Message(loaded->dossier), FixedTime());
  ASSERT_TRUE(from_bytes.ok() && from_file.ok() && from_message.ok());
  EXPECT_EQ(from_bytes->report.dossier().sha256(), from_file->report.dossier().sha256());
  EXPECT_EQ(from_bytes->Findings().size(), from_file->Findings().size());
  EXPECT_EQ(from_message->Findings().size(), from_file->Findings().size());
  EXPECT_EQ(from_message->report.counts().fail(), from_file->report.counts().fail());
}

TEST(CheckerTest, ADossierReadWhileThePacksCompileChecksAsItsFileDoes) {
  // As hdscheck check does with a small dossier: the dossier read and the packs compiled at once, on two threads
  // (and the packs on several).
  absl::StatusOr<LoadedDossier> loaded;
  std::thread reader([&loaded] { loaded = LoadDossier(DossierSource::File(kExample)); });
  std::unique_ptr<Checker> checker = CompileOrDie({});
  reader.join();
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<Result> from_file = checker->Check(DossierSource::File(kExample), FixedTime());
  ASSERT_TRUE(from_file.ok() && loaded.ok());
  absl::StatusOr<Result> from_loaded = checker->Check(*std::move(loaded), FixedTime());
  ASSERT_TRUE(from_loaded.ok()) << from_loaded.status();
  absl::StatusOr<std::string> file_json = Render(*from_file, ReportFormat::kJson);
  absl::StatusOr<std::string> loaded_json = Render(*from_loaded, ReportFormat::kJson);
  ASSERT_TRUE(file_json.ok() && loaded_json.ok());
  EXPECT_EQ(*loaded_json, *file_json);
  // The options are checked as for a source.
  CheckOptions wrong = FixedTime();
  wrong.max_evaluation_steps = 0;
  absl::StatusOr<LoadedDossier> again = LoadDossier(DossierSource::File(kExample));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(checker->Check(*std::move(again), wrong).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckerTest, AnInvalidDossierCarriesLocatedProblems) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<Result> result =
      checker->Check(DossierSource::Bytes("{\n  \"organisation\": 3\n}\n", "bad.json"), FixedTime());
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<Diagnostic> problems = DiagnosticsOf(result.status());
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].file, "bad.json");
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_GT(problems[0].column, 0);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("bad.json:2:"));

  // A caller's name that is not UTF-8 keeps its problems, byte for byte.
  const std::string latin1_name = "d\xe9clar\xe9.json";
  result = checker->Check(DossierSource::Bytes("{\n  \"organisation\": 3\n}\n", latin1_name), FixedTime());
  problems = DiagnosticsOf(result.status());
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].file, latin1_name);
  EXPECT_EQ(problems[0].line, 2);
}

TEST(CheckerTest, PacksFromMemoryAndTypedParameters) {
  CompileOptions compile;
  compile.rule_texts.push_back({"mine.textpb", R"pb(
    framework { id: "MINE" title { en: "House rules" } version: "1" }
    param { name: "max_age" default_value { duration_value: "30d" } }
    rule {
      id: "MINE-1"
      title { en: "Activities are described" }
      severity: HIGH
      for_each: "processing_activities"
      require: "record.name != '' && duration('1h') < params.max_age"
      reference { framework: "MINE" citation: "§1" }
    }
  )pb"});
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  EXPECT_EQ(checker->rule_count(), 1u);

  compile.params["max_age"] = "72h";
  EXPECT_NE(CompileOrDie(compile), nullptr);
  compile.params["max_age"] = "twelve";
  EXPECT_EQ(Checker::Compile(compile).status().code(), absl::StatusCode::kInvalidArgument);
  compile.params.clear();
  compile.params["max_agee"] = "72h";
  EXPECT_EQ(Checker::Compile(compile).status().code(), absl::StatusCode::kInvalidArgument);

  compile.params.clear();
  compile.rule_texts[0].contents =
      "framework { id: \"MINE\" title { en: \"House rules\" } version: \"1\" }\n"
      "rule { id: \"MINE-2\" title { en: \"t\" } severity: LOW reference { framework: \"MINE\" citation: \"§1\" }\n"
      "  require: \"params.typo > 1\" }";
  absl::StatusOr<std::unique_ptr<Checker>> broken = Checker::Compile(compile);
  ASSERT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<Diagnostic> problems = DiagnosticsOf(broken.status());
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].file, "mine.textpb");
  EXPECT_EQ(problems[0].line, 3);
}

TEST(CheckerTest, AListParameterIsReadFromCommaSeparatedText) {
  CompileOptions compile;
  compile.rule_texts.push_back({"mine.textpb", R"pb(
    framework { id: "MINE" title { en: "House rules" } version: "1" }
    param { name: "allowed" default_value { string_list_value { values: "FR" } } }
    rule {
      id: "MINE-1"
      title { en: "Allowed country" }
      severity: LOW
      require: "dossier.organization.country in params.allowed"
      reference { framework: "MINE" citation: "§1" }
    }
  )pb"});
  v1::Dossier dossier;
  dossier.mutable_organization()->set_country("RE");
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<Result> result = checker->Check(DossierSource::Message(dossier), FixedTime());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->report.counts().fail(), 1);

  compile.params["allowed"] = "FR, RE";
  checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  result = checker->Check(DossierSource::Message(dossier), FixedTime());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->report.counts().pass(), 1);
}

TEST(CheckerTest, ProgressReportsEveryRuleAndCancels) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  CheckOptions options = FixedTime();
  int64_t last_done = -1;
  int64_t total = 0;
  options.progress = [&](const Progress& progress) {
    if (progress.stage == Progress::Stage::kChecking) {
      EXPECT_EQ(progress.done, last_done + 1);
      EXPECT_FALSE(progress.rule_id.empty());
      last_done = progress.done;
      total = progress.total;
    }
    return true;
  };
  ASSERT_TRUE(checker->Check(DossierSource::File(kExample), options).ok());
  EXPECT_EQ(total, static_cast<int64_t>(checker->rule_count()));
  EXPECT_EQ(last_done + 1, total);

  int calls = 0;
  options.progress = [&](const Progress&) { return ++calls < 3; };
  EXPECT_EQ(checker->Check(DossierSource::File(kExample), options).status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 3);
}

TEST(CheckerTest, CompileProgressReadsThePacksThenCompilesEachRule) {
  CompileOptions compile;
  std::vector<Progress::Stage> stages;
  int64_t last_done = -1;
  int64_t total = 0;
  compile.progress = [&](const Progress& progress) {
    if (stages.empty() || stages.back() != progress.stage) stages.push_back(progress.stage);
    if (progress.stage == Progress::Stage::kCompiling) {
      EXPECT_EQ(progress.done, last_done + 1);
      EXPECT_FALSE(progress.rule_id.empty());
      last_done = progress.done;
      total = progress.total;
    }
    return true;
  };
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  EXPECT_EQ(stages, (std::vector<Progress::Stage>{Progress::Stage::kReadingPacks, Progress::Stage::kCompiling}));
  EXPECT_EQ(last_done + 1, total);
  EXPECT_GE(total, static_cast<int64_t>(checker->rule_count()));

  int calls = 0;
  compile.progress = [&](const Progress&) { return ++calls < 5; };
  EXPECT_EQ(Checker::Compile(compile).status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 5);
}

TEST(CheckerTest, BaselineMarksKnownFailures) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<Result> first = checker->Check(DossierSource::File(kExample), FixedTime());
  ASSERT_TRUE(first.ok());
  absl::StatusOr<std::string> json = Render(*first, ReportFormat::kJson);
  ASSERT_TRUE(json.ok());
  CheckOptions options = FixedTime();
  options.baseline = Document{"old.json", *json};
  absl::StatusOr<Result> second = checker->Check(DossierSource::File(kExample), options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->HasFailureAtOrAbove(v1::Rule::INFO));
  EXPECT_EQ(second->report.baseline().path(), "old.json");
  options.baseline = Document{"old.json", "not json"};
  EXPECT_EQ(checker->Check(DossierSource::File(kExample), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckerTest, BudgetsForTheWholeCheck) {
  CompileOptions compile;
  compile.rule_texts.push_back({"slow.textpb", R"pb(
    framework { id: "MINE" title { en: "House rules" } version: "1" }
    rule {
      id: "MINE-PAIRS"
      title { en: "Every pair of activities is looked at" }
      severity: LOW
      for_each: "processing_activities"
      require: "dossier.processing_activities.all(a, dossier.processing_activities.all(b, true))"
      reference { framework: "MINE" citation: "§1" }
    }
  )pb"});
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  std::string dossier = "{\"processing_activities\": [";
  for (int i = 0; i < 60; ++i) absl::StrAppend(&dossier, i ? "," : "", "{\"id\": \"pa-", i, "\"}");
  dossier += "]}";
  CheckOptions options = FixedTime();
  // 60 subjects x (60 + 60 x 60) steps = 219,600: the default budget passes them all.
  absl::StatusOr<Result> result = checker->Check(DossierSource::Bytes(dossier), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->report.counts().pass(), 60);
  // A budget of 20,000 steps: the first subjects pass, the rest are ERROR findings that name the budget.
  options.max_evaluation_steps = 20'000;
  result = checker->Check(DossierSource::Bytes(dossier), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->report.counts().error(), 50);
  bool named = false;
  result->Findings().ForEach([&](const v1::Finding& finding) {
    named = named || absl::StrContains(finding.message(), "budget of 20000 evaluation steps");
  });
  EXPECT_TRUE(named);
  options.max_evaluation_steps = 0;
  EXPECT_EQ(checker->Check(DossierSource::Bytes(dossier), options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.max_evaluation_steps = kDefaultMaxEvaluationSteps;
  options.time_limit = absl::Nanoseconds(1);
  absl::StatusOr<Result> late = checker->Check(DossierSource::Bytes(dossier), options);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(late.status().message()), HasSubstr("MINE-PAIRS"));
}

TEST(CheckerTest, NowOutsideTheCalendarIsRefused) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  CheckOptions options;
  options.now = absl::FromUnixSeconds(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(checker->Check(DossierSource::File(kExample), options).status().code(),
            absl::StatusCode::kInvalidArgument);
  EvalOptions eval;
  eval.now = absl::InfinitePast();
  EXPECT_EQ(Eval("now", eval).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckerTest, ConcurrentChecksAgree) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  std::atomic<int> agreeing{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      absl::StatusOr<Result> result = checker->Check(DossierSource::File(kExample), FixedTime());
      absl::StatusOr<std::string> json = result.ok() ? Render(*result, ReportFormat::kJson)
                                                     : absl::StatusOr<std::string>(result.status());
      if (json.ok() && !json->empty()) ++agreeing;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(agreeing, 4);
}

TEST(RenderTest, EveryFormatRendersAndRoundTrips) {
  std::unique_ptr<Checker> checker = CompileOrDie({});
  ASSERT_NE(checker, nullptr);
  absl::StatusOr<Result> result = checker->Check(DossierSource::File(kExample), FixedTime());
  ASSERT_TRUE(result.ok());
  ASSERT_THAT(AllReportFormats(), SizeIs(7));
  for (ReportFormat format : AllReportFormats()) {
    absl::StatusOr<std::string> rendered = Render(*result, format);
    ASSERT_TRUE(rendered.ok()) << ReportFormatName(format);
    EXPECT_FALSE(rendered->empty());
    EXPECT_EQ(*ParseReportFormat(ReportFormatName(format)), format);
  }
  absl::StatusOr<std::string> json = Render(*result, ReportFormat::kJson);
  absl::StatusOr<v1::Report> parsed = ParseReport(*json, "report.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(static_cast<size_t>(parsed->findings_size()), result->Findings().size());
  EXPECT_TRUE(DiffReports(*parsed, result->report).new_failures.empty());
}

TEST(SignatureTest, SignsAndVerifies) {
  // An Ed25519 key pair (RFC 8032 test vector 1).
  constexpr char kPrivate[] =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
      "-----END PRIVATE KEY-----\n";
  constexpr char kPublic[] =
      "-----BEGIN PUBLIC KEY-----\n"
      "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
      "-----END PUBLIC KEY-----\n";
  absl::StatusOr<std::string> signature = SignReport("{}", kPrivate);
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_TRUE(VerifyReport("{}", *signature, kPublic).ok());
  EXPECT_EQ(VerifyReport("{ }", *signature, kPublic).code(), absl::StatusCode::kDataLoss);
}

TEST(ValidateTest, DetectsTheFormatFromContent) {
  EXPECT_EQ(DetectDossierFormat(DossierFormat::kAuto, "dossier", "{}"), DossierFormat::kJson);
  EXPECT_EQ(DetectDossierFormat(DossierFormat::kAuto, "dossier", "organisation {}"), DossierFormat::kTextproto);
  EXPECT_EQ(DetectDossierFormat(DossierFormat::kAuto, "d.json", "organisation {}"), DossierFormat::kJson);
  EXPECT_EQ(*DossierFormatFromPath("dir.d/d.TXTPB"), DossierFormat::kTextproto);
  EXPECT_EQ(*DossierFormatFromPath("d.binpb"), DossierFormat::kBinary);
  EXPECT_EQ(DossierFormatFromPath("d.yaml").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DossierFormatFromPath("json").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::vector<Diagnostic>> problems = Validate(DossierSource::Bytes("organisation { name: 3 }"));
  ASSERT_TRUE(problems.ok());
  ASSERT_THAT(*problems, SizeIs(1));
  EXPECT_EQ(problems->front().file, "dossier");
  EXPECT_EQ(Validate(DossierSource::File("no/such/file.json")).status().code(), absl::StatusCode::kNotFound);
}

TEST(EvalTest, EvaluatesWithVariablesAndRefusesAnInvalidDossier) {
  EvalOptions options;
  options.now = kNow;
  options.variables = {{"x", "40"}, {"y", "x + 2"}};
  absl::StatusOr<EvalResult> result = Eval("y", options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->literal, "42");

  result = Eval("1 / 0", options);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->error.ok());

  absl::StatusOr<EvalResult> bad = Eval("1 +", options);
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<Diagnostic> problems = DiagnosticsOf(bad.status());
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].file, "<expr>");
  EXPECT_EQ(problems[0].line, 1);

  options.dossier = DossierSource::Bytes("{\"organisation\": 3}", "bad.json");
  EXPECT_EQ(Eval("true", options).status().code(), absl::StatusCode::kInvalidArgument);
  options.dossier = DossierSource::File(kExample);
  result = Eval("size(dossier.processing_activities) > 0", options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->literal, "true");
}

TEST(NamesTest, LanguagesSeveritiesAndFormatLists) {
  EXPECT_TRUE(CheckLanguage("en").ok());
  EXPECT_TRUE(CheckLanguage("fr").ok());
  EXPECT_EQ(CheckLanguage("de").code(), absl::StatusCode::kInvalidArgument);
  v1::LocalizedText title;
  title.set_en("Breach");
  title.set_fr("Violation");
  EXPECT_EQ(Localized(title, "fr"), "Violation");
  EXPECT_EQ(*ParseSeverity("high"), v1::Rule::HIGH);
  EXPECT_EQ(ParseSeverity("SEVERE").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::vector<ReportFormat>> formats = ParseReportFormats("json,sarif");
  ASSERT_TRUE(formats.ok());
  EXPECT_EQ(*formats, (std::vector<ReportFormat>{ReportFormat::kJson, ReportFormat::kSarif}));
  EXPECT_EQ(ParseReportFormats("json,json").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseReportFormats("pdf").status().code(), absl::StatusCode::kInvalidArgument);
}

// The lists offered by shell completion are exactly what the parsers accept.
TEST(NamesTest, ListsAreWhatTheParsersAccept) {
  EXPECT_EQ(Languages(), (std::vector<std::string>{"en", "fr"}));
  for (const std::string& language : Languages()) EXPECT_TRUE(CheckLanguage(language).ok()) << language;
  EXPECT_EQ(SeverityNames(), (std::vector<std::string>{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}));
  for (const std::string& severity : SeverityNames()) EXPECT_TRUE(ParseSeverity(severity).ok()) << severity;
  EXPECT_EQ(DossierFormatNames(), (std::vector<std::string>{"auto", "json", "textproto", "binary", "xlsx", "ods"}));
  for (const std::string& format : DossierFormatNames()) EXPECT_TRUE(ParseDossierFormat(format).ok()) << format;
}

TEST(CheckerTest, ListsTheProfilesOfThePacks) {
  CompileOptions compile;
  compile.rule_texts.push_back({"mine.textpb", R"pb(
    framework { id: "MINE" title { en: "House rules" } version: "1" }
    profile { id: "small" title { en: "Small office" fr: "Petit cabinet" } framework: "MINE" }
    profile { id: "big" title { en: "Big office" } framework: "MINE" }
  )pb"});
  std::unique_ptr<Checker> checker = CompileOrDie(compile);
  ASSERT_NE(checker, nullptr);
  std::vector<v1::Profile> profiles = checker->Profiles();
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].id(), "big");
  EXPECT_EQ(profiles[1].id(), "small");
  EXPECT_EQ(Localized(profiles[1].title(), "fr"), "Petit cabinet");

  std::vector<std::string> bundled;
  for (const v1::Profile& profile : CompileOrDie({})->Profiles()) bundled.push_back(profile.id());
  EXPECT_THAT(bundled, ::testing::IsSupersetOf({"clinic", "hds-host", "hospital"}));
}

// A checker of the bundled packs with `profile`.
std::unique_ptr<Checker> CheckerFor(const std::string& profile) {
  CompileOptions compile;
  compile.profile = profile;
  return CompileOrDie(compile);
}

TEST(InitTest, StartersValidateAndFailTheCheckOfTheirProfileAtHigh) {
  EXPECT_EQ(InitProfiles(), (std::vector<std::string>{"hospital", "clinic", "hds-host"}));
  const std::vector<std::pair<DossierFormat, std::string>> formats = {
      {DossierFormat::kJson, "starter.json"}, {DossierFormat::kTextproto, "starter.textproto"},
      {DossierFormat::kBinary, "starter.pb"}};
  for (const std::string& profile : InitProfiles()) {
    std::unique_ptr<Checker> checker = CheckerFor(profile);
    ASSERT_NE(checker, nullptr);
    for (const std::string& language : Languages()) {
      for (const auto& [format, name] : formats) {
        SCOPED_TRACE(profile + " " + language + " " + name);
        InitOptions init;
        init.profile = profile;
        init.language = language;
        init.format = format;
        absl::StatusOr<std::string> bytes = InitDossier(init);
        ASSERT_TRUE(bytes.ok()) << bytes.status();
        absl::StatusOr<std::vector<Diagnostic>> problems = Validate(DossierSource::Bytes(*bytes, name));
        ASSERT_TRUE(problems.ok()) << problems.status();
        EXPECT_THAT(*problems, ::testing::IsEmpty());
        absl::StatusOr<Result> result = checker->Check(DossierSource::Bytes(*bytes, name), FixedTime());
        ASSERT_TRUE(result.ok()) << result.status();
        EXPECT_TRUE(result->HasFailureAtOrAbove(v1::Rule::HIGH));
        std::set<std::string> failing;
        result->Findings().ForEach([&](const v1::Finding& finding) {
          if (finding.status() == v1::Finding::FAIL) failing.insert(finding.rule_id());
        });
        EXPECT_THAT(failing, ::testing::IsSupersetOf({"GDPR-DOSSIER-TODO", "GDPR-DOSSIER-ORG", "ISO-DOSSIER-ASSETS",
                                                     "ISO-DOSSIER-BACKUPS", "ISO-DOSSIER-TRAINING", "ISO-DOSSIER-IR",
                                                     "ISO-DOSSIER-EXERCISES", "ISO-SOA-2"}));
        if (profile == "hds-host") EXPECT_THAT(failing, ::testing::IsSupersetOf({"HDS-HOST-1", "HDS-HOST-3"}));
        // The 93 controls are listed: the Statement of Applicability is complete, its lines are to be filled in.
        EXPECT_EQ(failing.count("ISO-SOA-1"), 0u);
      }
    }
  }
}

// GDPR-DOSSIER-TODO sees every placeholder a starter holds: with all the others filled in, any one left fails it.
TEST(InitTest, ThePlaceholderRuleSeesEachPlaceholder) {
  for (const std::string& profile : InitProfiles()) {
    std::unique_ptr<Checker> checker = CheckerFor(profile);
    ASSERT_NE(checker, nullptr);
    for (const std::string& language : Languages()) {
      InitOptions init;
      init.profile = profile;
      init.language = language;
      init.format = DossierFormat::kBinary;
      v1::Dossier starter;
      ASSERT_TRUE(starter.ParseFromString(*InitDossier(init)));
      const std::string prefix = language == "fr" ? "À compléter : " : "To fill in: ";
      const size_t count = starter::testing::Placeholders(starter, prefix).size();
      ASSERT_GE(count, 10u);
      for (size_t kept = 0; kept <= count; ++kept) {
        v1::Dossier dossier = starter;
        const std::vector<starter::testing::Placeholder> placeholders = starter::testing::Placeholders(dossier, prefix);
        for (size_t i = 0; i < placeholders.size(); ++i) {
          if (i != kept) placeholders[i].set("filled in");
        }
        CheckOptions options = FixedTime();
        options.only_rules = {"GDPR-DOSSIER-TODO"};
        absl::StatusOr<Result> result = checker->Check(DossierSource::Message(dossier), options);
        ASSERT_TRUE(result.ok()) << result.status();
        const base::ReportFindings findings = result->Findings();
        ASSERT_EQ(findings.size(), 1u);
        const std::string what = kept < count ? placeholders[kept].field->full_name() : "nothing";
        v1::Finding scratch;
        EXPECT_EQ(findings.Get(0, &scratch).status(), kept < count ? v1::Finding::FAIL : v1::Finding::PASS)
            << profile << " " << language << ": placeholder left in " << what;
      }
    }
  }
}

TEST(InitTest, RefusesUnknownProfilesAndLanguages) {
  InitOptions init;
  init.profile = "pharmacy";
  EXPECT_EQ(InitDossier(init).status().code(), absl::StatusCode::kInvalidArgument);
  init.profile = "clinic";
  init.language = "de";
  absl::StatusOr<std::string> german = InitDossier(init);
  EXPECT_EQ(german.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(german.status().message(), HasSubstr("'de'"));
}

TEST(FixturesTest, CountsFixturesExpectationsAndPackFiles) {
  FixtureOptions options;
  options.paths = {"controls/gdpr"};
  options.extra_rule_paths = {"controls"};
  absl::StatusOr<FixtureResult> result = RunFixtures(options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->fixtures, 0);
  EXPECT_GE(result->expectations, result->fixtures);
  EXPECT_GT(result->pack_files, 1);
  EXPECT_THAT(result->failures, SizeIs(0));
}

TEST(DefaultRulesDirTest, PrefersTheEnvironmentVariable) {
  setenv("HDSC_RULES_DIR", "/somewhere/packs", 1);
  EXPECT_EQ(DefaultRulesDir(), "/somewhere/packs");
  unsetenv("HDSC_RULES_DIR");
}

TEST(DefaultRulesDirTest, FindsTheBundledPacksInTheRunfiles) {
  unsetenv("HDSC_RULES_DIR");
  const std::string dir = DefaultRulesDir();
  EXPECT_TRUE(absl::EndsWith(dir, "controls")) << dir;
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / "profiles" / "profiles.textpb")) << dir;
}

TEST(CheckerTest, PacksDigestDependsOnContentsNotPlace) {
  CompileOptions here;
  here.rule_paths = {"controls"};
  CompileOptions there;
  there.rule_paths = {std::filesystem::absolute("controls").string()};
  std::unique_ptr<Checker> a = CompileOrDie(here);
  std::unique_ptr<Checker> b = CompileOrDie(there);
  ASSERT_TRUE(a != nullptr && b != nullptr);
  EXPECT_EQ(a->PacksDigest(), b->PacksDigest());
  EXPECT_EQ(a->PacksDigest().size(), 64u);
}

}  // namespace
}  // namespace hdsc
