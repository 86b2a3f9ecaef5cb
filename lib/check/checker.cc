#include "lib/check/checker.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/util/time_util.h"
#include "lib/base/findings.h"
#include "lib/base/hash.h"
#include "lib/base/language.h"
#include "lib/base/strings.h"
#include "lib/base/wire.h"
#include "lib/check/message_template.h"
#include "lib/expr/cel.h"
#include "lib/rules/params.h"
#include "lib/rules/source_text.h"

namespace hdsc::check {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using v1::Finding;
using v1::Rule;

namespace {

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

// Appends to `out` the text a value contributes to a message: strings as they are, times and durations as a reader
// of `language` writes them ("28 novembre 2026", "365 jours"), everything else as a CEL literal.
void AppendDisplayText(const expr::Value& value, base::Language language, std::string* out) {
  switch (value.kind()) {
    case expr::ValueKind::kString:
      out->append(value.string_value());
      return;
    case expr::ValueKind::kTimestamp:
      out->append(base::DateText(language, value.timestamp_value()));
      return;
    case expr::ValueKind::kDuration:
      out->append(base::DurationText(language, value.duration_value()));
      return;
    case expr::ValueKind::kDouble:
      out->append(expr::DoubleToString(value.double_value()));
      return;
    case expr::ValueKind::kError:
      absl::StrAppend(out, "<error: ", value.error_value().message(), ">");
      return;
    default:
      out->append(expr::FormatAsCelLiteral(value));
      return;
  }
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

// Whether the rules of a requirement judged at least one subject (any status): see `FrameworkSummary` in
// report.proto for what counts as evaluated.
bool Evaluated(const v1::Counts& counts) {
  return counts.pass() + counts.fail() + counts.not_applicable() + counts.error() + counts.waived() > 0;
}

// The completeness figure of `summary`: 100 × evaluated / checkable, rounded down to one decimal.
void SetCompleteness(int64_t checkable, int64_t evaluated, v1::FrameworkSummary& summary) {
  summary.set_checkable_requirements(checkable);
  summary.set_evaluated_requirements(evaluated);
  summary.set_completeness_percent(checkable == 0 ? 0.0 : static_cast<double>(evaluated * 1000 / checkable) / 10.0);
}

}  // namespace

// One compilation environment per record type; rules iterating the same type share it. `params` is the type of
// the variable `params` in all of them.
struct Checker::Envs {
  // The environment of the rules over `record_type`, created on first use; null, with a diagnostic, when it cannot be.
  const expr::Env* For(const Descriptor* record_type, std::vector<io::Diagnostic>& diagnostics) {
    std::unique_ptr<expr::Env>& env = by_record[record_type];
    if (env != nullptr) return env.get();
    expr::EnvOptions options;
    options.container = "hdsc.v1";
    options.variables = {{"record", expr::Type::Message(record_type)},
                         {"dossier", expr::Type::Message(v1::Dossier::descriptor())},
                         {"now", expr::Type::Timestamp()},
                         {"params", expr::Type::Message(params->descriptor())}};
    absl::StatusOr<std::unique_ptr<expr::Env>> created = expr::Env::Create(std::move(options));
    if (!created.ok()) {
      io::Diagnostic diagnostic;
      diagnostic.message = absl::StrCat("cannot create the CEL environment for ", record_type->full_name(), ": ",
                                        created.status().message());
      diagnostics.push_back(std::move(diagnostic));
      return nullptr;
    }
    env = *std::move(created);
    return env.get();
  }

  std::unique_ptr<rules::ParamsType> params;
  std::map<const Descriptor*, std::unique_ptr<expr::Env>> by_record;
};

struct Checker::CompiledRule {
  struct Part {
    std::string literal;
    // Null for a literal. Rules over one record type share the program of an expression they all write.
    std::shared_ptr<const expr::Program> expression;
  };

  const rules::LoadedRule* source = nullptr;
  // Rules over one record type share the program of a condition they all write.
  std::shared_ptr<const expr::Program> when;  // null: the rule always applies
  std::shared_ptr<const expr::Program> require;
  std::vector<Part> message_en;
  std::vector<Part> message_fr;  // empty: the English message is used
  // The rule's references with their `text` in each language.
  google::protobuf::RepeatedPtrField<v1::Reference> references_en;
  google::protobuf::RepeatedPtrField<v1::Reference> references_fr;
};

// Compiles the expressions of rules over one record type, reporting errors at their file positions.
class Checker::Compiler {
 public:
  Compiler(const expr::Env& env, const rules::CitationWriter& citations, std::vector<io::Diagnostic>& diagnostics)
      : env_(env), citations_(citations), diagnostics_(diagnostics) {}

