// Which rules and frameworks a run uses, and with which parameter values: a profile applied to a pack set.
#ifndef HDSC_LIB_RULES_SELECTION_H_
#define HDSC_LIB_RULES_SELECTION_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/model/rules.pb.h"
#include "lib/rules/pack.h"

namespace hdsc::rules {

struct Selection {
  // Null when no profile was asked for.
  const LoadedProfile* profile = nullptr;
  // The rules that run, sorted by id.
  std::vector<const LoadedRule*> rules;
  // The frameworks summarised, in the profile's order (or the packs' order without a profile).
  std::vector<const LoadedFramework*> frameworks;
  // Every declared parameter, with the profile's value or its default.
  std::map<std::string, v1::ParamValue> params;
};

// Applies profile `profile_id` ("" for none) to `packs`. Without a profile every rule and framework is used. With
// one, the frameworks are those it lists (all, if it lists none); the rules are those the frameworks' requirements
// name or whose references cite those frameworks, plus `include_rule`, minus `exclude_rule`. NOT_FOUND for an
// unknown profile, naming the known ones.
absl::StatusOr<Selection> Select(const PackSet& packs, std::string_view profile_id);

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_SELECTION_H_
