#include "lib/check/checker.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/util/time_util.h"
#include "lib/base/findings.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"
#include "lib/base/strings.h"
#include "lib/check/message_template.h"
#include "lib/expr/cel.h"
#include "lib/rules/source_text.h"

namespace hdsc::check {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using v1::Finding;
using v1::Rule;

namespace {

// The marker compile errors start with, to find their line and column inside the expression.
constexpr std::string_view kExpressionLocation = "expr";

using base::AsAbsl;

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp proto;
  const int64_t seconds = absl::ToUnixSeconds(time);
  proto.set_seconds(seconds);
  proto.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return proto;
}

absl::Time FromProto(const google::protobuf::Timestamp& proto) {
  return absl::FromUnixSeconds(proto.seconds()) + absl::Nanoseconds(proto.nanos());
}

std::string FormatDate(absl::Time time) { return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone()); }

// A duration as people write it: "365d" from a week up, "72h" in whole hours, else CEL's seconds ("90.5s").
std::string DurationText(absl::Duration duration) {
  const absl::Duration day = absl::Hours(24);
  if (duration >= 7 * day && duration % day == absl::ZeroDuration()) return absl::StrCat(duration / day, "d");
  if (duration > absl::ZeroDuration() && duration % absl::Hours(1) == absl::ZeroDuration()) {
    return absl::StrCat(duration / absl::Hours(1), "h");
  }
  return expr::DurationToString(duration);
}

// The text a value contributes to a message: strings as they are, everything else as a CEL literal.
std::string DisplayText(const expr::Value& value) {
  switch (value.kind()) {
    case expr::ValueKind::kString:
      return std::string(value.string_value());
    case expr::ValueKind::kTimestamp:
      return expr::TimestampToString(value.timestamp_value());
    case expr::ValueKind::kDuration:
      return DurationText(value.duration_value());
    case expr::ValueKind::kDouble:
      return expr::DoubleToString(value.double_value());
    case expr::ValueKind::kError:
      return absl::StrCat("<error: ", value.error_value().message(), ">");
    default:
      return expr::FormatAsCelLiteral(value);
  }
}

absl::StatusOr<expr::Value> ParamToValue(const v1::ParamValue& param) {
  switch (param.kind_case()) {
    case v1::ParamValue::kBoolValue:
      return expr::Value::Bool(param.bool_value());
    case v1::ParamValue::kIntValue:
      return expr::Value::Int(param.int_value());
    case v1::ParamValue::kDoubleValue:
      return expr::Value::Double(param.double_value());
    case v1::ParamValue::kStringValue:
      return expr::Value::String(param.string_value());
    case v1::ParamValue::kDurationValue: {
      absl::StatusOr<absl::Duration> duration = rules::ParseDurationParam(param.duration_value());
      if (!duration.ok()) return duration.status();
      return expr::Value::Duration(*duration);
    }
    case v1::ParamValue::KIND_NOT_SET:
      break;
  }
  return expr::Value::Null();
}

void AddCounts(v1::Counts& into, const v1::Counts& from) {
  into.set_pass(into.pass() + from.pass());
  into.set_fail(into.fail() + from.fail());
  into.set_not_applicable(into.not_applicable() + from.not_applicable());
  into.set_error(into.error() + from.error());
  into.set_waived(into.waived() + from.waived());
  into.set_manual(into.manual() + from.manual());
  into.set_fail_critical(into.fail_critical() + from.fail_critical());
  into.set_fail_high(into.fail_high() + from.fail_high());
  into.set_fail_medium(into.fail_medium() + from.fail_medium());
  into.set_fail_low(into.fail_low() + from.fail_low());
  into.set_fail_info(into.fail_info() + from.fail_info());
}