  std::unique_ptr<CompiledRule> Compile(const rules::LoadedRule& loaded) {
    auto compiled = std::make_unique<CompiledRule>();
    compiled->source = &loaded;
    const std::string& id = loaded.rule.id();
    if (!loaded.rule.when().empty()) {
      compiled->when = CompileCondition(loaded.when, loaded.rule.when(), absl::StrCat("rule '", id, "' when"));
    }
    compiled->require = CompileCondition(loaded.require, loaded.rule.require(), absl::StrCat("rule '", id, "' require"));
    compiled->message_en = CompileTemplate(loaded.message_en, loaded.rule.message().en(), id);
    compiled->message_fr = CompileTemplate(loaded.message_fr, loaded.rule.message().fr(), id);
    compiled->references_en = WrittenReferences(loaded.rule, base::Language::kEn);
    compiled->references_fr = WrittenReferences(loaded.rule, base::Language::kFr);
    return compiled;
  }

 private:
  // Compiles `expression`, found at byte `offset` of the value of `source`, once for all the rules of this compiler
  // that write it. Errors become diagnostics at the file position of the character they point at; an expression
  // that does not compile is compiled, and reported, again where it is written again.
  std::shared_ptr<const expr::Program> CompileAt(const rules::SourceString& source, std::string_view expression,
                                                 size_t offset, const std::string& what) {
    std::shared_ptr<const expr::Program>& shared = programs_[std::string(expression)];
    if (shared != nullptr) return shared;
    std::vector<expr::CompileIssue> issues;
    absl::StatusOr<std::unique_ptr<expr::Program>> program = env_.Compile(expression, "expr", &issues);
    if (program.ok()) {
      shared = *std::move(program);
      return shared;
    }
    if (issues.empty()) diagnostics_.push_back(source.At(offset, absl::StrCat(what, ": ", program.status().message())));
    for (const expr::CompileIssue& issue : issues) {
      const size_t at = offset + rules::OffsetOfLineColumn(expression, issue.line, issue.column);
      diagnostics_.push_back(source.At(at, absl::StrCat(what, ": ", issue.message)));
    }
    return nullptr;
  }

  std::shared_ptr<const expr::Program> CompileCondition(const rules::SourceString& source, const std::string& expression,
                                                        const std::string& what) {
    std::shared_ptr<const expr::Program> program = CompileAt(source, expression, 0, what);
    if (program == nullptr) return nullptr;
    const expr::TypeKind kind = program->result_type().kind();
    if (kind != expr::TypeKind::kBool && kind != expr::TypeKind::kDyn) {
      diagnostics_.push_back(source.At(0, absl::StrCat(what, ": must be a bool expression, not ",
                                                       program->result_type().DebugString())));
      return nullptr;
    }
    return program;
  }

  std::vector<CompiledRule::Part> CompileTemplate(const rules::SourceString& source, const std::string& text,
                                                  const std::string& rule_id) {
    std::vector<CompiledRule::Part> parts;
    TemplateError error;
    absl::StatusOr<std::vector<TemplatePart>> parsed = ParseMessageTemplate(text, &error);
    if (!parsed.ok()) {
      diagnostics_.push_back(source.At(error.offset, absl::StrCat("rule '", rule_id, "' message: ", error.message)));
      return parts;
    }
    for (TemplatePart& part : *parsed) {
      CompiledRule::Part compiled;
      if (part.is_expression) {
        // Most messages name their record with the same few expressions (`${record.id}`).
        compiled.expression = CompileAt(source, part.text, part.offset, absl::StrCat("rule '", rule_id, "' message"));
      } else {
        compiled.literal = std::move(part.text);
      }
      parts.push_back(std::move(compiled));
    }
    return parts;
  }

  google::protobuf::RepeatedPtrField<v1::Reference> WrittenReferences(const Rule& rule, base::Language language) const {
    google::protobuf::RepeatedPtrField<v1::Reference> references = rule.reference();
    for (v1::Reference& reference : references) {
      reference.set_text(citations_.Write(reference.framework(), reference.citation(), language));
    }
    return references;
  }

  const expr::Env& env_;
  const rules::CitationWriter& citations_;
  std::vector<io::Diagnostic>& diagnostics_;
  // By text (see `CompileAt`).
  std::map<std::string, std::shared_ptr<const expr::Program>, std::less<>> programs_;
};

// The rules of the packs over one record type: they share an environment and the programs of the expressions they
// all write, so one thread compiles them together.
struct Checker::RuleGroup {
  const expr::Env* env = nullptr;  // null when it could not be created (a diagnostic says why)
  std::vector<size_t> rules;       // indices into `PackSet::rules()`, in pack order
  std::vector<io::Diagnostic> diagnostics;
};

// Compiling the groups of rules on several threads, the calling thread among them. Each thread takes the next group
// not yet taken; `on_compile` is called on the calling thread only, once for each rule in the order the threads
// start them.
class Checker::CompileWork {
 public:
  CompileWork(const rules::PackSet& packs, const rules::CitationWriter& citations, std::vector<RuleGroup*> groups,
              const CheckerOptions& options)
      : packs_(packs), citations_(citations), groups_(std::move(groups)), options_(options),
        compiled_(packs.rules().size()) {}

