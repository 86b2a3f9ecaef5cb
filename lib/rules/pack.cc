#include "lib/rules/pack.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"
#include "lib/base/strings.h"
#include "lib/base/suggest.h"
#include "lib/rules/citation.h"
#include "lib/rules/common_text_format.h"

namespace hdsc::rules {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

namespace {

using base::AsAbsl;

constexpr std::string_view kPackExtension = ".textpb";
constexpr std::string_view kFixtureSuffix = "_test.textpb";

bool IsFixtureName(std::string_view name) { return absl::EndsWith(AsAbsl(name), AsAbsl(kFixtureSuffix)); }
bool IsPackName(std::string_view name) { return absl::EndsWith(AsAbsl(name), AsAbsl(kPackExtension)) && !IsFixtureName(name); }

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  // One read of the size the file has (packs are read at every start, and copying through a stream cost more).
  const std::streamoff size = in.tellg();
  if (size < 0) return absl::DataLossError(absl::StrCat(path, ": read error"));
  std::string contents(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(contents.data(), size)) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return contents;
}

// The files below `dir` whose names satisfy `wanted`, sorted by path.
absl::StatusOr<std::vector<std::string>> ListFiles(const std::string& path, bool (*wanted)(std::string_view)) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
  }
  if (!std::filesystem::is_directory(status)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (auto it = std::filesystem::recursive_directory_iterator(path, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error) && wanted(it->path().filename().string())) files.push_back(it->path().string());
  }
  if (error) return absl::UnavailableError(absl::StrCat(path, ": ", error.message()));
  std::sort(files.begin(), files.end());
  return files;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || !absl::ascii_isalnum(id[0])) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool IsValidParamName(std::string_view name) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return absl::ascii_isalnum(c) || c == '_'; });
}

std::string LocationString(const std::string& file, io::SourceLocation location) {
  return absl::StrCat(file, ":", location.line, ":", location.column);
}

// Collects text-format syntax errors as diagnostics.
class DiagnosticCollector : public google::protobuf::io::ErrorCollector {
 public:
  DiagnosticCollector(std::string file, const io::SourceText& source, std::vector<io::Diagnostic>& out)
      : file_(std::move(file)), source_(source), out_(out) {}

  void AddError(int line, int column, const std::string& message) override {
    Add(line, column, message);
    ++errors_;
  }
  void AddWarning(int line, int column, const std::string& message) override {}

  int errors() const { return errors_; }

 private:
  void Add(int line, int column, const std::string& message) {
    io::Diagnostic diagnostic;
    diagnostic.file = file_;
    if (line >= 0) {
      size_t offset = source_.OffsetOfTokenizerPosition(line, std::max(column, 0));
      // The parser reports a bad enum value at the token after it; point at the value itself.
      constexpr std::string_view kEnumError = "Unknown enumeration value of \"";
      if (absl::StartsWith(message, AsAbsl(kEnumError))) {
        const size_t end = message.find('"', kEnumError.size());
        const std::string value = message.substr(kEnumError.size(), end - kEnumError.size());
        const size_t found = source_.text().substr(0, offset).rfind(value);
        if (!value.empty() && found != std::string_view::npos) offset = found;
      }
      const io::SourceLocation location = source_.LocationOfOffset(offset);
      diagnostic.line = location.line;
      diagnostic.column = location.column;
    }
    diagnostic.message = message;
    out_.push_back(std::move(diagnostic));
  }

