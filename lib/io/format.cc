#include "lib/io/format.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::io {

using base::AsAbsl;

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kJson:
      return "json";
    case Format::kTextproto:
      return "textproto";
    case Format::kBinary:
      return "binary";
  }
  return "auto";
}

absl::StatusOr<Format> ParseFormatName(std::string_view name) {
  if (name == "json") return Format::kJson;
  if (name == "textproto") return Format::kTextproto;
  if (name == "binary") return Format::kBinary;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format '", AsAbsl(name), "' (expected json, textproto or binary)"));
}

absl::StatusOr<Format> FormatFromPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  const std::string extension =
      dot == std::string_view::npos ? std::string() : absl::AsciiStrToLower(AsAbsl(base.substr(dot + 1)));
  if (extension == "json") return Format::kJson;
  if (extension == "textproto" || extension == "txtpb" || extension == "pbtxt" || extension == "textpb") {
    return Format::kTextproto;
  }
  if (extension == "pb" || extension == "binpb") return Format::kBinary;
  return absl::InvalidArgumentError(absl::StrCat(
      AsAbsl(path), ": cannot tell the format from the file name (use .json, .textproto, .txtpb, .pbtxt, .textpb, "
            ".pb or .binpb, or give the format explicitly)"));
}

absl::StatusOr<Format> ResolveFormat(Format requested, std::string_view path) {
  if (requested != Format::kAuto) return requested;
  return FormatFromPath(path);
}

namespace {

// Whether `bytes` is UTF-8 text with no control characters besides tab, newline and carriage return: what a
// textproto dossier looks like and a binary one, whose tags and lengths are small bytes, almost never does.
bool LooksLikeText(std::string_view bytes) {
  if (base::FirstInvalidUtf8(bytes) != std::string_view::npos) return false;
  for (const char c : bytes) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

Format DetectFormat(Format requested, std::string_view name, std::string_view bytes) {
  if (requested != Format::kAuto) return requested;
  if (absl::StatusOr<Format> by_name = FormatFromPath(name); by_name.ok()) return *by_name;
  std::string_view content = bytes;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  const size_t start = content.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && content[start] == '{') return Format::kJson;
  return LooksLikeText(bytes) ? Format::kTextproto : Format::kBinary;
}

}  // namespace hdsc::io
