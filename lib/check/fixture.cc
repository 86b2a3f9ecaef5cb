#include "lib/check/fixture.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/time_util.h"
#include "lib/check/checker.h"
#include "lib/model/fixture.pb.h"
#include "lib/rules/source_text.h"

namespace hdsc::check {

using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;
using v1::Finding;

namespace {

// Collects text-format syntax errors of a fixture file.
class FixtureErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  FixtureErrorCollector(const std::string& file, const io::SourceText& source, std::vector<io::Diagnostic>& out)
      : file_(file), source_(source), out_(out) {}

  void AddError(int line, int column, const std::string& message) override {
    io::Diagnostic diagnostic;
    diagnostic.file = file_;
    if (line >= 0) {
      const io::SourceLocation at = source_.LocationOfOffset(source_.OffsetOfTokenizerPosition(line, std::max(column, 0)));
      diagnostic.line = at.line;
      diagnostic.column = at.column;
    }
    diagnostic.message = message;
    out_.push_back(std::move(diagnostic));
    ++errors_;
  }

  int errors() const { return errors_; }

 private:
  const std::string& file_;
  const io::SourceText& source_;
  std::vector<io::Diagnostic>& out_;
  int errors_ = 0;
};

// What is wrong with the message of a failing finding, or "" when nothing is: an auditor reads it, so it must say
// something and not end with a separator that a part of the template left behind ("no reasons recorded; ").
std::string MessageProblem(std::string_view message) {
  while (!message.empty() && (message.back() == ' ' || message.back() == '\n')) message.remove_suffix(1);
  if (message.empty()) return "the message is empty";
  if (message.back() == ';' || message.back() == ',' || message.back() == ':' || message.back() == '(') {
    return absl::StrCat("the message ends with '", std::string(1, message.back()), "'");
  }
  return "";
}

// The finding of `report` that `expectation` is about, or null.
const Finding* FindFinding(const v1::Report& report, const v1::Expectation& expectation) {
  for (const Finding& finding : report.findings()) {
    if (finding.rule_id() == expectation.rule_id() && finding.subject() == expectation.subject()) return &finding;
  }
  return nullptr;
}

io::Diagnostic At(const std::string& file, io::SourceLocation location, std::string message) {
  io::Diagnostic diagnostic;
  diagnostic.file = file;
  diagnostic.line = location.line;
  diagnostic.column = location.column;
  diagnostic.message = std::move(message);
  return diagnostic;
}

io::SourceLocation Locate(const io::SourceText& source, const TextFormat::ParseInfoTree* tree,
                          const FieldDescriptor* field, int index) {
  if (tree == nullptr) return {};
  const TextFormat::ParseLocation location = tree->GetLocation(field, index);
  if (location.line < 0) return {};
  return source.LocationOfOffset(source.OffsetOfTokenizerPosition(location.line, location.column));
}

}  // namespace

