#include "lib/base/compact_findings.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <utility>

#include "absl/base/internal/endian.h"
#include "absl/container/flat_hash_map.h"
#include "absl/numeric/bits.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/base/findings.h"
#include "lib/base/strings.h"

namespace hdsc::base {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

namespace {

// A status byte holds the status in its low bits and, once a baseline is applied, this flag.
constexpr uint8_t kInBaseline = 0x80;
constexpr uint8_t kStatusBits = 0x7f;
// The statuses a finding kept here may have are below this.
constexpr size_t kStatusSlots = v1::Finding::WAIVED + 1;

bool HasMessage(v1::Finding::Status status) {
  return status == v1::Finding::FAIL || status == v1::Finding::ERROR || status == v1::Finding::WAIVED;
}

// The string `id` field of `type`, or null when it has none.
const FieldDescriptor* IdField(const google::protobuf::Descriptor* type) {
  const FieldDescriptor* id = type->FindFieldByName("id");
  if (id == nullptr || id->is_repeated() || id->cpp_type() != FieldDescriptor::CPPTYPE_STRING) return nullptr;
  return id;
}

}  // namespace

std::string SubjectId(const Message& record) {
  // Millions of findings of a few record types: the field of a generated type, which lives as long as the program,
  // is looked up once a type (per thread, without a lock).
  thread_local const google::protobuf::Descriptor* generated_type = nullptr;
  thread_local const FieldDescriptor* generated_id = nullptr;
  const google::protobuf::Descriptor* type = record.GetDescriptor();
  const FieldDescriptor* id;
  if (type == generated_type) {
    id = generated_id;
  } else {
    id = IdField(type);
    if (type->file()->pool() == google::protobuf::DescriptorPool::generated_pool()) {
      generated_type = type;
      generated_id = id;
    }
  }
  return id == nullptr ? "" : record.GetReflection()->GetString(record, id);
}

SubjectPathFormat::SubjectPathFormat(const std::vector<std::string>& fields, const std::vector<bool>& indexed) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) texts_.push_back('.');
    texts_.append(fields[i]);
    if (indexed[i]) {
      texts_.append("[]");
      index_ends_.push_back(texts_.size() - 1);
    }
  }
}

char* SubjectPathFormat::WriteTo(const int* indices, char* out) const {
  size_t written = 0;
  for (size_t i = 0; i < index_ends_.size(); ++i) {
    std::memcpy(out, texts_.data() + written, index_ends_[i] - written);
    out = absl::numbers_internal::FastIntToBuffer(indices[i], out + (index_ends_[i] - written));
    written = index_ends_[i];
  }
  std::memcpy(out, texts_.data() + written, texts_.size() - written);
  return out + (texts_.size() - written);
}

std::string SubjectPathFormat::Path(const int* indices) const {
  std::string path(max_length(), '\0');
  path.resize(static_cast<size_t>(WriteTo(indices, path.data()) - path.data()));
  return path;
}

// The records at one `for_each` path, in document order: their indices and ids, copied as the check reaches each
// record (a report reads them once for each rule over the path, and reading them back from the records would
// fetch each record from memory again).
struct CompactFindings::Subjects {
  std::string path;
  SubjectPathFormat format;
  std::vector<int> indices;  // `format.depth()` per record
  // The records' string `id` field (they are all of one type), or null; found with the first record.
  const FieldDescriptor* id_field = nullptr;
  // The records' ids one after another, and where each ends.
  std::string ids;
  std::vector<size_t> id_ends;

  size_t size() const { return id_ends.size(); }

  void Add(const Message* record, const std::vector<int>* record_indices) {
    if (id_ends.empty() && record != nullptr) id_field = IdField(record->GetDescriptor());
    for (size_t i = 0; i < format.depth(); ++i) {
      indices.push_back(record_indices != nullptr && i < record_indices->size() ? (*record_indices)[i] : 0);
    }
    if (record != nullptr && id_field != nullptr && record->GetDescriptor() == id_field->containing_type()) {
      std::string scratch;
      ids.append(record->GetReflection()->GetStringReference(*record, id_field, &scratch));
    }
    id_ends.push_back(ids.size());
  }

  std::string_view Id(size_t position) const {
    const size_t begin = position == 0 ? 0 : id_ends[position - 1];
    return std::string_view(ids).substr(begin, id_ends[position] - begin);
  }

