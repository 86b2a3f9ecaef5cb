#include "lib/io/validate.h"

#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Strings = std::vector<std::string>;

// Every message type reachable from the dossier root.
std::vector<const Descriptor*> DossierTypes() {
  std::vector<const Descriptor*> types = {hdsc::v1::Dossier::descriptor()};
  std::set<const Descriptor*> seen(types.begin(), types.end());
  for (size_t i = 0; i < types.size(); ++i) {
    for (int f = 0; f < types[i]->field_count(); ++f) {
      const FieldDescriptor* field = types[i]->field(f);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && seen.insert(field->message_type()).second) {
        types.push_back(field->message_type());
      }
    }
  }
  return types;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A new `*_id`/`*_ids` field in the schema must be added to the reference table (or declared external), so
// that a reference is never left unchecked by accident.
TEST(ValidateSchemaTest, EveryIdFieldOfTheSchemaIsChecked) {
  std::set<std::string> known;
  for (const auto& reference : internal::ReferenceFields()) known.emplace(reference.field_name);
  for (std::string_view external : internal::ExternalIdFields()) known.emplace(external);
  std::set<std::string> used;
  for (const Descriptor* type : DossierTypes()) {
    for (int f = 0; f < type->field_count(); ++f) {
      const FieldDescriptor* field = type->field(f);
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
      if (!EndsWith(field->name(), "_id") && !EndsWith(field->name(), "_ids")) continue;
      EXPECT_EQ(known.count(field->name()), 1u) << field->full_name() << " is not in the reference table";
      used.insert(field->name());
    }
  }
  for (const std::string& name : known) EXPECT_EQ(used.count(name), 1u) << name << " is not in the schema";
}

TEST(ValidateSchemaTest, ReferenceTargetsAreRecordsWithIds) {
  std::set<std::string> listed;
  for (const Descriptor* type : DossierTypes()) {
    for (int f = 0; f < type->field_count(); ++f) {
      const FieldDescriptor* field = type->field(f);
      if (field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        listed.insert(field->message_type()->full_name());
      }
    }
  }
  for (const auto& reference : internal::ReferenceFields()) {
    if (reference.target_type.empty()) continue;  // Annex A controls
    const Descriptor* target =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(reference.target_type));
    ASSERT_NE(target, nullptr) << reference.target_type;
    ASSERT_NE(target->FindFieldByName("id"), nullptr) << reference.target_type;
    EXPECT_EQ(listed.count(std::string(reference.target_type)), 1u) << reference.target_type << " is in no list";
  }
}

TEST(ValidateSchemaTest, DateOrdersNameTimestampFields) {
  for (const auto& order : internal::DateOrders()) {
    const Descriptor* type =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(order.message_type));
    ASSERT_NE(type, nullptr) << order.message_type;
    for (std::string_view name : {order.earlier, order.later}) {
      const FieldDescriptor* field = type->FindFieldByName(std::string(name));
      ASSERT_NE(field, nullptr) << order.message_type << "." << name;
      ASSERT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_MESSAGE) << name;
      EXPECT_EQ(field->message_type()->full_name(), "google.protobuf.Timestamp") << name;
    }
  }
}

// Validates a dossier written in text format, with no source map, and returns the diagnostics.
Strings Problems(const std::string& text, const SourceMap& source_map = SourceMap()) {
  hdsc::v1::Dossier dossier;
  if (!google::protobuf::TextFormat::ParseFromString(text, &dossier)) return {"unparsable test input"};
  Strings problems;
  for (const Diagnostic& d : ValidateDossier(dossier, source_map, "d")) problems.push_back(d.ToString());
  return problems;
}

