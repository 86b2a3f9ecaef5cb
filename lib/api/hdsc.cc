#include "lib/api/hdsc.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"
#include "lib/base/strings.h"
#include "lib/check/checker.h"
#include "lib/check/fixture.h"
#include "lib/expr/cel.h"
#include "lib/io/load.h"
#include "lib/io/read.h"
#include "lib/io/validate.h"
#include "lib/io/write.h"
#include "lib/report/diff.h"
#include "lib/report/evidence.h"
#include "lib/report/json_writer.h"
#include "lib/report/signature.h"
#include "lib/rules/pack.h"
#include "lib/starter/starter.h"

namespace hdsc {

// ---------------------------------------------------------------------------------------------------------------
// Located problems
// ---------------------------------------------------------------------------------------------------------------

namespace {

// The payload under which a status carries its diagnostics. Not an hdsc.v1.Diagnostics message: a file name or a
// message may hold bytes that are not UTF-8 (a caller's file name), which a proto3 string refuses to parse, and the
// diagnostics would be lost. Each diagnostic is its five fields, each a 4-byte length (little-endian) and its bytes.
constexpr char kDiagnosticsPayload[] = "hdsc/diagnostics";

void AppendField(std::string_view field, std::string& out) {
  const uint32_t size = static_cast<uint32_t>(field.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  out.append(field.data(), field.size());
}

// The next field of `in` into `field`, advancing `in`; false when `in` is too short.
bool ReadField(std::string_view& in, std::string& field) {
  if (in.size() < 4) return false;
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(4);
  if (in.size() < size) return false;
  field.assign(in.data(), size);
  in.remove_prefix(size);
  return true;
}

}  // namespace

std::vector<Diagnostic> DiagnosticsOf(const absl::Status& status) {
  std::vector<Diagnostic> diagnostics;
  absl::optional<absl::Cord> payload = status.GetPayload(kDiagnosticsPayload);
  if (!payload.has_value()) return diagnostics;
  const std::string bytes(*payload);
  std::string_view in = bytes;
  std::string line, column;
  while (!in.empty()) {
    Diagnostic diagnostic;
    if (!ReadField(in, diagnostic.file) || !ReadField(in, line) || !ReadField(in, column) ||
        !ReadField(in, diagnostic.field_path) || !ReadField(in, diagnostic.message) ||
        !absl::SimpleAtoi(line, &diagnostic.line) || !absl::SimpleAtoi(column, &diagnostic.column)) {
      break;  // written by LocatedError only: cannot happen
    }
    diagnostics.push_back(std::move(diagnostic));
  }
  return diagnostics;
}

absl::Status LocatedError(std::vector<Diagnostic> diagnostics, std::string_view what) {
  if (diagnostics.empty()) return absl::InvalidArgumentError(what.empty() ? "invalid input" : std::string(what));
  std::string message;
  if (diagnostics.size() == 1 || what.empty()) {
    message = diagnostics.front().ToString();
    if (diagnostics.size() > 1) absl::StrAppend(&message, " (and ", diagnostics.size() - 1, " more problems)");
  } else {
    message = absl::StrCat(diagnostics.size(), " ", base::AsAbsl(what), "; the first: ", diagnostics.front().ToString());
  }
  std::string payload;
  for (const Diagnostic& diagnostic : diagnostics) {
    AppendField(diagnostic.file, payload);
    AppendField(absl::StrCat(diagnostic.line), payload);
    AppendField(absl::StrCat(diagnostic.column), payload);
    AppendField(diagnostic.field_path, payload);
    AppendField(diagnostic.message, payload);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kDiagnosticsPayload, absl::Cord(payload));
  return status;
}

// ---------------------------------------------------------------------------------------------------------------
// Dossiers
// ---------------------------------------------------------------------------------------------------------------

namespace {

constexpr char kDefaultDossierName[] = "dossier";

// `now`, or the current time when unset; INVALID_ARGUMENT outside the years 0001 to 9999, which no rule's
// arithmetic on timestamps could handle.
absl::StatusOr<absl::Time> NowOrCurrent(const std::optional<absl::Time>& now) {
  if (!now.has_value()) return absl::Now();
  static const absl::Time kFirst = absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  static const absl::Time kLast = absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone());
  if (*now < kFirst || *now >= kLast + absl::Seconds(1)) {
    return absl::InvalidArgumentError(absl::StrCat("now ", absl::FormatTime(*now, absl::UTCTimeZone()),
                                                   " is outside the years 0001 to 9999"));
  }
  return *now;
}

io::LoadOptions IoLoadOptions(const LoadOptions& options, DossierFormat format) {
  io::LoadOptions io_options;
  io_options.format = format;
  io_options.allow_unknown_fields = options.allow_unknown_fields;
  io_options.max_bytes = options.max_input_bytes;
  return io_options;
}

}  // namespace

absl::StatusOr<DossierFormat> ParseDossierFormat(std::string_view name) {
  if (absl::AsciiStrToLower(base::AsAbsl(name)) == "auto") return DossierFormat::kAuto;
  return io::ParseFormatName(name);
}

std::string_view DossierFormatName(DossierFormat format) { return io::FormatName(format); }

absl::StatusOr<DossierFormat> DossierFormatFromPath(std::string_view path) { return io::FormatFromPath(path); }

std::vector<std::string> DossierFormatNames() {
  std::vector<std::string> names;
  for (DossierFormat format : {DossierFormat::kAuto, DossierFormat::kJson, DossierFormat::kTextproto,
                               DossierFormat::kBinary, DossierFormat::kXlsx, DossierFormat::kOds}) {
    names.emplace_back(io::FormatName(format));
  }
  return names;
}

DossierFormat DetectDossierFormat(DossierFormat requested, std::string_view name, std::string_view bytes) {
  return io::DetectFormat(requested, name, bytes);
}

DossierSource DossierSource::Bytes(std::string_view bytes, std::string name, DossierFormat format) {
  DossierSource source;
  source.kind_ = Kind::kBytes;
  source.bytes_ = bytes;
  source.name_ = name.empty() ? kDefaultDossierName : std::move(name);
  source.format_ = format;
  return source;
}

DossierSource DossierSource::File(std::string path, DossierFormat format) {
  DossierSource source;
  source.kind_ = Kind::kFile;
  source.name_ = std::move(path);
  source.format_ = format;
  return source;
}

DossierSource DossierSource::Message(const v1::Dossier& dossier, std::string name) {
  DossierSource source;
  source.kind_ = Kind::kMessage;
  source.message_ = &dossier;
  source.name_ = name.empty() ? kDefaultDossierName : std::move(name);
  return source;
}

// Reads a DossierSource of any kind into a dossier and its problems.
class DossierReader {
 public:
  struct Read {
    LoadedDossier loaded;
    std::vector<Diagnostic> diagnostics;
  };

