#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_testing.h"
#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

Outcome Init(const std::vector<std::string>& args) { return RunCommand(RunInit, args); }

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string Contents(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(InitCommandTest, WritesTheFormatOfTheExtension) {
  const std::string json = TempPath("hospital.json");
  Outcome run = Init({"--profile", "hospital", "-o", json});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "wrote " + json + "; next: hdscheck validate " + json + ", then hdscheck check " + json +
                         " --profile hospital\n");
  EXPECT_EQ(Contents(json).rfind("{\n  \"schema_version\": \"1\",", 0), 0u);

  const std::string text = TempPath("clinic.txtpb");
  run = Init({"--profile=clinic", "--lang", "fr", "--output", text});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("écrit " + text + " ; ensuite : hdscheck validate ", 0), 0u) << run.out;
  EXPECT_EQ(Contents(text).rfind("# Dossier de départ pour une clinique privée", 0), 0u);

  const std::string binary = TempPath("host.pb");
  EXPECT_EQ(Init({"--profile", "hds-host", "-o", binary}).exit_code, 0);
  EXPECT_NE(Contents(binary).find("hds-certificate-1"), std::string::npos);
}

TEST(InitCommandTest, FormatFlagAndStandardOutput) {
  Outcome run = Init({"--profile", "clinic", "-o", "-"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("{\n", 0), 0u);
  run = Init({"--profile", "clinic", "-o", "-", "--format", "textproto"});
  EXPECT_EQ(run.out.rfind("# Starter dossier for a private clinic", 0), 0u);
  const std::string named = TempPath("starter.dossier");
  EXPECT_EQ(Init({"--profile", "clinic", "-o", named, "--format", "json"}).exit_code, 0);
  EXPECT_EQ(Contents(named).rfind("{\n", 0), 0u);
}

TEST(InitCommandTest, RefusesToOverwriteWithoutForce) {
  const std::string path = TempPath("existing.json");
  { std::ofstream(path) << "mine"; }
  Outcome run = Init({"--profile", "hospital", "-o", path});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "hdscheck init: " + path + " exists; nothing written (--force replaces it)\n");
  EXPECT_EQ(Contents(path), "mine");
  run = Init({"--profile", "hospital", "-o", path, "--force"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(Contents(path), "mine");
}

TEST(InitCommandTest, CannotWrite) {
  const Outcome run = Init({"--profile", "hospital", "-o", "/nonexistent/dir/d.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "hdscheck init: cannot write /nonexistent/dir/d.json: No such file or directory\n");
}

TEST(InitCommandTest, BadCommandLines) {
  EXPECT_EQ(Init({"-o", "x.json"}).err, "hdscheck init: --profile is required (hospital, clinic, hds-host)\n");
  EXPECT_EQ(Init({"--profile", "clinic"}).err, "hdscheck init: -o FILE is required (- for standard output)\n");
  Outcome run = Init({"--profile", "pharmacy", "-o", TempPath("p.json")});
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_EQ(run.err,
            "hdscheck init: no starter dossier for profile 'pharmacy' (expected hospital, clinic, hds-host)\n");
  run = Init({"--profile", "clinic", "-o", TempPath("d.yaml")});
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_NE(run.err.find("d.yaml: cannot tell the format from the file name"), std::string::npos) << run.err;
  EXPECT_EQ(Init({"--profile", "clinic", "-o", "-", "--format", "auto"}).err,
            "hdscheck init: --format: expected json, textproto, binary, xlsx or ods, got 'auto'\n");
  EXPECT_EQ(Init({"--profile", "clinic", "-o", "-", "--lang", "de"}).exit_code, 64);
  EXPECT_EQ(Init({"--profile", "clinic", "extra"}).exit_code, 64);
  struct stat info;
  EXPECT_NE(stat(TempPath("p.json").c_str(), &info), 0) << "nothing is written on a bad command line";
}

}  // namespace
}  // namespace hdsc::cli
