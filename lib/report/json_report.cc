// The JSON report: the hdsc.v1.Report message in the protobuf JSON mapping (proto field names, one space an
// indentation level, as the protobuf printer writes it), written a finding at a time so that a report
// with millions of findings is never whole in memory. The bytes are exactly the protobuf printer's: it writes
// everything but the findings, and the findings it would write are written here in its format.
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/compact_findings.h"
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
    if (!finding.message().empty() || !finding.remediation().empty() || finding.has_waiver() ||
        finding.in_baseline()) {
      return WriteByProtobuf(finding, out);
    }
    // What passing findings have, written directly: they are almost all of a large report.
    out->append("  {\n   \"rule_id\": ");
    Quote(finding.rule_id(), out);
    absl::StrAppend(out, ",\n   \"status\": \"", v1::Finding::Status_Name(finding.status()), "\"");
    if (finding.severity() != v1::Rule::SEVERITY_UNSPECIFIED) {
      absl::StrAppend(out, ",\n   \"severity\": \"", v1::Rule::Severity_Name(finding.severity()), "\"");
    }
    Member("subject", finding.subject(), "   ", out);
    Member("subject_id", finding.subject_id(), "   ", out);
    Member("title", finding.title(), "   ", out);
    if (finding.references_size() > 0) {
      out->append(",\n   \"references\": [");
      for (int i = 0; i < finding.references_size(); ++i) {
        const v1::Reference& reference = finding.references(i);
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
    out->append("\n  }");
    return absl::OkStatus();
  }

 private:
  void Member(const char* name, const std::string& value, const char* indent, std::string* out) {
    if (value.empty()) return;
    absl::StrAppend(out, ",\n", indent, "\"", name, "\": ");
    Quote(value, out);
  }

  // `text` as a JSON string the protobuf printer's way: it escapes more than JSON needs (<, >, some invisible
  // characters), so any text beyond plain ASCII goes through it, once per distinct text.
  void Quote(const std::string& text, std::string* out) {
    bool plain = true;
    for (unsigned char c : text) {
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>') {
        plain = false;
        break;
      }
    }
    if (plain) {
      absl::StrAppend(out, "\"", text, "\"");
      return;
    }
    auto it = quoted_.find(text);
    if (it == quoted_.end()) {
      google::protobuf::Value value;
      value.set_string_value(text);
      std::string quoted;
      if (!PrintProto(value, &quoted).ok()) quoted = "\"\"";
      // Titles and citations repeat; a record's own texts may not, so the cache stays bounded.
      if (quoted_.size() >= 4096) {
        out->append(quoted);
        return;
      }
      it = quoted_.emplace(text, std::move(quoted)).first;
    }
    out->append(it->second);
  }

  static absl::Status WriteByProtobuf(const v1::Finding& finding, std::string* out) {
    std::string json;
    if (absl::Status status = PrintProto(finding, &json); !status.ok()) return status;
    while (!json.empty() && json.back() == '\n') json.pop_back();
    absl::StrAppend(out, "  ", absl::StrReplaceAll(json, {{"\n", "\n  "}}));
    return absl::OkStatus();
  }

  absl::flat_hash_map<std::string, std::string> quoted_;
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