  // Reads `source` and, with `validate`, checks it as `Validate` does; without, only reading problems count.
  static absl::StatusOr<Read> ReadSource(const DossierSource& source, const LoadOptions& options,
                                         bool validate = true) {
    Read read;
    read.loaded.name = source.name_;
    if (source.kind_ == DossierSource::Kind::kMessage) {
      read.loaded.dossier = *source.message_;
      if (validate) read.diagnostics = io::ValidateDossier(read.loaded.dossier, read.loaded.source_map, source.name_);
      return read;
    }
    // A file's bytes are the reader's own, given back as JSON is read; bytes in memory are the caller's.
    std::string file_bytes;
    std::string_view bytes = source.bytes_;
    if (source.kind_ == DossierSource::Kind::kFile) {
      absl::StatusOr<std::string> read_bytes = io::ReadFileContents(source.name_, options.max_input_bytes);
      if (!read_bytes.ok()) return read_bytes.status();
      file_bytes = *std::move(read_bytes);
      bytes = file_bytes;
    } else if (!io::FitsLimit(source.bytes_.size(), options.max_input_bytes)) {
      // The length may come from a C caller and be anything.
      return absl::ResourceExhaustedError(absl::StrCat(source.name_, ": input is ", source.bytes_.size(),
                                                       " bytes, more than the limit of ", options.max_input_bytes,
                                                       " bytes"));
    }
    read.loaded.sha256 = base::Sha256Hex(bytes);
    const DossierFormat format = io::DetectFormat(source.format_, source.name_, bytes);
    if (!validate) {
      absl::StatusOr<io::ReadResult> result =
          io::ReadMessage(bytes, source.name_, IoLoadOptions(options, format), &read.loaded.dossier);
      if (!result.ok()) return result.status();
      io::SortDiagnostics(result->diagnostics);
      read.loaded.source_map = std::move(result->source_map);
      read.loaded.warnings = std::move(result->warnings);
      read.diagnostics = std::move(result->diagnostics);
      return read;
    }
    absl::StatusOr<io::LoadedDossier> loaded =
        source.kind_ == DossierSource::Kind::kFile
            ? io::LoadDossierReleasing(std::move(file_bytes), source.name_, IoLoadOptions(options, format),
                                       [&] { return io::ReadFileContents(source.name_, options.max_input_bytes); })
            : io::LoadDossier(bytes, source.name_, IoLoadOptions(options, format));
    if (!loaded.ok()) return loaded.status();
    read.loaded.dossier = std::move(loaded->dossier);
    read.loaded.source_map = std::move(loaded->source_map);
    read.loaded.warnings = std::move(loaded->warnings);
    read.diagnostics = std::move(loaded->diagnostics);
    return read;
  }
};

absl::StatusOr<LoadedDossier> LoadDossier(const DossierSource& source, const LoadOptions& options) {
  absl::StatusOr<DossierReader::Read> read = DossierReader::ReadSource(source, options);
  if (!read.ok()) return read.status();
  if (!read->diagnostics.empty()) return LocatedError(std::move(read->diagnostics));
  return std::move(read->loaded);
}

absl::StatusOr<std::vector<Diagnostic>> Validate(const DossierSource& source, const LoadOptions& options) {
  absl::StatusOr<DossierReader::Read> read = DossierReader::ReadSource(source, options);
  if (!read.ok()) return read.status();
  return std::move(read->diagnostics);
}

absl::StatusOr<ConvertedDossier> ConvertDossier(const DossierSource& source, DossierFormat to,
                                                const ConvertOptions& options) {
  if (to == DossierFormat::kAuto) return absl::InvalidArgumentError("no output format given");
  absl::StatusOr<io::SheetLanguage> language = io::ParseSheetLanguage(options.language);
  if (!language.ok()) return language.status();
  absl::StatusOr<DossierReader::Read> read = DossierReader::ReadSource(source, options.load, /*validate=*/false);
  if (!read.ok()) return read.status();
  if (!read->diagnostics.empty()) return LocatedError(std::move(read->diagnostics));
  std::vector<Diagnostic> problems;
  absl::StatusOr<std::string> bytes =
      io::WriteMessage(read->loaded.dossier, to, io::WriteOptions{*language}, source.name(), &problems);
  if (!problems.empty()) return LocatedError(std::move(problems), "values the output cannot hold");
  if (!bytes.ok()) return bytes.status();
  ConvertedDossier converted;
  converted.bytes = *std::move(bytes);
  converted.format = to;
  converted.warnings = std::move(read->loaded.warnings);
  return converted;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling rule packs
// ---------------------------------------------------------------------------------------------------------------

namespace {

// Whether `dir` holds at least one pack file (`*.textpb`, not a `*_test.textpb` fixture) below it.
bool HoldsPacks(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return false;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (absl::EndsWith(name, ".textpb") && !absl::EndsWith(name, "_test.textpb")) return true;
  }
  return false;
}

std::filesystem::path ExecutablePath() {
  std::error_code error;
  std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : path;
}

// The file this code was loaded from: libhdsc.so when the library is, the program when it is linked in.
std::filesystem::path LoadedFromPath() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&ExecutablePath), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code error;
  std::filesystem::path path = std::filesystem::weakly_canonical(info.dli_fname, error);
  return error ? std::filesystem::path() : path;
}

