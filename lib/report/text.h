// A report as text for a person at a terminal: a summary, each framework's requirements worst first, then every
// finding that needs attention with its citation and remediation.
#ifndef HDSC_LIB_REPORT_TEXT_H_
#define HDSC_LIB_REPORT_TEXT_H_

#include <string>

#include "lib/base/compact_findings.h"
#include "lib/model/report.pb.h"

namespace hdsc::report {

struct TextOptions {
  // ANSI colours for statuses (only for a terminal).
  bool color = false;
  // List PASS and NOT_APPLICABLE findings too.
  bool verbose = false;
};

// Renders `report` in its own language (`report.language()`); `Render(report, Format::kText, options)` calls this
// with `options.text` and `options.compact_findings` (the findings a check kept compactly; null for none).
std::string RenderText(const v1::Report& report, const TextOptions& options,
                       const base::CompactFindings* compact_findings = nullptr);

}  // namespace hdsc::report

#endif  // HDSC_LIB_REPORT_TEXT_H_