TEST(ValidateDossierTest, AcceptsConsistentDossier) {
  EXPECT_EQ(Problems(R"pb(
    organization { country: "FR" }
    isms {
      statement_of_applicability { id: "5.1" evidence_ids: "ev-1" }
      statement_of_applicability { id: "8.34" }
      assets { id: "srv-1" zone_id: "z-1" hosting_processor_id: "p-1" storage_country: "DE" }
      network_zones { id: "z-1" }
      backups { id: "b-1" asset_ids: "srv-1" processor_id: "p-1" storage_countries: ["FR", "NO"] }
      risk_assessment { scenarios { id: "r-1" asset_ids: "srv-1" control_ids: ["8.13", "5.30"] } }
    }
    processing_activities { id: "pa-1" processor_ids: "p-1" hosting_countries: "FR" }
    processors { id: "p-1" country: "FR" data_locations { country: "FR" } }
    breaches {
      id: "br-1"
      occurred_at { seconds: 100 }
      aware_at { seconds: 100 }
      cnil_notified_at { seconds: 200 }
      processor_ids: "p-1"
      processing_activity_ids: "pa-1"
      asset_ids: "srv-1"
    }
    evidence { id: "ev-1" }
  )pb"),
            Strings{});
}

TEST(ValidateDossierTest, ReportsDuplicateIdsWithinEachList) {
  EXPECT_EQ(Problems(R"pb(
    processors { id: "p-1" }
    processors { id: "p-2" }
    processors { id: "p-1" }
    evidence { id: "p-1" }
    isms { statement_of_applicability { id: "5.1" } statement_of_applicability { id: "5.1" } }
    processing_activities { id: "" }
    processing_activities { id: "" }
  )pb"),
            (Strings{"d: isms.statement_of_applicability[1].id: duplicate id '5.1' (also "
                     "isms.statement_of_applicability[0].id)",
                     "d: processors[2].id: duplicate id 'p-1' (also processors[0].id)"}));
}

TEST(ValidateDossierTest, ReportsDanglingReferencesWithSuggestions) {
  EXPECT_EQ(Problems(R"pb(
    isms {
      assets { id: "srv-1" zone_id: "z-9" hosting_processor_id: "hostco" evidence_ids: "ev-1" }
      network_zones { id: "z-1" }
    }
    processing_activities { id: "pa-1" processor_ids: ["p-1", "p-2"] }
    processors { id: "p-1" }
    processors { id: "host-co" }
    breaches { id: "b-1" asset_ids: "srv-2" processing_activity_ids: "pa-2" }
  )pb"),
            (Strings{
                "d: isms.assets[0].zone_id: network zone id 'z-9' does not match any isms.network_zones[].id; did "
                "you mean 'z-1'?",
                "d: isms.assets[0].hosting_processor_id: processor id 'hostco' does not match any processors[].id; "
                "did you mean 'host-co'?",
                "d: isms.assets[0].evidence_ids[0]: evidence id 'ev-1' does not match any evidence[].id",
                "d: processing_activities[0].processor_ids[1]: processor id 'p-2' does not match any "
                "processors[].id; did you mean 'p-1'?",
                "d: breaches[0].asset_ids[0]: asset id 'srv-2' does not match any isms.assets[].id; did you mean "
                "'srv-1'?",
                "d: breaches[0].processing_activity_ids[0]: processing activity id 'pa-2' does not match any "
                "processing_activities[].id; did you mean 'pa-1'?"}));
}

TEST(ValidateDossierTest, ReportsDanglingZoneFlowsAndProcessingLinksOfAssets) {
  EXPECT_EQ(Problems(R"pb(
    isms {
      assets { id: "srv-1" processing_activity_ids: "pa-2" }
      network_zones { id: "z-servers" reachable_from_zone_ids: ["z-office", "z-guest"] }
      network_zones { id: "z-office" }
    }
    processing_activities { id: "pa-1" }
  )pb"),
            (Strings{
                "d: isms.assets[0].processing_activity_ids[0]: processing activity id 'pa-2' does not match any "
                "processing_activities[].id; did you mean 'pa-1'?",
                "d: isms.network_zones[0].reachable_from_zone_ids[1]: network zone id 'z-guest' does not match any "
                "isms.network_zones[].id"}));
}

