// The JSON report: the hdsc.v1.Report message in the protobuf JSON mapping (proto field names, one space an
// indentation level, as the protobuf printer writes it), written a finding at a time so that a report
// with millions of findings is never whole in memory. The bytes are exactly the protobuf printer's: it writes
// everything but the findings, and the findings it would write are written here in its format.
#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/compact_findings.h"
#include "lib/base/utf8.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

google::protobuf::util::JsonPrintOptions PrintOptions() {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  return options;
}

absl::Status PrintProto(const google::protobuf::Message& message, std::string* out) {
  google::protobuf::util::Status status = google::protobuf::util::MessageToJsonString(message, out, PrintOptions());
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot write the report as JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

// Bytes appended in place: a report's findings are millions of short appends, which `std::string::append` makes
// out-of-line calls. The buffer grows with `realloc`, which moves a large block's pages rather than copying them
// into fresh ones (each page a process touches first costs a fault).
class Output {
 public:
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { std::free(data_); }

  void Append(std::string_view text) {
    if (text.empty()) return;  // an empty Output's view has no data: memcpy must not be given it
    if (text.size() > capacity_ - size_) Grow(text.size());
    std::memcpy(data_ + size_, text.data(), text.size());
    size_ += text.size();
  }
  void Append(const Output& other) { Append(other.view()); }
  void Push(char c) {
    if (size_ == capacity_) Grow(1);
    data_[size_++] = c;
  }
  // Room for `most` more bytes at the end, to write in place; `SetEnd` then marks where the writing ended.
  char* Room(size_t most) {
    if (most > capacity_ - size_) Grow(most);
    return data_ + size_;
  }
  void SetEnd(const char* end) { size_ = static_cast<size_t>(end - data_); }
  std::string_view view() const { return std::string_view(data_, size_); }
  size_t size() const { return size_; }
  void clear() { size_ = 0; }
  void Truncate(size_t size) { size_ = size; }

 private:
  void Grow(size_t more) {
    const size_t capacity = std::max(size_ + more, 2 * capacity_ + 256);
    char* data = static_cast<char*>(std::realloc(data_, capacity));
    if (data == nullptr) throw std::bad_alloc();
    data_ = data;
    capacity_ = capacity;
  }

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Writes findings as the protobuf printer does inside the report's `findings` array.
class FindingWriter {
 public:
  // Appends `finding` to `out`, its lines indented for its place in the array.
  absl::Status Write(const v1::Finding& finding, Output* out) {
    // A waiver (a few findings of a report) has a timestamp and nested fields: the printer writes those.
    if (finding.has_waiver()) return WriteByProtobuf(finding, out);
    Write({nullptr, finding.rule_id(), finding.status(), finding.severity(), finding.subject(), nullptr, nullptr,
           finding.subject_id(), finding.title(), finding.message(), &finding.references(), finding.remediation(),
           finding.in_baseline()},
          out);
    return absl::OkStatus();
  }

  // The same for a finding kept compactly, whose rule's texts are quoted once for all its findings of a status.
  absl::Status Write(const base::CompactFindings::Entry& entry, Output* out) {
    if (entry.waiver != nullptr) {
      base::CompactFindings::Materialize(entry, &scratch_);
      return WriteByProtobuf(scratch_, out);
    }
    const base::CompactFindings::RuleTexts& rule = *entry.rule;
    const bool remediated = entry.status == v1::Finding::FAIL || entry.status == v1::Finding::WAIVED;
    Write({&rule, rule.rule_id, entry.status, rule.severity, {}, entry.subject_format, entry.subject_indices,
           entry.subject_id, rule.title, entry.message, &rule.references,
           remediated ? std::string_view(rule.remediation) : std::string_view(), entry.in_baseline},
          out);
    return absl::OkStatus();
  }

 private:
  // A finding's members. Findings with the same non-null `rule_key` and status share everything but the subject,
  // the message and `in_baseline`.
  struct Members {
    const void* rule_key;
    std::string_view rule_id;
    v1::Finding::Status status;
    v1::Rule::Severity severity;
    std::string_view subject;
    // Or, for a compact finding, the format and indices of its subject.
    const base::SubjectPathFormat* subject_format;
    const int* subject_indices;
    std::string_view subject_id;
    std::string_view title;
    std::string_view message;
    const google::protobuf::RepeatedPtrField<v1::Reference>* references;
    std::string_view remediation;
    bool in_baseline;
  };

  // Member by member in field-number order, as the printer writes them.
  void Write(const Members& finding, Output* out) {
    if (finding.rule_key == nullptr || finding.rule_key != rule_key_ || finding.status != status_) {
      QuoteRuleTexts(finding);
      rule_key_ = finding.rule_key;
      status_ = finding.status;
    }
    out->Append(head_);
    if (finding.subject_format != nullptr) {
      out->Append(",\n   \"subject\": \"");
      const base::SubjectPathFormat& format = *finding.subject_format;
      out->SetEnd(format.WriteTo(finding.subject_indices, out->Room(format.max_length())));
      out->Push('"');
    } else {
      Member(",\n   \"subject\": ", finding.subject, out);
    }
    Member(",\n   \"subject_id\": ", finding.subject_id, out);
    out->Append(title_);
    Member(",\n   \"message\": ", finding.message, out);
    out->Append(references_and_remediation_);
    if (finding.in_baseline) out->Append(",\n   \"in_baseline\": true");
    out->Append("\n  }");
  }

  // The members a rule's findings of one status share, quoted.
  void QuoteRuleTexts(const Members& finding) {
    head_.clear();
    head_.Append("  {\n   \"rule_id\": ");
    Quote(finding.rule_id, &head_);
    head_.Append(",\n   \"status\": \"");
    head_.Append(v1::Finding::Status_Name(finding.status));
    head_.Push('"');
    if (finding.severity != v1::Rule::SEVERITY_UNSPECIFIED) {
      head_.Append(",\n   \"severity\": \"");
      head_.Append(v1::Rule::Severity_Name(finding.severity));
      head_.Push('"');
    }
    title_.clear();
    Member(",\n   \"title\": ", finding.title, &title_);
    references_and_remediation_.clear();
    if (finding.references->size() > 0) WriteReferences(*finding.references, &references_and_remediation_);
    Member(",\n   \"remediation\": ", finding.remediation, &references_and_remediation_);
  }

  static void WriteReferences(const google::protobuf::RepeatedPtrField<v1::Reference>& references, Output* out) {
    out->Append(",\n   \"references\": [");
    for (int i = 0; i < references.size(); ++i) {
      const v1::Reference& reference = references[i];
      out->Append(i == 0 ? "\n    {" : ",\n    {");
      bool first = true;
      for (auto [name, value] : {std::pair<std::string_view, const std::string*>{"framework", &reference.framework()},
                                 {"citation", &reference.citation()},
                                 {"requirement", &reference.requirement()},
                                 {"text", &reference.text()}}) {
        if (value->empty()) continue;
        out->Append(first ? "\n     \"" : ",\n     \"");
        out->Append(name);
        out->Append("\": ");
        Quote(*value, out);
        first = false;
      }
      out->Append(first ? "}" : "\n    }");
    }
    out->Append("\n   ]");
  }

  // A string member of a finding after its `opening` (the comma, the indentation and the quoted name), left out
  // when empty as the printer leaves it.
  static void Member(std::string_view opening, std::string_view value, Output* out) {
    if (value.empty()) return;
    out->Append(opening);
    Quote(value, out);
  }

  // `text` as a JSON string, escaped exactly as the protobuf printer escapes it: beyond what JSON needs, it escapes
  // '<', '>', DEL, the C1 controls and some invisible characters. Text that is not well-formed UTF-8 goes through
  // the printer itself.
  static void Quote(std::string_view text, Output* out) {
    const size_t start = out->size();
    out->Push('"');
    size_t i = 0;
    while (i < text.size()) {
      const size_t plain = PlainPrefixEnd(text, i);
      out->Append(text.substr(i, plain - i));
      i = plain;
      if (i == text.size()) break;
      const unsigned char c = static_cast<unsigned char>(text[i]);
      uint32_t code_point = c;
      size_t length = 1;
      if (c >= 0x80) {
        length = base::DecodeUtf8(text, i, &code_point);
        if (length == 0) {
          out->Truncate(start);
          QuoteByProtobuf(text, out);
          return;
        }
      }
      AppendEscaped(code_point, text.substr(i, length), out);
      i += length;
    }
    out->Push('"');
  }

  // The end of the run of plain characters of `text` from `i`: sixteen bytes at a time while none of them needs a
  // look (most of a large report's bytes go through this), then byte by byte.
  static size_t PlainPrefixEnd(std::string_view text, size_t i) {
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i del = _mm_set1_epi8(0x7f);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i less = _mm_set1_epi8('<');
    const __m128i greater = _mm_set1_epi8('>');
    while (i + 16 <= text.size()) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      // Signed, so bytes of 0x80 and above count as below a space too.
      __m128i special = _mm_cmplt_epi8(bytes, space);
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, del));
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, quote));
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, backslash));
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, less));
      special = _mm_or_si128(special, _mm_cmpeq_epi8(bytes, greater));
      if (_mm_movemask_epi8(special) != 0) break;
      i += 16;
    }
