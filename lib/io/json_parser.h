// A strict JSON (RFC 8259) scanner that keeps the source position of every value, for error messages that
// point at the exact line and column. It builds no document tree: a reader pulls one value at a time
// (`Peek`, then `ReadScalar`, `EnterObject`/`NextMember`, `EnterArray`/`NextElement` or `SkipValue`) and
// converts it as it goes, so memory does not grow with the document. `json_reader.h` maps the values onto
// protobuf messages this way.
#ifndef HDSC_LIB_IO_JSON_PARSER_H_
#define HDSC_LIB_IO_JSON_PARSER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "lib/io/diagnostic.h"

namespace hdsc::io {

enum class JsonKind { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "boolean", "number", "string", "array" or "object".
std::string_view JsonKindName(JsonKind kind);

// Arrays and objects nested deeper than this are refused (by default), which bounds the recursion of every
// reader.
inline constexpr int kDefaultMaxJsonDepth = 64;

// The byte offset of the first byte of `text` that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or nullopt if all of it is well-formed.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// The 1-based line and code-point column of byte `offset` in `text` (which must be valid UTF-8 up to it).
// Lines and columns beyond the range of `int` are held at its maximum.
SourceLocation LocationOfOffset(std::string_view text, size_t offset);

// Pulls the values of one JSON document out of `text`, checking its syntax on the way. Every syntax error is
// fatal: it is appended to the diagnostics (naming `file`, with line and column) and every later call
// returns false. A key repeated within one object is reported too, but scanning goes on: the first
// occurrence is the one returned, the later ones are skipped. Nesting deeper than `max_depth` and more than
// `max_values` values (every object, array, member value and element counts) are fatal errors as well.
//
// A reader calls `Start`, reads exactly one value, then calls `Finish`. A value is read by calling `Peek`
// for its kind and position, then exactly one of `ReadScalar` (null, boolean, number, string),
// `EnterObject` (then `NextMember` until it says the object ended, reading one value per member),
// `EnterArray` (then `NextElement` likewise) or `SkipValue`.
class JsonScanner {
 public:
  // A null, boolean, number or string value.
  struct Scalar {
    JsonKind kind = JsonKind::kNull;
    bool boolean = false;
    // kNumber: the number exactly as written; kString: the decoded UTF-8 text. Valid until the next call.
    std::string_view text;
  };

  // `text` and `diagnostics` must outlive the scanner.
  JsonScanner(std::string_view text, std::string_view file, int max_depth, int64_t max_values,
              std::vector<Diagnostic>* diagnostics);

  JsonScanner(const JsonScanner&) = delete;
  JsonScanner& operator=(const JsonScanner&) = delete;

  // Lets the owner of the text give its memory back as scanning goes past it: now and then, between two elements
  // of an array, `release` is called with an offset before which the text is not read again. The keys of the
  // enclosing objects that `NextMember` returned are then no longer valid (a reader copies any it needs once it
  // reads the member's value). Call before `Start`.
  void ReleaseTextAsRead(std::function<void(size_t offset)> release);

  // Refuses invalid UTF-8 (anywhere in the text, with its position) and an input without a value; skips a
  // UTF-8 byte order mark.
  bool Start();
  // Refuses anything but whitespace after the document's value.
  bool Finish();

  // Whether a fatal error stopped scanning.
  bool failed() const { return failed_; }

  // The kind and position of the value at the cursor, without consuming it (calling it twice is harmless).
  bool Peek(JsonKind* kind, SourceLocation* location);
  // Consumes the null, boolean, number or string at the cursor (false, without a diagnostic, if the value
  // at the cursor is an array or an object: `Peek` first).
  bool ReadScalar(Scalar* out);
  // Consumes the '{' at the cursor.
  bool EnterObject();
  // Moves to the next member of the innermost object entered: sets `*more` and, when true, `*key` (valid
  // until that object ends) and `*key_location`; the member's value is then at the cursor. When `*more` is
  // false the object has ended.
  bool NextMember(bool* more, std::string_view* key, SourceLocation* key_location);
  // Consumes the '[' at the cursor.
  bool EnterArray();
  // Moves to the next element of the innermost array entered: sets `*more`; when true the element is at the
  // cursor, when false the array has ended.
  bool NextElement(bool* more);
  // Consumes the value at the cursor, checking its syntax and counting its values.
  bool SkipValue();

 private:
  // One open object or array.
  struct Frame {
    SourceLocation start;
    bool first = true;
    // Objects: the keys seen, searched linearly while few, through `key_set` once many.
    std::vector<std::string_view> keys;
    absl::flat_hash_set<std::string_view> key_set;
    // Keys that needed unescaping or whose text was released, which `keys` point into (a deque never moves its
    // elements).
    std::deque<std::string> owned_keys;
  };

  bool AtEnd() const { return pos_ >= text_.size(); }
  unsigned char PeekByte() const { return static_cast<unsigned char>(text_[pos_]); }
  SourceLocation Here() const;
  void Advance();
  void SkipWhitespace();
  bool Fail(SourceLocation location, std::string message);
  std::string DescribeNext() const;
  bool ConsumeLiteral(std::string_view literal);
  bool ConsumeDigits();
  bool ReadNumber(std::string_view* out);
  bool ReadHex4(SourceLocation escape_location, uint32_t* out);
  // Reads the string at the cursor into `*out`, pointing into the text when it has no escapes and into
  // `*buffer` otherwise.
  bool ReadString(std::string_view* out, std::string* buffer);
  bool Enter(JsonKind kind);
  // Whether `key` is new in `frame`, remembering it.
  bool InsertKey(Frame* frame, std::string_view key, const std::string* unescaped);
  // Calls `release_` with the cursor, first copying the open objects' keys that point into the text.
  void ReleaseText();

  std::string_view text_;
  std::string_view file_;
  int max_depth_;
  int64_t max_values_;
  std::vector<Diagnostic>* diagnostics_;
  bool failed_ = false;
  int64_t values_ = 0;
  // The offset of the value counted last, so that peeking twice counts once.
  size_t counted_at_ = std::string_view::npos;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t column_ = 1;
  // Open containers, innermost last; `depth_` of them are in use (the rest keep their buffers for reuse). A deque,
  // as `keys` point into the frames' own `owned_keys`, which must not move when a deeper frame is added.
  std::deque<Frame> frames_;
  size_t depth_ = 0;
  std::string string_buffer_;
  std::function<void(size_t)> release_;
  size_t next_release_ = 0;
};

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_JSON_PARSER_H_
