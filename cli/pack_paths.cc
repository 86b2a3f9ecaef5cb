#include "cli/pack_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hdsc::cli {
namespace {

// Whether `dir` holds at least one pack file somewhere below it.
bool HoldsPacks(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return false;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string suffix = ".textpb";
    const std::string fixture_suffix = "_test.textpb";
    const bool is_pack = name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                         !(name.size() > fixture_suffix.size() &&
                           name.compare(name.size() - fixture_suffix.size(), fixture_suffix.size(), fixture_suffix) == 0);
    if (is_pack) return true;
  }
  return false;
}

std::filesystem::path ExecutablePath() {
  std::error_code error;
  std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : path;
}

}  // namespace

std::string DefaultRulesDir() {
  if (const char* dir = std::getenv("HDSC_RULES_DIR"); dir != nullptr && *dir != '\0') return dir;
  std::vector<std::filesystem::path> candidates = {"controls"};
  for (const char* variable : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* dir = std::getenv(variable); dir != nullptr && *dir != '\0') {
      candidates.push_back(std::filesystem::path(dir) / "hdsc" / "controls");
    }
  }
  const std::filesystem::path executable = ExecutablePath();
  if (!executable.empty()) {
    candidates.push_back(std::filesystem::path(executable.string() + ".runfiles") / "hdsc" / "controls");
    candidates.push_back(executable.parent_path() / ".." / "share" / "hdsc" / "controls");
  }
  for (const std::filesystem::path& candidate : candidates) {
    if (HoldsPacks(candidate)) return candidate.lexically_normal().string();
  }
  return "";
}

bool TakeFlagValue(const std::vector<std::string>& args, size_t* index, const std::string& name,
                   const std::string& command, std::string* value, bool* missing, std::ostream& err) {
  const std::string& arg = args[*index];
  if (arg == name) {
    if (*index + 1 == args.size()) {
      err << "hdscheck " << command << ": " << name << " needs a value\n";
      *missing = true;
      return true;
    }
    *value = args[++*index];
    return true;
  }
  const std::string prefix = name + "=";
  if (arg.compare(0, prefix.size(), prefix) == 0) {
    *value = arg.substr(prefix.size());
    return true;
  }
  return false;
}

}  // namespace hdsc::cli
