// `hdscheck help --completion bash`: the bash completion script, made of what each command declares to its
// FlagParser.
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "cli/flags.h"
#include "cli/help.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

// The helpers the per-command completions call.
constexpr char kPreamble[] = R"BASH(
# The profiles of the rule packs that the command line names with --rules (else the bundled ones), as
# `hdscheck rules profiles` lists them.
_hdscheck_profiles() {
  local -a rules=()
  local i
  for ((i = 2; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == --rules ]]; then
      if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
        rules+=(--rules "${COMP_WORDS[i + 2]-}")
      else
        rules+=(--rules "${COMP_WORDS[i + 1]-}")
      fi
    elif [[ ${COMP_WORDS[i]} == --rules=* ]]; then
      rules+=("${COMP_WORDS[i]}")
    fi
  done
  "${COMP_WORDS[0]}" rules profiles "${rules[@]}" 2>/dev/null | while read -r id _; do printf '%s\n' "$id"; done
}

# COMPREPLY: the words of $2 that complete $1; with $3 = list, the last item of the comma-separated list $1.
_hdscheck_words() {
  local cur=$1 prefix=
  if [[ ${3-} == list && $cur == *,* ]]; then
    prefix=${cur%,*},
    cur=${cur##*,}
  fi
  COMPREPLY=($(compgen -P "$prefix" -W "$2" -- "$cur"))
}

# COMPREPLY: file names (-f) or directory names (-d) that complete $2.
_hdscheck_files() {
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen "$1" -- "$2"))
}

# Whether the word being completed is the command's first positional argument, given the options that take a
# value ($1).
_hdscheck_first_positional() {
  local value_options=" $1 " i=2 word
  while ((i < COMP_CWORD)); do
    word=${COMP_WORDS[i]}
    if [[ $word == -* && $word != - ]]; then
      if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
        ((i += 2))
      elif [[ $value_options == *" $word "* ]]; then
        ((i += 1))
      fi
    elif [[ $word != = ]]; then
      return 1
    fi
    ((i += 1))
  done
  return 0
}

_hdscheck() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # bash splits `--option=value` into three words: --option, = and value.
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()
)BASH";

// `words` as one single-quoted shell word (the words are names: no quote in them).
std::string Quoted(const std::vector<std::string>& words) { return "'" + absl::StrJoin(words, " ") + "'"; }

// The shell commands that set COMPREPLY for a value completed as `completion`, the current word being "$cur".
std::string Reply(const Completion& completion) {
  switch (completion.kind) {
    case Completion::Kind::kFile:
      return "_hdscheck_files -f \"$cur\"";
    case Completion::Kind::kDirectory:
      return "_hdscheck_files -d \"$cur\"";
    case Completion::Kind::kProfile:
      return "_hdscheck_words \"$cur\" \"$(_hdscheck_profiles)\"";
    case Completion::Kind::kWords:
      return "_hdscheck_words \"$cur\" " + Quoted(completion.words);
    case Completion::Kind::kWordList:
      return "_hdscheck_words \"$cur\" " + Quoted(completion.words) + " list";
    case Completion::Kind::kNone:
      return ":";
  }
  return ":";
}

}  // namespace

std::string BashCompletion() {
  const std::vector<CommandInfo> commands = DescribeCommands();
  std::ostringstream out;
  out << "# bash completion for hdscheck (hdsc " << kVersion
      << "), made by `hdscheck help --completion bash` from the\n"
         "# commands' declarations (cli/). Install as share/bash-completion/completions/hdscheck, or source it.\n";
  out << kPreamble;
  std::vector<std::string> names;
  for (const CommandInfo& command : commands) names.push_back(command.name);
  names.push_back("--help");
  names.push_back("--version");
  out << "  if ((COMP_CWORD == 1)); then\n"
      << "    _hdscheck_words \"$cur\" " << Quoted(names) << "\n"
      << "    return\n  fi\n"
      << "  local options= value_options= first=\n"
      << "  case ${COMP_WORDS[1]} in\n";
  for (const CommandInfo& command : commands) {
    std::vector<std::string> options;
    std::vector<std::string> value_options;
    out << "    " << command.name << ")\n      case $prev in\n";
    for (const FlagInfo& flag : command.flags) {
      options.push_back(flag.name);
      if (!flag.takes_value) continue;
      value_options.push_back(flag.name);
      out << "        " << flag.name << ") " << Reply(flag.completion) << "; return ;;\n";
    }
    options.push_back("--help");
    out << "      esac\n"
        << "      options=" << Quoted(options) << "\n"
        << "      value_options=" << Quoted(value_options) << "\n";
    if (command.first_positional.kind == Completion::Kind::kWords) {
      out << "      first=" << Quoted(command.first_positional.words) << "\n";
    }
    out << "      ;;\n";
  }
  out << "    *) return ;;\n  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    _hdscheck_words \"$cur\" \"$options\"\n"
      << "  elif [[ -n $first ]] && _hdscheck_first_positional \"$value_options\"; then\n"
      << "    _hdscheck_words \"$cur\" \"$first\"\n"
      << "  else\n"
      << "    _hdscheck_files -f \"$cur\"\n"
      << "  fi\n"
      << "}\n\n"
      << "complete -F _hdscheck hdscheck\n";
  return out.str();
}

}  // namespace hdsc::cli
