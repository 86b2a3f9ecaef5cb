// The commands of `hdscheck` and their help, in English and French, and what is made from that help: the
// manual page (`hdscheck help --man`) and the bash completion script (`hdscheck help --completion bash`).
#ifndef HDSC_CLI_HELP_H_
#define HDSC_CLI_HELP_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/flags.h"

namespace hdsc::cli {

// Every command, in the order `hdscheck --help` lists them (`help` last).
const std::vector<Command>& Commands();

// What each command declares to its parser (`FlagParser::DescribeCommand`), in the order of `Commands()`.
std::vector<CommandInfo> DescribeCommands();

// `hdscheck --help` in `language` ("en" or "fr"): the usage line and the commands with their summaries.
void PrintUsage(std::string_view language, std::ostream& out);

// `hdscheck --version`: the release, the C ABI version, and the bundled rule packs with the digest that identifies
// them in reports. Exit code 2 when the packs found do not load.
int PrintVersion(std::ostream& out, std::ostream& err);

// The manual page hdscheck(1) in roff, in `language` ("en" or "fr"): the usage, every command's help text, the
// environment and the installed files.
std::string ManPage(std::string_view language);

// The bash completion script of `hdscheck`: commands, options, and the values of the options that take one
// (profiles are asked of `hdscheck rules profiles` as the user types).
std::string BashCompletion();

}  // namespace hdsc::cli

#endif  // HDSC_CLI_HELP_H_