  std::string file_;
  const io::SourceText& source_;
  std::vector<io::Diagnostic>& out_;
  int errors_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<PackSource>> ReadPackSources(const std::vector<std::string>& paths) {
  std::vector<PackSource> sources;
  for (const std::string& path : paths) {
    absl::StatusOr<std::vector<std::string>> files = ListFiles(path, IsPackName);
    if (!files.ok()) return files.status();
    if (files->empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no *.textpb pack file"));
    for (const std::string& file : *files) {
      absl::StatusOr<std::string> contents = ReadFile(file);
      if (!contents.ok()) return contents.status();
      sources.push_back({file, *std::move(contents)});
    }
  }
  return sources;
}

absl::StatusOr<std::vector<std::string>> FindFixtureFiles(const std::string& path) {
  return ListFiles(path, IsFixtureName);
}

io::Diagnostic SourceString::At(size_t offset, std::string message) const {
  io::Diagnostic diagnostic;
  diagnostic.file = file;
  io::SourceLocation at = location;
  if (text != nullptr) {
    // The parser accepted the field, so the scan only fails on forms it does not model; the diagnostic then
    // points at the field's name.
    absl::StatusOr<StringValuePositions> positions = StringValuePositions::Scan(io::SourceText(*text), field_offset);
    if (positions.ok()) at = positions->Location(offset);
  }
  diagnostic.line = at.line;
  diagnostic.column = at.column;
  diagnostic.message = std::move(message);
  return diagnostic;
}

absl::StatusOr<absl::Duration> ParseDurationParam(std::string_view text) {
  if (absl::EndsWith(AsAbsl(text), "d")) {
    int64_t days = 0;
    if (absl::SimpleAtoi(absl::string_view(text.data(), text.size() - 1), &days) && days >= 0) {
      return absl::Hours(24) * days;
    }
  } else {
    absl::Duration duration;
    if (absl::ParseDuration(absl::string_view(text.data(), text.size()), &duration) &&
        duration != absl::InfiniteDuration() && duration != -absl::InfiniteDuration()) {
      return duration;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid duration '", AsAbsl(text), "' (expected e.g. \"72h\", \"90m\" or \"365d\")"));
}

const std::string& Localized(const v1::LocalizedText& text, std::string_view language) {
  return base::Localized(base::LanguageOrEnglish(language), text.en(), text.fr());
}

// Builds a PackSet from sources, collecting every problem.
class PackSetBuilder {
 public:
  PackSetBuilder(const Descriptor* root, std::vector<io::Diagnostic>& diagnostics)
      : root_(root), diagnostics_(diagnostics) {}

  void AddSource(PackSource source);
  void Validate();
  PackSet Finish() { return std::move(set_); }

 private:
  // Where one parsed file's messages are.
  struct FileContext {
    const std::string& file;
    const io::SourceText& source;
    // The text `source` indexes, shared by the file's `SourceString`s.
    const std::shared_ptr<const std::string>& text;
  };

  void Error(const std::string& file, io::SourceLocation location, std::string message) {
    io::Diagnostic diagnostic;
    diagnostic.file = file;
    diagnostic.line = location.line;
    diagnostic.column = location.column;
    diagnostic.message = std::move(message);
    diagnostics_.push_back(std::move(diagnostic));
  }

  static io::SourceLocation Locate(const FileContext& context, const TextLocations* locations,
                                   const FieldDescriptor* field, int index, io::SourceLocation fallback) {
    if (locations == nullptr) return fallback;
    const size_t offset = locations->Offset(field, index);
    if (offset == TextLocations::kNotWritten) return fallback;
    return context.source.LocationOfOffset(offset);
  }

  SourceString LocateString(const FileContext& context, const TextLocations* locations,
                            const FieldDescriptor* field, io::SourceLocation fallback);

  void AddRule(const FileContext& context, v1::Rule rule, const TextLocations* locations,
               io::SourceLocation location);
  void AddFramework(const FileContext& context, v1::Framework framework, io::SourceLocation location,
                    const TextLocations* locations);
  void AddProfile(const FileContext& context, v1::Profile profile, io::SourceLocation location);
  void AddParam(const FileContext& context, v1::ParamDeclaration param, io::SourceLocation location);
  void CheckParamValue(const std::string& file, io::SourceLocation location, const std::string& what,
                       const v1::ParamValue& value);

  // The message for a reference to a missing id, with a suggestion when one is close.
  template <typename Index>
  static std::string Missing(std::string_view kind, std::string_view id, const Index& index) {
    std::vector<std::string> candidates;
    for (const auto& [name, unused] : index) candidates.push_back(name);
    std::string message = absl::StrCat("unknown ", AsAbsl(kind), " '", AsAbsl(id), "'");
    if (auto suggestion = base::SuggestName(id, candidates)) absl::StrAppend(&message, " (did you mean '", *suggestion, "'?)");
    return message;
  }

  const Descriptor* root_;
  std::vector<io::Diagnostic>& diagnostics_;
  PackSet set_;
  // Where each framework's requirement ids and each profile's sub-fields sit, for cross-reference errors.
  std::vector<std::vector<io::SourceLocation>> requirement_locations_;
};

SourceString PackSetBuilder::LocateString(const FileContext& context, const TextLocations* locations,
                                          const FieldDescriptor* field, io::SourceLocation fallback) {
  SourceString result;
  result.file = context.file;
  result.location = fallback;
  if (locations == nullptr) return result;
  const size_t offset = locations->Offset(field, -1);
  if (offset == TextLocations::kNotWritten) return result;
  result.field_offset = offset;
  result.location = context.source.LocationOfOffset(result.field_offset);
  result.text = context.text;
  return result;
}

void PackSetBuilder::AddSource(PackSource source) {
  const auto contents = std::make_shared<const std::string>(std::move(source.contents));
  const io::SourceText text(*contents);
  set_.files_.push_back({source.path, base::Sha256Hex(*contents)});
  v1::Pack pack;
  TextLocations locations;
  if (!ReadCommonTextFormat(*contents, &pack, &locations)) {
    // A form the fast reader leaves to protobuf's parser, or an error for it to describe.
    pack.Clear();
    TextFormat::ParseInfoTree tree;
    DiagnosticCollector collector(source.path, text, diagnostics_);
    TextFormat::Parser parser;
    parser.RecordErrorsTo(&collector);
    parser.WriteLocationsTo(&tree);
    if (!parser.ParseFromString(*contents, &pack) || collector.errors() > 0) return;
    locations = TextLocations::FromParseInfoTree(tree, pack, text);
  }

  const FileContext context{source.path, text, contents};
  const Descriptor* pack_type = v1::Pack::descriptor();
  const io::SourceLocation file_start{1, 1};
  const FieldDescriptor* rule_field = pack_type->FindFieldByName("rule");
  for (int i = 0; i < pack.rule_size(); ++i) {
    AddRule(context, std::move(*pack.mutable_rule(i)), locations.Nested(rule_field, i),
            Locate(context, &locations, rule_field, i, file_start));
  }
  const FieldDescriptor* framework_field = pack_type->FindFieldByName("framework");
  for (int i = 0; i < pack.framework_size(); ++i) {
    AddFramework(context, std::move(*pack.mutable_framework(i)),
                 Locate(context, &locations, framework_field, i, file_start), locations.Nested(framework_field, i));
  }
  const FieldDescriptor* profile_field = pack_type->FindFieldByName("profile");
  for (int i = 0; i < pack.profile_size(); ++i) {
    AddProfile(context, std::move(*pack.mutable_profile(i)), Locate(context, &locations, profile_field, i, file_start));
  }
  const FieldDescriptor* param_field = pack_type->FindFieldByName("param");
  for (int i = 0; i < pack.param_size(); ++i) {
    AddParam(context, std::move(*pack.mutable_param(i)), Locate(context, &locations, param_field, i, file_start));
  }
}

void PackSetBuilder::AddRule(const FileContext& context, v1::Rule rule, const TextLocations* locations,
                             io::SourceLocation location) {
  const Descriptor* type = v1::Rule::descriptor();
  const std::string& file = context.file;
  const std::string label = absl::StrCat("rule '", rule.id(), "'");
  if (!IsValidId(rule.id())) {
    Error(file, location,
          rule.id().empty() ? "rule without an id"
                            : absl::StrCat("invalid rule id '", rule.id(),
                                           "' (letters, digits, '-', '_' and '.', starting with a letter or digit)"));
  } else if (auto it = set_.rule_index_.find(rule.id()); it != set_.rule_index_.end()) {
    const LoadedRule& first = set_.rules_[it->second];
    Error(file, location,
          absl::StrCat("duplicate rule id '", rule.id(), "' (first defined at ", LocationString(first.file, first.location), ")"));
    return;
  }
  if (rule.severity() == v1::Rule::SEVERITY_UNSPECIFIED) {
    Error(file, location, absl::StrCat(label, " has no severity (INFO, LOW, MEDIUM, HIGH or CRITICAL)"));
  }
  if (rule.title().en().empty()) Error(file, location, absl::StrCat(label, " has no English title (title { en: ... })"));
  if (rule.require().empty()) Error(file, location, absl::StrCat(label, " has no require expression"));
  if (rule.reference_size() == 0) Error(file, location, absl::StrCat(label, " has no reference (framework and citation)"));

  LoadedRule loaded;
  loaded.file = file;
  loaded.location = location;
  if (!rule.for_each().empty()) {
    absl::StatusOr<ForEachPath> path = ForEachPath::Resolve(root_, rule.for_each());
    if (path.ok()) {
      loaded.for_each = *std::move(path);
    } else {
      Error(file, Locate(context, locations, type->FindFieldByName("for_each"), -1, location),
            absl::StrCat(label, ": ", path.status().message()));
    }
  }
  loaded.when = LocateString(context, locations, type->FindFieldByName("when"), location);
  loaded.require = LocateString(context, locations, type->FindFieldByName("require"), location);
  const FieldDescriptor* message_field = type->FindFieldByName("message");
  const TextLocations* message_locations = locations == nullptr ? nullptr : locations->Nested(message_field, -1);
  const io::SourceLocation message_location = Locate(context, locations, message_field, -1, location);
  loaded.message_en =
      LocateString(context, message_locations, v1::LocalizedText::descriptor()->FindFieldByName("en"), message_location);
  loaded.message_fr =
      LocateString(context, message_locations, v1::LocalizedText::descriptor()->FindFieldByName("fr"), message_location);
  loaded.rule = std::move(rule);
  if (IsValidId(loaded.rule.id())) set_.rule_index_.emplace(loaded.rule.id(), set_.rules_.size());
  set_.rules_.push_back(std::move(loaded));
}

void PackSetBuilder::AddFramework(const FileContext& context, v1::Framework framework, io::SourceLocation location,
                                  const TextLocations* locations) {
  const std::string& file = context.file;
  if (!IsValidId(framework.id())) {
    Error(file, location,
          framework.id().empty() ? "framework without an id" : absl::StrCat("invalid framework id '", framework.id(), "'"));
    return;
  }
  if (auto it = set_.framework_index_.find(framework.id()); it != set_.framework_index_.end()) {
    const LoadedFramework& first = set_.frameworks_[it->second];
    Error(file, location,
          absl::StrCat("duplicate framework id '", framework.id(), "' (first defined at ",
                       LocationString(first.file, first.location), ")"));
    return;
  }
  if (framework.title().en().empty()) {
    Error(file, location, absl::StrCat("framework '", framework.id(), "' has no English title"));
  }
  const FieldDescriptor* requirement_field = v1::Framework::descriptor()->FindFieldByName("requirement");
  std::vector<io::SourceLocation> requirement_locations;
  std::set<std::string> requirement_ids;
  for (int i = 0; i < framework.requirement_size(); ++i) {
    const v1::Requirement& requirement = framework.requirement(i);
    const io::SourceLocation at = Locate(context, locations, requirement_field, i, location);
    requirement_locations.push_back(at);
    if (requirement.id().empty()) {
      Error(file, at, absl::StrCat("framework '", framework.id(), "': requirement without an id"));
    } else if (!requirement_ids.insert(requirement.id()).second) {
      Error(file, at, absl::StrCat("framework '", framework.id(), "': duplicate requirement id '", requirement.id(), "'"));
    }
  }
  const FieldDescriptor* style_field = v1::Framework::descriptor()->FindFieldByName("citation_style");
  const FieldDescriptor* form_field = v1::CitationStyle::descriptor()->FindFieldByName("form");
  const TextLocations* style_locations = locations == nullptr ? nullptr : locations->Nested(style_field, -1);
  for (int i = 0; i < framework.citation_style().form_size(); ++i) {
    if (absl::Status status = CheckCitationForm(framework.citation_style().form(i)); !status.ok()) {
      Error(file, Locate(context, style_locations, form_field, i, location),
            absl::StrCat("framework '", framework.id(), "': ", status.message()));
    }
  }
  LoadedFramework loaded;
  loaded.file = file;
  loaded.location = location;
  loaded.requirement_rules.resize(framework.requirement_size());
  loaded.framework = std::move(framework);
  set_.framework_index_.emplace(loaded.framework.id(), set_.frameworks_.size());
  set_.frameworks_.push_back(std::move(loaded));
  requirement_locations_.push_back(std::move(requirement_locations));
}

void PackSetBuilder::AddProfile(const FileContext& context, v1::Profile profile, io::SourceLocation location) {
  if (!IsValidId(profile.id())) {
    Error(context.file, location,
          profile.id().empty() ? "profile without an id" : absl::StrCat("invalid profile id '", profile.id(), "'"));
    return;
  }
  if (auto it = set_.profile_index_.find(profile.id()); it != set_.profile_index_.end()) {
    const LoadedProfile& first = set_.profiles_[it->second];
    Error(context.file, location,
          absl::StrCat("duplicate profile id '", profile.id(), "' (first defined at ",
                       LocationString(first.file, first.location), ")"));
    return;
  }
  set_.profile_index_.emplace(profile.id(), set_.profiles_.size());
  set_.profiles_.push_back({std::move(profile), context.file, location});
}

void PackSetBuilder::AddParam(const FileContext& context, v1::ParamDeclaration param, io::SourceLocation location) {
  if (!IsValidParamName(param.name())) {
    Error(context.file, location,
          absl::StrCat("invalid parameter name '", param.name(), "' (letters, digits and '_', not starting with a digit)"));
    return;
  }
  if (set_.param_index_.count(param.name()) > 0) {
    Error(context.file, location, absl::StrCat("duplicate parameter '", param.name(), "'"));
    return;
  }
  if (param.default_value().kind_case() == v1::ParamValue::KIND_NOT_SET) {
    Error(context.file, location, absl::StrCat("parameter '", param.name(), "' has no default_value"));
  }
  CheckParamValue(context.file, location, absl::StrCat("parameter '", param.name(), "'"), param.default_value());
  set_.param_index_.emplace(param.name(), set_.params_.size());
  set_.params_.push_back(std::move(param));
}

void PackSetBuilder::CheckParamValue(const std::string& file, io::SourceLocation location, const std::string& what,
                                     const v1::ParamValue& value) {
  if (value.kind_case() != v1::ParamValue::kDurationValue) return;
  absl::StatusOr<absl::Duration> duration = ParseDurationParam(value.duration_value());
  if (!duration.ok()) Error(file, location, absl::StrCat(what, ": ", duration.status().message()));
}

void PackSetBuilder::Validate() {
  // Rule references: frameworks and requirements exist; record which requirements each rule evidences.
  for (const LoadedRule& loaded : set_.rules_) {
    for (const v1::Reference& reference : loaded.rule.reference()) {
      auto framework = set_.framework_index_.find(reference.framework());
      if (framework == set_.framework_index_.end()) {
        Error(loaded.file, loaded.location,
              absl::StrCat("rule '", loaded.rule.id(), "': ", Missing("framework", reference.framework(), set_.framework_index_)));
        continue;
      }
      if (reference.citation().empty()) {
        Error(loaded.file, loaded.location,
              absl::StrCat("rule '", loaded.rule.id(), "': reference to ", reference.framework(), " has no citation"));
      }
      if (!reference.text().empty()) {
        Error(loaded.file, loaded.location,
              absl::StrCat("rule '", loaded.rule.id(), "': reference to ", reference.framework(),
                           " sets `text`, which reports fill in (see the framework's citation_style)"));
      }
      if (reference.requirement().empty()) continue;
      LoadedFramework& target = set_.frameworks_[framework->second];
      bool found = false;
      for (int i = 0; i < target.framework.requirement_size(); ++i) {
        if (target.framework.requirement(i).id() == reference.requirement()) {
          target.requirement_rules[i].push_back(loaded.rule.id());
          found = true;
        }
      }
      if (!found) {
        Error(loaded.file, loaded.location,
              absl::StrCat("rule '", loaded.rule.id(), "': framework ", reference.framework(),
                           " has no requirement '", reference.requirement(), "'"));
      }
    }
  }
  // Framework requirements name existing rules.
  for (size_t f = 0; f < set_.frameworks_.size(); ++f) {
    LoadedFramework& loaded = set_.frameworks_[f];
    for (int i = 0; i < loaded.framework.requirement_size(); ++i) {
      const v1::Requirement& requirement = loaded.framework.requirement(i);
      for (const std::string& rule_id : requirement.rule_ids()) {
        if (set_.rule_index_.count(rule_id) == 0) {
          Error(loaded.file, requirement_locations_[f][i],
                absl::StrCat("framework '", loaded.framework.id(), "' requirement '", requirement.id(), "': ",
                             Missing("rule", rule_id, set_.rule_index_)));
          continue;
        }
        loaded.requirement_rules[i].push_back(rule_id);
      }
      std::vector<std::string>& ids = loaded.requirement_rules[i];
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
  }
  // Profiles name existing frameworks, rules and parameters, with values of the declared kind.
  for (const LoadedProfile& loaded : set_.profiles_) {
    const v1::Profile& profile = loaded.profile;
    const std::string label = absl::StrCat("profile '", profile.id(), "': ");
    for (const std::string& id : profile.framework()) {
      if (set_.framework_index_.count(id) == 0) {
        Error(loaded.file, loaded.location, label + Missing("framework", id, set_.framework_index_));
      }
    }
    for (const auto* list : {&profile.include_rule(), &profile.exclude_rule()}) {
      for (const std::string& id : *list) {
        if (set_.rule_index_.count(id) == 0) Error(loaded.file, loaded.location, label + Missing("rule", id, set_.rule_index_));
      }
    }
    for (const v1::ParamSetting& setting : profile.param()) {
      auto declared = set_.param_index_.find(setting.name());
      if (declared == set_.param_index_.end()) {
        Error(loaded.file, loaded.location, label + Missing("parameter", setting.name(), set_.param_index_));
        continue;
      }
      const v1::ParamValue& default_value = set_.params_[declared->second].default_value();
      if (setting.value().kind_case() != default_value.kind_case()) {
        Error(loaded.file, loaded.location,
              absl::StrCat(label, "parameter '", setting.name(), "' must be set with the same kind of value as its default (",
                           default_value.GetDescriptor()->FindFieldByNumber(default_value.kind_case()) == nullptr
                               ? "none"
                               : default_value.GetDescriptor()->FindFieldByNumber(default_value.kind_case())->name(),
                           ")"));
        continue;
      }
      CheckParamValue(loaded.file, loaded.location, absl::StrCat(label, "parameter '", setting.name(), "'"), setting.value());
    }
  }
}

absl::StatusOr<PackSet> PackSet::Load(std::vector<PackSource> sources, const Descriptor* root,
                                      std::vector<io::Diagnostic>* diagnostics) {
  std::vector<io::Diagnostic> problems;
  PackSetBuilder builder(root, problems);
  for (PackSource& source : sources) builder.AddSource(std::move(source));
  builder.Validate();
  if (!problems.empty()) {
    io::SortDiagnostics(problems);
    std::string message = problems.front().ToString();
    if (problems.size() > 1) absl::StrAppend(&message, " (and ", problems.size() - 1, " more problems)");
    if (diagnostics != nullptr) diagnostics->insert(diagnostics->end(), problems.begin(), problems.end());
    return absl::InvalidArgumentError(message);
  }
  return builder.Finish();
}

const LoadedRule* PackSet::FindRule(std::string_view id) const {
  auto it = rule_index_.find(id);
  return it == rule_index_.end() ? nullptr : &rules_[it->second];
}

const LoadedFramework* PackSet::FindFramework(std::string_view id) const {
  auto it = framework_index_.find(id);
  return it == framework_index_.end() ? nullptr : &frameworks_[it->second];
}

const LoadedProfile* PackSet::FindProfile(std::string_view id) const {
  auto it = profile_index_.find(id);
  return it == profile_index_.end() ? nullptr : &profiles_[it->second];
}

const v1::ParamDeclaration* PackSet::FindParam(std::string_view name) const {
  auto it = param_index_.find(name);
  return it == param_index_.end() ? nullptr : &params_[it->second];
}

}  // namespace hdsc::rules
