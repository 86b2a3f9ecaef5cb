// A small report with one finding of each status, shared by the writer tests.
#ifndef HDSC_LIB_REPORT_TEST_REPORT_H_
#define HDSC_LIB_REPORT_TEST_REPORT_H_

#include "lib/model/report.pb.h"

namespace hdsc::report::testing {

// Findings: FAIL HIGH GDPR-33-1 on breaches[0] (b-2026-01), whose message holds markup to escape; ERROR MEDIUM
// SEC-EOS on isms.assets[2]; WAIVED LOW SEC-MFA on isms.assets[0]; PASS and NOT_APPLICABLE findings; one
// framework (GDPR) with a failing and a passing requirement.
v1::Report SampleReport();

}  // namespace hdsc::report::testing

#endif  // HDSC_LIB_REPORT_TEST_REPORT_H_
