#include "lib/report/test_report.h"

#include "google/protobuf/text_format.h"

namespace hdsc::report::testing {

v1::Report SampleReport() {
  constexpr char kReport[] = R"pb(
    now { seconds: 1795824000 }
    language: "en"
    profile: "hospital"
    dossier { path: "examples/hospital.json" sha256: "aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11" }
    packs { path: "controls/gdpr/breaches.textpb" sha256: "bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22" }
    counts { pass: 1 fail: 1 not_applicable: 1 error: 1 waived: 1 manual: 1 fail_high: 1 }
    frameworks {
      id: "GDPR" title: "General Data Protection Regulation" version: "2016/679"
      requirement_counts { pass: 1 fail: 1 manual: 1 }
      requirements { id: "ART-33" title: "Breach notification" citation: "Art. 33" status: FAIL rule_ids: "GDPR-33-1" }
      requirements { id: "ART-30" title: "Records of processing" citation: "Art. 30" status: PASS rule_ids: "GDPR-30-1" }
      requirements { id: "ART-38" title: "Position of the DPO" citation: "Art. 38" status: MANUAL }
      checkable_requirements: 2 evaluated_requirements: 2 completeness_percent: 100
    }
    findings {
      rule_id: "GDPR-33-1" status: FAIL severity: HIGH subject: "breaches[0]" subject_id: "b-2026-01"
      title: "Breaches are notified to the CNIL within 72 hours"
      message: "Breach <b>b-2026-01</b> & \"co\" was not notified"
      references { framework: "GDPR" citation: "Art. 33(1)" requirement: "ART-33" }
      references { framework: "ISO27001_2022" citation: "A.5.26" }
      remediation: "Notify the CNIL & record the delay reason"
    }
    findings {
      rule_id: "SEC-EOS" status: ERROR severity: MEDIUM subject: "isms.assets[2]" subject_id: "a-pacs"
      title: "Assets are supported" message: "no such key: end_of_support"
      references { framework: "HDS_V2" citation: "4.3" }
    }
    findings {
      rule_id: "SEC-MFA" status: WAIVED severity: LOW subject: "isms.assets[0]" subject_id: "a-ehr"
      title: "Administrators use MFA" message: "Asset a-ehr has no MFA"
      references { framework: "ISO27001_2022" citation: "A.8.5" }
      remediation: "Enable MFA"
      waiver { rule_id: "SEC-MFA" subject: "isms.assets[0]" reason: "Migration in Q3" approver: "CISO" }
    }
    findings {
      rule_id: "GDPR-30-1" status: PASS severity: MEDIUM subject: "processing_activities[0]" subject_id: "pa-ehr"
      title: "The register is complete" references { framework: "GDPR" citation: "Art. 30(1)" }
    }
    findings {
      rule_id: "GDPR-35-1" status: NOT_APPLICABLE severity: HIGH subject: "processing_activities[0]"
      title: "A DPIA is done" references { framework: "GDPR" citation: "Art. 35" }
    }
  )pb";
  v1::Report report;
  google::protobuf::TextFormat::ParseFromString(kReport, &report);
  return report;
}

}  // namespace hdsc::report::testing