// `text` read as a value of the kind of `declaration`'s default.
absl::StatusOr<v1::ParamValue> ParseParamText(const v1::ParamDeclaration& declaration, const std::string& text) {
  v1::ParamValue value;
  const std::string& name = declaration.name();
  switch (declaration.default_value().kind_case()) {
    case v1::ParamValue::kBoolValue:
      if (text != "true" && text != "false") {
        return absl::InvalidArgumentError(absl::StrCat("parameter ", name, ": expected true or false, got '", text, "'"));
      }
      value.set_bool_value(text == "true");
      return value;
    case v1::ParamValue::kIntValue: {
      int64_t number = 0;
      if (!absl::SimpleAtoi(text, &number)) {
        return absl::InvalidArgumentError(absl::StrCat("parameter ", name, ": expected an integer, got '", text, "'"));
      }
      value.set_int_value(number);
      return value;
    }
    case v1::ParamValue::kDoubleValue: {
      double number = 0;
      if (!absl::SimpleAtod(text, &number) || !std::isfinite(number)) {
        return absl::InvalidArgumentError(absl::StrCat("parameter ", name, ": expected a number, got '", text, "'"));
      }
      value.set_double_value(number);
      return value;
    }
    case v1::ParamValue::kDurationValue: {
      absl::StatusOr<absl::Duration> duration = rules::ParseDurationParam(text);
      if (!duration.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("parameter ", name, ": expected a duration such as 72h or 365d, got '", text, "'"));
      }
      value.set_duration_value(text);
      return value;
    }
    case v1::ParamValue::kStringListValue: {
      // Comma-separated; an empty text is the empty list.
      v1::StringList* list = value.mutable_string_list_value();
      for (absl::string_view element : absl::StrSplit(text, ',', absl::SkipEmpty())) {
        list->add_values(std::string(absl::StripAsciiWhitespace(element)));
      }
      return value;
    }
    case v1::ParamValue::kStringValue:
    case v1::ParamValue::KIND_NOT_SET:
      value.set_string_value(text);
      return value;
  }
  return value;
}

