#include "lib/base/suggest.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace hdsc::base {
namespace {

// Names longer than this are not worth a quadratic comparison; nobody misspells a 200-character field.
constexpr size_t kMaxComparedLength = 128;

std::string Normalize(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '_' && c != '-') out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
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
  const std::string normalized = Normalize(name);
  std::optional<std::string> best;
  int best_distance = MaxDistanceFor(name) + 1;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > kMaxComparedLength || candidate == name) continue;
    const int distance = Normalize(candidate) == normalized ? 0 : EditDistance(name, candidate);
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