  // Compiles groups until none is left or the compilation is cancelled.
  void Work(bool calling_thread) {
    for (RuleGroup* group = Take(); group != nullptr; group = Take()) {
      std::optional<Compiler> compiler;
      if (group->env != nullptr) compiler.emplace(*group->env, citations_, group->diagnostics);
      for (size_t index : group->rules) {
        if (cancelled_.load(std::memory_order_relaxed)) return;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          started_.push_back(index);
        }
        if (calling_thread) ReportStarted();
        if (compiler.has_value()) compiled_[index] = compiler->Compile(packs_.rules()[index]);
      }
    }
  }

  // Calls `on_compile` for the rules started since the last call; on the calling thread only.
  void ReportStarted() {
    if (!options_.on_compile) return;
    std::vector<size_t> started;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      started.assign(started_.begin() + static_cast<std::ptrdiff_t>(reported_), started_.end());
    }
    for (size_t index : started) {
      if (cancelled_.load(std::memory_order_relaxed)) return;
      if (!options_.on_compile(reported_++, compiled_.size(), packs_.rules()[index].rule.id())) cancelled_ = true;
    }
  }

  bool cancelled() const { return cancelled_.load(); }
  // By index into `PackSet::rules()`; null for a rule that did not compile.
  std::vector<std::unique_ptr<CompiledRule>>& compiled() { return compiled_; }

 private:
  RuleGroup* Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (next_group_ == groups_.size() || cancelled_.load(std::memory_order_relaxed)) return nullptr;
    return groups_[next_group_++];
  }

  const rules::PackSet& packs_;
  const rules::CitationWriter& citations_;
  const std::vector<RuleGroup*> groups_;  // in the order they are taken
  const CheckerOptions& options_;
  std::vector<std::unique_ptr<CompiledRule>> compiled_;  // each element written by the thread compiling its rule
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  size_t next_group_ = 0;            // guarded by `mutex_`
  std::vector<size_t> started_;      // guarded by `mutex_`
  size_t reported_ = 0;              // read and written by the calling thread only
};

namespace {

// The threads compiling `group_count` groups: `requested`, or with 0 one a core, at most four (the bundled packs'
// largest group, the 66 rules over processing activities, is a third of their rules: more threads would wait on it).
size_t CompileThreadCount(int requested, size_t group_count) {
  size_t threads = requested > 0 ? static_cast<size_t>(requested)
                                 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  return std::max<size_t>(1, std::min(threads, group_count));
}

}  // namespace

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
  absl::StatusOr<rules::PackSet> packs =
      rules::PackSet::Load(std::move(sources), v1::Dossier::descriptor(), diagnostics);
  if (!packs.ok()) return packs.status();
  checker->packs_ = *std::move(packs);
  std::vector<const v1::Framework*> frameworks;
  for (const rules::LoadedFramework& framework : checker->packs_.frameworks()) frameworks.push_back(&framework.framework);
  checker->citations_ = std::make_unique<rules::CitationWriter>(frameworks);
  absl::StatusOr<rules::Selection> selection = rules::Select(checker->packs_, options.profile);
  if (!selection.ok()) return selection.status();
  checker->selection_ = *std::move(selection);

  // Every rule of the packs is compiled, selected or not, so that a broken rule is refused whatever the profile.
  checker->envs_ = std::make_unique<Envs>();
  absl::StatusOr<std::unique_ptr<rules::ParamsType>> params = rules::ParamsType::Create(checker->packs_.params());
  if (!params.ok()) return params.status();
  checker->envs_->params = *std::move(params);
  std::vector<io::Diagnostic> problems;
  const std::vector<rules::LoadedRule>& pack_rules = checker->packs_.rules();
  std::vector<RuleGroup> groups;
  std::map<const Descriptor*, size_t> group_of_type;
  for (size_t i = 0; i < pack_rules.size(); ++i) {
    const Descriptor* record_type =
        pack_rules[i].for_each ? pack_rules[i].for_each->element_type() : v1::Dossier::descriptor();
    auto [it, added] = group_of_type.emplace(record_type, groups.size());
    if (added) groups.push_back({checker->envs_->For(record_type, problems), {}, {}});
    groups[it->second].rules.push_back(i);
  }
  // The largest groups first, so that the threads finish together.
  std::vector<RuleGroup*> by_size;
  for (RuleGroup& group : groups) by_size.push_back(&group);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](const RuleGroup* a, const RuleGroup* b) { return a->rules.size() > b->rules.size(); });
  CompileWork work(checker->packs_, *checker->citations_, std::move(by_size), options);
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < CompileThreadCount(options.compile_threads, groups.size()); ++i) {
    // Where no thread can be started, the threads that could, or the calling thread alone, do the work.
    try {
      helpers.emplace_back([&work] { work.Work(/*calling_thread=*/false); });
    } catch (const std::system_error&) {
      break;
    }
  }
  work.Work(/*calling_thread=*/true);
  for (std::thread& helper : helpers) helper.join();
  work.ReportStarted();
  if (work.cancelled()) return absl::CancelledError("the compilation was cancelled");
  // In pack order, whichever thread found them.
  for (RuleGroup& group : groups) problems.insert(problems.end(), group.diagnostics.begin(), group.diagnostics.end());
  if (!problems.empty()) {
    io::SortDiagnostics(problems);
    std::string message = problems.front().ToString();
    if (problems.size() > 1) absl::StrAppend(&message, " (and ", problems.size() - 1, " more problems)");
    if (diagnostics != nullptr) diagnostics->insert(diagnostics->end(), problems.begin(), problems.end());
    return absl::InvalidArgumentError(message);
  }
  for (const rules::LoadedRule* rule : checker->selection_.rules) {
    checker->rules_.push_back(std::move(work.compiled()[static_cast<size_t>(rule - pack_rules.data())]));
  }
  return checker;
}

