#include "bench/synthetic_dossier.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"

namespace hdsc::bench {
namespace {

constexpr int64_t kNow = 1'795'824'000;  // 2026-11-28T00:00:00Z
constexpr int64_t kDay = 86'400;

void SetTime(google::protobuf::Timestamp* timestamp, int64_t seconds) { timestamp->set_seconds(seconds); }

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
  // Shares per kind of record, in tenths: 2 processing, 4 assets, 1 backups/processors, 1 breaches, 2 requests.
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
        break;
      }
      case 1:
      case 3:
      case 6:
      case 8: {
        v1::Asset* asset = dossier.mutable_isms()->add_assets();
        asset->set_id("asset-" + id);
        asset->set_name("Server " + id);
        asset->set_kind(i % 3 == 0 ? v1::ASSET_KIND_WORKSTATION : v1::ASSET_KIND_SERVER);
        asset->set_holds_health_data(random() % 2 == 0);
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
          backup->set_offline_copy(!gap());
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
        breach->set_risk_level(random() % 3 == 0 ? v1::RISK_LEVEL_UNLIKELY : v1::RISK_LEVEL_RISK);
        const int64_t aware = days_ago(700);
        SetTime(breach->mutable_aware_at(), aware);
        SetTime(breach->mutable_cnil_notified_at(), aware + (gap() ? 100 : 40) * 3600);
        breach->set_people_affected(static_cast<int64_t>(random() % 5000));
        break;
      }
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
