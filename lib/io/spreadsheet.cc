#include "lib/io/spreadsheet.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/io/cnil_register.h"
#include "lib/io/ods.h"
#include "lib/io/sheet_mapping.h"
#include "lib/io/xlsx.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {

bool ReadSpreadsheet(std::string_view bytes, Format format, std::string_view file,
                     const SpreadsheetReadOptions& options, google::protobuf::Message* message, SourceMap* source_map,
                     std::vector<Diagnostic>* diagnostics, std::vector<Diagnostic>* warnings) {
  message->Clear();
  absl::StatusOr<Workbook> workbook =
      format == Format::kOds ? ReadOds(bytes, options.limits) : ReadXlsx(bytes, options.limits);
  if (!workbook.ok()) {
    const std::string kind = format == Format::kOds ? "an OpenDocument spreadsheet (.ods)" : "an .xlsx workbook";
    std::string reason(workbook.status().message());
    if (workbook.status().code() == absl::StatusCode::kInvalidArgument) reason = absl::StrCat("not readable as ", kind, ": ", reason);
    AddDiagnostic(diagnostics, Diagnostic{std::string(file), 0, 0, "", reason});
    return false;
  }
  if (HasLayoutSheets(*workbook, message->GetDescriptor())) {
    return WorkbookToMessage(*workbook, file, SheetReadOptions{options.allow_unknown_fields}, message, source_map,
                             diagnostics);
  }
  if (auto* dossier = dynamic_cast<hdsc::v1::Dossier*>(message); dossier != nullptr && LooksLikeCnilRegister(*workbook)) {
    ImportCnilRegister(*workbook, file, dossier, source_map, warnings);
    return true;
  }
  const SheetLayout& layout = LayoutFor(message->GetDescriptor());
  std::string expected;
  for (size_t i = 0; i < layout.sheet_order.size() && i < 3; ++i) {
    const SheetTable& table = layout.tables[layout.sheet_order[i]];
    absl::StrAppend(&expected, i == 0 ? "" : ", ", "'", table.english, "' ('", table.french, "')");
  }
  std::string message_text = absl::StrCat("no sheet of this workbook is one hdsc reads: expected sheets such as ",
                                          expected);
  if (message->GetDescriptor() == hdsc::v1::Dossier::descriptor()) {
    absl::StrAppend(&message_text, ", or the CNIL's register model (a 'Registre' sheet and 'Fiche' sheets)");
  }
  AddDiagnostic(diagnostics, Diagnostic{std::string(file), 0, 0, "", message_text});
  return false;
}

absl::StatusOr<std::string> WriteSpreadsheet(const google::protobuf::Message& message, Format format,
                                             SheetLanguage language, std::string_view file,
                                             std::vector<Diagnostic>* problems) {
  const size_t before = problems->size();
  const Workbook workbook = MessageToWorkbook(message, language, file, problems);
  if (problems->size() > before) {
    return absl::InvalidArgumentError(absl::StrCat((*problems)[before].ToString(),
                                                   problems->size() - before > 1 ? " (and more problems)" : ""));
  }
  return format == Format::kOds ? WriteOds(workbook) : WriteXlsx(workbook);
}

}  // namespace hdsc::io