  // Record `position`'s indices, for `format`.
  const int* Indices(size_t position) const { return indices.data() + position * format.depth(); }
};

// Messages one after another in large blocks: millions of messages without a heap block (and its header) each.
// A rule's messages differ mostly in the values their template inserts ("Record 'Ward 3' (pa-3) lacks …"), so each
// is stored against its rule's reference message (the first of its status): the length of the prefix and of the
// suffix it shares with it, then the bytes in between, each length a varint. A message costs a few bytes more than
// its values.
struct CompactFindings::Messages {
  static constexpr size_t kBlockSize = size_t{1} << 20;
  // The handle of a message equal to its reference.
  static constexpr uint64_t kReference = UINT64_MAX;
  std::vector<std::unique_ptr<char[]>> blocks;
  size_t used = 0;      // of the last block
  size_t capacity = 0;  // of the last block

  // Stores `text` against `reference`; returns the handle `Get` takes.
  uint64_t Add(std::string_view reference, std::string_view text) {
    if (text == reference) return kReference;
    const size_t limit = std::min(reference.size(), text.size());
    const size_t prefix = CommonPrefix(reference.data(), text.data(), limit);
    const size_t suffix =
        CommonSuffix(reference.data() + reference.size(), text.data() + text.size(), limit - prefix);
    const std::string_view middle = text.substr(prefix, text.size() - prefix - suffix);
    const size_t needed = 3 * kMaxVarintBytes + middle.size();
    if (blocks.empty() || capacity - used < needed) {
      capacity = std::max(kBlockSize, needed);
      blocks.emplace_back(new char[capacity]);
      used = 0;
    }
    const uint64_t handle = (static_cast<uint64_t>(blocks.size() - 1) << 32) | used;
    char* at = blocks.back().get() + used;
    at = PutVarint(prefix, at);
    at = PutVarint(suffix, at);
    at = PutVarint(middle.size(), at);
    std::memcpy(at, middle.data(), middle.size());
    used = static_cast<size_t>(at + middle.size() - blocks.back().get());
    return handle;
  }

  // The message `handle` stands for in `*text`, replacing what it held.
  void GetInto(std::string_view reference, uint64_t handle, std::string* text) const {
    if (handle == kReference) {
      text->assign(reference);
      return;
    }
    const char* at = blocks[handle >> 32].get() + (handle & 0xffffffffu);
    size_t prefix, suffix, middle;
    at = GetVarint(at, &prefix);
    at = GetVarint(at, &suffix);
    at = GetVarint(at, &middle);
    text->clear();
    text->reserve(prefix + middle + suffix);
    text->append(reference.substr(0, prefix));
    text->append(at, middle);
    text->append(reference.substr(reference.size() - suffix));
  }

 private:
  // How many of the first `limit` bytes of `a` and `b` agree, compared eight at a time (read little-endian, the
  // first byte lowest): most of a check's failing findings go through here.
  static size_t CommonPrefix(const char* a, const char* b, size_t limit) {
    size_t n = 0;
    for (; n + 8 <= limit; n += 8) {
      const uint64_t difference = absl::little_endian::Load64(a + n) ^ absl::little_endian::Load64(b + n);
      if (difference != 0) return n + static_cast<size_t>(absl::countr_zero(difference)) / 8;
    }
    while (n < limit && a[n] == b[n]) ++n;
    return n;
  }
  // How many of the last `limit` bytes before `a_end` and `b_end` agree (the last byte of a word read highest).
  static size_t CommonSuffix(const char* a_end, const char* b_end, size_t limit) {
    size_t n = 0;
    for (; n + 8 <= limit; n += 8) {
      const uint64_t difference =
          absl::little_endian::Load64(a_end - n - 8) ^ absl::little_endian::Load64(b_end - n - 8);
      if (difference != 0) return n + static_cast<size_t>(absl::countl_zero(difference)) / 8;
    }
    while (n < limit && *(a_end - n - 1) == *(b_end - n - 1)) ++n;
    return n;
  }

  static constexpr size_t kMaxVarintBytes = 10;
  static char* PutVarint(size_t value, char* at) {
    while (value >= 0x80) {
      *at++ = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    *at++ = static_cast<char>(value);
    return at;
  }
  static const char* GetVarint(const char* at, size_t* value) {
    *value = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t byte = static_cast<uint8_t>(*at++);
      *value |= static_cast<size_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return at;
    }
  }
};