Checker::~Checker() = default;

// The state of one `Check` call.
class Checker::Run {
 public:
  Run(const v1::Dossier& dossier, const CheckOptions& options, std::string language, rules::WaiverSet& waivers)
      : dossier_(dossier), options_(options), language_(std::move(language)), waivers_(waivers) {}

  // Binds the variables that stay the same for the whole run. `params` must outlive the run.
  void Bind(const Message& params) {
    activation_.BindMessage("params", params);
    activation_.BindMessage("dossier", dossier_);
    activation_.Bind("now", expr::Value::Timestamp(options_.now));
    budget_.max_steps = options_.max_evaluation_steps;
    budget_.deadline = absl::Now() + options_.time_limit;
    activation_.set_budget(&budget_);
    // Every rule and subject sees the same dossier and params: joins over their lists are indexed once per check.
    activation_.set_join_indexes(&join_indexes_);
  }

  // The steps spent so far (see `CheckOptions::max_evaluation_steps`).
  int64_t steps() const { return budget_.steps; }

  // Whether the run is past its time budget.
  bool OutOfTime() {
    if (!budget_.out_of_time && absl::Now() > budget_.deadline) budget_.out_of_time = true;
    return budget_.out_of_time;
  }

  // Evaluates `rule` on each of its subjects; returns the counts of its findings.
  v1::Counts Evaluate(const CompiledRule& rule) {
    v1::Counts counts;
    const rules::LoadedRule& source = *rule.source;
    if (base::CompactFindings* compact = options_.compact_findings) {
      base::CompactFindings::RuleTexts texts;
      texts.rule_id = source.rule.id();
      texts.severity = source.rule.severity();
      texts.title = rules::Localized(source.rule.title(), language_);
      texts.references = base::Localized(base::LanguageOrEnglish(language_), rule.references_en, rule.references_fr);
      texts.remediation = rules::Localized(source.rule.remediation(), language_);
      if (source.for_each) {
        compact->StartRule(std::move(texts), source.rule.for_each(), source.for_each->subject_path_format());
      } else {
        compact->StartDossierRule(std::move(texts));
      }
    }
    if (source.for_each) {
      source.for_each->ForEach(dossier_, [&](const Message& element, const std::vector<int>& indices) {
        subjects_.push_back(&element);
        for (int index : indices) subject_indices_.push_back(index);  // most often one: no call to copy them
        if (subjects_.size() == kSubjectsAtOnce) EvaluateSubjects(rule, counts);
      });
    } else {
      subjects_.push_back(&dossier_);
    }
    EvaluateSubjects(rule, counts);
    return counts;
  }

  // The findings in evaluation order, to be moved into the report.
  google::protobuf::RepeatedPtrField<Finding>& findings() { return findings_; }

 private:
  // The outcome of one condition: true, false, or an error, whose message goes to `*error`.
  enum class Outcome { kTrue, kFalse, kError };

  Outcome EvaluateCondition(const expr::Program& program, std::string_view name, std::string* error) {
    expr::Value other;
    switch (program.EvaluateBool(activation_, &other)) {
      case expr::BoolResult::kTrue:
        return Outcome::kTrue;
      case expr::BoolResult::kFalse:
        return Outcome::kFalse;
      case expr::BoolResult::kOther:
        break;
    }
    *error = other.IsError() ? absl::StrCat(AsAbsl(name), ": ", other.error_value().message())
                             : absl::StrCat(AsAbsl(name), " gave a ", AsAbsl(other.TypeName()), ", not a bool");
    return Outcome::kError;
  }