#endif
    while (i < text.size() && IsPlain(static_cast<unsigned char>(text[i]))) ++i;
    return i;
  }

  // An ASCII character the printer writes as it is.
  static bool IsPlain(unsigned char c) {
    static constexpr std::array<bool, 256> kPlain = [] {
      std::array<bool, 256> plain{};
      for (int c = 0x20; c < 0x7f; ++c) plain[c] = c != '"' && c != '\\' && c != '<' && c != '>';
      return plain;
    }();
    return kPlain[c];
  }

  // One code point, escaped if the printer escapes it, else as its UTF-8 `bytes`.
  static void AppendEscaped(uint32_t code_point, std::string_view bytes, Output* out) {
    switch (code_point) {
      case '"':
        out->Append("\\\"");
        return;
      case '\\':
        out->Append("\\\\");
        return;
      case '\b':
        out->Append("\\b");
        return;
      case '\t':
        out->Append("\\t");
        return;
      case '\n':
        out->Append("\\n");
        return;
      case '\f':
        out->Append("\\f");
        return;
      case '\r':
        out->Append("\\r");
        return;
      default:
        break;
    }
    const bool invisible = code_point == 0xad || code_point == 0x6dd || code_point == 0x70f || code_point == 0x17b4 ||
                           code_point == 0x17b5 || code_point == 0xfeff || (code_point >= 0xfff9 && code_point <= 0xfffb) ||
                           (code_point >= 0x600 && code_point <= 0x603) || (code_point >= 0x200b && code_point <= 0x200f) ||
                           (code_point >= 0x2028 && code_point <= 0x202e) ||
                           (code_point >= 0x2060 && code_point <= 0x2064) || (code_point >= 0x206a && code_point <= 0x206f);
    if (code_point < 0x20 || code_point == '<' || code_point == '>' || (code_point >= 0x7f && code_point < 0xa0) ||
        invisible) {
      out->Append(absl::StrFormat("\\u%04x", code_point));
    } else if (code_point == 0xe0001 || (code_point >= 0x1d173 && code_point <= 0x1d17a) ||
               (code_point >= 0xe0020 && code_point <= 0xe007f)) {
      const uint32_t offset = code_point - 0x10000;
      out->Append(absl::StrFormat("\\u%04x\\u%04x", 0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff)));
    } else {
      out->Append(bytes);
    }
  }

  static void QuoteByProtobuf(std::string_view text, Output* out) {
    google::protobuf::Value value;
    value.set_string_value(std::string(text));
    std::string quoted;
    if (!PrintProto(value, &quoted).ok()) quoted = "\"\"";
    out->Append(quoted);
  }

  static absl::Status WriteByProtobuf(const v1::Finding& finding, Output* out) {
    std::string json;
    if (absl::Status status = PrintProto(finding, &json); !status.ok()) return status;
    while (!json.empty() && json.back() == '\n') json.pop_back();
    out->Append("  ");
    out->Append(absl::StrReplaceAll(json, {{"\n", "\n  "}}));
    return absl::OkStatus();
  }

  // The last rule's texts quoted (`rule_key_` null when they cannot be shared).
  const void* rule_key_ = nullptr;
  v1::Finding::Status status_ = v1::Finding::STATUS_UNSPECIFIED;
  Output head_;
  Output title_;
  Output references_and_remediation_;
  v1::Finding scratch_;  // a finding with a waiver, built whole
};