struct CompactFindings::Rule {
  RuleTexts texts;
  Subjects* subjects = nullptr;  // null for a dossier rule
  // Per subject: the status of its finding (with `kInBaseline`), or STATUS_UNSPECIFIED for one not kept here.
  std::vector<uint8_t> statuses;
  // The number of findings of each status.
  std::array<size_t, kStatusSlots> counts{};
  // The messages of the findings of each status that has them, in document order (`Messages` handles), and the
  // first of each status, which the others are stored against.
  std::array<std::vector<uint64_t>, kStatusSlots> messages;
  std::array<std::string, kStatusSlots> reference_messages;
  // The waivers of the few findings that have one, by position in `statuses`.
  absl::flat_hash_map<size_t, v1::AppliedWaiver> waivers;
};

struct CompactFindings::Group {
  v1::Finding::Status status;
  Rule* rule;
  size_t count;
  size_t first;  // index of its first finding
};

// Where the last read was, so that reading in order does not rescan a rule's subjects.
struct CompactFindings::Cursor {
  // Where a finding of a group is in its rule's `statuses`.
  struct Place {
    const Group* group = nullptr;
    size_t ordinal = 0;   // within the group
    size_t position = 0;  // in the rule's `statuses`
  };
  // A std::mutex, which ThreadSanitizer sees (it does not see into Debian's Abseil).
  std::mutex mutex;
  // The last places found. Readers go forward through the findings, several at once when a report's blocks are
  // written by two threads in turn: each finds its own last place among these, and goes on from there.
  std::array<Place, 4> places;
  size_t next = 0;  // the place a reader with none of its own takes
};

// Each path's subjects by id (or by path when they have none), for `Find`.
struct CompactFindings::Lookup {
  absl::flat_hash_map<const Subjects*, absl::flat_hash_map<std::string, size_t>> positions;
};

CompactFindings::CompactFindings()
    : messages_(std::make_unique<Messages>()), cursor_(std::make_unique<Cursor>()) {}
CompactFindings::~CompactFindings() = default;
CompactFindings::CompactFindings(CompactFindings&&) noexcept = default;
CompactFindings& CompactFindings::operator=(CompactFindings&&) noexcept = default;

void CompactFindings::StartDossierRule(RuleTexts texts) {
  auto rule = std::make_unique<Rule>();
  rule->texts = std::move(texts);
  rules_by_id_[rule->texts.rule_id] = rule.get();
  rules_.push_back(std::move(rule));
  std::lock_guard<std::mutex> lock(cursor_->mutex);
  groups_.clear();
  cursor_->places = {};
}

void CompactFindings::StartRule(RuleTexts texts, std::string_view path, const SubjectPathFormat& format) {
  StartDossierRule(std::move(texts));
  auto it = std::find_if(subjects_.begin(), subjects_.end(),
                         [&](const std::unique_ptr<Subjects>& subjects) { return subjects->path == path; });
  if (it == subjects_.end()) {
    auto subjects = std::make_unique<Subjects>();
    subjects->path = std::string(path);
    subjects->format = format;
    subjects_.push_back(std::move(subjects));
    it = subjects_.end() - 1;
  }
  rules_.back()->subjects = it->get();
}

void CompactFindings::Add(v1::Finding::Status status, const Message* record, const std::vector<int>* indices,
                          std::string_view message, const v1::AppliedWaiver* waiver) {
  Rule& rule = *rules_.back();
  if (Subjects* subjects = rule.subjects;
      subjects != nullptr && rule.statuses.size() == subjects->size()) {
    // The first rule to reach a record lists it: every rule over the path goes through them in the same order.
    subjects->Add(record, indices);
  }
  if (status <= v1::Finding::STATUS_UNSPECIFIED || static_cast<size_t>(status) >= kStatusSlots) {
    status = v1::Finding::STATUS_UNSPECIFIED;
  } else {
    ++rule.counts[status];
    ++count_;
  }
  if (HasMessage(status)) {
    std::vector<uint64_t>& messages = rule.messages[status];
    if (messages.empty()) rule.reference_messages[status] = std::string(message);
    messages.push_back(messages_->Add(rule.reference_messages[status], message));
    if (waiver != nullptr) rule.waivers.emplace(rule.statuses.size(), *waiver);
  }
  rule.statuses.push_back(static_cast<uint8_t>(status));
}

