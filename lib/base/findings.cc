#include "lib/base/findings.h"

namespace hdsc::base {

using v1::Finding;
using v1::Rule;

int StatusRank(Finding::Status status) {
  switch (status) {
    case Finding::FAIL: return 0;
    case Finding::ERROR: return 1;
    case Finding::WAIVED: return 2;
    case Finding::MANUAL: return 3;
    case Finding::PASS: return 4;
    case Finding::NOT_APPLICABLE: return 5;
    default: return 6;
  }
}

bool InReportOrder(const Finding& a, const Finding& b) {
  if (StatusRank(a.status()) != StatusRank(b.status())) return StatusRank(a.status()) < StatusRank(b.status());
  if (a.severity() != b.severity()) return a.severity() > b.severity();
  return a.rule_id() < b.rule_id();
}

void CountFinding(Finding::Status status, Rule::Severity severity, v1::Counts* counts, int64_t n) {
  switch (status) {
    case Finding::PASS: counts->set_pass(counts->pass() + n); break;
    case Finding::NOT_APPLICABLE: counts->set_not_applicable(counts->not_applicable() + n); break;
    case Finding::ERROR: counts->set_error(counts->error() + n); break;
    case Finding::WAIVED: counts->set_waived(counts->waived() + n); break;
    case Finding::MANUAL: counts->set_manual(counts->manual() + n); break;
    case Finding::FAIL:
      counts->set_fail(counts->fail() + n);
      switch (severity) {
        case Rule::SEVERITY_UNSPECIFIED: break;
        case Rule::CRITICAL: counts->set_fail_critical(counts->fail_critical() + n); break;
        case Rule::HIGH: counts->set_fail_high(counts->fail_high() + n); break;
        case Rule::MEDIUM: counts->set_fail_medium(counts->fail_medium() + n); break;
        case Rule::LOW: counts->set_fail_low(counts->fail_low() + n); break;
        case Rule::INFO: counts->set_fail_info(counts->fail_info() + n); break;
        default: break;
      }
      break;
    default:
      break;
  }
}

std::string FindingKey(const v1::Finding& finding) {
  return finding.subject_id().empty() ? finding.rule_id() + " path:" + finding.subject()
                                      : finding.rule_id() + " id:" + finding.subject_id();
}

}  // namespace hdsc::base
