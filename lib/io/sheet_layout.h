// Where each field of a message goes in a workbook, derived from the message's descriptor alone: a field added to
// the schema gets a column with no code written for it.
//
// - The root message's own values are one sheet of (field, value) rows, and so is each singular message field of
//   the root (the organisation, the ISMS), its nested messages flattened into dotted names (`dpo.name`).
// - Every repeated message field reached through singular fields (`processing_activities`, `isms.assets`) is a
//   sheet with one row per element; nested singular messages are flattened into columns (`dpia.required`).
// - A repeated message field inside such an element (`processing_activities[].transfers`) is a sheet of its own,
//   whose first columns say which element each row belongs to (the parent's `id`, or `#N`, its position).
// - Scalars, enumerations, google.protobuf.Timestamp and Duration are one cell each; repeated ones a list in one
//   cell (lib/io/cell_syntax.h).
//
// Headers and sheet names are the field paths in English and the labels of lib/io/sheet_labels.h in French.
#ifndef HDSC_LIB_IO_SHEET_LAYOUT_H_
#define HDSC_LIB_IO_SHEET_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"

namespace hdsc::io {

enum class SheetLanguage { kEnglish, kFrench };

// "en" or "fr"; INVALID_ARGUMENT naming them otherwise.
absl::StatusOr<SheetLanguage> ParseSheetLanguage(std::string_view name);

// How a column's values are written in cells.
enum class ValueKind { kString, kBytes, kBool, kInt, kUint, kFloat, kDouble, kEnum, kTimestamp, kDuration };

struct SheetColumn {
  // From the record's message: singular message fields, then the field that holds the value.
  std::vector<const google::protobuf::FieldDescriptor*> path;
  ValueKind kind = ValueKind::kString;
  // The headers: the field path ("controller.name") and the French labels joined by " / ".
  std::string english;
  std::string french;

  const google::protobuf::FieldDescriptor* field() const { return path.back(); }
  // A list in one cell.
  bool repeated() const { return field()->is_repeated(); }
  const std::string& header(SheetLanguage language) const {
    return language == SheetLanguage::kFrench ? french : english;
  }
};

// The column of a child table that says which record of an enclosing table a row belongs to.
struct SheetKey {
  std::string english;  // "processors.id"
  std::string french;   // "Sous-traitant (identifiant)"
  const std::string& header(SheetLanguage language) const {
    return language == SheetLanguage::kFrench ? french : english;
  }
};

struct SheetTable {
  // The field path of the records from the root: "processors.sub_processors"; "" for the root message itself.
  std::string path_name;
  // A sheet of one record, as (field, value) rows; otherwise one row per element of a repeated field.
  bool single_record = false;
  const google::protobuf::Descriptor* message = nullptr;
  // The table whose records hold this one's, or -1 when the records are reached from the root.
  int parent = -1;
  // From the parent's record (or the root) to the repeated field whose elements are the rows, or to the singular
  // message a single-record sheet shows (empty for the root itself): all but the last are singular messages.
  std::vector<const google::protobuf::FieldDescriptor*> path;
  std::string english;
  std::string french;
  // One key per enclosing table, outermost first.
  std::vector<SheetKey> keys;
  std::vector<SheetColumn> columns;

  const std::string& name(SheetLanguage language) const {
    return language == SheetLanguage::kFrench ? french : english;
  }
};

struct SheetLayout {
  // Enclosing tables come before the tables they hold.
  std::vector<SheetTable> tables;
  // The order a workbook shows them in: labelled sheets in the order of lib/io/sheet_labels.h, then the others.
  std::vector<int> sheet_order;
  // Fields no sheet shows (a message type inside itself, google.protobuf.Any, Struct, wrappers, ...): the
  // writer refuses a message that has values there.
  std::vector<std::string> unsupported;
};

// The layout of `root`, built once per message type (thread-safe).
const SheetLayout& LayoutFor(const google::protobuf::Descriptor* root);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_SHEET_LAYOUT_H_