void CompactFindings::Index() const {
  if (!groups_.empty() || count_ == 0) return;
  for (const std::unique_ptr<Rule>& rule : rules_) {
    for (size_t status = 0; status < kStatusSlots; ++status) {
      if (rule->counts[status] > 0) {
        groups_.push_back({static_cast<v1::Finding::Status>(status), rule.get(), rule->counts[status], 0});
      }
    }
  }
  // Report order between groups; a rule's findings stay in document order.
  std::stable_sort(groups_.begin(), groups_.end(), [](const Group& a, const Group& b) {
    if (a.status != b.status) return StatusRank(a.status) < StatusRank(b.status);
    if (a.rule->texts.severity != b.rule->texts.severity) return a.rule->texts.severity > b.rule->texts.severity;
    return a.rule->texts.rule_id < b.rule->texts.rule_id;
  });
  size_t first = 0;
  for (Group& group : groups_) {
    group.first = first;
    first += group.count;
  }
}

const CompactFindings::Group& CompactFindings::GroupOf(size_t index, size_t* first) const {
  {
    std::lock_guard<std::mutex> lock(cursor_->mutex);
    Index();
  }
  auto it = std::upper_bound(groups_.begin(), groups_.end(), index,
                             [](size_t i, const Group& group) { return i < group.first; });
  const Group& group = *(it - 1);
  *first = group.first;
  return group;
}

const CompactFindings::RuleTexts& CompactFindings::RuleOf(size_t index, v1::Finding::Status* status,
                                                          size_t* group_end) const {
  size_t first = 0;
  const Group& group = GroupOf(index, &first);
  *status = group.status;
  *group_end = first + group.count;
  return group.rule->texts;
}

const CompactFindings::Group& CompactFindings::Locate(size_t index, size_t* ordinal_out, size_t* position_out) const {
  size_t first = 0;
  const Group& group = GroupOf(index, &first);
  const size_t ordinal = index - first;
  const uint8_t wanted = static_cast<uint8_t>(group.status);
  const std::vector<uint8_t>& statuses = group.rule->statuses;
  auto is_wanted = [&](size_t position) { return (statuses[position] & kStatusBits) == wanted; };
  size_t position = 0;
  std::lock_guard<std::mutex> lock(cursor_->mutex);
  // The furthest place of this group not past finding `ordinal`, if any.
  Cursor::Place* place = nullptr;
  for (Cursor::Place& candidate : cursor_->places) {
    if (candidate.group == &group && candidate.ordinal <= ordinal &&
        (place == nullptr || candidate.ordinal > place->ordinal)) {
      place = &candidate;
    }
  }
  size_t seen = 0;
  if (place != nullptr) {
    seen = place->ordinal;
    position = place->position;
  } else {
    // `position` is to be that of finding 0.
    while (!is_wanted(position)) ++position;
    place = &cursor_->places[cursor_->next++ % cursor_->places.size()];
  }
  // `position` is that of finding `seen`; find that of finding `ordinal`.
  for (; seen < ordinal; ++seen) {
    ++position;
    while (!is_wanted(position)) ++position;
  }
  *place = {&group, ordinal, position};
  *ordinal_out = ordinal;
  *position_out = position;
  return group;
}

void CompactFindings::Fill(const Group& group, size_t ordinal, size_t position, Entry* entry) const {
  const Rule& rule = *group.rule;
  entry->rule = &rule.texts;
  entry->status = group.status;
  entry->in_baseline = (rule.statuses[position] & kInBaseline) != 0;
  if (const Subjects* subjects = rule.subjects) {
    entry->subject_format = &subjects->format;
    entry->subject_indices = subjects->Indices(position);
    entry->subject_id = subjects->Id(position);
  } else {
    entry->subject_format = nullptr;
    entry->subject_id = {};
  }
  if (const std::vector<uint64_t>& messages = rule.messages[group.status]; ordinal < messages.size()) {
    messages_->GetInto(rule.reference_messages[group.status], messages[ordinal], &entry->message);
  } else {
    entry->message.clear();
  }
  entry->waiver = nullptr;
  if (!rule.waivers.empty()) {
    if (auto it = rule.waivers.find(position); it != rule.waivers.end()) entry->waiver = &it->second;
  }
}

