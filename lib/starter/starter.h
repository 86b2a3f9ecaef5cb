// Starter dossiers: what `hdscheck init` writes. A starter has every section the kind of organisation needs, the 93
// ISO/IEC 27001:2022 Annex A controls in its Statement of Applicability, and placeholders ("To fill in: ...",
// "À compléter : ...") where the organisation's own facts go. It validates, and it fails the check: a placeholder
// describes nothing (rule GDPR-DOSSIER-TODO) and the facts rules judge (dates, yes/no answers) are left unset, so the
// first `hdscheck check` is the to-do list.
#ifndef HDSC_LIB_STARTER_STARTER_H_
#define HDSC_LIB_STARTER_STARTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/base/language.h"
#include "lib/io/format.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::starter {

// The kinds of organisation a starter is written for, named as the bundled profiles: "hospital", "clinic",
// "hds-host".
const std::vector<std::string>& ProfileNames();

// How every placeholder starts: "To fill in: " in English, "À compléter : " in French.
std::string_view PlaceholderPrefix(base::Language language);

// The starter dossier for `profile` (one of `ProfileNames`), its placeholders in `language`. INVALID_ARGUMENT
// naming the profiles for another one.
absl::StatusOr<v1::Dossier> StarterDossier(std::string_view profile, base::Language language);

// The starter dossier written in `format`: kJson (the protobuf JSON mapping, field names as in the .proto files,
// two-space indentation), kTextproto (the text format, with notes in `language` as `#` comments: what each section
// and field is for and the text that requires it, and commented-out lines for the facts to add), kBinary (the
// wire format, deterministic), or kXlsx, kOds (a workbook with sheet names and headers in `language`,
// docs/spreadsheets.md). kAuto is kJson. The same arguments give the same bytes.
absl::StatusOr<std::string> WriteStarter(std::string_view profile, base::Language language, io::Format format);

}  // namespace hdsc::starter

#endif  // HDSC_LIB_STARTER_STARTER_H_
