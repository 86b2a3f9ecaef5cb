// The command-line parser every `hdscheck` subcommand uses: a command declares its flags and positional
// arguments with the variables they fill, then parses its arguments in one call.
//
//   std::string profile;
//   std::vector<std::string> rule_paths;
//   bool timing = false;
//   std::vector<std::string> dossiers;
//   FlagParser parser("check", kCheckHelp);
//   parser.Value("--profile", &profile)
//       .Repeated("--rules", &rule_paths)
//       .Bool("--timing", &timing)
//       .Positionals(&dossiers, 1, 1, "no dossier given", "one dossier at a time");
//   if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
//
// Flags with a value are given as `--name VALUE` or `--name=VALUE`; `-h`/`--help` prints the help text;
// `--` ends the options (what follows is positional even if it starts with '-'); a lone `-` is positional.
// Every usage error is one line, `hdscheck COMMAND: ...`, and makes `Parse` return kExitUsage.
#ifndef HDSC_CLI_FLAGS_H_
#define HDSC_CLI_FLAGS_H_

#include <cstddef>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hdsc::cli {

class FlagParser {
 public:
  // For `Positionals`: no upper bound.
  static constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();

  // `command` names the command in messages ("check", "evidence"); `help` is printed for -h/--help.
  FlagParser(std::string command, std::string_view help);

  // A flag with a value, stored in `*target`; given twice, the last value wins.
  FlagParser& Value(std::string name, std::string* target);
  // A flag with a value that may be given several times, each value appended to `*target`.
  FlagParser& Repeated(std::string name, std::vector<std::string>* target);
  // A flag without a value: sets `*target` to `value` when given.
  FlagParser& Bool(std::string name, bool* target, bool value = true);
  // The positional arguments, in order, into `*target`: at least `min` (else `missing` is the error) and at
  // most `max` (else `too_many` is the error, naming the first argument too many).
  FlagParser& Positionals(std::vector<std::string>* target, size_t min, size_t max, std::string missing,
                          std::string too_many = "too many arguments");

  // Parses `args`. Returns nullopt when the command should run; otherwise the exit code to stop with:
  // kExitOk after printing the help on `out`, kExitUsage after printing the error on `err`.
  std::optional<int> Parse(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) const;

  // Prints `hdscheck COMMAND: message` on `err` and returns kExitUsage: for the checks a command makes of its
  // arguments after parsing them.
  int UsageError(std::string_view message, std::ostream& err) const;

 private:
  struct Flag {
    enum class Kind { kValue, kRepeated, kBool };
    std::string name;
    Kind kind;
    std::string* value = nullptr;
    std::vector<std::string>* values = nullptr;
    bool* flag = nullptr;
    bool flag_value = true;
  };

  const Flag* Find(std::string_view name) const;
  // `message (see hdscheck COMMAND --help)`.
  std::string SeeHelp(std::string_view message) const;

  std::string command_;
  std::string help_;
  std::vector<Flag> flags_;
  std::vector<std::string>* positionals_ = nullptr;
  size_t min_positionals_ = 0;
  size_t max_positionals_ = 0;
  std::string missing_;
  std::string too_many_ = "too many arguments";
};

}  // namespace hdsc::cli

#endif  // HDSC_CLI_FLAGS_H_
