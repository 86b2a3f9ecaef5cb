#include <fstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_testing.h"
#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

Outcome Convert(const std::vector<std::string>& args) { return RunCommand(RunConvert, args); }

const char kExample[] = "controls/examples/private-clinic.json";

TEST(ConvertCommandTest, RoundTripsThroughEveryFormat) {
  const Outcome canonical = Convert({kExample, "--to", "json", "-o", "-"});
  ASSERT_EQ(canonical.exit_code, 0) << canonical.err;
  ASSERT_EQ(canonical.err, "");
  for (const char* middle : {"clinic.xlsx", "clinic.ods", "clinic.textproto", "clinic.pb"}) {
    for (const char* lang : {"en", "fr"}) {
      const std::string path = TempPath(middle);
      const Outcome to = Convert({kExample, "-o", path, "--lang", lang});
      ASSERT_EQ(to.exit_code, 0) << to.err;
      const Outcome back = Convert({path, "--output=-", "--to=json"});
      ASSERT_EQ(back.exit_code, 0) << back.err;
      EXPECT_EQ(back.out, canonical.out) << middle << " " << lang;
    }
  }
  // The content tells a workbook with no extension.
  const std::string path = TempPath("clinic.ods");
  const std::string renamed = TempPath("clinic-upload");
  std::ofstream(renamed, std::ios::binary) << Contents(path);
  const Outcome back = Convert({renamed, "-o", TempPath("back.json")});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Contents(TempPath("back.json")), canonical.out);
}

TEST(ConvertCommandTest, PrintsLocatedProblemsAndWritesNothing) {
  const std::string bad = TempPath("bad.json");
  std::ofstream(bad) << R"({"processing_activities": [{"id": "a", "legal_basis": "CONSENTMENT"}]})";
  const std::string out = TempPath("never.xlsx");
  const Outcome outcome = Convert({bad, "-o", out});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(bad + ":1:55: processing_activities[0].legal_basis: "), std::string::npos)
      << outcome.err;
  EXPECT_NE(outcome.err.find("hdscheck convert: " + bad + ": 1 problem, nothing written"), std::string::npos)
      << outcome.err;
  EXPECT_EQ(Contents(out), "");
}

TEST(ConvertCommandTest, RefusesBadCommandLines) {
  EXPECT_EQ(Convert({kExample}).exit_code, 64);
  EXPECT_EQ(Convert({kExample, "-o", "x.yaml"}).exit_code, 64);
  EXPECT_EQ(Convert({kExample, "-o", "-"}).exit_code, 64);
  EXPECT_EQ(Convert({kExample, "-o", "x.xlsx", "--lang", "de"}).exit_code, 64);
  EXPECT_EQ(Convert({kExample, "-o", "x.xlsx", "--from", "csv"}).exit_code, 64);
  EXPECT_EQ(Convert({"--help"}).exit_code, 0);
}

TEST(ConvertCommandTest, ReportsWhatCannotBeRead) {
  const Outcome missing = Convert({TempPath("missing.json"), "-o", TempPath("m.xlsx")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing.json: No such file or directory"), std::string::npos) << missing.err;
  const Outcome unwritable = Convert({kExample, "-o", TempPath("no/such/dir/x.xlsx")});
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace hdsc::cli
