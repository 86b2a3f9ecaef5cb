// XML for the parts of spreadsheets: a streaming reader over expat that refuses document type declarations (so no
// entity can be defined, expanded or fetched), and a writer that escapes every text and attribute it is given.
#ifndef HDSC_LIB_IO_XML_H_
#define HDSC_LIB_IO_XML_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace hdsc::io {

// An element or attribute name with its namespace URI resolved (empty for none), whatever prefix the document
// used for it.
struct XmlName {
  std::string_view ns;
  std::string_view local;
};

// The attributes of a start tag.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char** attributes) : attributes_(attributes) {}
  // The value of the attribute named `local` in namespace `ns` ("" for an unprefixed attribute); nullptr if absent.
  const char* Find(std::string_view local, std::string_view ns = "") const;

 private:
  const char** attributes_;
};

// What a streaming parse reports, in document order. A handler stops the parse by calling `Fail`.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void StartElement(const XmlName& name, const XmlAttributes& attributes) = 0;
  virtual void EndElement(const XmlName& name) = 0;
  // Character data, possibly in several pieces for one text node.
  virtual void Text(std::string_view text) = 0;

  // Stops the parse: `ParseXml` returns `status` (the first one given).
  void Fail(absl::Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

struct XmlLimits {
  // Elements nested deeper than this are refused.
  int max_depth = 128;
};

// Parses `xml` (UTF-8 or UTF-16 with a byte order mark, as XML allows), calling `handler`. A document type
// declaration (<!DOCTYPE ...>) is refused, which leaves only the five predefined entities and character
// references: no entity expansion, no external entity. Errors are INVALID_ARGUMENT naming `part` with the line
// and column ("xl/workbook.xml:3:14: not well-formed (invalid token)"), or the handler's own status.
absl::Status ParseXml(std::string_view xml, std::string_view part, XmlHandler& handler,
                      const XmlLimits& limits = {});

// Writes an XML document: element names and attribute names are the caller's constants; every text and attribute
// value is escaped. A value that XML 1.0 cannot hold (a control character other than tab, line feed and carriage
// return, U+FFFE, U+FFFF, or invalid UTF-8) makes `Finish` fail.
class XmlWriter {
 public:
  // Starts with `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`.
  XmlWriter();

  // `<name`: attributes follow until the next `Text`, `Open` or `Close`.
  XmlWriter& Open(std::string_view name);
  XmlWriter& Attribute(std::string_view name, std::string_view value);
  // Character data inside the open element. Carriage returns are written as `&#13;` so that they survive a
  // parser's line-end normalisation.
  XmlWriter& Text(std::string_view text);
  // Ends the innermost open element: `/>` when it has no content.
  XmlWriter& Close();
  // `Open(name)`, `Text(text)`, `Close()`.
  XmlWriter& Element(std::string_view name, std::string_view text);

  // The document; INVALID_ARGUMENT naming the first value XML cannot hold; INTERNAL if elements are left open.
  absl::StatusOr<std::string> Finish();

 private:
  void EndStartTag();
  void Escape(std::string_view text, bool attribute);

  std::string out_;
  std::vector<std::string> open_;
  bool in_start_tag_ = false;
  absl::Status status_;
};

// Whether every character of `text` may appear in an XML 1.0 document (tab, line feed, carriage return, and
// U+0020 and above except U+FFFE and U+FFFF; well-formed UTF-8).
bool IsXmlText(std::string_view text);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_XML_H_
