// Checks on a dossier that its schema cannot express: unique ids, references that resolve, Annex A control
// ids, ISO 3166-1 country codes and dates in a possible order.
#ifndef HDSC_LIB_IO_VALIDATE_H_
#define HDSC_LIB_IO_VALIDATE_H_

#include <string_view>
#include <vector>

#include "lib/io/diagnostic.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {

// Returns every problem found in `dossier`, not only the first, each with its field path and, where
// `source_map` knows the path (or an ancestor), its line and column in `file`:
// - an `id` repeated within one list (two assets "srv-1", two Statement of Applicability lines "5.1");
// - a reference (`processor_ids`, `hosting_processor_id`, `evidence_ids`, `asset_ids`, `zone_id`,
//   `processing_activity_ids`, ...) to an id that no record of the referenced kind has, with a suggestion
//   when an existing id is close;
// - a Statement of Applicability line or a `control_ids` entry that is not an ISO/IEC 27001:2022 Annex A
//   control;
// - a `country`/`*_country`/`*_countries` value that is not an assigned ISO 3166-1 alpha-2 code;
// - dates in an impossible order (a breach notified before it was known, a certificate that expires before
//   it was issued, a request answered before it was received, ...).
// Empty strings and absent dates are not checked here; rule packs decide what is mandatory.
std::vector<Diagnostic> ValidateDossier(const hdsc::v1::Dossier& dossier, const SourceMap& source_map,
                                        std::string_view file);

namespace internal {

// A string field (singular or repeated) that holds ids of records of `target_type` (a full message name),
// or of Annex A controls when `target_type` is empty.
struct ReferenceField {
  std::string_view field_name;
  std::string_view target_type;
};

// Every reference field name of the schema and what it refers to. Fields named `*_id`/`*_ids` that refer to
// something outside the dossier are listed by `ExternalIdFields`.
const std::vector<ReferenceField>& ReferenceFields();

// `*_id`/`*_ids` fields whose ids live outside the dossier (rule packs): not checked here.
const std::vector<std::string_view>& ExternalIdFields();

// Two timestamp fields of one message type where `later` may not precede `earlier`.
struct DateOrder {
  std::string_view message_type;
  std::string_view earlier;
  std::string_view later;
  std::string_view why;  // completes "<later> is before <earlier>: ..."
};

const std::vector<DateOrder>& DateOrders();

}  // namespace internal
}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_VALIDATE_H_
