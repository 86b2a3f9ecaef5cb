#include "cli/flags.h"

#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "cli/command.h"

namespace hdsc::cli {

namespace {

// While `FlagParser::DescribeCommand` runs a command on this thread, where its parser's declarations go.
thread_local CommandInfo* describing = nullptr;

}  // namespace

FlagParser::FlagParser(std::string command, HelpText help) : command_(std::move(command)), help_(help) {}

CommandInfo FlagParser::DescribeCommand(
    int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)) {
  CommandInfo info;
  describing = &info;
  std::ostringstream out;
  std::ostringstream err;
  run({}, out, err);
  describing = nullptr;
  return info;
}

FlagParser& FlagParser::Value(std::string name, std::string* target, Completion completion) {
  Flag flag{std::move(name), Flag::Kind::kValue};
  flag.value = target;
  flag.completion = std::move(completion);
  flags_.push_back(std::move(flag));
  return *this;
}

FlagParser& FlagParser::Repeated(std::string name, std::vector<std::string>* target, Completion completion) {
  Flag flag{std::move(name), Flag::Kind::kRepeated};
  flag.values = target;
  flag.completion = std::move(completion);
  flags_.push_back(std::move(flag));
  return *this;
}

FlagParser& FlagParser::ByteSize(std::string name, int64_t* target) {
  Flag flag{std::move(name), Flag::Kind::kByteSize};
  flag.bytes = target;
  flags_.push_back(std::move(flag));
  return *this;
}

namespace {

// `text` as a number of bytes: digits, then optionally K, M or G (powers of 1024).
std::optional<int64_t> ParseByteSize(std::string_view text) {
  int shift = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'K': case 'k': shift = 10; break;
      case 'M': case 'm': shift = 20; break;
      case 'G': case 'g': shift = 30; break;
      default: break;
    }
  }
  if (shift > 0) text.remove_suffix(1);
  int64_t number = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos ||
      !absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &number) || number <= 0 ||
      number > (int64_t{1} << (62 - shift))) {
    return std::nullopt;
  }
  return number << shift;
}

}  // namespace

FlagParser& FlagParser::Bool(std::string name, bool* target, bool value) {
  Flag flag{std::move(name), Flag::Kind::kBool};
  flag.flag = target;
  flag.flag_value = value;
  flags_.push_back(std::move(flag));
  return *this;
}

FlagParser& FlagParser::Positionals(std::vector<std::string>* target, size_t min, size_t max, std::string missing,
                                    std::string too_many) {
  positionals_ = target;
  min_positionals_ = min;
  max_positionals_ = max;
  missing_ = std::move(missing);
  too_many_ = std::move(too_many);
  return *this;
}

FlagParser& FlagParser::CompleteFirstPositional(Completion completion) {
  first_positional_ = std::move(completion);
  return *this;
}

const FlagParser::Flag* FlagParser::Find(std::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

int FlagParser::UsageError(std::string_view message, std::ostream& err) const {
  err << "hdscheck " << command_ << ": " << message << "\n";
  return kExitUsage;
}

std::string FlagParser::SeeHelp(std::string_view message) const {
  return std::string(message) + " (see hdscheck " + command_ + " --help)";
}

std::optional<int> FlagParser::Parse(const std::vector<std::string>& args, std::ostream& out,
                                     std::ostream& err) const {
  if (describing != nullptr) {
    describing->name = command_;
    describing->help = help_;
    for (const Flag& flag : flags_) {
      describing->flags.push_back(FlagInfo{flag.name, flag.kind != Flag::Kind::kBool, flag.completion});
    }
    describing->first_positional = first_positional_;
    return kExitOk;
  }
  // The first usage error is kept until every argument has been seen: -h/--help anywhere wins over it.
  std::string error;
  std::vector<std::string> positionals;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      out << help_.en;
      return kExitOk;
    }
    if (!error.empty()) continue;
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const Flag* flag = Find(name);
    if (flag == nullptr) {
      error = SeeHelp("unknown option '" + name + "'");
      continue;
    }
    if (flag->kind == Flag::Kind::kBool) {
      if (equals != std::string::npos) {
        error = name + " takes no value";
      } else {
        *flag->flag = flag->flag_value;
      }
      continue;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      error = name + " needs a value";
      continue;
    }
    if (flag->kind == Flag::Kind::kValue) {
      *flag->value = std::move(value);
    } else if (flag->kind == Flag::Kind::kByteSize) {
      std::optional<int64_t> bytes = ParseByteSize(value);
      if (bytes.has_value()) {
        *flag->bytes = *bytes;
      } else {
        error = name + ": expected a size in bytes such as 512M or 4G, got '" + value + "'";
      }
    } else {
      flag->values->push_back(std::move(value));
    }
  }
  if (!error.empty()) return UsageError(error, err);
  if (positionals.size() < min_positionals_) return UsageError(SeeHelp(missing_), err);
  if (positionals.size() > max_positionals_) {
    return UsageError(SeeHelp(too_many_ + ": unexpected '" + positionals[max_positionals_] + "'"), err);
  }
  if (positionals_ != nullptr) *positionals_ = std::move(positionals);
  return std::nullopt;
}

}  // namespace hdsc::cli