// A requirement's status from the findings of its rules (see RequirementSummary in report.proto).
Finding::Status RollUp(const v1::Counts& counts) {
  if (counts.fail() > 0) return Finding::FAIL;
  if (counts.error() > 0) return Finding::ERROR;
  if (counts.waived() > 0) return Finding::WAIVED;
  if (counts.pass() > 0) return Finding::PASS;
  return Finding::NOT_APPLICABLE;
}

std::string DeterministicBytes(const Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace

// One compilation environment per record type; rules iterating the same type share it.
struct Checker::Envs {
  std::map<const Descriptor*, std::unique_ptr<expr::Env>> by_record;
};

struct Checker::CompiledRule {
  struct Part {
    std::string literal;
    std::unique_ptr<expr::Program> expression;  // null for a literal
  };

  const rules::LoadedRule* source = nullptr;
  std::unique_ptr<expr::Program> when;  // null: the rule always applies
  std::unique_ptr<expr::Program> require;
  std::vector<Part> message_en;
  std::vector<Part> message_fr;  // empty: the English message is used
};

// Compiles the expressions of the selected rules, reporting errors at their file positions.
class Checker::Compiler {
 public:
  Compiler(Envs& envs, std::vector<io::Diagnostic>& diagnostics) : envs_(envs), diagnostics_(diagnostics) {}

  std::unique_ptr<CompiledRule> Compile(const rules::LoadedRule& loaded) {
    auto compiled = std::make_unique<CompiledRule>();
    compiled->source = &loaded;
    const Descriptor* record_type =
        loaded.for_each ? loaded.for_each->element_type() : v1::Dossier::descriptor();
    const expr::Env* env = EnvFor(record_type);
    if (env == nullptr) return nullptr;
    const std::string& id = loaded.rule.id();
    if (!loaded.rule.when().empty()) {
      compiled->when = CompileCondition(*env, loaded.when, loaded.rule.when(), absl::StrCat("rule '", id, "' when"));
    }
    compiled->require = CompileCondition(*env, loaded.require, loaded.rule.require(), absl::StrCat("rule '", id, "' require"));
    compiled->message_en = CompileTemplate(*env, loaded.message_en, loaded.rule.message().en(), id);
    compiled->message_fr = CompileTemplate(*env, loaded.message_fr, loaded.rule.message().fr(), id);
    return compiled;
  }

 private:
  const expr::Env* EnvFor(const Descriptor* record_type) {
    std::unique_ptr<expr::Env>& env = envs_.by_record[record_type];
    if (env != nullptr) return env.get();
    expr::EnvOptions options;
    options.container = "hdsc.v1";
    options.variables = {{"record", expr::Type::Message(record_type)},
                         {"dossier", expr::Type::Message(v1::Dossier::descriptor())},
                         {"now", expr::Type::Timestamp()},
                         {"params", expr::Type::Map(expr::Type::String(), expr::Type::Dyn())}};
    absl::StatusOr<std::unique_ptr<expr::Env>> created = expr::Env::Create(std::move(options));
    if (!created.ok()) {
      io::Diagnostic diagnostic;
      diagnostic.message = absl::StrCat("cannot create the CEL environment for ", record_type->full_name(), ": ",
                                        created.status().message());
      diagnostics_.push_back(std::move(diagnostic));
      return nullptr;
    }
    env = *std::move(created);
    return env.get();
  }

  // Compiles `expression`, found at byte `offset` of the value of `source`. Errors become diagnostics at the file
  // position of the character they point at.
  std::unique_ptr<expr::Program> CompileAt(const expr::Env& env, const rules::SourceString& source,
                                           std::string_view expression, size_t offset, const std::string& what) {
    absl::StatusOr<std::unique_ptr<expr::Program>> program = env.Compile(expression, kExpressionLocation);
    if (program.ok()) return *std::move(program);
    for (absl::string_view line : absl::StrSplit(program.status().message(), '\n')) {
      // "expr:LINE:COLUMN: message"
      std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits(':', 3));
      int error_line = 0;
      int error_column = 0;
      if (fields.size() == 4 && fields[0] == AsAbsl(kExpressionLocation) && absl::SimpleAtoi(fields[1], &error_line) &&
          absl::SimpleAtoi(fields[2], &error_column)) {
        const size_t at = offset + rules::OffsetOfLineColumn(expression, error_line, error_column);
        diagnostics_.push_back(source.At(at, absl::StrCat(what, ": ", absl::StripLeadingAsciiWhitespace(fields[3]))));
      } else {
        diagnostics_.push_back(source.At(offset, absl::StrCat(what, ": ", line)));
      }
    }
    return nullptr;
  }

  std::unique_ptr<expr::Program> CompileCondition(const expr::Env& env, const rules::SourceString& source,
                                                  const std::string& expression, const std::string& what) {
    std::unique_ptr<expr::Program> program = CompileAt(env, source, expression, 0, what);
    if (program == nullptr) return nullptr;
    const expr::TypeKind kind = program->result_type().kind();
    if (kind != expr::TypeKind::kBool && kind != expr::TypeKind::kDyn) {
      diagnostics_.push_back(source.At(0, absl::StrCat(what, ": must be a bool expression, not ",
                                                       program->result_type().DebugString())));
      return nullptr;
    }
    return program;
  }

  std::vector<CompiledRule::Part> CompileTemplate(const expr::Env& env, const rules::SourceString& source,
                                                  const std::string& text, const std::string& rule_id) {
    std::vector<CompiledRule::Part> parts;
    absl::StatusOr<std::vector<TemplatePart>> parsed = ParseMessageTemplate(text);
    if (!parsed.ok()) {
      // "OFFSET: message"
      std::pair<absl::string_view, absl::string_view> split = absl::StrSplit(parsed.status().message(), absl::MaxSplits(": ", 1));
      size_t offset = 0;
      if (!absl::SimpleAtoi(split.first, &offset)) offset = 0;
      diagnostics_.push_back(source.At(offset, absl::StrCat("rule '", rule_id, "' message: ", split.second)));
      return parts;
    }
    for (TemplatePart& part : *parsed) {
      CompiledRule::Part compiled;
      if (part.is_expression) {
        compiled.expression = CompileAt(env, source, part.text, part.offset, absl::StrCat("rule '", rule_id, "' message"));
      } else {
        compiled.literal = std::move(part.text);
      }
      parts.push_back(std::move(compiled));
    }
    return parts;
  }

  Envs& envs_;
  std::vector<io::Diagnostic>& diagnostics_;
};