constexpr char kPlaceholder[] = "hdsc.findings.placeholder";

// Appends findings [begin, end) of `findings` to `out`, each but the report's first after a ",\n".
absl::Status WriteBlock(const base::ReportFindings& findings, size_t begin, size_t end, FindingWriter& writer,
                        Output* out) {
  absl::Status status;
  size_t index = begin;
  const auto write_one = [&](const auto& finding) {
    if (!status.ok()) return;
    if (index++ > 0) out->Append(",\n");
    status = writer.Write(finding, out);
  };
  findings.ForEachAsKept(begin, end, write_one, write_one);
  return status;
}

// Writes the findings to `write`, block by block in order (see `JsonBlocks`). With a second thread, it writes the odd
// blocks into buffers of their own while this one writes the even ones and hands every block to `write` in turn;
// it is at most two blocks ahead, so that the report is never whole in memory.
absl::Status WriteFindings(const base::ReportFindings& findings, const JsonBlocks& sizes, const Sink& write) {
  const size_t per_block = std::max<size_t>(sizes.findings, 1);
  const size_t blocks = (findings.size() + per_block - 1) / per_block;
  const auto block_begin = [&](size_t block) { return block * per_block; };
  const auto block_end = [&](size_t block) { return std::min(findings.size(), (block + 1) * per_block); };
  FindingWriter writer;
  Output own;
  struct Slot {
    Output text;
    absl::Status status;
    bool full = false;
  };
  Slot slots[2];  // odd block b is in slots[(b / 2) % 2]
  std::mutex mutex;
  std::condition_variable changed;
  bool stopping = false;
  std::thread helper;
  if (blocks > 1 && blocks >= sizes.blocks_for_helper && std::thread::hardware_concurrency() > 1) {
    try {
      helper = std::thread([&] {
        FindingWriter helper_writer;
        for (size_t block = 1; block < blocks; block += 2) {
          Slot& slot = slots[(block / 2) % 2];
          {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] { return !slot.full || stopping; });
            if (stopping) return;
          }
          slot.text.clear();
          slot.status = WriteBlock(findings, block_begin(block), block_end(block), helper_writer, &slot.text);
          {
            std::lock_guard<std::mutex> lock(mutex);
            slot.full = true;
          }
          changed.notify_all();
        }
      });
    } catch (const std::system_error&) {
      // No second thread: this one writes every block.
    }
  }
  absl::Status status;
  for (size_t block = 0; block < blocks && status.ok(); ++block) {
    if (!helper.joinable() || block % 2 == 0) {
      own.clear();
      status = WriteBlock(findings, block_begin(block), block_end(block), writer, &own);
      if (status.ok()) status = write(own.view());
      continue;
    }
    Slot& slot = slots[(block / 2) % 2];
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return slot.full; });
    }
    status = slot.status.ok() ? write(slot.text.view()) : slot.status;
    {
      std::lock_guard<std::mutex> lock(mutex);
      slot.full = false;
    }
    changed.notify_all();
  }
  if (helper.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    helper.join();
  }
  return status;
}

}  // namespace

