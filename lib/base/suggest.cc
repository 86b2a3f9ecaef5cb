#include "lib/base/suggest.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"

namespace hdsc::base {
namespace {

// Names longer than this are not worth a quadratic comparison; nobody misspells a 200-character field.
constexpr size_t kMaxComparedLength = 128;

bool IsSeparator(char c) { return c == '_' || c == '-'; }

// Whether `a` and `b` are the same name but for case and separators (`processorId`, `processor_id`), compared in
// place: this runs against every candidate.
bool SameButForCaseAndSeparators(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (true) {
    while (i < a.size() && IsSeparator(a[i])) ++i;
    while (j < b.size() && IsSeparator(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) != absl::ascii_tolower(static_cast<unsigned char>(b[j]))) {
      return false;
    }
    ++i;
    ++j;
  }
}

char Lower(char c) { return absl::ascii_tolower(static_cast<unsigned char>(c)); }

// `EditDistance(a, b)` when it is at most `limit`, else `limit + 1`, for names of at most kMaxComparedLength: rows
// on the stack, and the comparison stops as soon as every entry of a row exceeds the limit.
int BoundedEditDistance(std::string_view a, std::string_view b, int limit) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::array<int, kMaxComparedLength + 1> previous2{}, previous{}, current{};
  for (size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    int row_best = current[0];
    for (size_t j = 1; j <= m; ++j) {
      const char ca = Lower(a[i - 1]);
      const char cb = Lower(b[j - 1]);
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca == cb ? 0 : 1)});
      if (i > 1 && j > 1 && ca == Lower(b[j - 2]) && Lower(a[i - 2]) == cb) best = std::min(best, previous2[j - 2] + 1);
      current[j] = best;
      row_best = std::min(row_best, best);
    }
    if (row_best > limit) return limit + 1;
    std::swap(previous2, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

int MaxDistanceFor(std::string_view name) {
  if (name.size() <= 4) return 1;
  if (name.size() <= 8) return 2;
  return 3;
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  // Three rows suffice for the transposition lookback.
  std::vector<int> previous2(m + 1), previous(m + 1), current(m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      const char ca = absl::ascii_tolower(static_cast<unsigned char>(a[i - 1]));
      const char cb = absl::ascii_tolower(static_cast<unsigned char>(b[j - 1]));
      const int cost = ca == cb ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && ca == absl::ascii_tolower(static_cast<unsigned char>(b[j - 2])) &&
          absl::ascii_tolower(static_cast<unsigned char>(a[i - 2])) == cb) {
        best = std::min(best, previous2[j - 2] + 1);
      }
      current[j] = best;
    }
    std::swap(previous2, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> SuggestName(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.empty() || name.size() > kMaxComparedLength) return std::nullopt;
  std::optional<std::string> best;
  int best_distance = MaxDistanceFor(name) + 1;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > kMaxComparedLength || candidate == name) continue;
    int distance;
    if (SameButForCaseAndSeparators(name, candidate)) {
      distance = 0;
    } else {
      // The distance is at least the difference in length: most candidates need no table at all.
      const size_t gap = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
      if (gap >= static_cast<size_t>(best_distance)) continue;
      distance = BoundedEditDistance(name, candidate, best_distance - 1);
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::optional<std::string> SuggestEnumValueName(std::string_view value, const std::vector<std::string>& names) {
  if (std::optional<std::string> direct = SuggestName(value, names)) return direct;
  if (names.empty()) return std::nullopt;
  // The longest prefix ending in '_' that every name shares.
  size_t prefix_length = names.front().size();
  for (const std::string& name : names) {
    size_t common = 0;
    while (common < prefix_length && common < name.size() && name[common] == names.front()[common]) ++common;
    prefix_length = common;
  }
  const std::string& first = names.front();
  while (prefix_length > 0 && first[prefix_length - 1] != '_') --prefix_length;
  if (prefix_length == 0) return std::nullopt;
  std::string prefixed = first.substr(0, prefix_length);
  for (char c : value) prefixed.push_back(c == '-' || c == ' ' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c)));
  for (const std::string& name : names) {
    if (name == prefixed) return name;
  }
  return SuggestName(prefixed, names);
}

}  // namespace hdsc::base
