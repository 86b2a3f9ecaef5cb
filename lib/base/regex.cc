#include "lib/base/regex.h"

#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace hdsc::base {
namespace {

// Compiled patterns by text. The table keeps each one (a pack's citation forms are compiled to be checked, then
// again to be used); once it holds more than `sweep_at`, the patterns nobody else holds are dropped, so that it
// stays proportional to the patterns in use.
struct RegexTable {
  // A std::mutex, which ThreadSanitizer sees (it does not see into Debian's Abseil); it guards the rest.
  std::mutex mutex;
  absl::flat_hash_map<std::string, std::shared_ptr<const RE2>> by_pattern;
  size_t sweep_at = 256;
};

RegexTable& Table() {
  static auto* const table = new RegexTable();
  return *table;
}

}  // namespace

std::shared_ptr<const RE2> SharedRegex(std::string_view pattern) {
  RegexTable& table = Table();
  std::lock_guard<std::mutex> lock(table.mutex);
  std::shared_ptr<const RE2>& entry = table.by_pattern[absl::string_view(pattern.data(), pattern.size())];
  if (entry != nullptr) return entry;
  RE2::Options options;
  options.set_log_errors(false);
  entry = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  std::shared_ptr<const RE2> compiled = entry;
  if (table.by_pattern.size() > table.sweep_at) {
    absl::erase_if(table.by_pattern, [](const auto& item) { return item.second.use_count() == 1; });
    table.sweep_at = 2 * table.by_pattern.size() + 256;
  }
  return compiled;
}

}  // namespace hdsc::base