CompactFindings::Entry CompactFindings::Get(size_t index) const {
  size_t ordinal = 0;
  size_t position = 0;
  const Group& group = Locate(index, &ordinal, &position);
  Entry entry;
  Fill(group, ordinal, position, &entry);
  return entry;
}

void CompactFindings::ForEach(size_t begin, size_t end, absl::FunctionRef<void(const Entry&)> visit) const {
  if (begin >= end) return;
  size_t ordinal = 0;
  size_t position = 0;
  const Group* group = &Locate(begin, &ordinal, &position);
  Entry entry;
  for (size_t index = begin;;) {
    Fill(*group, ordinal, position, &entry);
    visit(entry);
    if (++index == end) return;
    // The next finding: further in this group's rule, or the first of the next group's.
    if (++ordinal == group->count) {
      ++group;
      ordinal = 0;
      position = 0;
    } else {
      ++position;
    }
    const std::vector<uint8_t>& statuses = group->rule->statuses;
    const uint8_t wanted = static_cast<uint8_t>(group->status);
    while ((statuses[position] & kStatusBits) != wanted) ++position;
  }
}

void CompactFindings::MarkInBaseline(size_t index) {
  size_t ordinal = 0;
  size_t position = 0;
  const Group& group = Locate(index, &ordinal, &position);
  group.rule->statuses[position] |= kInBaseline;
}

v1::Finding::Status CompactFindings::Find(std::string_view rule_id, std::string_view subject_id,
                                          std::string_view subject) const {
  std::lock_guard<std::mutex> lock(cursor_->mutex);
  if (lookup_ == nullptr) {
    lookup_ = std::make_unique<Lookup>();
    for (const std::unique_ptr<Subjects>& subjects : subjects_) {
      absl::flat_hash_map<std::string, size_t>& positions = lookup_->positions[subjects.get()];
      for (size_t i = 0; i < subjects->size(); ++i) {
        const std::string_view id = subjects->Id(i);
        positions.emplace(id.empty() ? absl::StrCat("path:", subjects->format.Path(subjects->Indices(i)))
                                     : absl::StrCat("id:", AsAbsl(id)),
                          i);
      }
    }
  }
  auto rule = rules_by_id_.find(std::string(rule_id));
  if (rule == rules_by_id_.end()) return v1::Finding::STATUS_UNSPECIFIED;
  const std::vector<uint8_t>& statuses = rule->second->statuses;
  size_t position = 0;
  if (const Subjects* subjects = rule->second->subjects) {
    const absl::flat_hash_map<std::string, size_t>& positions = lookup_->positions[subjects];
    auto it = positions.find(subject_id.empty() ? "path:" + std::string(subject) : "id:" + std::string(subject_id));
    if (it == positions.end()) return v1::Finding::STATUS_UNSPECIFIED;
    position = it->second;
  } else if (!subject.empty()) {
    return v1::Finding::STATUS_UNSPECIFIED;
  }
  if (position >= statuses.size()) return v1::Finding::STATUS_UNSPECIFIED;
  return static_cast<v1::Finding::Status>(statuses[position] & kStatusBits);
}

const CompactFindings::RuleTexts* CompactFindings::TextsOf(std::string_view rule_id) const {
  auto it = rules_by_id_.find(std::string(rule_id));
  return it == rules_by_id_.end() ? nullptr : &it->second->texts;
}

void CompactFindings::Materialize(const Entry& entry, v1::Finding* finding) {
  finding->Clear();
  finding->set_rule_id(entry.rule->rule_id);
  finding->set_status(entry.status);
  finding->set_severity(entry.rule->severity);
  finding->set_subject(entry.SubjectPath());
  finding->set_subject_id(std::string(entry.subject_id));
  finding->set_title(entry.rule->title);
  if (!entry.message.empty()) finding->set_message(entry.message);
  *finding->mutable_references() = entry.rule->references;
  if (entry.status == v1::Finding::FAIL || entry.status == v1::Finding::WAIVED) {
    finding->set_remediation(entry.rule->remediation);
  }
  if (entry.waiver != nullptr) *finding->mutable_waiver() = *entry.waiver;
  if (entry.in_baseline) finding->set_in_baseline(true);
}

