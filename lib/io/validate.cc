#include "lib/io/validate.h"

#include <cmath>
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
      {"reachable_from_zone_ids", "hdsc.v1.NetworkZone"},
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
      {"hdsc.v1.Breach", "aware_at", "public_communication_at",
       "the public cannot be told before the breach is known"},
      {"hdsc.v1.Breach", "ans_declared_at", "ans_resolution_reported_at",
       "the resolution cannot be reported to the ANS before the incident is declared"},
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
    const Descriptor* descriptor = dossier.GetDescriptor();
    if (const FieldDescriptor* as_of = descriptor->FindFieldByName("as_of");
        as_of != nullptr && dossier.GetReflection()->HasField(dossier, as_of)) {
      as_of_ = SecondsAndNanos(dossier.GetReflection()->GetMessage(dossier, as_of));
    }
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
      CheckValues(message, field, field_path);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
          field->message_type()->file()->package() == "google.protobuf") {
        continue;  // a Timestamp or Duration: checked whole by CheckValues
      }
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

  // The bounds every format is held to (JSON's reader enforces the first two already; text and binary do not):
  // enum numbers the enum defines; timestamps in 0001-01-01..9999-12-31 with nanos in 0..999999999, and past
  // events not after the dossier's `as_of`; durations from 0 to 100 years; counts and sizes not negative;
  // percentages finite and within 0..100.
  void CheckValues(const Message& message, const FieldDescriptor* field, const std::string& field_path) {
    const Reflection* reflection = message.GetReflection();
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string path = field->is_repeated() ? absl::StrCat(field_path, "[", i, "]") : field_path;
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_ENUM: {
          const int number =
              field->is_repeated() ? reflection->GetRepeatedEnumValue(message, field, i) : reflection->GetEnumValue(message, field);
          if (field->enum_type()->FindValueByNumber(number) == nullptr) {
            Report(path, absl::StrCat(number, " is not a value of ", field->enum_type()->full_name()));
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64: {
          const int64_t value = field->cpp_type() == FieldDescriptor::CPPTYPE_INT32
                                    ? (field->is_repeated() ? reflection->GetRepeatedInt32(message, field, i)
                                                            : reflection->GetInt32(message, field))
                                    : (field->is_repeated() ? reflection->GetRepeatedInt64(message, field, i)
                                                            : reflection->GetInt64(message, field));
          if (value < 0) Report(path, absl::StrCat(value, " is negative; a count or size is 0 or more"));
          break;
        }
        case FieldDescriptor::CPPTYPE_DOUBLE: {
          const double value =
              field->is_repeated() ? reflection->GetRepeatedDouble(message, field, i) : reflection->GetDouble(message, field);
          if (!std::isfinite(value)) {
            Report(path, absl::StrCat(value, " is not a number"));
          } else if (absl::EndsWith(field->name(), "_percent") && (value < 0 || value > 100)) {
            Report(path, absl::StrCat(value, " is not a percentage (0 to 100)"));
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          const Message& value =
              field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i) : reflection->GetMessage(message, field);
          const std::string& type = value.GetDescriptor()->full_name();
          if (type == "google.protobuf.Timestamp") CheckTimestamp(value, field->name(), path);
          if (type == "google.protobuf.Duration") CheckDuration(value, path);
          break;
        }
        default:
          break;
      }
    }
  }

  void CheckTimestamp(const Message& timestamp, const std::string& name, const std::string& path) {
    const auto [seconds, nanos] = SecondsAndNanos(timestamp);
    if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds || nanos < 0 || nanos > 999'999'999) {
      Report(path, absl::StrCat("seconds ", seconds, ", nanos ", nanos,
                                " is not a time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
      return;
    }
    // Expiries and ends of support lie ahead; every other time is of something that has happened.
    static const std::set<std::string_view> kFutureTimes = {"as_of", "expires_at", "valid_until", "end_of_support"};
    if (as_of_.has_value() && kFutureTimes.count(name) == 0 && std::make_pair(seconds, nanos) > *as_of_) {
      Report(path, absl::StrCat(name, " ", FormatTimestamp(seconds, nanos), " is after the dossier's as_of ",
                                FormatTimestamp(as_of_->first, as_of_->second), ": it cannot have happened yet"));
    }
  }

  void CheckDuration(const Message& duration, const std::string& path) {
    const auto [seconds, nanos] = SecondsAndNanos(duration);
    if (seconds < 0 || nanos < 0 || nanos > 999'999'999) {
      Report(path, absl::StrCat("seconds ", seconds, ", nanos ", nanos, " is not a duration of 0 or more"));
    } else if (seconds > kMaxDurationSeconds) {
      Report(path, absl::StrCat(seconds / 86400, " days is longer than 100 years"));
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
      std::vector<std::string>& candidates = candidates_[target_type];
      if (candidates.empty()) {
        for (const auto& [candidate, unused_path] : known) candidates.push_back(candidate);
      }
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

  static constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
  static constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  static constexpr int64_t kMaxDurationSeconds = int64_t{36525} * 86400;  // 100 years

  const SourceMap& source_map_;
  std::string_view file_;
  // The dossier's as_of, when it has one: no past event may come after it.
  std::optional<std::pair<int64_t, int32_t>> as_of_;
  std::map<std::string, std::string> references_;
  // Message type -> id -> path of the first record with it.
  std::map<std::string, std::map<std::string, std::string>> ids_;
  // Message type -> the lists that hold records of it, as `isms.assets[].id`.
  std::map<std::string, std::vector<std::string>> list_paths_;
  // Message type -> its ids, listed once for the suggestions of every dangling reference to it.
  std::map<std::string, std::vector<std::string>> candidates_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::vector<Diagnostic> ValidateDossier(const hdsc::v1::Dossier& dossier, const SourceMap& source_map,
                                        std::string_view file) {
  return Validator(dossier.GetDescriptor(), source_map, file).Run(dossier);
}

}  // namespace hdsc::io