  // The message of a failing finding in `*text`, replacing what it held (a buffer kept from one finding to the
  // next: most of a check's messages are built here).
  void RenderInto(const CompiledRule& rule, std::string* text) {
    const std::vector<CompiledRule::Part>& parts =
        base::Localized(base::LanguageOrEnglish(language_), rule.message_en, rule.message_fr);
    text->clear();
    if (parts.empty()) {
      text->append(rules::Localized(rule.source->rule.title(), language_));
      return;
    }
    for (const CompiledRule::Part& part : parts) {
      if (part.expression == nullptr) {
        text->append(part.literal);
        continue;
      }
      absl::StatusOr<expr::Value> value = part.expression->Evaluate(activation_);
      if (value.ok()) {
        AppendDisplayText(*value, base::LanguageOrEnglish(language_), text);
      } else {
        absl::StrAppend(text, "<error: ", value.status().message(), ">");
      }
    }
  }

  // The status of a subject whose condition gave `result`, `if_false` when false. A condition that gave an error (or
  // another value than a bool) is evaluated again, the subject alone, for its message in `*error`.
  Finding::Status StatusOf(expr::BoolResult result, Finding::Status if_false, const expr::Program& program,
                           std::string_view name, const Message& subject, std::string* error) {
    if (result == expr::BoolResult::kTrue) return Finding::PASS;
    if (result == expr::BoolResult::kFalse) return if_false;
    activation_.RebindMessage(record_, subject);
    const Outcome outcome = EvaluateCondition(program, name, error);
    return outcome == Outcome::kTrue ? Finding::PASS : outcome == Outcome::kFalse ? if_false : Finding::ERROR;
  }

  // Evaluates `rule` on the subjects gathered in `subjects_`, then makes their findings in order; empties
  // `subjects_`. The conditions are evaluated for all the subjects at once (`Program::EvaluateBoolEach`).
  void EvaluateSubjects(const CompiledRule& rule, v1::Counts& counts) {
    const size_t count = subjects_.size();
    // Past the time budget the remaining subjects are left out: the check is about to fail as a whole.
    if (count == 0 || budget_.out_of_time || OutOfTime()) {
      subjects_.clear();
      subject_indices_.clear();
      return;
    }
    // Rules bind one record after another: the binding is found once.
    if (!record_.valid()) record_ = activation_.SlotOf("record");
    // The subjects are the dossier or the elements of one path's repeated field: all of one class.
    constexpr expr::RecordClasses kOneClass = expr::RecordClasses::kAllAsFirst;
    applicable_.clear();
    if (rule.when != nullptr) {
      when_results_.resize(count);
      rule.when->EvaluateBoolEach(activation_, record_, subjects_, when_results_.data(), kOneClass);
      for (size_t i = 0; i < count; ++i) {
        if (when_results_[i] == expr::BoolResult::kTrue) applicable_.push_back(subjects_[i]);
      }
    }
    const std::vector<const Message*>& applicable = rule.when != nullptr ? applicable_ : subjects_;
    require_results_.resize(applicable.size());
    rule.require->EvaluateBoolEach(activation_, record_, applicable, require_results_.data(), kOneClass);
    const size_t depth = subject_indices_.size() / count;
    size_t next_applicable = 0;
    for (size_t i = 0; i < count; ++i) {
      const Message& subject = *subjects_[i];
      std::string error;
      Finding::Status status = Finding::PASS;
      if (rule.when != nullptr) {
        status = StatusOf(when_results_[i], Finding::NOT_APPLICABLE, *rule.when, "when", subject, &error);
      }
      if (status == Finding::PASS) {
        // A subject `when` first gave no bool for cannot apply on evaluating it again (conditions are pure), but if
        // it did, `require` was not evaluated for it: it is, alone.
        const bool evaluated = rule.when == nullptr || when_results_[i] == expr::BoolResult::kTrue;
        status = StatusOf(evaluated ? require_results_[next_applicable++] : expr::BoolResult::kOther, Finding::FAIL,
                          *rule.require, "require", subject, &error);
      }
      if (rule.source->for_each) {
        indices_.resize(depth);
        for (size_t d = 0; d < depth; ++d) indices_[d] = subject_indices_[i * depth + d];
      }
      MakeFinding(rule, subject, rule.source->for_each ? &indices_ : nullptr, status, error, counts);
    }
    subjects_.clear();
    subject_indices_.clear();
  }

