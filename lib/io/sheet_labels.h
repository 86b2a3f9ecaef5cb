// The names a dossier workbook shows its reader: sheet names in English and French, and the French label of each
// field. This is the one place they are kept; the columns themselves come from the schema (lib/io/sheet_layout.h),
// so a field with no label here still gets a column, headed by its name in either language.
#ifndef HDSC_LIB_IO_SHEET_LABELS_H_
#define HDSC_LIB_IO_SHEET_LABELS_H_

#include <string_view>
#include <vector>

namespace hdsc::io {

struct SheetLabel {
  // The field path of the records the sheet holds, from the root message: "processors.sub_processors"; "" for the
  // root message's own fields.
  std::string_view path;
  std::string_view english;
  std::string_view french;
};

// Every labelled sheet, in the order a workbook shows them (sheets with no label come after, in schema order).
const std::vector<SheetLabel>& SheetLabels();

// The hidden sheet that holds the values of the drop-down lists; readers skip it.
inline constexpr std::string_view kListsSheetEnglish = "Lists";
inline constexpr std::string_view kListsSheetFrench = "Listes";

// Headers of the two columns of a sheet that shows one record: English, French.
inline constexpr std::string_view kFieldHeaderEnglish = "field";
inline constexpr std::string_view kFieldHeaderFrench = "Champ";
inline constexpr std::string_view kValueHeaderEnglish = "value";
inline constexpr std::string_view kValueHeaderFrench = "Valeur";

// The French label of field `field` of message `message` (its full name, "hdsc.v1.Asset"): the message's own label
// for it if there is one, else the label of that field name in any message; "" when there is none.
std::string_view FrenchFieldLabel(std::string_view message, std::string_view field);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_SHEET_LABELS_H_