// Waivers of a waivers file: a dossier document that holds only `waivers`.
absl::StatusOr<std::vector<rules::WaiverEntry>> ReadWaivers(const Document& document) {
  v1::Dossier holder;
  absl::StatusOr<io::ReadResult> read =
      io::ReadMessage(document.contents, document.name,
                      IoLoadOptions(LoadOptions(), io::DetectFormat(DossierFormat::kAuto, document.name,
                                                                    document.contents)),
                      &holder);
  if (!read.ok()) return read.status();
  if (!read->diagnostics.empty()) return LocatedError(std::move(read->diagnostics));
  v1::Dossier only_waivers;
  *only_waivers.mutable_waivers() = holder.waivers();
  if (holder.ByteSizeLong() != only_waivers.ByteSizeLong()) {
    return absl::InvalidArgumentError(document.name + ": a waivers file may only hold `waivers`");
  }
  return check::WaiversFromDossier(holder, document.name);
}

RuleInfo DescribeRule(const rules::PackSet& packs, const rules::LoadedRule& loaded) {
  RuleInfo info;
  info.rule = loaded.rule;
  info.file = loaded.file;
  info.line = loaded.location.line;
  info.column = loaded.location.column;
  for (const rules::LoadedFramework& framework : packs.frameworks()) {
    for (int i = 0; i < framework.framework.requirement_size(); ++i) {
      const std::vector<std::string>& ids = framework.requirement_rules[i];
      if (std::find(ids.begin(), ids.end(), loaded.rule.id()) != ids.end()) {
        info.requirements.push_back(framework.framework.id() + " " + framework.framework.requirement(i).id());
      }
    }
  }
  return info;
}

}  // namespace

std::vector<std::string> InitProfiles() { return starter::ProfileNames(); }

absl::StatusOr<std::string> InitDossier(const InitOptions& options) {
  absl::StatusOr<base::Language> language = base::ParseLanguage(options.language);
  if (!language.ok()) return language.status();
  return starter::WriteStarter(options.profile, *language, options.format);
}

absl::Status CheckLanguage(std::string_view language) { return base::ParseLanguage(language).status(); }

std::vector<std::string> Languages() {
  return {std::string(base::LanguageCode(base::Language::kEn)), std::string(base::LanguageCode(base::Language::kFr))};
}

const std::string& Localized(const v1::LocalizedText& text, std::string_view language) {
  return rules::Localized(text, language);
}

absl::StatusOr<v1::Rule::Severity> ParseSeverity(std::string_view name) { return check::ParseSeverity(name); }

std::vector<std::string> SeverityNames() {
  std::vector<std::string> names;
  for (int i = v1::Rule::Severity_MIN; i <= v1::Rule::Severity_MAX; ++i) {
    if (v1::Rule::Severity_IsValid(i) && i != v1::Rule::SEVERITY_UNSPECIFIED) {
      names.push_back(v1::Rule::Severity_Name(static_cast<v1::Rule::Severity>(i)));
    }
  }
  return names;
}

std::string DefaultRulesDir() {
  if (const char* dir = std::getenv("HDSC_RULES_DIR"); dir != nullptr && *dir != '\0') return dir;
  std::vector<std::filesystem::path> candidates;
  // Installed: share/hdsc/controls of the prefix of the program, or of the library (lib/ or, on Debian,
  // lib/<multiarch>/); in a Python wheel, controls/ beside the library.
  const std::filesystem::path executable = ExecutablePath();
  if (!executable.empty()) candidates.push_back(executable.parent_path() / ".." / "share" / "hdsc" / "controls");
  const std::filesystem::path library = LoadedFromPath();
  if (!library.empty() && library != executable) {
    candidates.push_back(library.parent_path() / ".." / "share" / "hdsc" / "controls");
    candidates.push_back(library.parent_path() / ".." / ".." / "share" / "hdsc" / "controls");
    candidates.push_back(library.parent_path() / "controls");
  }
  // In the source tree: Bazel runfiles, then the working directory.
  if (!executable.empty()) {
    candidates.push_back(std::filesystem::path(executable.string() + ".runfiles") / "hdsc" / "controls");
  }
  for (const char* variable : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* dir = std::getenv(variable); dir != nullptr && *dir != '\0') {
      candidates.push_back(std::filesystem::path(dir) / "hdsc" / "controls");
    }
  }
  candidates.push_back("controls");
  for (const std::filesystem::path& candidate : candidates) {
    if (HoldsPacks(candidate)) return candidate.lexically_normal().string();
  }
  return "";
}

struct Checker::State {
  std::unique_ptr<check::Checker> checker;
  std::string language;
  std::map<std::string, v1::ParamValue> params;
  std::vector<rules::WaiverEntry> waivers;
};

Checker::Checker(std::unique_ptr<State> state) : state_(std::move(state)) {}
Checker::~Checker() = default;

