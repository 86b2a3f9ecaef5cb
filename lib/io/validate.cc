#include "lib/io/validate.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/base/strings.h"
#include "lib/base/suggest.h"
#include "lib/model/reference.h"

namespace hdsc::io {
namespace internal {

const std::vector<ReferenceField>& ReferenceFields() {
  static const std::vector<ReferenceField>* const fields = new std::vector<ReferenceField>{
      {"evidence_ids", "hdsc.v1.Evidence"},
      {"asset_ids", "hdsc.v1.Asset"},
      {"processor_ids", "hdsc.v1.Processor"},
      {"processor_id", "hdsc.v1.Processor"},
      {"hosting_processor_id", "hdsc.v1.Processor"},
      {"processing_activity_ids", "hdsc.v1.ProcessingActivity"},
      {"zone_id", "hdsc.v1.NetworkZone"},
      {"control_ids", ""},
  };
  return *fields;
}

const std::vector<std::string_view>& ExternalIdFields() {
  // Attestation.requirement_id and Waiver.rule_id name requirements and rules of the rule packs.
  static const std::vector<std::string_view>* const fields =
      new std::vector<std::string_view>{"requirement_id", "rule_id"};
  return *fields;
}

const std::vector<DateOrder>& DateOrders() {
  static const std::vector<DateOrder>* const orders = new std::vector<DateOrder>{
      {"hdsc.v1.Breach", "occurred_at", "aware_at", "a breach cannot be known before it occurs"},
      {"hdsc.v1.Breach", "aware_at", "cnil_notified_at", "the CNIL cannot be notified before the breach is known"},
      {"hdsc.v1.Breach", "aware_at", "controller_notified_at",
       "the controller cannot be told before the breach is known"},
      {"hdsc.v1.Breach", "aware_at", "communicated_at", "people cannot be told before the breach is known"},
      {"hdsc.v1.Breach", "aware_at", "ans_declared_at", "the ANS cannot be told before the incident is known"},
      {"hdsc.v1.Breach", "aware_at", "closed_at", "a breach cannot be closed before it is known"},
      {"hdsc.v1.Breach", "occurred_at", "closed_at", "a breach cannot be closed before it occurs"},
      {"hdsc.v1.HdsCertificate", "issued_at", "expires_at", "a certificate cannot expire before it is issued"},
      {"hdsc.v1.HdsCertificate", "issued_at", "last_surveillance_audit_at",
       "a certificate cannot be audited before it is issued"},
      {"hdsc.v1.Iso27001Certification", "issued_at", "expires_at",
       "a certificate cannot expire before it is issued"},
      {"hdsc.v1.Iso27001Certification", "issued_at", "last_surveillance_audit_at",
       "a certificate cannot be audited before it is issued"},
      {"hdsc.v1.Contract", "signed_at", "expires_at", "a contract cannot end before it is signed"},
      {"hdsc.v1.DataSubjectRequest", "received_at", "answered_at",
       "a request cannot be answered before it is received"},
      {"hdsc.v1.DataSubjectRequest", "received_at", "extension_notified_at",
       "an extension cannot be notified before the request is received"},
      {"hdsc.v1.Attestation", "attested_at", "valid_until", "an attestation cannot lapse before it is made"},
      {"hdsc.v1.Waiver", "approved_at", "expires_at", "a waiver cannot expire before it is approved"},
      {"hdsc.v1.TrainingCampaign", "started_at", "completed_at", "a campaign cannot end before it starts"},
      {"hdsc.v1.RiskAssessment", "performed_at", "approved_at",
       "a risk assessment cannot be approved before it is performed"},
  };
  return *orders;
}

}  // namespace internal

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using base::AsAbsl;

constexpr std::string_view kAnnexARange = "5.1-5.37, 6.1-6.8, 7.1-7.14 or 8.1-8.34";

// "hdsc.v1.ProcessingActivity" -> "processing activity", for messages.
std::string KindName(std::string_view full_name) {
  const size_t dot = full_name.rfind('.');
  const std::string_view name = dot == std::string_view::npos ? full_name : full_name.substr(dot + 1);
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      if (i > 0) out.push_back(' ');
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsCountryField(const FieldDescriptor* field) {
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) return false;
  const std::string& name = field->name();
  if (field->is_repeated()) return name == "countries" || absl::EndsWith(name, "_countries");
  return name == "country" || absl::EndsWith(name, "_country");
}

std::string FormatTimestamp(int64_t seconds, int32_t nanos) {
  const absl::Time time = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
  return absl::FormatTime(nanos == 0 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

class Validator {
 public:
  Validator(const Descriptor* root, const SourceMap& source_map, std::string_view file)
      : source_map_(source_map), file_(file) {
    for (const internal::ReferenceField& reference : internal::ReferenceFields()) {
      references_.emplace(std::string(reference.field_name), std::string(reference.target_type));
    }
    FindLists(root);
  }

  std::vector<Diagnostic> Run(const Message& dossier) {
    CollectIds(dossier, "");
    Check(dossier, "");
    return std::move(diagnostics_);
  }

 private:
  // Records, for every message type, the paths of the lists that hold it (`isms.assets[].id`), breadth-first
  // from the root so that the shortest paths come first; each type's nested lists are visited once.
  void FindLists(const Descriptor* root) {
    std::vector<std::pair<const Descriptor*, std::string>> queue = {{root, ""}};
    std::set<const Descriptor*> visited = {root};
    for (size_t i = 0; i < queue.size(); ++i) {
      const auto [type, path] = queue[i];
      for (int f = 0; f < type->field_count(); ++f) {
        const FieldDescriptor* field = type->field(f);
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) continue;
        const std::string field_path = JoinFieldPath(path, field->name());
        if (field->is_repeated()) list_paths_[field->message_type()->full_name()].push_back(field_path + "[].id");
        if (visited.insert(field->message_type()).second) {
          queue.emplace_back(field->message_type(), field->is_repeated() ? field_path + "[]" : field_path);
        }
      }
    }
  }

  void Report(const std::string& path, std::string message) {
    Diagnostic diagnostic{std::string(file_), 0, 0, path, std::move(message)};
    if (const std::optional<SourceLocation> location = source_map_.FindNearest(path)) {
      diagnostic.line = location->line;
      diagnostic.column = location->column;
    }
    AddDiagnostic(&diagnostics_, std::move(diagnostic));
  }

  // Suggestions compare with every known id; past this many problems they are left out, so that a dossier
  // full of dangling references stays fast to check.
  bool MaySuggest() { return diagnostics_.size() < 100; }

  // Pass 1: the ids of every record in every list, reporting ids repeated within a list.
  void CollectIds(const Message& message, const std::string& path) {
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) continue;
      const std::string field_path = JoinFieldPath(path, field->name());
      if (!field->is_repeated()) {
        CollectIds(reflection->GetMessage(message, field), field_path);
        continue;
      }
      const Descriptor* type = field->message_type();
      const FieldDescriptor* id_field = type->FindFieldByName("id");
      const bool has_ids = id_field != nullptr && id_field->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                           !id_field->is_repeated();
      std::map<std::string, std::string> seen_in_list;
      const int count = reflection->FieldSize(message, field);
      for (int i = 0; i < count; ++i) {
        const Message& element = reflection->GetRepeatedMessage(message, field, i);
        const std::string element_path = absl::StrCat(field_path, "[", i, "]");
        if (has_ids) {
          const std::string id = element.GetReflection()->GetString(element, id_field);
          if (!id.empty()) {
            auto [first, inserted] = seen_in_list.emplace(id, element_path);
            if (!inserted) {
              Report(element_path + ".id",
                     absl::StrCat("duplicate id '", id, "' (also ", first->second, ".id)"));
            }
            ids_[type->full_name()].emplace(id, element_path);
          }
        }
        CollectIds(element, element_path);
      }
    }
  }

