// The JSON report: the hdsc.v1.Report message in the protobuf JSON mapping (proto field names, one space an
// indentation level, as the protobuf printer writes it), written a finding at a time so that a report
// with millions of findings is never whole in memory. The bytes are exactly the protobuf printer's: it writes
// everything but the findings, and the findings it would write are written here in its format.
#include <array>
#include <string>
#include <string_view>

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

// Writes findings as the protobuf printer does inside the report's `findings` array.
class FindingWriter {
 public:
  // Appends `finding` to `out`, its lines indented for its place in the array.
  absl::Status Write(const v1::Finding& finding, std::string* out) {
    // A waiver (a few findings of a report) has a timestamp and nested fields: the printer writes those.
    if (finding.has_waiver()) return WriteByProtobuf(finding, out);
    // Every other finding written directly, member by member in field-number order as the printer does.
    out->append("  {\n   \"rule_id\": ");
    Quote(finding.rule_id(), out);
    absl::StrAppend(out, ",\n   \"status\": \"", v1::Finding::Status_Name(finding.status()), "\"");
    if (finding.severity() != v1::Rule::SEVERITY_UNSPECIFIED) {
      absl::StrAppend(out, ",\n   \"severity\": \"", v1::Rule::Severity_Name(finding.severity()), "\"");
    }
    Member("subject", finding.subject(), "   ", out);
    Member("subject_id", finding.subject_id(), "   ", out);
    if (!finding.title().empty()) {
      out->append(",\n   \"title\": ");
      out->append(title_.QuotedOf(finding.title()));
    }
    Member("message", finding.message(), "   ", out);
    // A rule's findings follow one another with the same references: written once a run.
    if (finding.references_size() > 0) {
      if (!SameReferences(finding.references(), references_)) {
        references_ = finding.references();
        references_json_.clear();
        WriteReferences(references_, &references_json_);
      }
      out->append(references_json_);
    }
    if (!finding.remediation().empty()) {
      out->append(",\n   \"remediation\": ");
      out->append(remediation_.QuotedOf(finding.remediation()));
    }
    if (finding.in_baseline()) out->append(",\n   \"in_baseline\": true");
    out->append("\n  }");
    return absl::OkStatus();
  }

 private:
  // The last text quoted in one place, which the next finding of the same rule repeats.
  class LastQuoted {
   public:
    const std::string& QuotedOf(const std::string& text) {
      if (quoted_.empty() || text != text_) {
        text_ = text;
        quoted_.clear();
        Quote(text, &quoted_);
      }
      return quoted_;
    }

   private:
    std::string text_;
    std::string quoted_;
  };

