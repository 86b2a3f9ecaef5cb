// Orders and counts of findings (hdsc.v1.Finding), shared by the checker, evidence checks and the writers.
#ifndef HDSC_LIB_BASE_FINDINGS_H_
#define HDSC_LIB_BASE_FINDINGS_H_

#include <cstdint>
#include <string>

#include "lib/model/report.pb.h"

namespace hdsc::base {

// The rank of `status`, worst first: FAIL 0, ERROR 1, WAIVED 2, MANUAL 3, PASS 4, NOT_APPLICABLE 5, anything
// else 6. What a reader must look at comes first in a report.
int StatusRank(v1::Finding::Status status);

// The report's order of findings: by status rank, then severity (highest first), then rule id.
bool InReportOrder(const v1::Finding& a, const v1::Finding& b);

// Adds `n` findings of `status` to `counts`; a FAIL also counts under its `severity` (nowhere when
// SEVERITY_UNSPECIFIED, as requirements fail without a severity of their own).
void CountFinding(v1::Finding::Status status, v1::Rule::Severity severity, v1::Counts* counts, int64_t n = 1);

// What identifies a finding from one report to the next, for baselines, diffs and SARIF `partialFingerprints`: its
// rule and its subject's own id ("GDPR-33-1 id:br-2024-03"), so that inserting or reordering records changes
// nothing; a subject without an id falls back to its path ("GDPR-33-1 path:organization").
std::string FindingKey(const v1::Finding& finding);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_FINDINGS_H_
