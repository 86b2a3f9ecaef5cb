#include "bench/synthetic_dossier.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace hdsc::bench {
namespace {

constexpr int64_t kNow = 1'795'824'000;  // 2026-11-28T00:00:00Z
constexpr int64_t kDay = 86'400;

void SetTime(google::protobuf::Timestamp* timestamp, int64_t seconds) { timestamp->set_seconds(seconds); }

// The Annex A control ids in order ("5.1" ... "8.34"): a Statement of Applicability names each at most once.
std::vector<std::string> AnnexAControlIds() {
  std::vector<std::string> ids;
  for (const auto& [theme, count] : {std::pair<int, int>{5, 37}, {6, 8}, {7, 14}, {8, 34}}) {
    for (int i = 1; i <= count; ++i) ids.push_back(absl::StrCat(theme, ".", i));
  }
  return ids;
}

}  // namespace

v1::Dossier SyntheticDossier(int64_t records, uint64_t seed) {
  std::mt19937_64 random(seed);
  // True about one time in ten: the record has a gap.
  auto gap = [&random]() { return random() % 10 == 0; };
  auto days_ago = [&random](int max_days) { return kNow - static_cast<int64_t>(random() % max_days) * kDay - kDay; };

  v1::Dossier dossier;
  dossier.set_schema_version("1");
  dossier.set_title(absl::StrCat("Synthetic dossier, ", records, " records"));
  dossier.mutable_organization()->set_legal_name("Centre hospitalier synthétique");
  dossier.mutable_organization()->set_kind(v1::ORGANIZATION_KIND_PUBLIC_HOSPITAL);
  // Shares per kind of record, in tenths: 2 processing, 4 assets, 1 backups/processors, 1 breaches, 2 requests
  // (of which one in eight a Statement of Applicability entry while Annex A has controls left, one in eight an
  // evidence record and one in eight a network zone). Records refer to others as real dossiers do, so that joins
  // grow with the dossier: activities to processors, breaches to activities, assets to zones, backups to assets,
  // SoA entries to evidence.
  // The id of a random record among those at `offset` modulo `period` (the positions of one kind), or "" if none.
  auto some = [&random, records](const char* prefix, int64_t period, int64_t offset) -> std::string {
    if (records <= offset) return "";
    const int64_t count = (records - offset - 1) / period + 1;
    return absl::StrCat(prefix, static_cast<int64_t>(random() % static_cast<uint64_t>(count)) * period + offset);
  };
  const std::vector<std::string> annex_a = AnnexAControlIds();
  size_t soa_entries = 0;
  for (int64_t i = 0; i < records; ++i) {
    const std::string id = absl::StrCat(i);
    switch (i % 10) {
      case 0:
      case 5: {
        v1::ProcessingActivity* activity = dossier.add_processing_activities();
        activity->set_id("pa-" + id);
        activity->set_name("Processing " + id);
        activity->set_role(v1::GDPR_ROLE_CONTROLLER);
        activity->add_purposes("Patient care");
        activity->add_data_categories(v1::DATA_CATEGORY_IDENTIFICATION);
        activity->add_data_categories(v1::DATA_CATEGORY_HEALTH);
        if (!gap()) activity->set_legal_basis(v1::LEGAL_BASIS_PUBLIC_TASK);
        if (!gap()) activity->set_art9_condition(v1::ART9_CONDITION_HEALTH_OR_SOCIAL_CARE);
        activity->set_large_scale(random() % 2 == 0);
        if (!gap()) SetTime(activity->mutable_dpia()->mutable_completed_at(), days_ago(900));
        activity->mutable_information_notice()->set_provided(true);
        for (int n = random() % 4 == 0 ? 2 : 1; n > 0; --n) {
          if (std::string processor = some("proc-", 20, 12); !processor.empty()) activity->add_processor_ids(processor);
        }
        break;
      }
      case 1:
      case 3:
      case 6:
      case 8: {
        v1::Asset* asset = dossier.mutable_isms()->add_assets();
        asset->set_id("asset-" + id);
        asset->set_name("Server " + id);
        switch (i / 10 % 8) {
          case 0:
            asset->set_kind(v1::ASSET_KIND_CONNECTED_MEDICAL_DEVICE);
            break;
          case 1:
            asset->set_kind(v1::ASSET_KIND_DIRECTORY);
            break;
          case 2:
            asset->set_kind(v1::ASSET_KIND_DATABASE);
            asset->set_critical(true);
            break;
          default:
            asset->set_kind(i % 3 == 0 ? v1::ASSET_KIND_WORKSTATION : v1::ASSET_KIND_SERVER);
        }
        asset->set_holds_health_data(random() % 2 == 0);
        asset->set_zone_id(some("zone-", 40, 29));
        asset->set_software_name("Linux");
        asset->set_software_version("6.1");
        SetTime(asset->mutable_end_of_support(), gap() ? days_ago(700) : kNow + 400 * kDay);
        asset->set_mfa_admin(!gap());
        asset->mutable_encryption_in_transit()->set_min_tls_version(gap() ? v1::TLS_VERSION_1_0 : v1::TLS_VERSION_1_2);
        asset->set_storage_country("FR");
        break;
      }
      case 2: {
        if (i % 20 == 2) {
          v1::Backup* backup = dossier.mutable_isms()->add_backups();
          backup->set_id("bk-" + id);
          backup->add_asset_ids(absl::StrCat("asset-", i - 1));
          if (std::string asset = some("asset-", 10, 3); !asset.empty()) backup->add_asset_ids(asset);
          backup->set_offline_copy(!gap());
          if (!gap()) backup->mutable_frequency()->set_seconds(kDay);
          SetTime(backup->mutable_last_restore_test_at(), days_ago(gap() ? 900 : 300));
          backup->set_last_restore_test_succeeded(true);
        } else {
          v1::Processor* processor = dossier.add_processors();
          processor->set_id("proc-" + id);
          processor->set_name("Host " + id);
          processor->set_hosts_health_data(true);
          SetTime(processor->mutable_hds_certificate()->mutable_expires_at(), gap() ? days_ago(300) : kNow + 500 * kDay);
          processor->add_data_locations()->set_country(gap() ? "US" : "FR");
        }
        break;
      }
      case 4: {
        v1::Breach* breach = dossier.add_breaches();
        breach->set_id("br-" + id);
        const uint64_t risk = random() % 6;
        breach->set_risk_level(risk < 2 ? v1::RISK_LEVEL_UNLIKELY : risk == 2 ? v1::RISK_LEVEL_HIGH : v1::RISK_LEVEL_RISK);
        breach->add_processing_activity_ids(absl::StrCat("pa-", i - 4));
        if (random() % 3 == 0) breach->add_processing_activity_ids(some("pa-", 5, 0));
        const int64_t aware = days_ago(700);
        SetTime(breach->mutable_aware_at(), aware);
        SetTime(breach->mutable_cnil_notified_at(), aware + (gap() ? 100 : 40) * 3600);
        breach->set_people_affected(static_cast<int64_t>(random() % 5000));
        break;
      }
      case 9:
        if (i % 40 == 9 && soa_entries < annex_a.size()) {
          v1::SoaEntry* entry = dossier.mutable_isms()->add_statement_of_applicability();
          entry->set_id(annex_a[soa_entries++]);
          entry->set_applicable(true);
          entry->set_justification("Risk treatment");
          entry->set_implementation_status(v1::IMPLEMENTATION_STATUS_IMPLEMENTED);
          for (int n = 1 + random() % 3; n > 0; --n) {
            if (std::string evidence = some("ev-", 40, 19); !evidence.empty()) entry->add_evidence_ids(evidence);
          }
          SetTime(entry->mutable_last_reviewed_at(), days_ago(300));
          break;
        }
        if (i % 40 == 19) {
          v1::Evidence* evidence = dossier.add_evidence();
          evidence->set_id("ev-" + id);
          evidence->set_title("Evidence " + id);
          evidence->set_sha256(gap() ? "not a digest" : std::string(64, 'a'));
          SetTime(evidence->mutable_valid_until(), gap() ? days_ago(100) : kNow + 300 * kDay);
          break;
        }
        if (i % 40 == 29) {
          v1::NetworkZone* zone = dossier.mutable_isms()->add_network_zones();
          zone->set_id("zone-" + id);
          zone->set_segregated(!gap());
          zone->set_internet_facing(gap());
          break;
        }
        [[fallthrough]];
      default: {
        v1::DataSubjectRequest* request = dossier.add_data_subject_requests();
        request->set_id("rq-" + id);
        request->set_kind(v1::REQUEST_KIND_ACCESS);
        const int64_t received = days_ago(700);
        SetTime(request->mutable_received_at(), received);
        SetTime(request->mutable_answered_at(), received + (gap() ? 40 : 12) * kDay);
        break;
      }
    }
  }
  v1::TrainingCampaign* training = dossier.mutable_isms()->add_training_campaigns();
  training->set_id("training-2026");
  training->set_audience(v1::TRAINING_AUDIENCE_ALL_STAFF);
  SetTime(training->mutable_completed_at(), kNow - 90 * kDay);
  training->set_completion_percent(92);
  return dossier;
}

}  // namespace hdsc::bench
