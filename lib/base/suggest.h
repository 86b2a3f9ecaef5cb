// "Did you mean" suggestions for misspelt names.
#ifndef HDSC_LIB_BASE_SUGGEST_H_
#define HDSC_LIB_BASE_SUGGEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hdsc::base {

// The optimal-string-alignment distance between `a` and `b`: insertions, deletions, substitutions and
// transpositions of adjacent characters each cost 1. Compares bytes, ASCII case-insensitively.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` if it is close enough to be a plausible misspelling (at most 1 edit for
// names of up to 4 characters, 2 up to 8, 3 beyond), or one that differs only in case and underscores
// (`processorId` for `processor_id`). Ties go to the earliest candidate.
std::optional<std::string> SuggestName(std::string_view name, const std::vector<std::string>& candidates);

// Like `SuggestName`, for enum value names that share a prefix (`RISK_LEVEL_HIGH`, `RISK_LEVEL_RISK`, ...):
// also tries `value` upper-cased with that prefix, so "high" and "HIGH" suggest "RISK_LEVEL_HIGH".
std::optional<std::string> SuggestEnumValueName(std::string_view value, const std::vector<std::string>& names);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_SUGGEST_H_