TEST(ValidateDossierTest, ReportsIdsThatAreNotAnnexAControls) {
  EXPECT_EQ(Problems(R"pb(
    isms {
      statement_of_applicability { id: "5.38" }
      statement_of_applicability { id: "A.8.13" }
      statement_of_applicability { id: "12.3.1" }
      risk_assessment { scenarios { id: "r-1" control_ids: ["8.13", "8.35"] } }
    }
  )pb"),
            (Strings{"d: isms.statement_of_applicability[0].id: '5.38' is not an ISO/IEC 27001:2022 Annex A control "
                     "id (5.1-5.37, 6.1-6.8, 7.1-7.14 or 8.1-8.34)",
                     "d: isms.statement_of_applicability[1].id: 'A.8.13' is not an ISO/IEC 27001:2022 Annex A "
                     "control id (5.1-5.37, 6.1-6.8, 7.1-7.14 or 8.1-8.34); write '8.13'",
                     "d: isms.statement_of_applicability[2].id: '12.3.1' is not an ISO/IEC 27001:2022 Annex A "
                     "control id (5.1-5.37, 6.1-6.8, 7.1-7.14 or 8.1-8.34)",
                     "d: isms.risk_assessment.scenarios[0].control_ids[1]: '8.35' is not an ISO/IEC 27001:2022 "
                     "Annex A control (5.1-5.37, 6.1-6.8, 7.1-7.14 or 8.1-8.34)"}));
}

TEST(ValidateDossierTest, ReportsCountryCodesThatAreNotIso3166) {
  EXPECT_EQ(Problems(R"pb(
    organization { country: "UK" }
    isms { assets { id: "a" storage_country: "fr" } backups { id: "b" storage_countries: ["FR", "FRA"] } }
    processors { id: "p" country: "EL" third_country_access { country: "XX" } }
  )pb"),
            (Strings{"d: organization.country: 'UK' is not an ISO 3166-1 alpha-2 country code; the United Kingdom is "
                     "'GB'",
                     "d: isms.assets[0].storage_country: 'fr' is not an ISO 3166-1 alpha-2 country code; codes are "
                     "upper case: 'FR'",
                     "d: isms.backups[0].storage_countries[1]: 'FRA' is not an ISO 3166-1 alpha-2 country code",
                     "d: processors[0].country: 'EL' is not an ISO 3166-1 alpha-2 country code; Greece is 'GR'",
                     "d: processors[0].third_country_access[0].country: 'XX' is not an ISO 3166-1 alpha-2 country "
                     "code"}));
}

TEST(ValidateDossierTest, ReportsImpossibleDateOrders) {
  EXPECT_EQ(Problems(R"pb(
    breaches {
      id: "b"
      occurred_at { seconds: 1715851800 }
      aware_at { seconds: 1715851800 }
      cnil_notified_at { seconds: 1715765400 }
    }
    hds_certificates { id: "c" issued_at { seconds: 1715851800 } expires_at { seconds: 1700000000 nanos: 5 } }
    data_subject_requests { id: "r" received_at { seconds: 1715851800 } answered_at { seconds: 1715851799 } }
    data_subject_requests { id: "s" received_at { seconds: 1715851800 } }
  )pb"),
            (Strings{"d: hds_certificates[0].expires_at: expires_at 2023-11-14T22:13:20.000000005Z is before issued_at "
                     "2024-05-16T09:30:00Z: a certificate cannot expire before it is issued",
                     "d: breaches[0].cnil_notified_at: cnil_notified_at 2024-05-15T09:30:00Z is before aware_at "
                     "2024-05-16T09:30:00Z: the CNIL cannot be notified before the breach is known",
                     "d: data_subject_requests[0].answered_at: answered_at 2024-05-16T09:29:59Z is before "
                     "received_at 2024-05-16T09:30:00Z: a request cannot be answered before it is received"}));
}