const v1::Finding& WithRuleTexts(const v1::Finding& finding, const CompactFindings* compact, v1::Finding* scratch) {
  // Evidence findings, and those of a report read back from JSON, come whole.
  const CompactFindings::RuleTexts* texts =
      compact == nullptr || !finding.title().empty() || finding.references_size() > 0
          ? nullptr
          : compact->TextsOf(finding.rule_id());
  if (texts == nullptr) return finding;
  *scratch = finding;
  scratch->set_title(texts->title);
  *scratch->mutable_references() = texts->references;
  if (finding.status() == v1::Finding::FAIL || finding.status() == v1::Finding::WAIVED) {
    scratch->set_remediation(texts->remediation);
  }
  return *scratch;
}

ReportFindings::ReportFindings(const v1::Report& report, const CompactFindings* compact)
    : report_(report), compact_(compact) {
  const size_t from_report = static_cast<size_t>(report.findings_size());
  const size_t from_compact = compact == nullptr ? 0 : compact->size();
  size_ = from_report + from_compact;
  // Both sources are in report order: merge them, a run at a time (the report's own findings, from evidence
  // checks, are few; the compact ones come a rule and status at a time).
  size_t i = 0;
  size_t j = 0;
  while (i < from_report || j < from_compact) {
    bool take_report = j == from_compact;
    size_t group_end = from_compact;
    if (!take_report) {
      v1::Finding::Status status;
      const CompactFindings::RuleTexts& rule = compact->RuleOf(j, &status, &group_end);
      if (i == from_report) {
        take_report = false;
      } else if (const v1::Finding& finding = report.findings(static_cast<int>(i));
                 StatusRank(finding.status()) != StatusRank(status)) {
        take_report = StatusRank(finding.status()) < StatusRank(status);
      } else if (finding.severity() != rule.severity) {
        take_report = finding.severity() > rule.severity;
      } else {
        take_report = finding.rule_id() <= rule.rule_id;
      }
    }
    const bool extends = !segments_.empty() && segments_.back().from_report == take_report;
    if (!extends) segments_.push_back({take_report, take_report ? i : j, i + j});
    if (take_report) {
      ++i;
    } else {
      j = group_end;  // a rule's findings with one status share their place
    }
  }
}

const v1::Finding& ReportFindings::Get(size_t index, v1::Finding* scratch) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), index,
                             [](size_t i, const Segment& segment) { return i < segment.first; });
  const Segment& segment = *(it - 1);
  const size_t at = segment.begin + (index - segment.first);
  if (segment.from_report) return WithRuleTexts(report_.findings(static_cast<int>(at)), compact_, scratch);
  CompactFindings::Materialize(compact_->Get(at), scratch);
  return *scratch;
}

void ReportFindings::ForEachAsKept(size_t begin, size_t end, absl::FunctionRef<void(const v1::Finding&)> on_finding,
                                   absl::FunctionRef<void(const CompactFindings::Entry&)> on_entry) const {
  if (begin >= end) return;
  v1::Finding scratch;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), begin,
                             [](size_t i, const Segment& segment) { return i < segment.first; }) - 1;
  while (begin < end) {
    const size_t segment_end = std::min(end, it + 1 == segments_.end() ? size_ : (it + 1)->first);
    const size_t at = it->begin + (begin - it->first);
    const size_t count = segment_end - begin;
    if (it->from_report) {
      for (size_t k = 0; k < count; ++k) {
        on_finding(WithRuleTexts(report_.findings(static_cast<int>(at + k)), compact_, &scratch));
      }
    } else {
      compact_->ForEach(at, at + count, on_entry);
    }
    begin = segment_end;
    ++it;
  }
}

v1::Finding::Status ReportFindings::StatusAt(size_t index, size_t* run_end) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), index,
                             [](size_t i, const Segment& segment) { return i < segment.first; });
  const Segment& segment = *(it - 1);
  const size_t at = segment.begin + (index - segment.first);
  *run_end = index + 1;
  if (segment.from_report) return report_.findings(static_cast<int>(at)).status();
  v1::Finding::Status status;
  size_t group_end = 0;
  compact_->RuleOf(at, &status, &group_end);
  const size_t segment_end = it == segments_.end() ? size_ : it->first;
  *run_end = std::min(segment_end, index + (group_end - at));
  return status;
}

}  // namespace hdsc::base
