// How values that are not plain text are written in one spreadsheet cell: lists (`a; b; "c; d"`), durations
// (`30d`, `72h`, `1.5s`), booleans (`true`, `oui`) and enumeration values (`HIGH` for RISK_LEVEL_HIGH).
// docs/spreadsheets.md describes the syntax for people.
#ifndef HDSC_LIB_IO_CELL_SYNTAX_H_
#define HDSC_LIB_IO_CELL_SYNTAX_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "lib/io/time_text.h"

namespace hdsc::io {

// Items separated by `; `. An item is written in double quotes (a quote inside doubled) when it is empty, holds a
// ';', starts with '"' or starts or ends with white space, so that `SplitList` gives back exactly `items`.
std::string JoinList(const std::vector<std::string>& items);

// The items of a list cell: separated by ';', white space around each ignored, empty unquoted items skipped
// (`a; b;` is two items); `"..."` quotes an item exactly, `""` inside it being one quote. INVALID_ARGUMENT for an
// unterminated quote or text after a closing quote.
absl::StatusOr<std::vector<std::string>> SplitList(std::string_view text);

// A duration in the largest unit that divides it: `30d`, `4h`, `90m`, `45s`, `-2d`; seconds with a fraction when
// it has one (`1.5s`); `0s`.
std::string FormatDurationText(SecondsAndNanos duration);

// A duration as one or more numbers with a unit each, optionally signed: `30d` (also `30j`), `72h`, `90m`, `1.5s`,
// `1d 12h`, `259200s` (the JSON form). Nullopt when it is none of these or beyond google.protobuf.Duration's range.
std::optional<SecondsAndNanos> ParseDurationText(std::string_view text);

// `true`/`false`, `yes`/`no`, `oui`/`non`, `vrai`/`faux`, `1`/`0`, in any case; nullopt otherwise.
std::optional<bool> ParseBoolText(std::string_view text);

// An enumeration value's name without the prefix its type gives all of them: `HIGH` for RISK_LEVEL_HIGH of
// RiskLevel. The full name when the values do not all share the prefix.
std::string ShortEnumName(const google::protobuf::EnumValueDescriptor* value);

// The value `text` names: its full or short name, in any case, or its number; nullptr for none.
const google::protobuf::EnumValueDescriptor* FindEnumValue(const google::protobuf::EnumDescriptor* type,
                                                           std::string_view text);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_CELL_SYNTAX_H_
