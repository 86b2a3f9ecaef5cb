// The findings of a check, kept compactly.
//
// A dossier of a million records has tens of millions of findings, most of which no one reads one by one. Here
// each rule's texts (id, severity, title, references, remediation) are kept once, for all its findings; the
// records a `for_each` iterates are kept once for all the rules iterating them; a finding costs one status byte,
// and one that needs attention (FAIL, ERROR, WAIVED) also its message: what it does not share with its rule's first
// message, in large shared blocks of text rather than a string of its own; a waiver is kept with the few findings
// it applies to. A `v1::Finding` is built only when one is read. Of the records, only their paths and ids are kept:
// the dossier need not outlive this object.
//
// Order is the report's (`InReportOrder`): by status rank (FAIL, ERROR, WAIVED, PASS, NOT_APPLICABLE), then
// severity highest first, then rule id, then the records' order in the dossier.
#ifndef HDSC_LIB_BASE_COMPACT_FINDINGS_H_
#define HDSC_LIB_BASE_COMPACT_FINDINGS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "google/protobuf/message.h"
#include "lib/model/report.pb.h"

namespace hdsc::base {

// The subject id of `record`: its own string `id` field, or "" when it has none.
std::string SubjectId(const google::protobuf::Message& record);

// The subject paths of the records reached through the fields named `fields` (`indexed[i]` when field i is
// repeated): "processors[1].sub_processors[0]". The text around the indices is joined once, for the millions of
// paths a report writes; field names and indices need no escaping in JSON, so a report writes them in place.
class SubjectPathFormat {
 public:
  SubjectPathFormat() = default;
  SubjectPathFormat(const std::vector<std::string>& fields, const std::vector<bool>& indexed);
  // The number of indices a path takes: one per repeated field.
  size_t depth() const { return index_ends_.size(); }
  // The room `WriteTo` needs.
  size_t max_length() const { return texts_.size() + depth() * kIndexRoom; }
  // Writes the path at `indices` (`depth()` of them) at `out`, which has room for `max_length()` bytes; returns
  // the end of what it wrote.
  char* WriteTo(const int* indices, char* out) const;
  // The same as a string.
  std::string Path(const int* indices) const;

 private:
  static constexpr size_t kIndexRoom = 12;  // an int's sign and digits, and the terminator `FastIntToBuffer` writes
  // The path without its indices ("processors[].sub_processors[]"), and where in it each index goes.
  std::string texts_;
  std::vector<size_t> index_ends_;
};

class CompactFindings {
 public:
  // What every finding of a rule shares.
  struct RuleTexts {
    std::string rule_id;
    v1::Rule::Severity severity = v1::Rule::SEVERITY_UNSPECIFIED;
    std::string title;
    google::protobuf::RepeatedPtrField<v1::Reference> references;
    std::string remediation;  // for FAIL and WAIVED findings
  };

  // One finding as stored: its rule's texts, its subject and what only it says.
  struct Entry {
    const RuleTexts* rule = nullptr;
    v1::Finding::Status status = v1::Finding::STATUS_UNSPECIFIED;
    // The record's path ("processing_activities[3]"), written by `subject_format` from `subject_indices`, and its
    // id, a view of the text the findings keep; no format and no id for the dossier.
    const SubjectPathFormat* subject_format = nullptr;
    const int* subject_indices = nullptr;
    std::string_view subject_id;
    // Empty for PASS and NOT_APPLICABLE.
    std::string message;
    // The waiver matched, or null.
    const v1::AppliedWaiver* waiver = nullptr;
    bool in_baseline = false;

    // The record's path, "" for the dossier.
    std::string SubjectPath() const {
      return subject_format == nullptr ? std::string() : subject_format->Path(subject_indices);
    }
  };

  CompactFindings();
  ~CompactFindings();
  CompactFindings(CompactFindings&&) noexcept;
  CompactFindings& operator=(CompactFindings&&) noexcept;

  // --- Filling, by the checker, one rule at a time. ---

  // Starts the findings of a rule on the whole dossier.
  void StartDossierRule(RuleTexts texts);
  // Starts the findings of a rule iterating the records at `path`, whose subject paths `format` writes (as
  // `rules::ForEachPath` has it). Rules over the same path share their records.
  void StartRule(RuleTexts texts, std::string_view path, const SubjectPathFormat& format);
  // The outcome of the current rule on its next subject, in document order (`record` and `indices` as the
  // `for_each` gives them; ignored for a dossier rule), with the finding's message and the waiver matched, if any.
  // A finding of status PASS, NOT_APPLICABLE, FAIL, ERROR or WAIVED is kept here; STATUS_UNSPECIFIED (or any
  // other) marks a subject with no finding kept here.
  void Add(v1::Finding::Status status, const google::protobuf::Message* record, const std::vector<int>* indices,
           std::string_view message = {}, const v1::AppliedWaiver* waiver = nullptr);

  // --- Reading. ---

