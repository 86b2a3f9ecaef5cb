#include "lib/io/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"

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

void SourceMap::Add(std::string path, SourceLocation location) {
  locations_.emplace(std::move(path), location);
}

std::optional<SourceLocation> SourceMap::Find(std::string_view path) const {
  auto it = locations_.find(path);
  if (it == locations_.end()) return std::nullopt;
  return it->second;
}

namespace {

// `path` without its last component: a trailing `[...]` index or key, or a `.name`; nullopt for the root. Keys are
// quoted and may contain '.', '[' or ']', so an index is stripped by matching its opening bracket outside quotes.
std::optional<std::string_view> ParentPath(std::string_view path) {
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

// The value of `path` or of its nearest ancestor in `map`.
template <typename Value>
std::optional<Value> FindNearestIn(const std::map<std::string, Value, std::less<>>& map, std::string_view path) {
  std::optional<std::string_view> current = path;
  while (current) {
    if (auto it = map.find(*current); it != map.end()) return it->second;
    current = ParentPath(*current);
  }
  return std::nullopt;
}

}  // namespace

std::optional<SourceLocation> SourceMap::FindNearest(std::string_view path) const {
  return FindNearestIn(locations_, path);
}

void SourceMap::AddCell(std::string path, std::string cell) { cells_.emplace(std::move(path), std::move(cell)); }

std::optional<std::string> SourceMap::FindNearestCell(std::string_view path) const {
  return FindNearestIn(cells_, path);
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

}  // namespace hdsc::io