std::vector<rules::WaiverEntry> WaiversFromDossier(const v1::Dossier& dossier, std::string_view origin_prefix) {
  std::vector<rules::WaiverEntry> waivers;
  for (int i = 0; i < dossier.waivers_size(); ++i) {
    const v1::Waiver& waiver = dossier.waivers(i);
    rules::WaiverEntry entry;
    entry.rule_id = waiver.rule_id();
    entry.subject = waiver.subject();
    entry.reason = waiver.reason();
    entry.approver = waiver.approver();
    if (waiver.has_expires_at()) entry.expires_at = FromProto(waiver.expires_at());
    entry.origin = absl::StrCat(AsAbsl(origin_prefix), " waivers[", i, "]");
    if (!waiver.id().empty()) absl::StrAppend(&entry.origin, " (", waiver.id(), ")");
    waivers.push_back(std::move(entry));
  }
  return waivers;
}

absl::StatusOr<std::unique_ptr<Checker>> Checker::Create(const CheckerOptions& options,
                                                         std::vector<io::Diagnostic>* diagnostics) {
  if (absl::Status status = base::ParseLanguage(options.language).status(); !status.ok()) return status;
  std::vector<rules::PackSource> sources;
  if (!options.rule_paths.empty()) {
    absl::StatusOr<std::vector<rules::PackSource>> read = rules::ReadPackSources(options.rule_paths);
    if (!read.ok()) return read.status();
    sources = *std::move(read);
  }
  sources.insert(sources.end(), options.rule_sources.begin(), options.rule_sources.end());
  if (sources.empty()) return absl::InvalidArgumentError("no rule pack given");

  auto checker = std::unique_ptr<Checker>(new Checker());
  checker->options_ = options;
  absl::StatusOr<rules::PackSet> packs = rules::PackSet::Load(sources, v1::Dossier::descriptor(), diagnostics);
  if (!packs.ok()) return packs.status();
  checker->packs_ = *std::move(packs);
  absl::StatusOr<rules::Selection> selection = rules::Select(checker->packs_, options.profile);
  if (!selection.ok()) return selection.status();
  checker->selection_ = *std::move(selection);

  // Every rule of the packs is compiled, selected or not, so that a broken rule is refused whatever the profile.
  checker->envs_ = std::make_unique<Envs>();
  std::vector<io::Diagnostic> problems;
  Compiler compiler(*checker->envs_, problems);
  std::map<std::string, std::unique_ptr<CompiledRule>> compiled;
  for (const rules::LoadedRule& rule : checker->packs_.rules()) compiled[rule.rule.id()] = compiler.Compile(rule);
  if (!problems.empty()) {
    io::SortDiagnostics(problems);
    std::string message = problems.front().ToString();
    if (problems.size() > 1) absl::StrAppend(&message, " (and ", problems.size() - 1, " more problems)");
    if (diagnostics != nullptr) diagnostics->insert(diagnostics->end(), problems.begin(), problems.end());
    return absl::InvalidArgumentError(message);
  }
  for (const rules::LoadedRule* rule : checker->selection_.rules) {
    checker->rules_.push_back(std::move(compiled[rule->rule.id()]));
  }
  return checker;
}

