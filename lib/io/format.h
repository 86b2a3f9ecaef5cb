// The encodings a dossier may be written in, and how one is chosen for a file.
#ifndef HDSC_LIB_IO_FORMAT_H_
#define HDSC_LIB_IO_FORMAT_H_

#include <string_view>

#include "absl/status/statusor.h"

namespace hdsc::io {

enum class Format {
  kAuto,       // choose from the file name's extension
  kJson,       // protobuf JSON mapping: .json
  kTextproto,  // protobuf text format: .textproto, .txtpb, .pbtxt, .textpb
  kBinary,     // protobuf wire format: .pb, .binpb
  kXlsx,       // Office Open XML spreadsheet: .xlsx (docs/spreadsheets.md)
  kOds,        // OpenDocument spreadsheet: .ods
};

// "json", "textproto", "binary", "xlsx", "ods" or "auto".
std::string_view FormatName(Format format);

// The inverse of `FormatName` for the concrete formats (as given to `--format`); INVALID_ARGUMENT otherwise.
absl::StatusOr<Format> ParseFormatName(std::string_view name);

// The format named by `path`'s extension (case-insensitive). INVALID_ARGUMENT naming the path when the
// extension is missing or not one of those listed on `Format`.
absl::StatusOr<Format> FormatFromPath(std::string_view path);

// `requested` unless it is `kAuto`, in which case the format of `path`'s extension.
absl::StatusOr<Format> ResolveFormat(Format requested, std::string_view path);

// Whether `format` is a spreadsheet (.xlsx, .ods): a zip archive, not text.
inline bool IsSpreadsheet(Format format) { return format == Format::kXlsx || format == Format::kOds; }

// The format to read `bytes` named `name` in: `requested` unless it is `kAuto`; else that of `name`'s extension;
// else a guess from the content: a zip archive ("PK\3\4") is an OpenDocument spreadsheet when its first entry is
// the `mimetype` saying so, an .xlsx otherwise; JSON if it starts with '{' (after a byte-order mark and white space),
// the text format if it is UTF-8 text without control characters, binary otherwise. Never kAuto.
Format DetectFormat(Format requested, std::string_view name, std::string_view bytes);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_FORMAT_H_
