// Loading rule packs: text-format files of rules, frameworks, profiles and parameters (lib/model/rules.proto),
// checked as a whole before anything runs.
#ifndef HDSC_LIB_RULES_PACK_H_
#define HDSC_LIB_RULES_PACK_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "lib/io/diagnostic.h"
#include "lib/model/rules.pb.h"
#include "lib/rules/field_path.h"
#include "lib/rules/source_text.h"

namespace hdsc::rules {

// The text of one pack file.
struct PackSource {
  // How diagnostics and reports name the file.
  std::string path;
  std::string contents;
};

// Reads the pack files named by `paths`. A file is read as given; a directory contributes every `*.textpb` file
// below it, in sorted order, except rule fixtures (`*_test.textpb`). NOT_FOUND naming the path when a path does
// not exist, INVALID_ARGUMENT when a directory holds no pack file.
absl::StatusOr<std::vector<PackSource>> ReadPackSources(const std::vector<std::string>& paths);

// The rule fixture files (`*_test.textpb`) below `path` (or `path` itself if it is such a file), sorted.
absl::StatusOr<std::vector<std::string>> FindFixtureFiles(const std::string& path);

// Where a string field of a pack file sits, to report a diagnostic at one of its characters.
struct SourceString {
  std::string file;
  // The field's name in the file; the enclosing message when the field is absent.
  io::SourceLocation location;
  // The file's text and the byte offset of the field's name in it; null when the field is absent. The value is
  // scanned again only when a diagnostic needs a position in it (keeping a position per character of every rule
  // cost more than the rest of loading the packs).
  std::shared_ptr<const std::string> text;
  size_t field_offset = 0;

  // A diagnostic at byte `offset` of the decoded value (at the field's name when the value's characters cannot be
  // placed).
  io::Diagnostic At(size_t offset, std::string message) const;
};

struct LoadedRule {
  v1::Rule rule;
  std::string file;
  io::SourceLocation location;
  // Absent when the rule runs on the dossier itself.
  std::optional<ForEachPath> for_each;
  SourceString when;
  SourceString require;
  SourceString message_en;
  SourceString message_fr;
};

struct LoadedFramework {
  v1::Framework framework;
  std::string file;
  io::SourceLocation location;
  // For each requirement, in order: the ids of the rules that evidence it (its `rule_ids` and the rules whose
  // references name it), sorted and unique.
  std::vector<std::vector<std::string>> requirement_rules;
};

struct LoadedProfile {
  v1::Profile profile;
  std::string file;
  io::SourceLocation location;
};

// A pack file as the report records it.
struct PackFileDigest {
  std::string path;
  std::string sha256;
};

// A validated set of packs. Cross-references are resolved: every rule id, framework id, requirement id,
// parameter and `for_each` path named anywhere exists. CEL expressions are not compiled here (see
// lib/check/checker.h).
class PackSet {
 public:
  // Parses and validates `sources` together. `root` is the message type rules iterate from (hdsc.v1.Dossier).
  // Every problem found is appended to `diagnostics` (if not null), sorted by file and position; the status is
  // INVALID_ARGUMENT naming the first one and how many there are.
  static absl::StatusOr<PackSet> Load(std::vector<PackSource> sources,
                                      const google::protobuf::Descriptor* root,
                                      std::vector<io::Diagnostic>* diagnostics);

  // In the order of the files, then of the rules in each file.
  const std::vector<LoadedRule>& rules() const { return rules_; }
  const std::vector<LoadedFramework>& frameworks() const { return frameworks_; }
  const std::vector<LoadedProfile>& profiles() const { return profiles_; }
  const std::vector<v1::ParamDeclaration>& params() const { return params_; }
  const std::vector<PackFileDigest>& files() const { return files_; }

  // Null when there is no such id.
  const LoadedRule* FindRule(std::string_view id) const;
  const LoadedFramework* FindFramework(std::string_view id) const;
  const LoadedProfile* FindProfile(std::string_view id) const;
  const v1::ParamDeclaration* FindParam(std::string_view name) const;

 private:
  std::vector<LoadedRule> rules_;
  std::vector<LoadedFramework> frameworks_;
  std::vector<LoadedProfile> profiles_;
  std::vector<v1::ParamDeclaration> params_;
  std::vector<PackFileDigest> files_;
  std::map<std::string, size_t, std::less<>> rule_index_;
  std::map<std::string, size_t, std::less<>> framework_index_;
  std::map<std::string, size_t, std::less<>> profile_index_;
  std::map<std::string, size_t, std::less<>> param_index_;

  friend class PackSetBuilder;
};

// A duration parameter: a CEL duration string ("72h", "1h30m", "90s") or a number of days ("365d").
absl::StatusOr<absl::Duration> ParseDurationParam(std::string_view text);

// The text of `text` in `language` ("en" or "fr"); French falls back to English when empty.
const std::string& Localized(const v1::LocalizedText& text, std::string_view language);

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_PACK_H_
