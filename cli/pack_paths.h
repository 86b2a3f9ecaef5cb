// Where `hdscheck check`, `rules` and `test` find rule packs, and the flag parsing they share.
#ifndef HDSC_CLI_PACK_PATHS_H_
#define HDSC_CLI_PACK_PATHS_H_

#include <ostream>
#include <string>
#include <vector>

namespace hdsc::cli {

// The bundled packs: `$HDSC_RULES_DIR` if set; else `controls/` under the working directory if it holds packs; else
// `controls/` in the binary's Bazel runfiles; else `../share/hdsc/controls` next to the binary. Empty if none exists.
std::string DefaultRulesDir();

// For a flag that takes a value (`--name VALUE` or `--name=VALUE`) at `args[*index]`: true if `args[*index]` is that
// flag, with the value in `*value` and `*index` on the last argument consumed. A missing value is reported on `err`
// as `hdscheck COMMAND: --name needs a value` and sets `*missing`.
bool TakeFlagValue(const std::vector<std::string>& args, size_t* index, const std::string& name,
                   const std::string& command, std::string* value, bool* missing, std::ostream& err);

}  // namespace hdsc::cli

#endif  // HDSC_CLI_PACK_PATHS_H_