  // Counts the finding of `subject` with `status` (`error` the message of an ERROR), and keeps it as the options say.
  void MakeFinding(const CompiledRule& rule, const Message& subject, const std::vector<int>* indices,
                   Finding::Status status, const std::string& error, v1::Counts& counts) {
    const rules::LoadedRule& source = *rule.source;
    const bool passing = status == Finding::PASS || status == Finding::NOT_APPLICABLE;
    // A passing finding kept compactly is its status alone (its record gives its subject); one not kept, nothing.
    if (passing && (options_.compact_findings != nullptr || !options_.keep_passing_findings)) {
      if (options_.compact_findings != nullptr) {
        options_.compact_findings->Add(options_.keep_passing_findings ? status : Finding::STATUS_UNSPECIFIED, &subject,
                                       indices);
      }
      base::CountFinding(status, source.rule.severity(), &counts);
      return;
    }
    // Compact findings keep the subject themselves: only a waiver to match needs it here.
    const bool needs_subject = options_.compact_findings == nullptr || (status == Finding::FAIL && !waivers_.empty());
    std::string subject_path;
    std::string subject_id;
    if (indices != nullptr && needs_subject) {
      subject_path = source.for_each->SubjectPath(*indices);
      subject_id = base::SubjectId(subject);
    }
    std::string& message = message_;
    message.clear();
    std::optional<v1::AppliedWaiver> waiver;
    if (status == Finding::ERROR) {
      message = absl::StrCat(base::Pick(base::LanguageOrEnglish(language_), "could not evaluate: ", "évaluation impossible : "), error);
    } else if (status == Finding::FAIL) {
      // The message's expressions read the subject.
      activation_.RebindMessage(record_, subject);
      RenderInto(rule, &message);
      if (const rules::WaiverEntry* matched = waivers_.Match(source.rule.id(), subject_path, subject_id)) {
        const bool expired = rules::WaiverSet::Expired(*matched, options_.now);
        waiver.emplace();
        waiver->set_rule_id(matched->rule_id);
        waiver->set_subject(matched->subject);
        waiver->set_reason(matched->reason);
        waiver->set_approver(matched->approver);
        *waiver->mutable_expires_at() = ToProto(*matched->expires_at);
        waiver->set_expired(expired);
        if (expired) {
          absl::StrAppend(&message,
                          base::Pick(base::LanguageOrEnglish(language_), " (waiver expired on ", " (dérogation expirée le "),
                          base::DateText(base::LanguageOrEnglish(language_), *matched->expires_at), ")");
        } else {
          status = Finding::WAIVED;
        }
      }
    }
    base::CountFinding(status, source.rule.severity(), &counts);
    if (options_.compact_findings != nullptr) {
      options_.compact_findings->Add(status, &subject, indices, message, waiver ? &*waiver : nullptr);
      return;
    }
    // Built in place: a large dossier has millions of findings, and a copy or move per finding shows.
    Finding& finding = *findings_.Add();
    finding.set_rule_id(source.rule.id());
    finding.set_status(status);
    finding.set_severity(source.rule.severity());
    finding.set_subject(std::move(subject_path));
    finding.set_subject_id(std::move(subject_id));
    finding.set_title(rules::Localized(source.rule.title(), language_));
    *finding.mutable_references() =
        base::Localized(base::LanguageOrEnglish(language_), rule.references_en, rule.references_fr);
    finding.set_message(std::move(message));
    if (status == Finding::FAIL || status == Finding::WAIVED) {
      finding.set_remediation(rules::Localized(source.rule.remediation(), language_));
    }
    if (waiver) *finding.mutable_waiver() = *std::move(waiver);
  }

  const v1::Dossier& dossier_;
  const CheckOptions& options_;
  const std::string language_;
  rules::WaiverSet& waivers_;
  expr::Activation activation_;
  expr::Activation::Slot record_;  // "record" in `activation_`
  // The subjects of the rule being evaluated, gathered to be evaluated at once (at most `kSubjectsAtOnce`), with
  // their indices along the rule's path end to end (as many for each), and what is kept from one batch to the next.
  static constexpr size_t kSubjectsAtOnce = 1024;
  std::vector<const Message*> subjects_;
  std::vector<int> subject_indices_;
  std::vector<expr::BoolResult> when_results_;
  std::vector<const Message*> applicable_;  // the subjects the `when` condition applies to
  std::vector<expr::BoolResult> require_results_;
  std::vector<int> indices_;  // one subject's
  std::string message_;  // the message of the finding being made
  google::protobuf::RepeatedPtrField<Finding> findings_;
  expr::EvaluationBudget budget_;
  expr::JoinIndexes join_indexes_;
};

