// The command-line parser every `hdscheck` subcommand uses: a command declares its flags and positional
// arguments with the variables they fill, then parses its arguments in one call.
//
//   std::string profile;
//   std::vector<std::string> rule_paths;
//   bool timing = false;
//   std::vector<std::string> dossiers;
//   FlagParser parser("check", {kCheckHelp, kCheckHelpFr});
//   parser.Value("--profile", &profile)
//       .Repeated("--rules", &rule_paths)
//       .Bool("--timing", &timing)
//       .Positionals(&dossiers, 1, 1, "no dossier given", "one dossier at a time");
//   if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
//
// Flags with a value are given as `--name VALUE` or `--name=VALUE`; `-h`/`--help` prints the help text;
// `--` ends the options (what follows is positional even if it starts with '-'); a lone `-` is positional.
// Every usage error is one line, `hdscheck COMMAND: ...`, and makes `Parse` return kExitUsage.
//
// What a command declares is also what `hdscheck help` shows and turns into the manual page and the shell
// completion script: `DescribeCommand` collects it without running the command.
#ifndef HDSC_CLI_FLAGS_H_
#define HDSC_CLI_FLAGS_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hdsc::cli {

// A command's help text in each language of `hdscheck help --lang`. The English one is what `--help` prints.
struct HelpText {
  std::string_view en;
  std::string_view fr;

  // The text in `language`: "fr" for French, anything else for English.
  std::string_view In(std::string_view language) const { return language == "fr" ? fr : en; }
};

// What shell completion offers for a flag's value or a positional argument.
struct Completion {
  enum class Kind {
    kFile,       // a file or directory name
    kDirectory,  // a directory name
    kProfile,    // a profile of the rule packs (`hdscheck rules profiles`)
    kWords,      // one of `words`
    kWordList,   // a comma-separated list of `words`
    kNone,       // free text: nothing to offer
  };
  Kind kind = Kind::kFile;
  std::vector<std::string> words;

  static Completion Words(std::vector<std::string> words) { return {Kind::kWords, std::move(words)}; }
  static Completion WordList(std::vector<std::string> words) { return {Kind::kWordList, std::move(words)}; }
};

// A flag as a command declares it.
struct FlagInfo {
  std::string name;
  bool takes_value = false;
  Completion completion;  // of the value, when it takes one
};

// Everything a command declares to its FlagParser.
struct CommandInfo {
  std::string name;
  HelpText help;
  std::vector<FlagInfo> flags;
  // What completion offers for the first positional argument (e.g. the actions `list`, `show`).
  Completion first_positional;
};

class FlagParser {
 public:
  // For `Positionals`: no upper bound.
  static constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();

  // `command` names the command in messages ("check", "evidence"); `help.en` is printed for -h/--help.
  FlagParser(std::string command, HelpText help);

  // Runs `run` only as far as its `Parse` call, and returns what its parser was declared with; the command does
  // nothing else. Precondition: `run` builds one FlagParser and calls `Parse` before anything else.
  static CommandInfo DescribeCommand(
      int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err));

  // A flag with a value, stored in `*target`; given twice, the last value wins. `completion` says what shell
  // completion offers for the value.
  FlagParser& Value(std::string name, std::string* target, Completion completion = {});
  // A flag with a value that may be given several times, each value appended to `*target`.
  FlagParser& Repeated(std::string name, std::vector<std::string>* target, Completion completion = {});
  // A flag whose value is a size in bytes, written `65536`, `512K`, `64M` or `4G` (powers of 1024), stored in
  // `*target`; anything else, zero or more than 2^62 bytes, is a usage error.
  FlagParser& ByteSize(std::string name, int64_t* target);
  // A flag without a value: sets `*target` to `value` when given.
  FlagParser& Bool(std::string name, bool* target, bool value = true);
  // The positional arguments, in order, into `*target`: at least `min` (else `missing` is the error) and at
  // most `max` (else `too_many` is the error, naming the first argument too many).
  FlagParser& Positionals(std::vector<std::string>* target, size_t min, size_t max, std::string missing,
                          std::string too_many = "too many arguments");
  // What shell completion offers for the first positional argument (default: a file name).
  FlagParser& CompleteFirstPositional(Completion completion);

  // Parses `args`. Returns nullopt when the command should run; otherwise the exit code to stop with:
  // kExitOk after printing the help on `out`, kExitUsage after printing the error on `err`.
  std::optional<int> Parse(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) const;

  // Prints `hdscheck COMMAND: message` on `err` and returns kExitUsage: for the checks a command makes of its
  // arguments after parsing them.
  int UsageError(std::string_view message, std::ostream& err) const;

 private:
  struct Flag {
    enum class Kind { kValue, kRepeated, kBool, kByteSize };
    std::string name;
    Kind kind;
    std::string* value = nullptr;
    std::vector<std::string>* values = nullptr;
    bool* flag = nullptr;
    bool flag_value = true;
    int64_t* bytes = nullptr;
    Completion completion;
  };

  const Flag* Find(std::string_view name) const;
  // `message (see hdscheck COMMAND --help)`.
  std::string SeeHelp(std::string_view message) const;

  std::string command_;
  HelpText help_;
  Completion first_positional_;
  std::vector<Flag> flags_;
  std::vector<std::string>* positionals_ = nullptr;
  size_t min_positionals_ = 0;
  size_t max_positionals_ = 0;
  std::string missing_;
  std::string too_many_ = "too many arguments";
};

}  // namespace hdsc::cli

#endif  // HDSC_CLI_FLAGS_H_