Checker::~Checker() = default;

// The state of one `Check` call.
class Checker::Run {
 public:
  Run(const v1::Dossier& dossier, const CheckOptions& options, std::string language, rules::WaiverSet& waivers)
      : dossier_(dossier), options_(options), language_(std::move(language)), waivers_(waivers) {}

  absl::Status Bind(const std::map<std::string, v1::ParamValue>& params) {
    std::vector<std::pair<expr::Value, expr::Value>> entries;
    for (const auto& [name, value] : params) {
      absl::StatusOr<expr::Value> converted = ParamToValue(value);
      if (!converted.ok()) return absl::InvalidArgumentError(absl::StrCat("parameter '", name, "': ", converted.status().message()));
      entries.emplace_back(expr::Value::String(name), *std::move(converted));
    }
    absl::StatusOr<expr::Value> map = expr::Value::Map(std::move(entries));
    if (!map.ok()) return map.status();
    activation_.Bind("params", *std::move(map));
    activation_.BindMessage("dossier", dossier_);
    activation_.Bind("now", expr::Value::Timestamp(options_.now));
    return absl::OkStatus();
  }

  // Evaluates `rule` on each of its subjects; returns the counts of its findings.
  v1::Counts Evaluate(const CompiledRule& rule) {
    v1::Counts counts;
    const rules::LoadedRule& source = *rule.source;
    if (source.for_each) {
      source.for_each->ForEach(dossier_, [&](const Message& element, const std::vector<int>& indices) {
        EvaluateSubject(rule, element, &indices, counts);
      });
    } else {
      EvaluateSubject(rule, dossier_, nullptr, counts);
    }
    return counts;
  }

  // The findings in evaluation order, to be moved into the report.
  google::protobuf::RepeatedPtrField<Finding>& findings() { return findings_; }

 private:
  // The outcome of one condition: true, false, or an error message.
  struct Outcome {
    bool value = false;
    std::string error;
  };