absl::StatusOr<std::unique_ptr<Checker>> Checker::Compile(const CompileOptions& options) {
  if (absl::Status status = CheckLanguage(options.language); !status.ok()) return status;
  check::CheckerOptions checker_options;
  checker_options.rule_paths = options.rule_paths;
  for (const Document& text : options.rule_texts) checker_options.rule_sources.push_back({text.name, text.contents});
  if (checker_options.rule_paths.empty() && checker_options.rule_sources.empty()) {
    const std::string bundled = DefaultRulesDir();
    if (bundled.empty()) {
      return absl::NotFoundError("no rule packs given and none bundled (set HDSC_RULES_DIR or give rule paths)");
    }
    checker_options.rule_paths.push_back(bundled);
  }
  checker_options.profile = options.profile;
  checker_options.language = options.language;
  if (options.compile_threads < 0) {
    return absl::InvalidArgumentError(absl::StrCat("compile_threads is ", options.compile_threads,
                                                   "; expected 0 (one a core) or a number of threads"));
  }
  checker_options.compile_threads = options.compile_threads;
  auto report_progress = [&options](Progress::Stage stage, size_t done, size_t total, std::string_view rule_id) {
    return !options.progress ||
           options.progress(Progress{stage, static_cast<int64_t>(done), static_cast<int64_t>(total), rule_id});
  };
  if (!report_progress(Progress::Stage::kReadingPacks, 0, 1, "")) {
    return absl::CancelledError("the compilation was cancelled");
  }
  checker_options.on_compile = [&report_progress](size_t done, size_t total, std::string_view rule_id) {
    return report_progress(Progress::Stage::kCompiling, done, total, rule_id);
  };

  auto state = std::make_unique<State>();
  state->language = options.language;
  std::vector<io::Diagnostic> problems;
  absl::StatusOr<std::unique_ptr<check::Checker>> checker = check::Checker::Create(checker_options, &problems);
  if (!checker.ok()) {
    if (problems.empty()) return checker.status();
    return LocatedError(std::move(problems), "problems in the rule packs");
  }
  state->checker = *std::move(checker);

  for (const auto& [name, text] : options.params) {
    const v1::ParamDeclaration* declaration = state->checker->packs().FindParam(name);
    if (declaration == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("no parameter '", name, "' is declared by the packs"));
    }
    absl::StatusOr<v1::ParamValue> value = ParseParamText(*declaration, text);
    if (!value.ok()) return value.status();
    state->params[name] = *std::move(value);
  }
  std::vector<Document> waiver_documents = options.waiver_texts;
  for (const std::string& path : options.waiver_paths) {
    absl::StatusOr<std::string> contents = io::ReadFileContents(path, io::kDefaultMaxBytes);
    if (!contents.ok()) return contents.status();
    waiver_documents.push_back({path, *std::move(contents)});
  }
  for (const Document& document : waiver_documents) {
    absl::StatusOr<std::vector<rules::WaiverEntry>> waivers = ReadWaivers(document);
    if (!waivers.ok()) return waivers.status();
    state->waivers.insert(state->waivers.end(), waivers->begin(), waivers->end());
  }
  return std::unique_ptr<Checker>(new Checker(std::move(state)));
}

size_t Checker::rule_count() const { return state_->checker->selection().rules.size(); }

absl::StatusOr<std::vector<RuleInfo>> Checker::Rules(std::string_view framework_id) const {
  const rules::PackSet& packs = state_->checker->packs();
  std::set<std::string, std::less<>> wanted;
  if (!framework_id.empty()) {
    const rules::LoadedFramework* framework = packs.FindFramework(framework_id);
    if (framework == nullptr) return absl::NotFoundError(absl::StrCat("no framework '", base::AsAbsl(framework_id), "'"));
    for (const std::vector<std::string>& ids : framework->requirement_rules) wanted.insert(ids.begin(), ids.end());
    for (const rules::LoadedRule& rule : packs.rules()) {
      for (const v1::Reference& reference : rule.rule.reference()) {
        if (reference.framework() == framework_id) wanted.insert(rule.rule.id());
      }
    }
  }
  std::vector<RuleInfo> listed;
  for (const rules::LoadedRule& rule : packs.rules()) {
    if (framework_id.empty() || wanted.count(rule.rule.id()) > 0) listed.push_back(DescribeRule(packs, rule));
  }
  std::sort(listed.begin(), listed.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.rule.id() < b.rule.id(); });
  return listed;
}

absl::StatusOr<RuleInfo> Checker::Rule(std::string_view id) const {
  const rules::PackSet& packs = state_->checker->packs();
  const rules::LoadedRule* rule = packs.FindRule(id);
  if (rule == nullptr) return absl::NotFoundError(absl::StrCat("no rule '", base::AsAbsl(id), "'"));
  return DescribeRule(packs, *rule);
}

std::vector<v1::Profile> Checker::Profiles() const {
  std::vector<v1::Profile> profiles;
  for (const rules::LoadedProfile& profile : state_->checker->packs().profiles()) profiles.push_back(profile.profile);
  std::sort(profiles.begin(), profiles.end(),
            [](const v1::Profile& a, const v1::Profile& b) { return a.id() < b.id(); });
  return profiles;
}

