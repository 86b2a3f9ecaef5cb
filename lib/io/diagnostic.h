// Located problems found while loading a file, positions in a text (line and column from a byte offset), and the
// map from field paths to source positions.
#ifndef HDSC_LIB_IO_DIAGNOSTIC_H_
#define HDSC_LIB_IO_DIAGNOSTIC_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace hdsc::io {

// A 1-based position in a text file. `column` counts Unicode code points, not bytes.
struct SourceLocation {
  int line = 0;
  int column = 0;

  friend bool operator==(const SourceLocation& a, const SourceLocation& b) {
    return a.line == b.line && a.column == b.column;
  }
};

// A text file with an index of its line starts, to turn byte offsets into lines and columns without rescanning.
class SourceText {
 public:
  // `text` must outlive this object.
  explicit SourceText(std::string_view text);

  std::string_view text() const { return text_; }

  // The byte offset of a position reported by protobuf's text-format tokenizer: 0-based `line`, and a 0-based
  // `column` in which a tab advances to the next multiple of 8. Clamped to the end of the line.
  size_t OffsetOfTokenizerPosition(int line, int column) const;

  // The 1-based line and code-point column of byte `offset` (inside a multi-byte code point: that code point).
  SourceLocation LocationOfOffset(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// One problem in a loaded file. Any of `line`/`column` (0 = unknown) and `field_path` (empty = unknown)
// may be missing: a syntax error has a position but may have no field, a problem found in binary input has a
// field path but no position.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  // Proto field names from the root message: `processing_activities[3].transfers[0].country`.
  std::string field_path;
  // One line, lower case, without the file or path: "expected a string, got number".
  std::string message;

  // `file:line:col: path: message`, leaving out the parts that are unknown.
  std::string ToString() const;
};

// At most this many diagnostics are kept for one file, so that a hostile or badly broken input cannot
// produce unbounded output or work; the rest of the file is not examined.
inline constexpr size_t kMaxDiagnostics = 1000;

// Appends `diagnostic` to `diagnostics` unless that already holds `kMaxDiagnostics`; the first diagnostic
// refused is replaced by a note (in `diagnostic.file`, without position) that reporting stopped. Returns
// false when the diagnostic was refused, so that the caller can stop looking for more.
bool AddDiagnostic(std::vector<Diagnostic>* diagnostics, Diagnostic diagnostic);

// The diagnostic for an input with more than `max_values` values (see `LoadOptions::max_values`), at `location`
// (line 0: unknown) in `file`.
Diagnostic TooManyValues(std::string_view file, SourceLocation location, int64_t max_values);

// Field paths of a loaded message mapped to where their values start in the source text. The root message
// has the empty path; repeated elements are `field[i]`, map entries `field["key"]`.
//
// Elements recorded in order (`list[0]`, `list[1]`, ...) cost 8 bytes each, kept in one array per list, so that
// a million records cost megabytes, not a string and a tree node each.
class SourceMap {
 public:
  // Records `location` for `path`; the first record of a path wins.
  void Add(std::string_view path, SourceLocation location);

  // The location recorded for `path`, if any.
  std::optional<SourceLocation> Find(std::string_view path) const;

  // The location of `path` or, failing that, of its nearest recorded ancestor (`a.b[2].c` -> `a.b[2]` ->
  // `a.b` -> `a` -> root), so that a problem with a missing field still points at its enclosing message.
  std::optional<SourceLocation> FindNearest(std::string_view path) const;

  bool empty() const { return size() == 0; }
  // The number of paths with a location.
  size_t size() const { return locations_.size() + element_count_ + stray_elements_.size(); }

  // For a spreadsheet, which has no lines: the cell each field path was read from ("Assets!D14"). The first
  // record of a path wins.
  void AddCell(std::string path, std::string cell);
  // The cell of `path` or of its nearest recorded ancestor, as `FindNearest`.
  std::optional<std::string> FindNearestCell(std::string_view path) const;

 private:
  // `list[i]` for i = 0 .. size-1, by list path.
  absl::flat_hash_map<std::string, std::vector<SourceLocation>> elements_;
  size_t element_count_ = 0;
  // Elements recorded out of order.
  std::map<std::string, SourceLocation, std::less<>> stray_elements_;
  // Every other path.
  std::map<std::string, SourceLocation, std::less<>> locations_;
  std::map<std::string, std::string, std::less<>> cells_;
};

// `path` without its last component (a trailing `[...]` index or key, or a `.name`): `a.b[2].c` -> `a.b[2]` ->
// `a.b` -> `a` -> the root (empty); nullopt for the root.
std::optional<std::string_view> ParentFieldPath(std::string_view path);

// `parent.name`, or `name` when `parent` is the root.
std::string JoinFieldPath(std::string_view parent, std::string_view name);

// Sorts by file, then position (unlocated last), then field path, keeping the relative order of equal diagnostics.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_DIAGNOSTIC_H_