  Outcome EvaluateCondition(const expr::Program& program, std::string_view name) {
    absl::StatusOr<expr::Value> result = program.Evaluate(activation_);
    if (!result.ok()) return {false, absl::StrCat(AsAbsl(name), ": ", result.status().message())};
    if (result->IsError()) return {false, absl::StrCat(AsAbsl(name), ": ", result->error_value().message())};
    if (result->kind() != expr::ValueKind::kBool) {
      return {false, absl::StrCat(AsAbsl(name), " gave a ", AsAbsl(result->TypeName()), ", not a bool")};
    }
    return {result->bool_value(), ""};
  }

  std::string Render(const CompiledRule& rule) {
    const std::vector<CompiledRule::Part>& parts =
        base::Localized(base::LanguageOrEnglish(language_), rule.message_en, rule.message_fr);
    if (parts.empty()) return rules::Localized(rule.source->rule.title(), language_);
    std::string text;
    for (const CompiledRule::Part& part : parts) {
      if (part.expression == nullptr) {
        text += part.literal;
        continue;
      }
      absl::StatusOr<expr::Value> value = part.expression->Evaluate(activation_);
      text += value.ok() ? DisplayText(*value) : absl::StrCat("<error: ", value.status().message(), ">");
    }
    return text;
  }

  void EvaluateSubject(const CompiledRule& rule, const Message& subject, const std::vector<int>* indices,
                       v1::Counts& counts) {
    const rules::LoadedRule& source = *rule.source;
    activation_.BindMessage("record", subject);
    Finding::Status status = Finding::PASS;
    std::string error;
    if (rule.when != nullptr) {
      Outcome applies = EvaluateCondition(*rule.when, "when");
      if (!applies.error.empty()) {
        status = Finding::ERROR;
        error = std::move(applies.error);
      } else if (!applies.value) {
        status = Finding::NOT_APPLICABLE;
      }
    }
    if (status == Finding::PASS) {
      Outcome passes = EvaluateCondition(*rule.require, "require");
      if (!passes.error.empty()) {
        status = Finding::ERROR;
        error = std::move(passes.error);
      } else if (!passes.value) {
        status = Finding::FAIL;
      }
    }
    const bool passing = status == Finding::PASS || status == Finding::NOT_APPLICABLE;
    if (passing && !options_.keep_passing_findings) {
      base::CountFinding(status, source.rule.severity(), &counts);
      return;
    }
    // Built in place: a large dossier has millions of findings, and a copy or move per finding shows.
    Finding& finding = *findings_.Add();
    finding.set_rule_id(source.rule.id());
    finding.set_severity(source.rule.severity());
    finding.set_subject(indices == nullptr ? "" : source.for_each->SubjectPath(*indices));
    if (indices != nullptr) finding.set_subject_id(rules::SubjectId(subject));
    finding.set_title(rules::Localized(source.rule.title(), language_));
    *finding.mutable_references() = source.rule.reference();
    if (status == Finding::ERROR) {
      finding.set_message(absl::StrCat(base::Pick(base::LanguageOrEnglish(language_), "could not evaluate: ", "évaluation impossible : "), error));
    } else if (status == Finding::FAIL) {
      finding.set_message(Render(rule));
      finding.set_remediation(rules::Localized(source.rule.remediation(), language_));
      if (const rules::WaiverEntry* waiver = waivers_.Match(finding.rule_id(), finding.subject(), finding.subject_id())) {
        const bool expired = rules::WaiverSet::Expired(*waiver, options_.now);
        v1::AppliedWaiver* applied = finding.mutable_waiver();
        applied->set_rule_id(waiver->rule_id);
        applied->set_subject(waiver->subject);
        applied->set_reason(waiver->reason);
        applied->set_approver(waiver->approver);
        *applied->mutable_expires_at() = ToProto(*waiver->expires_at);
        applied->set_expired(expired);
        if (expired) {
          absl::StrAppend(finding.mutable_message(),
                          base::Pick(base::LanguageOrEnglish(language_), " (waiver expired on ", " (dérogation expirée le "),
                          FormatDate(*waiver->expires_at), ")");
        } else {
          status = Finding::WAIVED;
        }
      }
    }
    finding.set_status(status);
    base::CountFinding(status, source.rule.severity(), &counts);
  }

