#include "lib/io/xml.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "expat.h"
#include "lib/io/json_parser.h"

namespace hdsc::io {
namespace {

// Separates a namespace URI from the local name in the names expat reports (a URI holds no space).
constexpr char kNamespaceSeparator = ' ';

XmlName SplitName(const char* name) {
  const std::string_view full(name);
  const size_t separator = full.find(kNamespaceSeparator);
  if (separator == std::string_view::npos) return XmlName{"", full};
  return XmlName{full.substr(0, separator), full.substr(separator + 1)};
}

// The state expat's callbacks share.
struct Parse {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  int max_depth = 0;
  int depth = 0;
  absl::Status refused;  // a document type declaration or nesting too deep
  std::string part;

  void Stop(absl::Status status) {
    if (refused.ok()) refused = std::move(status);
    XML_StopParser(parser, XML_FALSE);
  }

  std::string Where() const {
    return absl::StrCat(part, ":", XML_GetCurrentLineNumber(parser), ":", XML_GetCurrentColumnNumber(parser) + 1);
  }
};

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  Parse& parse = *static_cast<Parse*>(data);
  if (++parse.depth > parse.max_depth) {
    parse.Stop(absl::InvalidArgumentError(
        absl::StrCat(parse.Where(), ": elements nested deeper than ", parse.max_depth, " levels")));
    return;
  }
  parse.handler->StartElement(SplitName(name), XmlAttributes(attributes));
  if (!parse.handler->status().ok()) XML_StopParser(parse.parser, XML_FALSE);
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  Parse& parse = *static_cast<Parse*>(data);
  --parse.depth;
  parse.handler->EndElement(SplitName(name));
  if (!parse.handler->status().ok()) XML_StopParser(parse.parser, XML_FALSE);
}

void XMLCALL OnText(void* data, const XML_Char* text, int length) {
  Parse& parse = *static_cast<Parse*>(data);
  parse.handler->Text(std::string_view(text, static_cast<size_t>(length)));
  if (!parse.handler->status().ok()) XML_StopParser(parse.parser, XML_FALSE);
}

void XMLCALL OnDoctype(void* data, const XML_Char* /*name*/, const XML_Char* /*sysid*/, const XML_Char* /*pubid*/,
                       int /*has_internal_subset*/) {
  Parse& parse = *static_cast<Parse*>(data);
  parse.Stop(absl::InvalidArgumentError(absl::StrCat(
      parse.Where(), ": document type declarations are refused (they can define entities that expand or load "
                     "other files; no spreadsheet part has one)")));
}

// Frees the parser on every path out of `ParseXml`.
struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

}  // namespace

const char* XmlAttributes::Find(std::string_view local, std::string_view ns) const {
  if (attributes_ == nullptr) return nullptr;
  for (const char** attribute = attributes_; attribute[0] != nullptr; attribute += 2) {
    const XmlName name = SplitName(attribute[0]);
    if (name.local == local && name.ns == ns) return attribute[1];
  }
  return nullptr;
}

absl::Status ParseXml(std::string_view xml, std::string_view part, XmlHandler& handler, const XmlLimits& limits) {
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  if (parser == nullptr) return absl::ResourceExhaustedError("cannot create an XML parser");
  Parse parse;
  parse.parser = parser.get();
  parse.handler = &handler;
  parse.max_depth = limits.max_depth;
  parse.part = std::string(part);
  XML_SetUserData(parser.get(), &parse);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);

  constexpr size_t kChunk = size_t{16} << 20;
  size_t offset = 0;
  do {
    const size_t length = std::min(kChunk, xml.size() - offset);
    const bool last = offset + length == xml.size();
    if (XML_Parse(parser.get(), xml.data() + offset, static_cast<int>(length), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      if (!parse.refused.ok()) return parse.refused;
      if (!handler.status().ok()) return handler.status();
      return absl::InvalidArgumentError(
          absl::StrCat(parse.Where(), ": ", XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    offset += length;
  } while (offset < xml.size());
  return handler.status();
}

bool IsXmlText(std::string_view text) {
  if (FindInvalidUtf8(text).has_value()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      return false;
    }
  }
  return true;
}

XmlWriter::XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"; }

void XmlWriter::EndStartTag() {
  if (in_start_tag_) {
    out_ += '>';
    in_start_tag_ = false;
  }
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  EndStartTag();
  out_ += '<';
  out_ += name;
  open_.emplace_back(name);
  in_start_tag_ = true;
  return *this;
}

XmlWriter& XmlWriter::Attribute(std::string_view name, std::string_view value) {
  if (!in_start_tag_) {
    if (status_.ok()) status_ = absl::InternalError(absl::StrCat("XML attribute '", std::string(name), "' outside a start tag"));
    return *this;
  }
  out_ += ' ';
  out_ += name;
  out_ += "=\"";
  Escape(value, /*attribute=*/true);
  out_ += '"';
  return *this;
}

XmlWriter& XmlWriter::Text(std::string_view text) {
  EndStartTag();
  Escape(text, /*attribute=*/false);
  return *this;
}

XmlWriter& XmlWriter::Close() {
  if (open_.empty()) {
    if (status_.ok()) status_ = absl::InternalError("XML element closed twice");
    return *this;
  }
  if (in_start_tag_) {
    out_ += "/>";
    in_start_tag_ = false;
  } else {
    out_ += "</";
    out_ += open_.back();
    out_ += '>';
  }
  open_.pop_back();
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) { return Open(name).Text(text).Close(); }

void XmlWriter::Escape(std::string_view text, bool attribute) {
  if (status_.ok() && !IsXmlText(text)) {
    status_ = absl::InvalidArgumentError("a text holds a control character or invalid UTF-8, which XML cannot hold");
  }
  for (char c : text) {
    switch (c) {
      case '&':
        out_ += "&amp;";
        break;
      case '<':
        out_ += "&lt;";
        break;
      case '>':
        out_ += "&gt;";
        break;
      case '"':
        out_ += attribute ? "&quot;" : "\"";
        break;
      case '\r':
        out_ += "&#13;";
        break;
      case '\n':
        out_ += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out_ += attribute ? "&#9;" : "\t";
        break;
      default:
        out_ += c;
    }
  }
}

absl::StatusOr<std::string> XmlWriter::Finish() {
  if (!status_.ok()) return status_;
  if (!open_.empty()) return absl::InternalError(absl::StrCat("XML element <", open_.back(), "> left open"));
  return std::move(out_);
}

}  // namespace hdsc::io