  static bool SameReferences(const google::protobuf::RepeatedPtrField<v1::Reference>& a,
                             const google::protobuf::RepeatedPtrField<v1::Reference>& b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); ++i) {
      if (a[i].framework() != b[i].framework() || a[i].citation() != b[i].citation() ||
          a[i].requirement() != b[i].requirement() || a[i].text() != b[i].text()) {
        return false;
      }
    }
    return true;
  }

  static void WriteReferences(const google::protobuf::RepeatedPtrField<v1::Reference>& references, std::string* out) {
    out->append(",\n   \"references\": [");
    for (int i = 0; i < references.size(); ++i) {
      const v1::Reference& reference = references[i];
      out->append(i == 0 ? "\n    {" : ",\n    {");
      bool first = true;
      for (auto [name, value] : {std::pair<const char*, const std::string*>{"framework", &reference.framework()},
                                 {"citation", &reference.citation()},
                                 {"requirement", &reference.requirement()},
                                 {"text", &reference.text()}}) {
        if (value->empty()) continue;
        absl::StrAppend(out, first ? "\n     \"" : ",\n     \"", name, "\": ");
        Quote(*value, out);
        first = false;
      }
      out->append(first ? "}" : "\n    }");
    }
    out->append("\n   ]");
  }

  static void Member(const char* name, const std::string& value, const char* indent, std::string* out) {
    if (value.empty()) return;
    absl::StrAppend(out, ",\n", indent, "\"", name, "\": ");
    Quote(value, out);
  }

  // `text` as a JSON string, escaped exactly as the protobuf printer escapes it: beyond what JSON needs, it escapes
  // '<', '>', DEL, the C1 controls and some invisible characters. Text that is not well-formed UTF-8 goes through
  // the printer itself.
  static void Quote(std::string_view text, std::string* out) {
    const size_t start = out->size();
    out->push_back('"');
    size_t i = 0;
    while (i < text.size()) {
      size_t plain = i;
      while (plain < text.size() && IsPlain(static_cast<unsigned char>(text[plain]))) ++plain;
      out->append(text.data() + i, plain - i);
      i = plain;
      if (i == text.size()) break;
      const unsigned char c = static_cast<unsigned char>(text[i]);
      uint32_t code_point = c;
      size_t length = 1;
      if (c >= 0x80) {
        length = base::DecodeUtf8(text, i, &code_point);
        if (length == 0) {
          out->resize(start);
          QuoteByProtobuf(text, out);
          return;
        }
      }
      AppendEscaped(code_point, text.substr(i, length), out);
      i += length;
    }
    out->push_back('"');
  }

  // An ASCII character the printer writes as it is (a table: most of a large report's bytes go through this).
  static bool IsPlain(unsigned char c) {
    static constexpr std::array<bool, 256> kPlain = [] {
      std::array<bool, 256> plain{};
      for (int c = 0x20; c < 0x7f; ++c) plain[c] = c != '"' && c != '\\' && c != '<' && c != '>';
      return plain;
    }();
    return kPlain[c];
  }

  // One code point, escaped if the printer escapes it, else as its UTF-8 `bytes`.
  static void AppendEscaped(uint32_t code_point, std::string_view bytes, std::string* out) {
    switch (code_point) {
      case '"':
        out->append("\\\"");
        return;
      case '\\':
        out->append("\\\\");
        return;
      case '\b':
        out->append("\\b");
        return;
      case '\t':
        out->append("\\t");
        return;
      case '\n':
        out->append("\\n");
        return;
      case '\f':
        out->append("\\f");
        return;
      case '\r':
        out->append("\\r");
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
      absl::StrAppendFormat(out, "\\u%04x", code_point);
    } else if (code_point == 0xe0001 || (code_point >= 0x1d173 && code_point <= 0x1d17a) ||
               (code_point >= 0xe0020 && code_point <= 0xe007f)) {
      const uint32_t offset = code_point - 0x10000;
      absl::StrAppendFormat(out, "\\u%04x\\u%04x", 0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
    } else {
      out->append(bytes);
    }
  }

  static void QuoteByProtobuf(std::string_view text, std::string* out) {
    google::protobuf::Value value;
    value.set_string_value(std::string(text));
    std::string quoted;
    if (!PrintProto(value, &quoted).ok()) quoted = "\"\"";
    out->append(quoted);
  }

  static absl::Status WriteByProtobuf(const v1::Finding& finding, std::string* out) {
    std::string json;
    if (absl::Status status = PrintProto(finding, &json); !status.ok()) return status;
    while (!json.empty() && json.back() == '\n') json.pop_back();
    absl::StrAppend(out, "  ", absl::StrReplaceAll(json, {{"\n", "\n  "}}));
    return absl::OkStatus();
  }

  LastQuoted title_;
  LastQuoted remediation_;
  google::protobuf::RepeatedPtrField<v1::Reference> references_;
  std::string references_json_;  // `references_` as written
};

constexpr char kPlaceholder[] = "hdsc.findings.placeholder";

}  // namespace

absl::Status WriteJson(const v1::Report& report, const RenderOptions& options, const Sink& write) {
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

  FindingWriter writer;
  std::string chunk;
  absl::Status status;
  size_t written = 0;
  findings.ForEach([&](const v1::Finding& finding) {
    if (!status.ok()) return;
    if (written++ > 0) chunk.append(",\n");
    status = writer.Write(finding, &chunk);
    if (status.ok() && chunk.size() >= (size_t{1} << 20)) {
      status = write(chunk);
      chunk.clear();
    }
  });
  if (!status.ok()) return status;
  chunk.append(std::string_view(text).substr(at + placeholder.size()));
  return write(chunk);
}

}  // namespace hdsc::report::internal
