#include "lib/report/evidence.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/base/hash.h"

namespace hdsc::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// SHA-256 of "restore test ok\n".
constexpr char kRestoreDigest[] = "a0c9a7f7c5e2d3d6e0b0f7f2f7f0a9c7b2e6d4f1c3a5b7d9e1f3a5c7e9b1d3f5";

class EvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(std::getenv("TEST_TMPDIR")) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "reports");
    Write("reports/restore.txt", "restore test ok\n");
  }

  void Write(const std::string& relative, const std::string& content) {
    std::ofstream(root_ / relative, std::ios::binary) << content;
  }

  std::string DigestOf(const std::string& relative) { return *base::Sha256HexOfFile((root_ / relative).string()); }

  v1::Dossier Dossier(const std::string& location, const std::string& sha256, int64_t valid_until = 0) {
    v1::Dossier dossier;
    const std::string text = R"pb(
      isms {
        statement_of_applicability { id: "8.13" evidence_ids: "ev-restore" }
        statement_of_applicability { id: "5.1" }
      }
      evidence { id: "ev-restore" title: "Restore test" }
    )pb";
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &dossier));
    v1::Evidence* evidence = dossier.mutable_evidence(0);
    evidence->set_location(location);
    evidence->set_sha256(sha256);
    if (valid_until != 0) evidence->mutable_valid_until()->set_seconds(valid_until);
    return dossier;
  }

  EvidenceCheckResult Check(const v1::Dossier& dossier) {
    EvidenceCheckOptions options;
    options.root = root_.string();
    options.now = absl::FromUnixSeconds(1795824000);  // 2026-11-28
    absl::StatusOr<EvidenceCheckResult> result = CheckEvidence(dossier, options);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : EvidenceCheckResult();
  }

  fs::path root_;
};

TEST_F(EvidenceTest, MatchingFileGivesNoFinding) {
  EXPECT_TRUE(Check(Dossier("reports/restore.txt", DigestOf("reports/restore.txt"))).findings.empty());
}

TEST_F(EvidenceTest, ModifiedFileIsADigestMismatchOnTheCitingControl) {
  const std::string digest = DigestOf("reports/restore.txt");
  Write("reports/restore.txt", "restore test FAILED\n");
  const EvidenceCheckResult result = Check(Dossier("reports/restore.txt", digest));
  ASSERT_EQ(result.findings.size(), 1u);
  const v1::Finding& finding = result.findings[0];
  EXPECT_EQ(finding.rule_id(), kEvidenceDigestRule);
  EXPECT_EQ(finding.status(), v1::Finding::FAIL);
  EXPECT_EQ(finding.subject(), "isms.statement_of_applicability[0]");
  EXPECT_EQ(finding.subject_id(), "8.13");
  EXPECT_THAT(finding.message(), HasSubstr(digest));
  ASSERT_EQ(finding.references_size(), 2);
  EXPECT_EQ(finding.references(1).citation(), "A.8.13");
}

TEST_F(EvidenceTest, MissingFile) {
  const EvidenceCheckResult result = Check(Dossier("reports/gone.pdf", kRestoreDigest));
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id(), kEvidenceMissingRule);
}

TEST_F(EvidenceTest, ExpiredEvidence) {
  const EvidenceCheckResult result =
      Check(Dossier("reports/restore.txt", DigestOf("reports/restore.txt"), /*valid_until=*/1790000000));
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id(), kEvidenceExpiredRule);
  EXPECT_EQ(result.findings[0].severity(), v1::Rule::MEDIUM);
  EXPECT_THAT(result.findings[0].message(), HasSubstr(": expired on 21 September 2026, 14:13 UTC"));
}

TEST_F(EvidenceTest, LocationsLeavingTheRootAreRefused) {
  for (const std::string location : {"../outside.txt", "/etc/passwd", "reports/../../x"}) {
    const EvidenceCheckResult result = Check(Dossier(location, kRestoreDigest));
    ASSERT_EQ(result.findings.size(), 1u) << location;
    EXPECT_EQ(result.findings[0].rule_id(), kEvidenceLocationRule) << location;
    EXPECT_EQ(result.findings[0].status(), v1::Finding::ERROR) << location;
  }
  fs::create_directory_symlink("/etc", root_ / "etc-link");
  const EvidenceCheckResult linked = Check(Dossier("etc-link/passwd", kRestoreDigest));
  ASSERT_EQ(linked.findings.size(), 1u);
  EXPECT_EQ(linked.findings[0].rule_id(), kEvidenceLocationRule);
}

TEST_F(EvidenceTest, UrlsAreWarningsAndUncitedEvidenceIsItsOwnSubject) {
  v1::Dossier dossier = Dossier("https://example.org/x.pdf", kRestoreDigest);
  EXPECT_EQ(Check(dossier).warnings.size(), 1u);
  dossier = Dossier("reports/restore.txt", "");
  const EvidenceCheckResult unverified = Check(dossier);
  EXPECT_TRUE(unverified.findings.empty());
  ASSERT_EQ(unverified.warnings.size(), 1u);
  EXPECT_THAT(unverified.warnings[0], HasSubstr("no sha256 recorded"));
  dossier = Dossier("reports/gone.pdf", kRestoreDigest);
  dossier.mutable_isms()->mutable_statement_of_applicability(0)->clear_evidence_ids();
  const EvidenceCheckResult result = Check(dossier);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].subject(), "evidence[0]");
}

TEST_F(EvidenceTest, AddingFindingsKeepsOrderAndCounts) {
  const EvidenceCheckResult result = Check(Dossier("reports/gone.pdf", kRestoreDigest));
  v1::Report report;
  v1::Finding* pass = report.add_findings();
  pass->set_status(v1::Finding::PASS);
  AddEvidenceFindings(result, &report);
  ASSERT_EQ(report.findings_size(), 2);
  EXPECT_EQ(report.findings(0).rule_id(), kEvidenceMissingRule);
  EXPECT_EQ(report.counts().fail(), 1);
  EXPECT_EQ(report.counts().fail_high(), 1);
}

TEST_F(EvidenceTest, HashDirectoryListsFilesSorted) {
  Write("a.txt", "");
  absl::StatusOr<std::vector<FileDigest>> digests = HashDirectory(root_.string());
  ASSERT_TRUE(digests.ok()) << digests.status();
  ASSERT_EQ(digests->size(), 2u);
  EXPECT_EQ((*digests)[0].path, "a.txt");
  EXPECT_EQ((*digests)[0].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ((*digests)[1].path, "reports/restore.txt");
  EXPECT_FALSE(HashDirectory((root_ / "nope").string()).ok());
}

TEST_F(EvidenceTest, MissingRootIsAnError) {
  EvidenceCheckOptions options;
  options.root = (root_ / "nope").string();
  EXPECT_EQ(CheckEvidence(v1::Dossier(), options).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace hdsc::report