absl::StatusOr<FixtureRunResult> RunFixtures(const FixtureRunOptions& options,
                                             std::vector<io::Diagnostic>* diagnostics) {
  // One checker per profile the fixtures use, compiled once.
  std::map<std::string, std::unique_ptr<Checker>> checkers;
  auto checker_for = [&](const std::string& profile) -> absl::StatusOr<const Checker*> {
    std::unique_ptr<Checker>& checker = checkers[profile];
    if (checker == nullptr) {
      CheckerOptions checker_options;
      checker_options.rule_sources = options.packs;
      checker_options.profile = profile;
      absl::StatusOr<std::unique_ptr<Checker>> created = Checker::Create(checker_options, diagnostics);
      if (!created.ok()) return created.status();
      checker = *std::move(created);
    }
    return checker.get();
  };
  // Load the packs first, so that a broken pack stops everything with its own problems.
  if (absl::StatusOr<const Checker*> base = checker_for(""); !base.ok()) return base.status();

  FixtureRunResult result;
  // For coverage: the statuses each rule was expected to have somewhere.
  std::map<std::string, std::set<Finding::Status>> covered;
  bool parse_failed = false;
  const google::protobuf::Descriptor* file_type = v1::FixtureFile::descriptor();
  const FieldDescriptor* fixture_field = file_type->FindFieldByName("fixture");
  const FieldDescriptor* expect_field = v1::Fixture::descriptor()->FindFieldByName("expect");

  for (const rules::PackSource& source : options.fixtures) {
    const io::SourceText text(source.contents);
    v1::FixtureFile file;
    TextFormat::ParseInfoTree tree;
    std::vector<io::Diagnostic> parse_errors;
    FixtureErrorCollector collector(source.path, text, parse_errors);
    TextFormat::Parser parser;
    parser.RecordErrorsTo(&collector);
    parser.WriteLocationsTo(&tree);
    if (!parser.ParseFromString(source.contents, &file) || collector.errors() > 0) {
      if (diagnostics != nullptr) diagnostics->insert(diagnostics->end(), parse_errors.begin(), parse_errors.end());
      parse_failed = true;
      continue;
    }
    for (int f = 0; f < file.fixture_size(); ++f) {
      const v1::Fixture& fixture = file.fixture(f);
      ++result.fixtures;
      const io::SourceLocation fixture_location = Locate(text, &tree, fixture_field, f);
      const TextFormat::ParseInfoTree* fixture_tree = tree.GetTreeForNested(fixture_field, f);
      const std::string label = absl::StrCat("fixture '", fixture.name(), "'");
      auto fail = [&](io::SourceLocation location, std::string message) {
        result.failures.push_back(At(source.path, location, absl::StrCat(label, ": ", message)));
      };

      CheckOptions check;
      google::protobuf::Timestamp now;
      if (!google::protobuf::util::TimeUtil::FromString(fixture.now(), &now)) {
        fail(fixture_location, absl::StrCat("now: expected an RFC 3339 time such as \"2026-03-01T00:00:00Z\", got '",
                                            fixture.now(), "'"));
        continue;
      }
      check.now = absl::FromUnixSeconds(now.seconds()) + absl::Nanoseconds(now.nanos());
      for (const v1::ParamSetting& param : fixture.param()) check.params[param.name()] = param.value();
      std::set<std::string> rule_ids;
      for (const v1::Expectation& expectation : fixture.expect()) rule_ids.insert(expectation.rule_id());
      check.only_rules.assign(rule_ids.begin(), rule_ids.end());
      if (check.only_rules.empty()) {
        fail(fixture_location, "no expectation (expect { rule_id subject status })");
        continue;
      }
      absl::StatusOr<const Checker*> checker = checker_for(fixture.profile());
      if (!checker.ok()) {
        fail(fixture_location, std::string(checker.status().message()));
        continue;
      }
      absl::StatusOr<v1::Report> report = (*checker)->Check(fixture.dossier(), check);
      // The messages of the expected failures in the other language, for `MessageProblem`.
      std::optional<v1::Report> report_fr;
      const bool expects_failure = std::any_of(fixture.expect().begin(), fixture.expect().end(),
                                               [](const v1::Expectation& e) { return e.status() == Finding::FAIL; });
      if (report.ok() && expects_failure) {
        check.language = "fr";
        absl::StatusOr<v1::Report> in_french = (*checker)->Check(fixture.dossier(), check);
        if (in_french.ok()) {
          report_fr = *std::move(in_french);
        } else {
          report = in_french.status();
        }
      }
      if (!report.ok()) {
        fail(fixture_location, std::string(report.status().message()));
        continue;
      }
      for (int e = 0; e < fixture.expect_size(); ++e) {
        const v1::Expectation& expectation = fixture.expect(e);
        ++result.expectations;
        covered[expectation.rule_id()].insert(expectation.status());
        const io::SourceLocation location = Locate(text, fixture_tree, expect_field, e);
        const Finding* found = FindFinding(*report, expectation);
        const std::string subject = expectation.subject().empty() ? "(dossier)" : expectation.subject();
        if (expectation.status() == Finding::FAIL && found != nullptr && found->status() == Finding::FAIL) {
          for (const Finding* in_language : {found, FindFinding(*report_fr, expectation)}) {
            if (in_language == nullptr) continue;
            const std::string problem = MessageProblem(in_language->message());
            if (!problem.empty()) {
              fail(location, absl::StrCat(expectation.rule_id(), " ", subject, ": ", problem, ": \"",
                                          in_language->message(), "\""));
            }
          }
        }
        if (found == nullptr) {
          fail(location, absl::StrCat(expectation.rule_id(), " ", subject, ": expected ",
                                      Finding::Status_Name(expectation.status()), ", but the rule has no such subject"));
        } else if (found->status() != expectation.status()) {
          fail(location, absl::StrCat(expectation.rule_id(), " ", subject, ": expected ",
                                      Finding::Status_Name(expectation.status()), ", got ",
                                      Finding::Status_Name(found->status()),
                                      found->message().empty() ? "" : absl::StrCat(" (", found->message(), ")")));
        }
      }
    }
  }
  if (parse_failed) return absl::InvalidArgumentError("a fixture file does not parse");

  if (options.require_coverage) {
    const Checker& base = *checkers[""];
    const std::set<std::string> coverage_files(options.coverage_files.begin(), options.coverage_files.end());
    for (const rules::LoadedRule& rule : base.packs().rules()) {
      if (!coverage_files.empty() && coverage_files.count(rule.file) == 0) continue;
      const std::set<Finding::Status>& statuses = covered[rule.rule.id()];
      std::vector<Finding::Status> needed = {Finding::PASS, Finding::FAIL};
      if (!rule.rule.when().empty()) needed.push_back(Finding::NOT_APPLICABLE);
      for (Finding::Status status : needed) {
        if (statuses.count(status) == 0) {
          result.failures.push_back(At(rule.file, rule.location,
                                       absl::StrCat("rule '", rule.rule.id(), "' has no fixture expecting ",
                                                    Finding::Status_Name(status))));
        }
      }
    }
  }
  return result;
}

}  // namespace hdsc::check