std::string Checker::PacksDigest() const {
  // Over the files' contents only, in a fixed order, so that the same packs give the same digest wherever they are.
  std::vector<std::string> digests;
  for (const rules::PackFileDigest& file : state_->checker->packs().files()) digests.push_back(file.sha256);
  std::sort(digests.begin(), digests.end());
  return base::Sha256Hex(absl::StrJoin(digests, "\n"));
}

namespace {

// The problem with `options` for a checker whose default language is `default_language`, or OK.
absl::Status CheckOptionsProblem(const CheckOptions& options, const std::string& default_language) {
  if (absl::Status status = CheckLanguage(options.language.empty() ? default_language : options.language);
      !status.ok()) {
    return status;
  }
  if (options.max_evaluation_steps <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_evaluation_steps is ", options.max_evaluation_steps, "; it must be at least 1"));
  }
  if (options.time_limit.has_value() && *options.time_limit <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the time limit must be positive");
  }
  return NowOrCurrent(options.now).status();
}

// Calls `options.progress`, if any; CANCELLED when it says to stop.
absl::Status ReportProgress(const CheckOptions& options, Progress::Stage stage, int64_t done, int64_t total,
                            std::string_view rule_id) {
  if (!options.progress || options.progress(Progress{stage, done, total, rule_id})) return absl::OkStatus();
  return absl::CancelledError("the check was cancelled");
}

}  // namespace

absl::StatusOr<Result> Checker::Check(const DossierSource& source, const CheckOptions& options) const {
  // Wrong options are found before a large dossier is read.
  if (absl::Status status = CheckOptionsProblem(options, state_->language); !status.ok()) return status;
  if (absl::Status status = ReportProgress(options, Progress::Stage::kLoading, 0, 1, ""); !status.ok()) return status;
  absl::StatusOr<LoadedDossier> loaded = LoadDossier(source, options.load);
  if (!loaded.ok()) return loaded.status();
  return Check(*std::move(loaded), options);
}

absl::StatusOr<Result> Checker::Check(LoadedDossier loaded, const CheckOptions& options) const {
  if (absl::Status status = CheckOptionsProblem(options, state_->language); !status.ok()) return status;
  const std::string language = options.language.empty() ? state_->language : options.language;
  const absl::Time now = *NowOrCurrent(options.now);

  std::optional<v1::Report> baseline;
  if (options.baseline.has_value()) {
    absl::StatusOr<v1::Report> parsed = report::ParseReportJson(options.baseline->contents, options.baseline->name);
    if (!parsed.ok()) return parsed.status();
    baseline = *std::move(parsed);
  }

  check::CheckOptions check_options;
  check_options.now = now;
  check_options.language = language;
  check_options.dossier_path = loaded.name;
  check_options.dossier_sha256 = loaded.sha256;
  check_options.extra_waivers = state_->waivers;
  check_options.keep_passing_findings = options.keep_passing_findings;
  check_options.record_timing = options.record_timing;
  check_options.only_rules = options.only_rules;
  check_options.params = state_->params;
  check_options.max_evaluation_steps = options.max_evaluation_steps;
  if (options.time_limit.has_value()) check_options.time_limit = *options.time_limit;
  absl::Status cancelled;
  check_options.on_rule = [&](size_t done, size_t total, std::string_view rule_id) {
    cancelled = ReportProgress(options, Progress::Stage::kChecking, static_cast<int64_t>(done),
                               static_cast<int64_t>(total), rule_id);
    return cancelled.ok();
  };
  Result result;
  result.dossier = std::make_shared<const v1::Dossier>(std::move(loaded.dossier));
  check_options.compact_findings = &result.compact_findings;
  absl::StatusOr<v1::Report> checked = state_->checker->Check(*result.dossier, check_options);
  if (!cancelled.ok()) return cancelled;
  if (!checked.ok()) return checked.status();
  result.report = *std::move(checked);
  result.source_map = std::move(loaded.source_map);
  if (!options.evidence_root.empty()) {
    report::EvidenceCheckOptions evidence_options;
    evidence_options.root = options.evidence_root;
    evidence_options.now = now;
    evidence_options.language = language;
    absl::StatusOr<report::EvidenceCheckResult> evidence = report::CheckEvidence(*result.dossier, evidence_options);
    if (!evidence.ok()) return evidence.status();
    // Their references are written as the checker writes those of rule findings.
    const base::Language written = base::LanguageOrEnglish(language);
    for (v1::Finding& finding : evidence->findings) {
      for (v1::Reference& reference : *finding.mutable_references()) {
        reference.set_text(state_->checker->citations().Write(reference.framework(), reference.citation(), written));
      }
    }
    report::AddEvidenceFindings(*evidence, &result.report);
  }
  if (baseline.has_value()) {
    report::MarkBaseline(*baseline, &result.report, &result.compact_findings);
    result.report.mutable_baseline()->set_path(options.baseline->name);
    result.report.mutable_baseline()->set_sha256(base::Sha256Hex(options.baseline->contents));
  }
  return result;
}

