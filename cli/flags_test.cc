#include "cli/flags.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

constexpr char kHelp[] = "usage: hdscheck demo [OPTIONS] FILE...\n";
constexpr char kHelpFr[] = "usage : hdscheck demo [OPTIONS] FICHIER...\n";

// A command with a flag of every kind, as the subcommands declare theirs.
struct Demo {
  std::string profile = "default";
  std::vector<std::string> rules;
  bool timing = false;
  bool color = true;
  int64_t max_size = 7;
  std::vector<std::string> files;
  std::string out;
  std::string err;

  std::optional<int> Parse(const std::vector<std::string>& args, size_t max_files = 2) {
    FlagParser parser("demo", {kHelp, kHelpFr});
    parser.Value("--profile", &profile)
        .Repeated("--rules", &rules)
        .Bool("--timing", &timing)
        .Bool("--no-color", &color, false)
        .ByteSize("--max-size", &max_size)
        .Positionals(&files, 1, max_files, "no file given", "two files at most");
    std::ostringstream out_stream;
    std::ostringstream err_stream;
    std::optional<int> exit_code = parser.Parse(args, out_stream, err_stream);
    out = out_stream.str();
    err = err_stream.str();
    return exit_code;
  }
};

TEST(FlagParserTest, SeparateAndJoinedValues) {
  Demo demo;
  EXPECT_EQ(demo.Parse({"--profile", "hospital", "--rules", "a", "--rules=b", "f.json"}), std::nullopt);
  EXPECT_EQ(demo.profile, "hospital");
  EXPECT_EQ(demo.rules, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(demo.files, (std::vector<std::string>{"f.json"}));
  EXPECT_EQ(demo.err, "");
}

TEST(FlagParserTest, TheLastValueWinsAndValuesMayLookLikeOptions) {
  Demo demo;
  EXPECT_EQ(demo.Parse({"--profile=clinic", "f.json", "--profile", "--timing"}), std::nullopt);
  EXPECT_EQ(demo.profile, "--timing");
  EXPECT_FALSE(demo.timing);
  EXPECT_EQ(demo.Parse({"--profile=", "f.json"}), std::nullopt);
  EXPECT_EQ(demo.profile, "");
}

TEST(FlagParserTest, ByteSizesTakeASuffix) {
  const std::vector<std::pair<std::string, int64_t>> sizes = {
      {"65536", 65536}, {"512K", 512 << 10}, {"64m", int64_t{64} << 20}, {"4G", int64_t{4} << 30}};
  for (const auto& [text, bytes] : sizes) {
    Demo demo;
    EXPECT_EQ(demo.Parse({"--max-size", text, "f"}), std::nullopt) << demo.err;
    EXPECT_EQ(demo.max_size, bytes) << text;
  }
  for (const std::string bad : {"0", "-1", "4T", "G", "1.5G", "99999999999G", ""}) {
    Demo demo;
    EXPECT_EQ(demo.Parse({"--max-size=" + bad, "f"}), kExitUsage) << bad;
    EXPECT_NE(demo.err.find("--max-size: expected a size in bytes such as 512M or 4G, got '" + bad + "'"),
              std::string::npos)
        << demo.err;
    EXPECT_EQ(demo.max_size, 7);
  }
}

TEST(FlagParserTest, BooleansSetTheirValue) {
  Demo demo;
  EXPECT_EQ(demo.Parse({"--timing", "--no-color", "f.json"}), std::nullopt);
  EXPECT_TRUE(demo.timing);
  EXPECT_FALSE(demo.color);
}

TEST(FlagParserTest, DoubleDashEndsTheOptionsAndADashIsPositional) {
  Demo demo;
  EXPECT_EQ(demo.Parse({"-", "--", "--timing"}), std::nullopt);
  EXPECT_EQ(demo.files, (std::vector<std::string>{"-", "--timing"}));
  EXPECT_FALSE(demo.timing);
}

TEST(FlagParserTest, HelpWinsOverErrors) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"--bogus", "--help"}, {"f", "g", "h", "-h"}}) {
    Demo demo;
    EXPECT_EQ(demo.Parse(args), kExitOk);
    EXPECT_EQ(demo.out, kHelp);
    EXPECT_EQ(demo.err, "");
  }
  Demo demo;
  EXPECT_EQ(demo.Parse({"--", "--help"}), std::nullopt);
  EXPECT_EQ(demo.files, (std::vector<std::string>{"--help"}));
}

TEST(FlagParserTest, UsageErrorsExitWith64) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--bogus", "f"}, "hdscheck demo: unknown option '--bogus' (see hdscheck demo --help)\n"},
      {{"--bogus=1", "f"}, "hdscheck demo: unknown option '--bogus' (see hdscheck demo --help)\n"},
      {{"-x", "f"}, "hdscheck demo: unknown option '-x' (see hdscheck demo --help)\n"},
      {{"f", "--profile"}, "hdscheck demo: --profile needs a value\n"},
      {{"f", "--timing=yes"}, "hdscheck demo: --timing takes no value\n"},
      {{"--timing"}, "hdscheck demo: no file given (see hdscheck demo --help)\n"},
      {{"a", "b", "c"}, "hdscheck demo: two files at most: unexpected 'c' (see hdscheck demo --help)\n"},
      // Only the first error is said.
      {{"--one", "--two"}, "hdscheck demo: unknown option '--one' (see hdscheck demo --help)\n"},
  };
  for (const auto& [args, message] : cases) {
    Demo demo;
    EXPECT_EQ(demo.Parse(args), kExitUsage) << message;
    EXPECT_EQ(demo.err, message);
    EXPECT_EQ(demo.out, "");
  }
}

TEST(FlagParserTest, PositionalsWithoutLimit) {
  Demo demo;
  EXPECT_EQ(demo.Parse({"a", "b", "c", "d"}, FlagParser::kNoLimit), std::nullopt);
  EXPECT_EQ(demo.files.size(), 4u);
}

TEST(FlagParserTest, ACommandWithoutPositionalsRefusesThem) {
  FlagParser parser("demo", {kHelp, kHelpFr});
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(parser.Parse({}, out, err), std::nullopt);
  EXPECT_EQ(parser.Parse({"x"}, out, err), kExitUsage);
  EXPECT_EQ(err.str(), "hdscheck demo: too many arguments: unexpected 'x' (see hdscheck demo --help)\n");
}

TEST(FlagParserTest, UsageErrorForChecksAfterParsing) {
  FlagParser parser("demo", {kHelp, kHelpFr});
  std::ostringstream err;
  EXPECT_EQ(parser.UsageError("--now: not a time", err), kExitUsage);
  EXPECT_EQ(err.str(), "hdscheck demo: --now: not a time\n");
}

}  // namespace
}  // namespace hdsc::cli
