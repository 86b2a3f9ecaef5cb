#include "lib/rules/selection.h"

#include <algorithm>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hdsc::rules {

absl::StatusOr<Selection> Select(const PackSet& packs, std::string_view profile_id) {
  Selection selection;
  for (const v1::ParamDeclaration& param : packs.params()) selection.params[param.name()] = param.default_value();

  if (profile_id.empty()) {
    for (const LoadedRule& rule : packs.rules()) selection.rules.push_back(&rule);
    for (const LoadedFramework& framework : packs.frameworks()) selection.frameworks.push_back(&framework);
  } else {
    selection.profile = packs.FindProfile(profile_id);
    if (selection.profile == nullptr) {
      std::vector<std::string> known;
      for (const LoadedProfile& profile : packs.profiles()) known.push_back(profile.profile.id());
      return absl::NotFoundError(absl::StrCat("unknown profile '", absl::string_view(profile_id.data(), profile_id.size()), "' (known: ",
                                              known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
    }
    const v1::Profile& profile = selection.profile->profile;
    if (profile.framework().empty()) {
      for (const LoadedFramework& framework : packs.frameworks()) selection.frameworks.push_back(&framework);
    } else {
      // Pack validation guarantees that every listed framework exists.
      for (const std::string& id : profile.framework()) selection.frameworks.push_back(packs.FindFramework(id));
    }
    std::set<std::string> framework_ids;
    std::set<std::string> rule_ids;
    for (const LoadedFramework* framework : selection.frameworks) {
      framework_ids.insert(framework->framework.id());
      for (const std::vector<std::string>& ids : framework->requirement_rules) rule_ids.insert(ids.begin(), ids.end());
    }
    for (const LoadedRule& rule : packs.rules()) {
      for (const v1::Reference& reference : rule.rule.reference()) {
        if (framework_ids.count(reference.framework()) > 0) rule_ids.insert(rule.rule.id());
      }
    }
    rule_ids.insert(profile.include_rule().begin(), profile.include_rule().end());
    for (const std::string& id : profile.exclude_rule()) rule_ids.erase(id);
    for (const std::string& id : rule_ids) {
      if (const LoadedRule* rule = packs.FindRule(id)) selection.rules.push_back(rule);
    }
    for (const v1::ParamSetting& setting : profile.param()) selection.params[setting.name()] = setting.value();
  }
  std::sort(selection.rules.begin(), selection.rules.end(),
            [](const LoadedRule* a, const LoadedRule* b) { return a->rule.id() < b->rule.id(); });
  return selection;
}

}  // namespace hdsc::rules