TEST(ValidateDossierTest, LocatesProblemsThroughTheSourceMap) {
  SourceMap map;
  map.Add("", {1, 1});
  map.Add("processors[0]", {4, 5});
  map.Add("processors[0].country", {4, 20});
  EXPECT_EQ(Problems(R"pb(processors { id: "p" country: "ZZ" contract { evidence_ids: "e" } })pb", map),
            (Strings{"d:4:20: processors[0].country: 'ZZ' is not an ISO 3166-1 alpha-2 country code",
                     "d:4:5: processors[0].contract.evidence_ids[0]: evidence id 'e' does not match any "
                     "evidence[].id"}));
}

}  // namespace
}  // namespace hdsc::io

namespace hdsc::io {
namespace {

// Problems of a dossier as the binary format carries it: what JSON refuses at parse time, text and binary bring
// this far, and validation refuses it the same way for all.
Strings BinaryProblems(const hdsc::v1::Dossier& dossier) {
  hdsc::v1::Dossier read;
  EXPECT_TRUE(read.ParseFromString(dossier.SerializeAsString()));
  Strings problems;
  for (const Diagnostic& d : ValidateDossier(read, SourceMap(), "d.pb")) problems.push_back(d.ToString());
  return problems;
}

TEST(ValidateValuesTest, EnumNumbersOutsideTheEnum) {
  hdsc::v1::Dossier dossier;
  hdsc::v1::Breach* breach = dossier.add_breaches();
  breach->set_id("br-1");
  breach->set_risk_level(static_cast<hdsc::v1::RiskLevel>(99));
  EXPECT_EQ(BinaryProblems(dossier), Strings({"d.pb: breaches[0].risk_level: 99 is not a value of hdsc.v1.RiskLevel"}));
}

TEST(ValidateValuesTest, TimesOutsideTheCalendarAndBadNanos) {
  hdsc::v1::Dossier dossier;
  hdsc::v1::Breach* breach = dossier.add_breaches();
  breach->set_id("br-1");
  breach->mutable_aware_at()->set_seconds(253402300800);  // 10000-01-01
  breach->mutable_occurred_at()->set_nanos(-1);
  EXPECT_EQ(BinaryProblems(dossier),
            Strings({"d.pb: breaches[0].occurred_at: seconds 0, nanos -1 is not a time between 0001-01-01T00:00:00Z "
                     "and 9999-12-31T23:59:59Z",
                     "d.pb: breaches[0].aware_at: seconds 253402300800, nanos 0 is not a time between "
                     "0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"}));
}

TEST(ValidateValuesTest, SemanticBounds) {
  EXPECT_EQ(Problems(R"pb(
    breaches { id: "br-1" people_affected: -3 }
    isms {
      training_campaigns { id: "t-1" completion_percent: 150 }
      training_campaigns { id: "t-2" completion_percent: nan }
    }
  )pb"),
            Strings({"d: isms.training_campaigns[0].completion_percent: 150 is not a percentage (0 to 100)",
                     "d: isms.training_campaigns[1].completion_percent: nan is not a number",
                     "d: breaches[0].people_affected: -3 is negative; a count or size is 0 or more"}));
}

TEST(ValidateValuesTest, DurationsAndEventsAfterAsOf) {
  EXPECT_EQ(Problems(R"pb(
    as_of { seconds: 1764547200 }
    breaches { id: "br-1" aware_at { seconds: 4070908800 } }
    isms {
      policies { id: "pol-1" review_interval { seconds: -86400 } }
      policies { id: "pol-2" review_interval { seconds: 315576000000 } last_reviewed_at { seconds: 1700000000 } }
    }
  )pb"),
            Strings({"d: isms.policies[0].review_interval: seconds -86400, nanos 0 is not a duration of 0 or more",
                     "d: isms.policies[1].review_interval: 3652500 days is longer than 100 years",
                     "d: breaches[0].aware_at: aware_at 2099-01-01T00:00:00Z is after the dossier's as_of "
                     "2025-12-01T00:00:00Z: it cannot have happened yet"}));
}

}  // namespace
}  // namespace hdsc::io