  const v1::Dossier& dossier_;
  const CheckOptions& options_;
  const std::string language_;
  rules::WaiverSet& waivers_;
  expr::Activation activation_;
  google::protobuf::RepeatedPtrField<Finding> findings_;
};

absl::StatusOr<v1::Report> Checker::Check(const v1::Dossier& dossier, const CheckOptions& options) const {
  const std::string language = options.language.empty() ? options_.language : options.language;
  if (absl::Status status = base::ParseLanguage(language).status(); !status.ok()) return status;

  // The rules to run.
  std::vector<const CompiledRule*> to_run;
  if (options.only_rules.empty()) {
    for (const auto& rule : rules_) to_run.push_back(rule.get());
  } else {
    for (const std::string& id : options.only_rules) {
      auto it = std::find_if(rules_.begin(), rules_.end(),
                             [&id](const auto& rule) { return rule->source->rule.id() == id; });
      if (it == rules_.end()) {
        return absl::InvalidArgumentError(absl::StrCat("rule '", id, "' is not among the rules of this run"));
      }
      if (std::find(to_run.begin(), to_run.end(), it->get()) == to_run.end()) to_run.push_back(it->get());
    }
    std::sort(to_run.begin(), to_run.end(), [](const CompiledRule* a, const CompiledRule* b) {
      return a->source->rule.id() < b->source->rule.id();
    });
  }

  // Parameters: the profile's, then the caller's overrides.
  std::map<std::string, v1::ParamValue> params = selection_.params;
  for (const auto& [name, value] : options.params) {
    const v1::ParamDeclaration* declared = packs_.FindParam(name);
    if (declared == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown parameter '", name, "'"));
    if (declared->default_value().kind_case() != value.kind_case()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter '", name, "' must have the same kind of value as its default"));
    }
    params[name] = value;
  }

  std::vector<rules::WaiverEntry> waiver_entries = WaiversFromDossier(dossier, "dossier");
  waiver_entries.insert(waiver_entries.end(), options.extra_waivers.begin(), options.extra_waivers.end());
  rules::WaiverSet waivers(std::move(waiver_entries));
  waivers.set_now(options.now);

  Run run(dossier, options, language, waivers);
  if (absl::Status status = run.Bind(params); !status.ok()) return status;

  v1::Report report;
  const absl::Time started = absl::Now();
  std::map<std::string, v1::Counts> rule_counts;
  for (const CompiledRule* rule : to_run) rule_counts[rule->source->rule.id()] = run.Evaluate(*rule);
  const absl::Duration elapsed = absl::Now() - started;

  *report.mutable_now() = ToProto(options.now);
  report.set_language(language);
  if (selection_.profile != nullptr) report.set_profile(selection_.profile->profile.id());
  report.mutable_dossier()->set_path(options.dossier_path);
  report.mutable_dossier()->set_sha256(base::Sha256Hex(
      options.dossier_bytes.empty() && dossier.ByteSizeLong() > 0 ? DeterministicBytes(dossier) : std::string(options.dossier_bytes)));
  for (const rules::PackFileDigest& file : packs_.files()) {
    v1::InputDigest* digest = report.add_packs();
    digest->set_path(file.path);
    digest->set_sha256(file.sha256);
  }
  for (const auto& [id, counts] : rule_counts) AddCounts(*report.mutable_counts(), counts);

  // Framework summaries.
  for (const rules::LoadedFramework* framework : selection_.frameworks) {
    v1::FrameworkSummary* summary = report.add_frameworks();
    summary->set_id(framework->framework.id());
    summary->set_title(rules::Localized(framework->framework.title(), language));
    summary->set_version(framework->framework.version());
    std::set<std::string> framework_rules;
    for (const auto& [id, counts] : rule_counts) {
      const rules::LoadedRule* rule = packs_.FindRule(id);
      for (const v1::Reference& reference : rule->rule.reference()) {
        if (reference.framework() == framework->framework.id()) framework_rules.insert(id);
      }
    }
    for (int i = 0; i < framework->framework.requirement_size(); ++i) {
      const v1::Requirement& requirement = framework->framework.requirement(i);
      v1::RequirementSummary* entry = summary->add_requirements();
      entry->set_id(requirement.id());
      entry->set_title(rules::Localized(requirement.title(), language));
      entry->set_citation(requirement.citation());
      for (const std::string& id : framework->requirement_rules[i]) {
        auto counts = rule_counts.find(id);
        if (counts == rule_counts.end()) continue;
        entry->add_rule_ids(id);
        framework_rules.insert(id);
        AddCounts(*entry->mutable_counts(), counts->second);
      }
      if (entry->rule_ids_size() > 0) {
        entry->set_status(RollUp(entry->counts()));
      } else {
        entry->set_status(Finding::MANUAL);
        for (const v1::Attestation& attestation : dossier.attestations()) {
          if (attestation.framework() != framework->framework.id() || attestation.requirement_id() != requirement.id()) {
            continue;
          }
          if (attestation.has_valid_until() && FromProto(attestation.valid_until()) <= options.now) {
            report.add_warnings()->set_message(absl::StrCat("attestation ", attestation.id(), " for ",
                                                            framework->framework.id(), " ", requirement.id(),
                                                            " expired on ", FormatDate(FromProto(attestation.valid_until()))));
            continue;
          }
          entry->set_status(Finding::PASS);
          v1::AppliedAttestation* applied = entry->mutable_attestation();
          applied->set_attested_by(attestation.attested_by());
          *applied->mutable_attested_at() = attestation.attested_at();
          applied->set_statement(attestation.statement());
          *applied->mutable_evidence_ids() = attestation.evidence_ids();
          break;
        }
      }
      base::CountFinding(entry->status(), Rule::SEVERITY_UNSPECIFIED, summary->mutable_requirement_counts());
      if (entry->status() == Finding::MANUAL) report.mutable_counts()->set_manual(report.counts().manual() + 1);
    }
    for (const std::string& id : framework_rules) AddCounts(*summary->mutable_finding_counts(), rule_counts[id]);
  }

  // Findings, worst first; within a rule, in document order.
  // Sorting the pointers moves no finding.
  google::protobuf::RepeatedPtrField<Finding>& findings = run.findings();
  std::stable_sort(findings.pointer_begin(), findings.pointer_end(), [](const Finding* pa, const Finding* pb) {
    return base::InReportOrder(*pa, *pb);
  });
  report.mutable_findings()->Swap(&findings);
  for (std::string& problem : waivers.Problems()) report.add_warnings()->set_message(std::move(problem));
  if (options.record_timing) report.mutable_timing()->set_evaluation_micros(absl::ToInt64Microseconds(elapsed));
  return report;
}

absl::StatusOr<Rule::Severity> ParseSeverity(std::string_view name) {
  Rule::Severity severity;
  if (!name.empty() && Rule::Severity_Parse(absl::AsciiStrToUpper(AsAbsl(name)), &severity) &&
      severity != Rule::SEVERITY_UNSPECIFIED) {
    return severity;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown severity '", AsAbsl(name), "' (expected INFO, LOW, MEDIUM, HIGH or CRITICAL)"));
}

bool HasFailureAtOrAbove(const v1::Report& report, Rule::Severity threshold) {
  for (const Finding& finding : report.findings()) {
    if ((finding.status() == Finding::FAIL || finding.status() == Finding::ERROR) && finding.severity() >= threshold) {
      return true;
    }
  }
  return false;
}

}  // namespace hdsc::check
