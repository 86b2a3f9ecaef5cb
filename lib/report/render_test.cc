#include "lib/report/render.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/base/findings.h"
#include "lib/base/compact_findings.h"
#include "lib/model/dossier.pb.h"
#include "lib/report/test_report.h"
#include "lib/report/writers.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;

TEST(RenderTest, SampleReportParses) { EXPECT_EQ(testing::SampleReport().findings_size(), 5); }

TEST(RenderTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseFormat("sarif"), Format::kSarif);
  EXPECT_EQ(*ParseFormat("HTML"), Format::kHtml);
  EXPECT_EQ(*ParseFormat("markdown"), Format::kMarkdown);
  EXPECT_EQ(*ParseFormat("md"), Format::kMarkdown);
  absl::StatusOr<Format> unknown = ParseFormat("pdf");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("pdf"));
}

TEST(RenderTest, ParsesFormatLists) {
  absl::StatusOr<std::vector<Format>> formats = ParseFormatList("text,json,sarif,junit,html,oscal,md");
  ASSERT_TRUE(formats.ok()) << formats.status();
  EXPECT_EQ(*formats, AllFormats());
  EXPECT_FALSE(ParseFormatList("json,json").ok());
  EXPECT_FALSE(ParseFormatList("json,").ok());
}

TEST(RenderTest, EveryFormatHasItsOwnFile) {
  std::set<std::string_view> names;
  for (Format format : AllFormats()) names.insert(FormatFileName(format));
  EXPECT_EQ(names.size(), AllFormats().size());
  EXPECT_EQ(FormatFileName(Format::kSarif), "report.sarif");
}

TEST(RenderTest, JsonRoundTripsWithProtoFieldNames) {
  const v1::Report report = testing::SampleReport();
  absl::StatusOr<std::string> json = Render(report, Format::kJson, RenderOptions());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"rule_id\": \"GDPR-33-1\""));
  EXPECT_THAT(*json, HasSubstr("\"subject_id\": \"b-2026-01\""));
  v1::Report parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &parsed).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, report));
}

TEST(RenderTest, EveryFormatIsDeterministic) {
  const v1::Report report = testing::SampleReport();
  for (Format format : AllFormats()) {
    absl::StatusOr<std::string> first = Render(report, format, RenderOptions());
    absl::StatusOr<std::string> second = Render(report, format, RenderOptions());
    ASSERT_TRUE(first.ok() && second.ok()) << FormatName(format);
    EXPECT_EQ(*first, *second) << FormatName(format);
    EXPECT_FALSE(first->empty()) << FormatName(format);
  }
}

TEST(RenderTest, TextUsesTheCheckRenderer) {
  absl::StatusOr<std::string> text = Render(testing::SampleReport(), Format::kText, RenderOptions());
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("GDPR-33-1"));
}

// Findings kept apart are written exactly where and as the protobuf printer writes them in the report, texts that
// it escapes its own way included: controls, '<' and '>', DEL and C1 controls, the invisible characters it escapes
// (some as surrogate pairs), and text that is not UTF-8.
TEST(RenderTest, JsonWithCompactFindingsKeptApartIsTheProtobufPrintersOutput) {
  v1::Dossier dossier;
  std::vector<std::string> ids = {"pa-1",
                                  "pa <2> \"quoted\"",
                                  "pa-é\u2028\x7f",
                                  "",
                                  "\x01\b\t\n\f\r\x1f\\/",
                                  "\u0085\u00a0\u00ad\u0601\u06dd\u070f\u17b4\u200b\u202e\u2060\u206a\ufeff\ufffa\uffff",
                                  "\U000e0001\U0001d173\U000e0041\U0001F600\u4e2d",
                                  "not UTF-8: \xff\xc3",
                                  // Longer than a word, with a character to escape in each position of one.
                                  "abcdefgh<ijklmno\"pqrstuvwxyz\\0123456\x1f" "789ABCDEFGHIJ\x7f",
                                  "long enough plain text, then é and >"};
  // Every length to past two chunks of sixteen bytes, with a character to escape at each place.
  for (size_t length = 1; length <= 33; ++length) {
    for (size_t at = 0; at < length; ++at) {
      std::string id(length, 'x');
      id[at] = at % 2 == 0 ? '"' : '\x7f';
      ids.push_back(std::move(id));
    }
  }
  for (const std::string& id : ids) dossier.add_processing_activities()->set_id(id);
  v1::Report apart = testing::SampleReport();
  base::CompactFindings passing;
  base::CompactFindings::RuleTexts texts;
  texts.rule_id = "GDPR-30-9";
  texts.severity = v1::Rule::MEDIUM;
  texts.title = "Le registre décrit <chaque> traitement";
  v1::Reference* reference = texts.references.Add();
  reference->set_framework("GDPR");
  reference->set_citation("Art. 30(1)");
  texts.references.Add()->set_text("only a text");
  passing.StartRule(texts, "processing_activities", base::SubjectPathFormat({"processing_activities"}, {true}));
  for (int i = 0; i < dossier.processing_activities_size(); ++i) {
    const std::vector<int> indices = {i};
    passing.Add(i == 2 ? v1::Finding::NOT_APPLICABLE : v1::Finding::PASS, &dossier.processing_activities(i),
                &indices);
  }
  texts.rule_id = "GDPR-5-1";
  texts.remediation = "Décrire <chaque> durée";
  passing.StartRule(texts, "processing_activities", base::SubjectPathFormat({"processing_activities"}, {true}));
  for (int i = 0; i < dossier.processing_activities_size(); ++i) {
    const std::vector<int> indices = {i};
    passing.Add(v1::Finding::FAIL, &dossier.processing_activities(i), &indices,
                "Record '" + ids[static_cast<size_t>(i)] + "' has no retention period");
  }
  passing.MarkInBaseline(0);
  texts.rule_id = "ISMS-1";
  texts.severity = v1::Rule::SEVERITY_UNSPECIFIED;
  passing.StartDossierRule(texts);
  passing.Add(v1::Finding::PASS, nullptr, nullptr);

  // The same report with every finding in it, sorted as checks sort them.
  v1::Report whole = apart;
  const base::ReportFindings findings(apart, &passing);
  whole.clear_findings();
  v1::Finding scratch;
  for (size_t i = 0; i < findings.size(); ++i) *whole.add_findings() = findings.Get(i, &scratch);
  ASSERT_EQ(whole.findings_size(), apart.findings_size() + 2 * static_cast<int>(ids.size()) + 1);
  EXPECT_TRUE(std::is_sorted(whole.findings().begin(), whole.findings().end(), base::InReportOrder));

  RenderOptions options;
  options.compact_findings = &passing;
  absl::StatusOr<std::string> streamed = Render(apart, Format::kJson, options);
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  std::string printed;
  google::protobuf::util::JsonPrintOptions print_options;
  print_options.add_whitespace = true;
  print_options.preserve_proto_field_names = true;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(whole, &printed, print_options).ok());
  EXPECT_EQ(*streamed, printed);
  EXPECT_THAT(*streamed, HasSubstr("\\u003c2\\u003e"));
  EXPECT_THAT(*streamed, HasSubstr("\\udb40\\udc01"));
  EXPECT_THAT(*streamed, HasSubstr("\"in_baseline\": true"));
}