  // The number of findings kept here.
  size_t size() const { return count_; }
  // The finding at `index` (< size()) in report order. Reading in order costs O(1) a finding; jumping about,
  // O(the rule's records).
  Entry Get(size_t index) const;
  // Calls `visit` with the findings from `begin` to `end` (<= size()) in report order, each in one entry that is
  // refilled for the next: a report's millions of findings are read without a heap block each.
  void ForEach(size_t begin, size_t end, absl::FunctionRef<void(const Entry&)> visit) const;
  // The rule and status of finding `index`, which its place in the report's order depends on, and the index past
  // the last finding of that rule with that status.
  const RuleTexts& RuleOf(size_t index, v1::Finding::Status* status, size_t* group_end) const;
  // `entry` as a report finding.
  static void Materialize(const Entry& entry, v1::Finding* finding);
  // Marks finding `index` (< size()) as already failing in a baseline report.
  void MarkInBaseline(size_t index);
  // The texts of rule `rule_id`, or null for a rule not kept here.
  const RuleTexts* TextsOf(std::string_view rule_id) const;
  // The status of rule `rule_id` on the subject with id `subject_id` or, when that is empty, at path `subject`,
  // if that finding is kept here; STATUS_UNSPECIFIED otherwise. The first call indexes the subjects.
  v1::Finding::Status Find(std::string_view rule_id, std::string_view subject_id, std::string_view subject) const;

 private:
  struct Subjects;
  struct Messages;
  struct Rule;
  struct Group;
  struct Cursor;
  struct Lookup;

  // Sorts the groups of findings into report order once filling is done.
  void Index() const;
  const Group& GroupOf(size_t index, size_t* first) const;
  // The group of finding `index`, its ordinal in the group and its position in the rule's subjects.
  const Group& Locate(size_t index, size_t* ordinal, size_t* position) const;
  // Fills `*entry` (reusing its strings) with finding `ordinal` of `group`, whose subject is at `position`.
  void Fill(const Group& group, size_t ordinal, size_t position, Entry* entry) const;

  std::vector<std::unique_ptr<Subjects>> subjects_;
  std::unique_ptr<Messages> messages_;
  std::vector<std::unique_ptr<Rule>> rules_;
  absl::flat_hash_map<std::string, const Rule*> rules_by_id_;
  size_t count_ = 0;
  // Built on first read: (status, rule) groups in report order and where each starts.
  mutable std::vector<Group> groups_;
  mutable std::unique_ptr<Cursor> cursor_;
  mutable std::unique_ptr<Lookup> lookup_;  // built by the first `Find`
};

// `finding` from a report whose findings come without their rule's texts (`compact` not null): built whole into
// `*scratch`, which is then returned; any other finding is returned as it is.
const v1::Finding& WithRuleTexts(const v1::Finding& finding, const CompactFindings* compact, v1::Finding* scratch);

// Every finding of a report in report order, whole: those of `report.findings`, given the texts of their rule
// when they come without them, merged with those kept in `compact` (null for none). Both must outlive this object.
class ReportFindings {
 public:
  ReportFindings(const v1::Report& report, const CompactFindings* compact);

  size_t size() const { return size_; }
  // Finding `index` (< size()): the report's own when it is whole, or one built into `*scratch`, which the
  // result then is.
  const v1::Finding& Get(size_t index, v1::Finding* scratch) const;
  // Calls `on_finding` with each of the findings from `begin` to `end` (<= size()) that comes whole and `on_entry`
  // with each kept compactly, in order: for a writer that reads the compact ones without building a `v1::Finding`.
  // What either is given lives until the next call.
  void ForEachAsKept(size_t begin, size_t end, absl::FunctionRef<void(const v1::Finding&)> on_finding,
                     absl::FunctionRef<void(const CompactFindings::Entry&)> on_entry) const;
  // Calls `visit` with each finding in order. A finding built from the compact ones lives until the next call.
  template <typename Visit>
  void ForEach(Visit visit) const {
    ForEachWithStatus([](v1::Finding::Status) { return true; }, visit);
  }
  // As `ForEach`, for the findings whose status `keep` accepts only: the compact findings of any other status are
  // skipped a rule at a time, unread (a report's few FAIL findings among millions of PASS are found at once).
  template <typename Keep, typename Visit>
  void ForEachWithStatus(Keep keep, Visit visit) const {
    v1::Finding scratch;
    const auto on_finding = [&](const v1::Finding& finding) { visit(finding); };
    const auto on_entry = [&](const CompactFindings::Entry& entry) {
      CompactFindings::Materialize(entry, &scratch);
      visit(static_cast<const v1::Finding&>(scratch));
    };
    size_t i = 0;
    while (i < size_) {
      size_t run_end = i + 1;
      const v1::Finding::Status status = StatusAt(i, &run_end);
      if (keep(status)) ForEachAsKept(i, run_end, on_finding, on_entry);
      i = run_end;
    }
  }

 private:
  // A run of consecutive findings from one source.
  struct Segment {
    bool from_report;
    size_t begin;  // in the source
    size_t first;  // in the whole order
  };

  // The status of finding `index`, and (in `*run_end`) the end of the run of findings from it that share it.
  v1::Finding::Status StatusAt(size_t index, size_t* run_end) const;

  const v1::Report& report_;
  const CompactFindings* compact_;
  std::vector<Segment> segments_;
  size_t size_ = 0;
};

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_COMPACT_FINDINGS_H_