namespace {

// The dossier's waivers, then `options.extra_waivers`, as of `options.now`.
rules::WaiverSet CollectWaivers(const v1::Dossier& dossier, const CheckOptions& options) {
  std::vector<rules::WaiverEntry> entries = WaiversFromDossier(dossier, "dossier");
  entries.insert(entries.end(), options.extra_waivers.begin(), options.extra_waivers.end());
  rules::WaiverSet waivers(std::move(entries));
  waivers.set_now(options.now);
  return waivers;
}

// Sorts `findings` worst first and, within a rule, keeps document order. Sorting the pointers moves no finding.
void SortWorstFirst(google::protobuf::RepeatedPtrField<Finding>& findings) {
  std::stable_sort(findings.pointer_begin(), findings.pointer_end(),
                   [](const Finding* a, const Finding* b) { return base::InReportOrder(*a, *b); });
}

// Settles a requirement no rule evidences: PASS with the first valid attestation of the dossier for it, MANUAL
// otherwise. An expired attestation is a warning of `report`.
void ApplyAttestation(const v1::Framework& framework, const v1::Requirement& requirement, const v1::Dossier& dossier,
                      absl::Time now, v1::RequirementSummary& entry, v1::Report& report) {
  entry.set_status(Finding::MANUAL);
  for (const v1::Attestation& attestation : dossier.attestations()) {
    if (attestation.framework() != framework.id() || attestation.requirement_id() != requirement.id()) continue;
    if (attestation.has_valid_until() && FromProto(attestation.valid_until()) <= now) {
      const base::Language language = base::LanguageOrEnglish(report.language());
      report.add_warnings()->set_message(absl::StrCat(
          base::Pick(language, "attestation ", "l'attestation "), attestation.id(), base::Pick(language, " for ", " pour "),
          framework.id(), " ", requirement.id(), base::Pick(language, " expired on ", " a expiré le "),
          base::DateText(language, FromProto(attestation.valid_until()))));
      continue;
    }
    entry.set_status(Finding::PASS);
    v1::AppliedAttestation* applied = entry.mutable_attestation();
    applied->set_attested_by(attestation.attested_by());
    *applied->mutable_attested_at() = attestation.attested_at();
    applied->set_statement(attestation.statement());
    *applied->mutable_evidence_ids() = attestation.evidence_ids();
    return;
  }
}

// What the dossier says of itself, for the first lines of a report.
void DescribeSubject(const v1::Dossier& dossier, v1::ReportSubject& subject) {
  subject.set_organization(dossier.organization().legal_name());
  subject.set_trade_name(dossier.organization().trade_name());
  subject.set_title(dossier.title());
  if (dossier.has_as_of()) *subject.mutable_as_of() = dossier.as_of();
  subject.set_scope(dossier.isms().scope().description());
  *subject.mutable_sites() = dossier.isms().scope().sites();
}

}  // namespace