// A report of thousands of findings is written a block at a time, by two threads on a machine of several cores when
// the blocks are many: the blocks in order, each as the printer writes it.
TEST(RenderTest, ManyFindingsAreWrittenInOrderAsThePrinterWritesThem) {
  v1::Dossier dossier;
  for (int i = 0; i < 1500; ++i) dossier.add_processing_activities()->set_id(absl::StrCat("PA-", i));
  v1::Report apart = testing::SampleReport();
  base::CompactFindings kept;
  base::CompactFindings::RuleTexts texts;
  texts.severity = v1::Rule::HIGH;
  texts.title = "Each record says why";
  for (const char* rule : {"R-1", "R-2", "R-3"}) {
    texts.rule_id = rule;
    kept.StartRule(texts, "processing_activities", base::SubjectPathFormat({"processing_activities"}, {true}));
    for (int i = 0; i < dossier.processing_activities_size(); ++i) {
      const std::vector<int> indices = {i};
      if (i % 7 == 0) {
        kept.Add(v1::Finding::FAIL, &dossier.processing_activities(i), &indices, absl::StrCat("Record ", i, " fails"));
      } else {
        kept.Add(v1::Finding::PASS, &dossier.processing_activities(i), &indices);
      }
    }
  }
  v1::Report whole = apart;
  const base::ReportFindings findings(apart, &kept);
  whole.clear_findings();
  v1::Finding scratch;
  for (size_t i = 0; i < findings.size(); ++i) *whole.add_findings() = findings.Get(i, &scratch);
  ASSERT_GT(whole.findings_size(), 4500);

  RenderOptions options;
  options.compact_findings = &kept;
  std::string printed;
  google::protobuf::util::JsonPrintOptions print_options;
  print_options.add_whitespace = true;
  print_options.preserve_proto_field_names = true;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(whole, &printed, print_options).ok());
  for (int round = 0; round < 3; ++round) {
    absl::StatusOr<std::string> streamed = Render(apart, Format::kJson, options);
    ASSERT_TRUE(streamed.ok()) << streamed.status();
    EXPECT_EQ(*streamed, printed);
  }
  // In blocks small enough for the second thread to write every other one (on a machine of several cores), and
  // for a block to end at the last finding.
  for (const internal::JsonBlocks blocks : {internal::JsonBlocks{100, 2}, internal::JsonBlocks{7, 2},
                                            internal::JsonBlocks{static_cast<size_t>(whole.findings_size()), 1}}) {
    std::string streamed;
    ASSERT_TRUE(internal::WriteJson(apart, options,
                                    [&](std::string_view text) {
                                      streamed.append(text);
                                      return absl::OkStatus();
                                    },
                                    blocks)
                    .ok());
    EXPECT_EQ(streamed, printed) << blocks.findings;
  }
}

}  // namespace
}  // namespace hdsc::report
