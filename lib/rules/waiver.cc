#include "lib/rules/waiver.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hdsc::rules {
namespace {

// What a waiver lacks to be usable, or empty.
std::vector<std::string> MissingParts(const WaiverEntry& waiver) {
  std::vector<std::string> missing;
  if (waiver.rule_id.empty()) missing.push_back("rule_id");
  if (waiver.reason.empty()) missing.push_back("reason");
  if (waiver.approver.empty()) missing.push_back("approver");
  if (!waiver.expires_at) missing.push_back("expires_at");
  return missing;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matching with backtracking to the last `*`: linear in practice, no recursion.
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
      continue;
    }
    if (p < pattern.size()) {
      const bool escaped = pattern[p] == '\\' && p + 1 < pattern.size();
      const char expected = escaped ? pattern[p + 1] : pattern[p];
      if ((!escaped && expected == '?') || expected == text[t]) {
        p += escaped ? 2 : 1;
        ++t;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    t = ++star_text;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const WaiverEntry* WaiverSet::Match(std::string_view rule_id, std::string_view subject_path,
                                    std::string_view subject_id) {
  const WaiverEntry* expired = nullptr;
  for (size_t i = 0; i < waivers_.size(); ++i) {
    const WaiverEntry& waiver = waivers_[i];
    if (!MissingParts(waiver).empty() || !GlobMatch(waiver.rule_id, rule_id)) continue;
    const bool subject_matches = waiver.subject.empty() || GlobMatch(waiver.subject, subject_path) ||
                                 (!subject_id.empty() && GlobMatch(waiver.subject, subject_id));
    if (!subject_matches) continue;
    used_[i] = true;
    if (!Expired(waiver, now_)) return &waiver;
    if (expired == nullptr) expired = &waiver;
  }
  return expired;
}

std::vector<std::string> WaiverSet::Problems() const {
  std::vector<std::string> problems;
  for (size_t i = 0; i < waivers_.size(); ++i) {
    const WaiverEntry& waiver = waivers_[i];
    const std::vector<std::string> missing = MissingParts(waiver);
    if (!missing.empty()) {
      problems.push_back(absl::StrCat("waiver ", waiver.origin, " is not applied: it has no ", absl::StrJoin(missing, ", ")));
    } else if (!used_[i]) {
      problems.push_back(absl::StrCat("waiver ", waiver.origin, " (rule ", waiver.rule_id,
                                      waiver.subject.empty() ? "" : absl::StrCat(", subject ", waiver.subject),
                                      ") matched no failing finding"));
    }
  }
  return problems;
}

}  // namespace hdsc::rules
