#include "cli/help.h"

#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/flags.h"
#include "cli/command_testing.h"
#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

Outcome Help(const std::vector<std::string>& args) { return RunCommand(RunHelp, args); }

bool IsAscii(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Every command has its help in both languages, and both describe every flag it accepts.
TEST(HelpTest, EveryFlagIsInBothHelpTexts) {
  const std::vector<CommandInfo> commands = DescribeCommands();
  ASSERT_EQ(commands.size(), Commands().size());
  for (size_t i = 0; i < commands.size(); ++i) {
    const CommandInfo& command = commands[i];
    EXPECT_EQ(command.name, Commands()[i].name);
    EXPECT_EQ(command.help.en.rfind("usage: hdscheck " + command.name, 0), 0u) << command.name;
    EXPECT_EQ(command.help.fr.rfind("usage : hdscheck " + command.name, 0), 0u) << command.name;
    for (const FlagInfo& flag : command.flags) {
      EXPECT_NE(command.help.en.find(flag.name), std::string::npos) << command.name << " " << flag.name;
      EXPECT_NE(command.help.fr.find(flag.name), std::string::npos) << command.name << " " << flag.name;
    }
  }
}

TEST(HelpTest, DescribingACommandDoesNotRunIt) {
  // `evidence` would fail on a missing `hash` argument if it ran.
  const CommandInfo evidence = FlagParser::DescribeCommand(RunEvidence);
  EXPECT_EQ(evidence.name, "evidence");
  ASSERT_EQ(evidence.flags.size(), 1u);
  EXPECT_EQ(evidence.flags[0].name, "--json");
  EXPECT_FALSE(evidence.flags[0].takes_value);
  EXPECT_EQ(evidence.first_positional.words, std::vector<std::string>{"hash"});
}

TEST(HelpTest, PrintsACommandsHelpInEitherLanguage) {
  const Outcome check_help = RunCommand(RunCheck, {"--help"});
  EXPECT_EQ(check_help.exit_code, kExitOk);
  EXPECT_EQ(Help({"check"}).out, check_help.out);
  const Outcome french = Help({"--lang", "fr", "check"});
  EXPECT_EQ(french.exit_code, kExitOk);
  EXPECT_EQ(french.out.rfind("usage : hdscheck check [OPTIONS] DOSSIER\n", 0), 0u);
  EXPECT_NE(Help({"--lang=fr"}).out.find("commandes :"), std::string::npos);
  EXPECT_NE(Help({}).out.find("commands:"), std::string::npos);
}

TEST(HelpTest, RefusesUnknownCommandsLanguagesAndShells) {
  EXPECT_EQ(Help({"nope"}).exit_code, kExitUsage);
  EXPECT_EQ(Help({"nope"}).err, "hdscheck help: unknown command 'nope' (see hdscheck --help)\n");
  EXPECT_EQ(Help({"--lang", "de"}).err, "hdscheck help: unknown --lang de (en or fr)\n");
  EXPECT_EQ(Help({"--completion", "zsh"}).err, "hdscheck help: --completion: unknown shell 'zsh' (bash)\n");
  EXPECT_EQ(Help({"--man", "check"}).exit_code, kExitUsage);
}

TEST(HelpTest, ManPagesAreAsciiRoffWithEveryCommand) {
  for (const char* language : {"en", "fr"}) {
    const Outcome page = Help({"--man", "--lang", language});
    EXPECT_EQ(page.exit_code, kExitOk);
    EXPECT_TRUE(IsAscii(page.out)) << language;
    EXPECT_NE(page.out.find(".TH HDSCHECK 1 "), std::string::npos);
    for (const Command& command : Commands()) {
      EXPECT_NE(page.out.find(std::string(".SS \"hdscheck ") + command.name + "\""), std::string::npos)
          << language << " " << command.name;
    }
  }
  // Non-ASCII characters are escaped, options keep ASCII hyphens, and a line starting with '.' is not a request.
  const std::string french = Help({"--man", "--lang", "fr"}).out;
  EXPECT_NE(french.find("\\[u00C9]value"), std::string::npos);
  EXPECT_NE(french.find("\\fB\\-\\-rules\\fR"), std::string::npos);
  EXPECT_NE(Help({"--man"}).out.find("\n\\&.textproto/"), std::string::npos);
}

TEST(HelpTest, CompletionScriptCoversEveryCommandAndOption) {
  const Outcome script = Help({"--completion", "bash"});
  EXPECT_EQ(script.exit_code, kExitOk);
  EXPECT_NE(script.out.find("complete -F _hdscheck hdscheck"), std::string::npos);
  for (const CommandInfo& command : DescribeCommands()) {
    EXPECT_NE(script.out.find("    " + command.name + ")\n"), std::string::npos) << command.name;
    for (const FlagInfo& flag : command.flags) {
      EXPECT_NE(script.out.find(flag.name), std::string::npos) << command.name << " " << flag.name;
    }
  }
  EXPECT_NE(script.out.find("--format) _hdscheck_words \"$cur\" 'text json sarif junit html oscal md' list"),
            std::string::npos);
}

}  // namespace
}  // namespace hdsc::cli
