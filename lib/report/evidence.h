// Checking the evidence a dossier names against the files themselves: each `Dossier.evidence` record's
// `location`, taken relative to an evidence root, must exist, have the recorded SHA-256, and still be valid.
// Problems become findings against the records that cite the evidence (`evidence_ids`), so they show in every
// report format next to the rule findings.
#ifndef HDSC_LIB_REPORT_EVIDENCE_H_
#define HDSC_LIB_REPORT_EVIDENCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/model/dossier.pb.h"
#include "lib/model/report.pb.h"

namespace hdsc::report {

// Rule ids of evidence findings.
inline constexpr char kEvidenceMissingRule[] = "HDSC-EVIDENCE-MISSING";    // no file at the location
inline constexpr char kEvidenceDigestRule[] = "HDSC-EVIDENCE-DIGEST";      // content differs from `sha256`
inline constexpr char kEvidenceExpiredRule[] = "HDSC-EVIDENCE-EXPIRED";    // `valid_until` is past
inline constexpr char kEvidenceLocationRule[] = "HDSC-EVIDENCE-LOCATION";  // location outside the root (ERROR)

struct EvidenceCheckOptions {
  // The directory evidence locations are relative to. Locations that leave it (absolute paths, `..`, symbolic
  // links pointing outside) are refused.
  std::string root;
  // Validity is judged at this time (the report's `now`).
  absl::Time now = absl::UnixEpoch();
  // "en" or "fr".
  std::string language = "en";
};

struct EvidenceCheckResult {
  // FAIL (or, for a refused location, ERROR) findings, one per problem and citing record; a record cited by
  // nothing gets its findings on itself (`evidence[i]`).
  std::vector<v1::Finding> findings;
  // Evidence that could not be checked, e.g. a URL location.
  std::vector<std::string> warnings;
};

// Checks every evidence record of `dossier`. NOT_FOUND or FAILED_PRECONDITION when `options.root` is not a
// readable directory; problems with single files are findings.
absl::StatusOr<EvidenceCheckResult> CheckEvidence(const v1::Dossier& dossier, const EvidenceCheckOptions& options);

// Adds `result` to `report`: findings in the report's order (status, severity, rule id), counts updated,
// warnings appended.
void AddEvidenceFindings(const EvidenceCheckResult& result, v1::Report* report);

struct FileDigest {
  // Relative to the directory hashed, with '/' separators.
  std::string path;
  std::string sha256;
};

// Every regular file under `root` (symbolic links are not followed), sorted by path.
absl::StatusOr<std::vector<FileDigest>> HashDirectory(const std::string& root);

}  // namespace hdsc::report

#endif  // HDSC_LIB_REPORT_EVIDENCE_H_
