#include "lib/io/diagnostic.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::io {

using base::AsAbsl;

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) {
    absl::StrAppend(&out, ":", line);
    if (column > 0) absl::StrAppend(&out, ":", column);
  }
  if (!field_path.empty()) absl::StrAppend(&out, out.empty() ? "" : ": ", field_path);
  absl::StrAppend(&out, out.empty() ? "" : ": ", message);
  return out;
}

bool AddDiagnostic(std::vector<Diagnostic>* diagnostics, Diagnostic diagnostic) {
  if (diagnostics->size() < kMaxDiagnostics) {
    diagnostics->push_back(std::move(diagnostic));
    return true;
  }
  if (diagnostics->size() == kMaxDiagnostics) {
    diagnostics->push_back(Diagnostic{std::move(diagnostic.file), 0, 0, "",
                                      absl::StrCat("too many problems: only the first ", kMaxDiagnostics,
                                                   " are reported")});
  }
  return false;
}

Diagnostic TooManyValues(std::string_view file, SourceLocation location, int64_t max_values) {
  return Diagnostic{std::string(file), location.line, location.column, "",
                    absl::StrCat("more than ", max_values,
                                 " values (objects, fields and list elements), the limit for one input; raise the "
                                 "value limit (max_values), or the input size limit it follows by default")};
}

namespace {

// Splits `list[7]` into `list` and 7; false for any other path (a map key is quoted, so never all digits).
bool SplitElementPath(std::string_view path, std::string_view* list, size_t* index) {
  if (path.size() < 3 || path.back() != ']') return false;
  size_t open = path.size() - 1;
  while (open > 0 && path[open - 1] >= '0' && path[open - 1] <= '9') --open;
  if (open == 0 || open == path.size() - 1 || path[open - 1] != '[' || path.size() - 1 - open > 18) return false;
  size_t value = 0;
  for (size_t i = open; i + 1 < path.size(); ++i) value = value * 10 + static_cast<size_t>(path[i] - '0');
  *list = path.substr(0, open - 1);
  *index = value;
  return true;
}

}  // namespace

void SourceMap::Add(std::string_view path, SourceLocation location) {
  std::string_view list;
  size_t index;
  if (!SplitElementPath(path, &list, &index)) {
    locations_.emplace(std::string(path), location);
    return;
  }
  auto it = elements_.find(AsAbsl(list));
  if (it == elements_.end() && index == 0) it = elements_.emplace(std::string(list), std::vector<SourceLocation>()).first;
  if (it == elements_.end() || index > it->second.size()) {
    stray_elements_.emplace(std::string(path), location);
    return;
  }
  // An index below the size, or one recorded aside before its list grew to it, was recorded first.
  if (index < it->second.size() || (!stray_elements_.empty() && stray_elements_.count(path) > 0)) return;
  it->second.push_back(location);
  ++element_count_;
}

std::optional<SourceLocation> SourceMap::Find(std::string_view path) const {
  std::string_view list;
  size_t index;
  if (!SplitElementPath(path, &list, &index)) {
    auto it = locations_.find(path);
    if (it == locations_.end()) return std::nullopt;
    return it->second;
  }
  if (auto it = stray_elements_.find(path); it != stray_elements_.end()) return it->second;
  if (auto it = elements_.find(AsAbsl(list)); it != elements_.end() && index < it->second.size()) {
    return it->second[index];
  }
  return std::nullopt;
}

// Keys are quoted and may contain '.', '[' or ']', so an index is stripped by matching its opening bracket outside
// quotes.
std::optional<std::string_view> ParentFieldPath(std::string_view path) {
  if (path.empty()) return std::nullopt;
  if (path.back() == ']') {
    size_t open = std::string_view::npos;
    bool in_quotes = false;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      const char c = path[i];
      if (in_quotes) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_quotes = false;
        }
      } else if (c == '"') {
        in_quotes = true;
      } else if (c == '[') {
        open = i;
      }
    }
    if (open == std::string_view::npos) return std::nullopt;
    return path.substr(0, open);
  }
  const size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

std::optional<SourceLocation> SourceMap::FindNearest(std::string_view path) const {
  std::optional<std::string_view> current = path;
  while (current) {
    if (std::optional<SourceLocation> found = Find(*current)) return found;
    current = ParentFieldPath(*current);
  }
  return std::nullopt;
}

void SourceMap::AddCell(std::string path, std::string cell) { cells_.emplace(std::move(path), std::move(cell)); }

std::optional<std::string> SourceMap::FindNearestCell(std::string_view path) const {
  std::optional<std::string_view> current = path;
  while (current) {
    if (auto it = cells_.find(*current); it != cells_.end()) return it->second;
    current = ParentFieldPath(*current);
  }
  return std::nullopt;
}

std::string JoinFieldPath(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return absl::StrCat(AsAbsl(parent), ".", AsAbsl(name));
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    // Problems without a position (found in binary input) go after the located ones of the same file.
    const bool a_unlocated = a.line == 0;
    const bool b_unlocated = b.line == 0;
    return std::tie(a.file, a_unlocated, a.line, a.column, a.field_path) <
           std::tie(b.file, b_unlocated, b.line, b.column, b.field_path);
  });
}
SourceText::SourceText(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  const char* const end = text.data() + text.size();
  for (const char* at = text.data(); (at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr;) {
    line_starts_.push_back(static_cast<size_t>(++at - text.data()));
  }
}

size_t SourceText::OffsetOfTokenizerPosition(int line, int column) const {
  if (line < 0) return 0;
  if (static_cast<size_t>(line) >= line_starts_.size()) return text_.size();
  size_t offset = line_starts_[line];
  int tokenizer_column = 0;
  while (offset < text_.size() && text_[offset] != '\n' && tokenizer_column < column) {
    tokenizer_column = text_[offset] == '\t' ? tokenizer_column + 8 - tokenizer_column % 8 : tokenizer_column + 1;
    ++offset;
  }
  return offset;
}

SourceLocation SourceText::LocationOfOffset(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  // The last line start at or before `offset`.
  const size_t line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin() - 1;
  SourceLocation location{static_cast<int>(line) + 1, 1};
  for (size_t i = line_starts_[line]; i < offset; ++i) {
    if (!base::IsUtf8ContinuationByte(text_[i])) ++location.column;
  }
  // Landing inside a multi-byte code point reports the code point itself.
  if (offset < text_.size() && base::IsUtf8ContinuationByte(text_[offset]) && location.column > 1) --location.column;
  return location;
}

}  // namespace hdsc::io