bool Result::HasFailureAtOrAbove(v1::Rule::Severity threshold) const {
  return report::HasNewFailureAtOrAbove(report, threshold, &compact_findings);
}

// ---------------------------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------------------------

const std::vector<ReportFormat>& AllReportFormats() { return report::AllFormats(); }

absl::StatusOr<ReportFormat> ParseReportFormat(std::string_view name) { return report::ParseFormat(name); }

absl::StatusOr<std::vector<ReportFormat>> ParseReportFormats(std::string_view names) {
  return report::ParseFormatList(names);
}

std::string_view ReportFormatName(ReportFormat format) { return report::FormatName(format); }

std::string_view ReportFileName(ReportFormat format) { return report::FormatFileName(format); }

namespace {

report::RenderOptions ReportRenderOptions(const Result& result, const RenderOptions& options) {
  report::RenderOptions render_options;
  render_options.source_map = &result.source_map;
  render_options.compact_findings = &result.compact_findings;
  render_options.tool_version = kVersion;
  render_options.text.verbose = options.verbose;
  render_options.text.color = options.color;
  return render_options;
}

}  // namespace

absl::StatusOr<std::string> Render(const Result& result, ReportFormat format, const RenderOptions& options) {
  return report::Render(result.report, format, ReportRenderOptions(result, options));
}

absl::Status RenderTo(const Result& result, ReportFormat format, const RenderOptions& options,
                      const RenderSink& write) {
  return report::RenderTo(result.report, format, ReportRenderOptions(result, options), write);
}

absl::StatusOr<v1::Report> ParseReport(std::string_view json, std::string_view name) {
  return report::ParseReportJson(json, name);
}

ReportDiff DiffReports(const v1::Report& old_report, const v1::Report& new_report) {
  return report::DiffReports(old_report, new_report);
}

std::string RenderDiff(const ReportDiff& diff) { return report::RenderDiffText(diff); }

absl::StatusOr<std::string> SignReport(std::string_view report_bytes, std::string_view private_key_pem) {
  return report::SignReport(report_bytes, private_key_pem);
}

absl::Status VerifyReport(std::string_view report_bytes, std::string_view signature,
                          std::string_view public_key_pem) {
  return report::VerifyReportSignature(report_bytes, signature, public_key_pem);
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence, fixtures, expressions
// ---------------------------------------------------------------------------------------------------------------

absl::StatusOr<std::vector<FileDigest>> HashEvidence(const std::string& root) {
  absl::StatusOr<std::vector<report::FileDigest>> hashed = report::HashDirectory(root);
  if (!hashed.ok()) return hashed.status();
  std::vector<FileDigest> digests;
  for (report::FileDigest& each : *hashed) digests.push_back({std::move(each.path), std::move(each.sha256)});
  return digests;
}

std::string FileDigestsJson(const std::vector<FileDigest>& digests) {
  report::internal::Json list = report::internal::Json::Array();
  for (const FileDigest& digest : digests) {
    report::internal::Json& entry = list.Push(report::internal::Json::Object());
    entry.Set("location", digest.path);
    entry.Set("sha256", digest.sha256);
  }
  return list.Serialize();
}

absl::StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes) {
  return io::ReadFileContents(path, max_bytes);
}

absl::StatusOr<FixtureResult> RunFixtures(const FixtureOptions& options) {
  if (options.paths.empty()) return absl::InvalidArgumentError("no pack directory to test");
  check::FixtureRunOptions run_options;
  run_options.require_coverage = options.require_coverage;
  absl::StatusOr<std::vector<rules::PackSource>> packs = rules::ReadPackSources(options.paths);
  if (!packs.ok()) return packs.status();
  for (const rules::PackSource& pack : *packs) run_options.coverage_files.push_back(pack.path);
  run_options.packs = *std::move(packs);
  if (!options.extra_rule_paths.empty()) {
    absl::StatusOr<std::vector<rules::PackSource>> extra = rules::ReadPackSources(options.extra_rule_paths);
    if (!extra.ok()) return extra.status();
    // A directory under test may also be below an extra pack directory: load each file once.
    for (rules::PackSource& pack : *extra) {
      const bool loaded = std::any_of(run_options.packs.begin(), run_options.packs.end(),
                                      [&pack](const rules::PackSource& other) { return other.path == pack.path; });
      if (!loaded) run_options.packs.push_back(std::move(pack));
    }
  }
  for (const std::string& path : options.paths) {
    absl::StatusOr<std::vector<std::string>> files = rules::FindFixtureFiles(path);
    if (!files.ok()) return files.status();
    if (files->empty()) continue;
    absl::StatusOr<std::vector<rules::PackSource>> fixtures = rules::ReadPackSources(*files);
    if (!fixtures.ok()) return fixtures.status();
    run_options.fixtures.insert(run_options.fixtures.end(), fixtures->begin(), fixtures->end());
  }
  if (run_options.fixtures.empty()) {
    return absl::NotFoundError(absl::StrCat("no *_test.textpb fixture file below ", options.paths.front()));
  }
  std::vector<io::Diagnostic> problems;
  absl::StatusOr<check::FixtureRunResult> run = check::RunFixtures(run_options, &problems);
  if (!run.ok()) {
    if (problems.empty()) return run.status();
    return LocatedError(std::move(problems), "problems in the packs or fixtures");
  }
  FixtureResult result;
  result.fixtures = run->fixtures;
  result.expectations = run->expectations;
  result.pack_files = static_cast<int>(run_options.packs.size());
  result.failures = std::move(run->failures);
  return result;
}