  // Pass 2: references, control ids, countries and dates.
  void Check(const Message& message, const std::string& path) {
    const Descriptor* descriptor = message.GetDescriptor();
    const Reflection* reflection = message.GetReflection();
    if (descriptor->full_name() == "hdsc.v1.SoaEntry") CheckSoaEntry(message, path);
    CheckDates(message, path);
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = JoinFieldPath(path, field->name());
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (field->is_map()) continue;
        if (!field->is_repeated()) {
          Check(reflection->GetMessage(message, field), field_path);
          continue;
        }
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Check(reflection->GetRepeatedMessage(message, field, i), absl::StrCat(field_path, "[", i, "]"));
        }
        continue;
      }
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      auto reference = references_.find(field->name());
      const bool is_country = IsCountryField(field);
      if (reference == references_.end() && !is_country) continue;
      auto check_value = [&](const std::string& value, const std::string& value_path) {
        if (value.empty()) return;
        if (is_country) {
          CheckCountry(value, value_path);
        } else if (reference->second.empty()) {
          CheckControlId(value, value_path, "control");
        } else {
          CheckReference(value, reference->second, value_path);
        }
      };
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          check_value(reflection->GetRepeatedString(message, field, i), absl::StrCat(field_path, "[", i, "]"));
        }
      } else {
        check_value(reflection->GetString(message, field), field_path);
      }
    }
  }

  void CheckReference(const std::string& id, const std::string& target_type, const std::string& path) {
    const auto& known = ids_[target_type];
    if (known.count(id) > 0) return;
    const std::vector<std::string>& lists = list_paths_[target_type];
    std::string where;
    for (const std::string& list : lists) absl::StrAppend(&where, where.empty() ? "" : " or ", list);
    if (where.empty()) where = absl::StrCat("the ", KindName(target_type), " records");
    std::string message = absl::StrCat(KindName(target_type), " id '", id, "' does not match any ", where);
    if (MaySuggest()) {
      std::vector<std::string> candidates;
      for (const auto& [candidate, unused_path] : known) candidates.push_back(candidate);
      if (const std::optional<std::string> suggestion = base::SuggestName(id, candidates)) {
        absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
      }
    }
    Report(path, std::move(message));
  }

  void CheckControlId(const std::string& id, const std::string& path, std::string_view what) {
    if (model::IsAnnexAControl(id)) return;
    std::string message = absl::StrCat("'", id, "' is not an ISO/IEC 27001:2022 Annex A ", AsAbsl(what), " (",
                                       AsAbsl(kAnnexARange), ")");
    if ((absl::StartsWith(id, "A.") || absl::StartsWith(id, "a.")) && model::IsAnnexAControl(id.substr(2))) {
      absl::StrAppend(&message, "; write '", id.substr(2), "'");
    }
    Report(path, std::move(message));
  }

  void CheckSoaEntry(const Message& entry, const std::string& path) {
    const FieldDescriptor* id_field = entry.GetDescriptor()->FindFieldByName("id");
    if (id_field == nullptr || id_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) return;
    const std::string id = entry.GetReflection()->GetString(entry, id_field);
    if (!id.empty()) CheckControlId(id, JoinFieldPath(path, "id"), "control id");
  }

  void CheckCountry(const std::string& code, const std::string& path) {
    if (model::IsIso3166Alpha2(code)) return;
    std::string message = absl::StrCat("'", code, "' is not an ISO 3166-1 alpha-2 country code");
    const std::string upper = absl::AsciiStrToUpper(code);
    if (code == "UK") {
      absl::StrAppend(&message, "; the United Kingdom is 'GB'");
    } else if (code == "EL") {
      absl::StrAppend(&message, "; Greece is 'GR'");
    } else if (upper != code && model::IsIso3166Alpha2(upper)) {
      absl::StrAppend(&message, "; codes are upper case: '", upper, "'");
    }
    Report(path, std::move(message));
  }

  void CheckDates(const Message& message, const std::string& path) {
    const Descriptor* descriptor = message.GetDescriptor();
    const Reflection* reflection = message.GetReflection();
    for (const internal::DateOrder& order : internal::DateOrders()) {
      if (descriptor->full_name() != order.message_type) continue;
      const FieldDescriptor* earlier = descriptor->FindFieldByName(std::string(order.earlier));
      const FieldDescriptor* later = descriptor->FindFieldByName(std::string(order.later));
      if (earlier == nullptr || later == nullptr || !reflection->HasField(message, earlier) ||
          !reflection->HasField(message, later)) {
        continue;
      }
      const auto [earlier_seconds, earlier_nanos] = SecondsAndNanos(reflection->GetMessage(message, earlier));
      const auto [later_seconds, later_nanos] = SecondsAndNanos(reflection->GetMessage(message, later));
      if (std::make_pair(later_seconds, later_nanos) >= std::make_pair(earlier_seconds, earlier_nanos)) continue;
      Report(JoinFieldPath(path, order.later),
             absl::StrCat(AsAbsl(order.later), " ", FormatTimestamp(later_seconds, later_nanos), " is before ",
                          AsAbsl(order.earlier), " ", FormatTimestamp(earlier_seconds, earlier_nanos), ": ",
                          AsAbsl(order.why)));
    }
  }

  // The fields of a google.protobuf.Timestamp, read through reflection.
  static std::pair<int64_t, int32_t> SecondsAndNanos(const Message& timestamp) {
    const Descriptor* descriptor = timestamp.GetDescriptor();
    const Reflection* reflection = timestamp.GetReflection();
    const FieldDescriptor* seconds = descriptor->FindFieldByName("seconds");
    const FieldDescriptor* nanos = descriptor->FindFieldByName("nanos");
    if (seconds == nullptr || nanos == nullptr) return {0, 0};
    return {reflection->GetInt64(timestamp, seconds), reflection->GetInt32(timestamp, nanos)};
  }

  const SourceMap& source_map_;
  std::string_view file_;
  std::map<std::string, std::string> references_;
  // Message type -> id -> path of the first record with it.
  std::map<std::string, std::map<std::string, std::string>> ids_;
  // Message type -> the lists that hold records of it, as `isms.assets[].id`.
  std::map<std::string, std::vector<std::string>> list_paths_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::vector<Diagnostic> ValidateDossier(const hdsc::v1::Dossier& dossier, const SourceMap& source_map,
                                        std::string_view file) {
  return Validator(dossier.GetDescriptor(), source_map, file).Run(dossier);
}

}  // namespace hdsc::io