absl::Status WriteJson(const v1::Report& report, const RenderOptions& options, const Sink& write,
                       const JsonBlocks& blocks) {
  const base::ReportFindings findings(report, options.compact_findings);
  // Everything but the findings, with one placeholder finding to mark where they go.
  v1::Report skeleton;
  google::protobuf::FieldMask all_but_findings;
  for (int i = 0; i < v1::Report::descriptor()->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = v1::Report::descriptor()->field(i);
    if (field->number() != v1::Report::kFindingsFieldNumber) all_but_findings.add_paths(field->name());
  }
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(report, all_but_findings,
                                                        google::protobuf::util::FieldMaskUtil::MergeOptions(),
                                                        &skeleton);
  if (findings.size() > 0) skeleton.add_findings()->set_rule_id(kPlaceholder);
  std::string text;
  if (absl::Status status = PrintProto(skeleton, &text); !status.ok()) return status;
  if (findings.size() == 0) return write(text);

  const std::string placeholder = absl::StrCat("  {\n   \"rule_id\": \"", kPlaceholder, "\"\n  }");
  const size_t at = text.find(placeholder);
  if (at == std::string::npos) return absl::InternalError("cannot write the report as JSON: no place for findings");
  if (absl::Status status = write(std::string_view(text).substr(0, at)); !status.ok()) return status;

  if (absl::Status status = WriteFindings(findings, blocks, write); !status.ok()) return status;
  return write(std::string_view(text).substr(at + placeholder.size()));
}

}  // namespace hdsc::report::internal