namespace {

// Everything an evaluation refers to, alive until the value has been printed: values may borrow from the
// dossier and from the environments' pools.
struct EvalSession {
  std::optional<LoadedDossier> dossier;
  std::vector<std::pair<std::string, expr::Type>> variables;
  expr::Activation activation;
  std::vector<std::unique_ptr<expr::Env>> envs;
  std::vector<std::unique_ptr<expr::Program>> programs;
};

// Compiles `source` (named `file` in problems) with the variables declared so far and evaluates it.
absl::StatusOr<expr::Value> CompileAndEvaluate(EvalSession& session, const std::string& container,
                                               std::string_view source, const std::string& file,
                                               expr::Type* type) {
  expr::EnvOptions env_options;
  env_options.container = container;
  env_options.variables = session.variables;
  absl::StatusOr<std::unique_ptr<expr::Env>> env = expr::Env::Create(std::move(env_options));
  if (!env.ok()) return env.status();
  std::vector<expr::CompileIssue> issues;
  absl::StatusOr<std::unique_ptr<expr::Program>> program = (*env)->Compile(source, file, &issues);
  if (!program.ok()) {
    std::vector<Diagnostic> diagnostics;
    for (const expr::CompileIssue& issue : issues) {
      Diagnostic diagnostic;
      diagnostic.file = file;
      diagnostic.line = issue.line;
      diagnostic.column = issue.column;
      diagnostic.message = issue.message;
      diagnostics.push_back(std::move(diagnostic));
    }
    if (diagnostics.empty()) return program.status();
    return LocatedError(std::move(diagnostics));
  }
  absl::StatusOr<expr::Value> value = (*program)->Evaluate(session.activation);
  if (!value.ok()) return value.status();
  *type = (*program)->result_type();
  session.envs.push_back(*std::move(env));
  session.programs.push_back(*std::move(program));
  return value;
}

}  // namespace

absl::StatusOr<EvalResult> Eval(std::string_view expression, const EvalOptions& options) {
  EvalSession session;
  session.variables.emplace_back("now", expr::Type::Timestamp());
  absl::StatusOr<absl::Time> now = NowOrCurrent(options.now);
  if (!now.ok()) return now.status();
  session.activation.Bind("now", expr::Value::Timestamp(*now));
  if (options.dossier.has_value()) {
    absl::StatusOr<LoadedDossier> loaded = LoadDossier(*options.dossier, options.load);
    if (!loaded.ok()) return loaded.status();
    session.dossier = *std::move(loaded);
    session.variables.emplace_back("dossier", expr::Type::Message(v1::Dossier::descriptor()));
    session.activation.BindMessage("dossier", session.dossier->dossier);
  }
  EvalResult result;
  for (const auto& [name, source] : options.variables) {
    if (name == "dossier" || name == "now") {
      return absl::InvalidArgumentError(absl::StrCat("variable '", name, "' cannot be redefined"));
    }
    expr::Type type;
    absl::StatusOr<expr::Value> value = CompileAndEvaluate(session, options.container, source,
                                                           absl::StrCat("--var ", name), &type);
    if (!value.ok()) return value.status();
    if (value->IsError()) {
      result.error = value->error_value();
      return result;
    }
    session.variables.emplace_back(name, type);
    session.activation.Bind(name, *std::move(value));
  }
  expr::Type type;
  absl::StatusOr<expr::Value> value = CompileAndEvaluate(session, options.container, expression, "<expr>", &type);
  if (!value.ok()) return value.status();
  if (value->IsError()) {
    result.error = value->error_value();
    if (result.error.ok()) result.error = absl::InvalidArgumentError("evaluation error");
    return result;
  }
  result.literal = expr::FormatAsCelLiteral(*value);
  return result;
}

}  // namespace hdsc
