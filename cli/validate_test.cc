#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_testing.h"
#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

Outcome Validate(const std::vector<std::string>& args) { return RunCommand(RunValidate, args); }

std::string WriteFile(const std::string& name, const std::string& contents) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, contents.data(), contents.size()), static_cast<ssize_t>(contents.size()));
  close(fd);
  return path;
}

TEST(ValidateCommandTest, AcceptsValidFiles) {
  const std::string a = WriteFile("a.json", R"({"processors": [{"id": "p", "country": "FR"}]})");
  const std::string b = WriteFile("b.txtpb", "processors { id: \"p\" }\n");
  const Outcome run = Validate({a, b});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "2 files, 2 valid, 0 invalid (0 problems)\n");
  EXPECT_EQ(run.err, "");
}

TEST(ValidateCommandTest, PrintsEveryProblemAndASummary) {
  const std::string good = WriteFile("good.json", "{}");
  const std::string bad = WriteFile("bad.json", "{\n  \"processors\": [{\"id\": \"p\", \"country\": \"UK\"}],\n"
                                                "  \"titel\": \"x\"\n}");
  const Outcome run = Validate({good, bad});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, bad + ":2:30: processors[0].country: 'UK' is not an ISO 3166-1 alpha-2 country code; the United "
                           "Kingdom is 'GB'\n" +
                         bad + ":3:3: titel: unknown field 'titel' in hdsc.v1.Dossier; did you mean 'title'?\n"
                               "2 files, 1 valid, 1 invalid (2 problems)\n");
}

TEST(ValidateCommandTest, UnreadableFilesExitWithTwo) {
  const std::string good = WriteFile("ok.json", "{}");
  const Outcome run = Validate({good, "/nonexistent/d.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "2 files, 1 valid, 0 invalid (0 problems), 1 unreadable\n");
  EXPECT_NE(run.err.find("/nonexistent/d.json: No such file or directory\n"), std::string::npos) << run.err;
}

TEST(ValidateCommandTest, DetectsTheFormatOfFilesWithoutAKnownExtension) {
  const std::string json = WriteFile("dossier-json", R"({"processors": [{"id": "p", "country": "FR"}]})");
  const std::string text = WriteFile("dossier.txt", "processors { id: \"p\" }\n");
  EXPECT_EQ(Validate({json, text}).out, "2 files, 2 valid, 0 invalid (0 problems)\n");
  const std::string yaml = WriteFile("d.yaml", "a: 1");
  const Outcome run = Validate({yaml});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find(yaml + ":1:1: "), std::string::npos) << run.out;
}

TEST(ValidateCommandTest, FormatAndUnknownFieldOptions) {
  const std::string file = WriteFile("dossier.data", R"({"future": 1})");
  EXPECT_EQ(Validate({"--format", "json", file}).exit_code, 1);
  EXPECT_EQ(Validate({"--format=json", "--allow-unknown-fields", file}).exit_code, 0);
  EXPECT_EQ(Validate({"--format=binary", file}).exit_code, 1);
}

TEST(ValidateCommandTest, BadUsageExitsWith64) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {"--format"}, {"--format", "yaml", "a.json"}, {"--frmat=json", "a.json"}, {"--allow-unknown-fields"}}) {
    const Outcome run = Validate(args);
    EXPECT_EQ(run.exit_code, 64) << args.size();
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("hdscheck validate: "), std::string::npos) << run.err;
  }
}

TEST(ValidateCommandTest, HelpDocumentsExitCodes) {
  const Outcome run = Validate({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* text : {"usage: hdscheck validate", "--format", "--allow-unknown-fields", "exit codes:", "  0 ",
                           "  1 ", "  2 ", "  64 "}) {
    EXPECT_NE(run.out.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace hdsc::cli