absl::StatusOr<std::vector<const Checker::CompiledRule*>> Checker::RulesToRun(
    const std::vector<std::string>& only_rules) const {
  std::vector<const CompiledRule*> to_run;
  if (only_rules.empty()) {
    for (const auto& rule : rules_) to_run.push_back(rule.get());
    return to_run;
  }
  for (const std::string& id : only_rules) {
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
  return to_run;
}

absl::StatusOr<std::unique_ptr<Message>> Checker::ResolveParams(
    const std::map<std::string, v1::ParamValue>& overrides) const {
  std::map<std::string, v1::ParamValue> params = selection_.params;
  for (const auto& [name, value] : overrides) params[name] = value;
  return envs_->params->NewMessage(params);
}

void Checker::DescribeInputs(const v1::Dossier& dossier, const CheckOptions& options, const std::string& language,
                             v1::Report& report) const {
  *report.mutable_now() = ToProto(options.now);
  report.set_language(language);
  if (selection_.profile != nullptr) report.set_profile(selection_.profile->profile.id());
  report.mutable_dossier()->set_path(options.dossier_path);
  report.mutable_dossier()->set_sha256(!options.dossier_sha256.empty() ? options.dossier_sha256
                                       : dossier.ByteSizeLong() > 0  ? base::Sha256Hex(base::DeterministicBytes(dossier))
                                                                     : base::Sha256Hex(""));
  DescribeSubject(dossier, *report.mutable_subject());
  for (const rules::PackFileDigest& file : packs_.files()) {
    v1::InputDigest* digest = report.add_packs();
    digest->set_path(file.path);
    digest->set_sha256(file.sha256);
  }
}

void Checker::SummariseFrameworks(const v1::Dossier& dossier, const std::map<std::string, v1::Counts>& rule_counts,
                                  absl::Time now, const std::string& language, v1::Report& report) const {
  for (const rules::LoadedFramework* framework : selection_.frameworks) {
    const v1::Framework& definition = framework->framework;
    v1::FrameworkSummary* summary = report.add_frameworks();
    summary->set_id(definition.id());
    summary->set_title(rules::Localized(definition.title(), language));
    summary->set_version(definition.version());
    summary->set_source(rules::Localized(definition.source(), language));
    // The rules that count towards the framework: those citing it and those its requirements name.
    std::set<std::string> framework_rules;
    for (const auto& [id, counts] : rule_counts) {
      for (const v1::Reference& reference : packs_.FindRule(id)->rule.reference()) {
        if (reference.framework() == definition.id()) framework_rules.insert(id);
      }
    }
    int64_t checkable = 0;
    int64_t evaluated = 0;
    for (int i = 0; i < definition.requirement_size(); ++i) {
      const v1::Requirement& requirement = definition.requirement(i);
      v1::RequirementSummary* entry = summary->add_requirements();
      entry->set_id(requirement.id());
      entry->set_title(rules::Localized(requirement.title(), language));
      entry->set_citation(requirement.citation());
      entry->set_citation_text(citations_->Write(definition.id(), requirement.citation(),
                                                 base::LanguageOrEnglish(language),
                                                 rules::CitationWriter::Name::kWithout));
      for (const std::string& id : framework->requirement_rules[i]) {
        auto counts = rule_counts.find(id);
        if (counts == rule_counts.end()) continue;
        entry->add_rule_ids(id);
        framework_rules.insert(id);
        AddCounts(*entry->mutable_counts(), counts->second);
      }
      if (entry->rule_ids_size() > 0) {
        entry->set_status(RollUp(entry->counts()));
        ++checkable;
        if (Evaluated(entry->counts())) ++evaluated;
      } else {
        ApplyAttestation(definition, requirement, dossier, now, *entry, report);
      }
      base::CountFinding(entry->status(), Rule::SEVERITY_UNSPECIFIED, summary->mutable_requirement_counts());
      if (entry->status() == Finding::MANUAL) report.mutable_counts()->set_manual(report.counts().manual() + 1);
    }
    for (const std::string& id : framework_rules) AddCounts(*summary->mutable_finding_counts(), rule_counts.at(id));
    SetCompleteness(checkable, evaluated, *summary);
  }
}

absl::StatusOr<v1::Report> Checker::Check(const v1::Dossier& dossier, const CheckOptions& options) const {
  const std::string language = options.language.empty() ? options_.language : options.language;
  if (absl::Status status = base::ParseLanguage(language).status(); !status.ok()) return status;
  absl::StatusOr<std::vector<const CompiledRule*>> to_run = RulesToRun(options.only_rules);
  if (!to_run.ok()) return to_run.status();
  absl::StatusOr<std::unique_ptr<Message>> params = ResolveParams(options.params);
  if (!params.ok()) return params.status();
  rules::WaiverSet waivers = CollectWaivers(dossier, options);

  Run run(dossier, options, language, waivers);
  run.Bind(**params);
  const absl::Time started = absl::Now();
  std::map<std::string, v1::Counts> rule_counts;
  v1::Timing timing;
  for (size_t i = 0; i < to_run->size(); ++i) {
    const CompiledRule& rule = *(*to_run)[i];
    if (options.on_rule && !options.on_rule(i, to_run->size(), rule.source->rule.id())) {
      return absl::CancelledError("the check was cancelled");
    }
    const absl::Time rule_started = options.record_timing ? absl::Now() : absl::InfinitePast();
    const int64_t steps_before = run.steps();
    rule_counts[rule.source->rule.id()] = run.Evaluate(rule);
    if (options.record_timing) {
      v1::RuleTiming* rule_timing = timing.add_rules();
      rule_timing->set_rule_id(rule.source->rule.id());
      rule_timing->set_micros(absl::ToInt64Microseconds(absl::Now() - rule_started));
      rule_timing->set_steps(run.steps() - steps_before);
    }
    if (run.OutOfTime()) {
      return absl::DeadlineExceededError(absl::StrCat("the check ran past its time limit of ",
                                                      absl::FormatDuration(options.time_limit), " at rule ",
                                                      rule.source->rule.id()));
    }
  }
  const absl::Duration elapsed = absl::Now() - started;

  v1::Report report;
  DescribeInputs(dossier, options, language, report);
  for (const auto& [id, counts] : rule_counts) AddCounts(*report.mutable_counts(), counts);
  SummariseFrameworks(dossier, rule_counts, options.now, language, report);
  SortWorstFirst(run.findings());
  report.mutable_findings()->Swap(&run.findings());
  for (std::string& problem : waivers.Problems()) report.add_warnings()->set_message(std::move(problem));
  if (options.record_timing) {
    timing.set_evaluation_micros(absl::ToInt64Microseconds(elapsed));
    std::sort(timing.mutable_rules()->begin(), timing.mutable_rules()->end(),
              [](const v1::RuleTiming& a, const v1::RuleTiming& b) {
                return a.micros() != b.micros() ? a.micros() > b.micros() : a.rule_id() < b.rule_id();
              });
    *report.mutable_timing() = std::move(timing);
  }
  return report;
}

absl::StatusOr<Rule::Severity> ParseSeverity(std::string_view name) {
  Rule::Severity severity = Rule::SEVERITY_UNSPECIFIED;
  if (!name.empty() && Rule::Severity_Parse(absl::AsciiStrToUpper(AsAbsl(name)), &severity) &&
      severity != Rule::SEVERITY_UNSPECIFIED) {
    return severity;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown severity '", AsAbsl(name), "' (expected INFO, LOW, MEDIUM, HIGH or CRITICAL)"));
}

}  // namespace hdsc::check
