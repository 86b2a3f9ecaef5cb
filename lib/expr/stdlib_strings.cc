// String functions: `contains`, `startsWith`, `endsWith`, `matches`, and the strings extension of
// cel-go (`charAt`, `indexOf`, ..., `strings.quote`).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"
#include "lib/expr/stdlib_internal.h"
#include "re2/re2.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- Strings ---

template <bool (*kTest)(absl::string_view, absl::string_view)>
Value StringPredicate(Args args, size_t count, std::string_view name) {
  if (count == 2 && args[0].kind() == ValueKind::kString && args[1].kind() == ValueKind::kString) {
    return Value::Bool(
        kTest(absl::string_view(args[0].string_value().data(), args[0].string_value().size()),
              absl::string_view(args[1].string_value().data(), args[1].string_value().size())));
  }
  return NoMatchingOverload(name, args, count);
}

bool StrContainsAdapter(absl::string_view a, absl::string_view b) {
  return absl::StrContains(a, b);
}
bool StartsWithAdapter(absl::string_view a, absl::string_view b) { return absl::StartsWith(a, b); }
bool EndsWithAdapter(absl::string_view a, absl::string_view b) { return absl::EndsWith(a, b); }

Value Contains(Args args, size_t count) {
  return StringPredicate<StrContainsAdapter>(args, count, "contains");
}
Value StartsWith(Args args, size_t count) {
  return StringPredicate<StartsWithAdapter>(args, count, "startsWith");
}
Value EndsWith(Args args, size_t count) {
  return StringPredicate<EndsWithAdapter>(args, count, "endsWith");
}

Value Matches(Args args, size_t count) {
  if (count == 2 && args[0].kind() == ValueKind::kString && args[1].kind() == ValueKind::kString) {
    const std::string_view pattern = args[1].string_value();
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re.ok()) {
      return Value::Error(absl::StrCat("invalid regular expression: ", re.error()));
    }
    const std::string_view text = args[0].string_value();
    return Value::Bool(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re));
  }
  return NoMatchingOverload("matches", args, count);
}

// --- Strings extension (cel-go's `ext.Strings`): code-point indexes throughout ---

// The code points of a valid UTF-8 string, as byte offsets of their starts plus the end.
std::vector<size_t> CodePointOffsets(std::string_view text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (!base::IsUtf8ContinuationByte(text[i])) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

Value IndexOutOfRange(int64_t index) {
  return Value::Error(absl::OutOfRangeError(absl::StrCat("index out of range: ", index)));
}


Value CharAt(Args args, size_t count) {
  if (count != 2 || !IsString(args[0]) || !IsInt(args[1])) {
    return NoMatchingOverload("charAt", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t index = args[1].int_value();
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  if (index < 0 || index > length) return IndexOutOfRange(index);
  if (index == length) return Value::String("");
  return Value::String(
      std::string(text.substr(offsets[index], offsets[index + 1] - offsets[index])));
}

// Finds `needle` in `text` (both as code points) at or after (`last`: at or before) `start`.
int64_t FindCodePoints(std::string_view text, const std::vector<size_t>& offsets,
                       std::string_view needle, int64_t start, bool last) {
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t needle_length = CodePointCount(needle);
  if (!last) {
    for (int64_t i = start; i + needle_length <= length; ++i) {
      if (text.substr(offsets[i]).substr(0, needle.size()) == needle) return i;
    }
    return -1;
  }
  for (int64_t i = std::min(start, length - needle_length); i >= 0; --i) {
    if (text.substr(offsets[i]).substr(0, needle.size()) == needle) return i;
  }
  return -1;
}

template <bool kLast>
Value IndexOf(Args args, size_t count) {
  const char* name = kLast ? "lastIndexOf" : "indexOf";
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsString(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload(name, args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t start = count == 3 ? args[2].int_value() : (kLast ? length : 0);
  if (start < 0 || start > length) return IndexOutOfRange(start);
  return Value::Int(FindCodePoints(text, offsets, args[1].string_value(), start, kLast));
}

template <bool kUpper>
Value AsciiCase(Args args, size_t count) {
  if (count != 1 || !IsString(args[0])) {
    return NoMatchingOverload(kUpper ? "upperAscii" : "lowerAscii", args, count);
  }
  const std::string_view text = args[0].string_value();
  const auto changes = [](char c) { return kUpper ? absl::ascii_islower(c) : absl::ascii_isupper(c); };
  const auto first = std::find_if(text.begin(), text.end(), changes);
  if (first == text.end()) return args[0];  // nothing to change: the same string
  char* data;
  Value result = Value::UninitializedString(ValueKind::kString, text.size(), &data);
  // Eight bytes at a time: the letters to change are the bytes below 0x80 in ['A', 'Z'] (or
  // ['a', 'z']); their bit 0x20 flips. Bytes of multi-byte characters (0x80 and up) stay.
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  constexpr char kFirst = kUpper ? 'a' : 'A';
  constexpr char kLast = kUpper ? 'z' : 'Z';
  const auto convert_word = [&](size_t at) {
    uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    const uint64_t low = word & ~kHigh;  // each byte's low seven bits: no carry crosses bytes
    const uint64_t at_least_first = low + kOnes * (0x80 - kFirst);
    const uint64_t above_last = low + kOnes * (0x7F - kLast);
    const uint64_t letter = (at_least_first ^ above_last) & ~word & kHigh;
    word ^= letter >> 2;  // 0x80 >> 2 is 0x20
    std::memcpy(data + at, &word, 8);
  };
  if (text.size() < 8) {
    for (size_t i = 0; i < text.size(); ++i) {
      data[i] = kUpper ? absl::ascii_toupper(text[i]) : absl::ascii_tolower(text[i]);
    }
    return result;
  }
  for (size_t i = 0; i + 8 <= text.size(); i += 8) convert_word(i);
  // The last eight bytes again (read from the text, so converting twice is harmless).
  convert_word(text.size() - 8);
  return result;
}

Value Replace(Args args, size_t count) {
  if ((count != 3 && count != 4) || !IsString(args[0]) || !IsString(args[1]) ||
      !IsString(args[2]) || (count == 4 && !IsInt(args[3]))) {
    return NoMatchingOverload("replace", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::string_view from = args[1].string_value();
  const std::string_view to = args[2].string_value();
  int64_t limit = count == 4 ? args[3].int_value() : -1;
  std::string out;
  if (from.empty()) {
    // As Go's strings.Replace: insert before every code point and at the end.
    const std::vector<size_t> offsets = CodePointOffsets(text);
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      if (limit != 0) {
        out.append(to);
        --limit;
      }
      out.append(text.substr(offsets[i], offsets[i + 1] - offsets[i]));
      if (out.size() > kMaxBuiltBytes) return TooLarge("string", out.size(), kMaxBuiltBytes);
    }
    if (limit != 0) out.append(to);
    if (out.size() > kMaxBuiltBytes) return TooLarge("string", out.size(), kMaxBuiltBytes);
    return Value::String(std::move(out));
  }
  size_t position = 0;
  while (limit != 0) {
    const size_t found = text.find(from, position);
    if (found == std::string_view::npos) break;
    out.append(text.substr(position, found - position));
    out.append(to);
    if (out.size() > kMaxBuiltBytes) return TooLarge("string", out.size(), kMaxBuiltBytes);
    position = found + from.size();
    --limit;
  }
  out.append(text.substr(position));
  if (out.size() > kMaxBuiltBytes) return TooLarge("string", out.size(), kMaxBuiltBytes);
  return Value::String(std::move(out));
}

// The number of bytes `byte` in `text`, eight at a time.
int64_t CountByte(std::string_view text, char byte) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  const uint64_t pattern = 0x0101010101010101ull * static_cast<unsigned char>(byte);
  int64_t count = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    const uint64_t x = word ^ pattern;  // a zero byte where `byte` is
    // The high bit of each byte of `x` that is zero, exactly (no borrow crosses bytes).
    const uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7);
    count += static_cast<int64_t>(((zero >> 7) * 0x0101010101010101ull) >> 56);  // add the lanes
  }
  for (; i < text.size(); ++i) count += text[i] == byte;
  return count;
}

}  // namespace

// By code points when `separator` is empty, by non-overlapping occurrences from the left
// otherwise, as `Split` below.
int64_t SplitCount(std::string_view text, std::string_view separator, int64_t limit) {
  if (limit == 0) return 0;
  if (separator.empty()) {
    int64_t code_points = 0;
    for (const char c : text) code_points += !base::IsUtf8ContinuationByte(c);
    return limit > 0 ? std::min(code_points, limit) : code_points;
  }
  if (separator.size() == 1) {  // every occurrence of the byte separates
    const int64_t parts = 1 + CountByte(text, separator[0]);
    return limit > 0 ? std::min(parts, limit) : parts;
  }
  int64_t parts = 1;
  size_t position = 0;
  while (limit < 0 || parts < limit) {
    const size_t found = FindBytes(text, separator, position);
    if (found == std::string_view::npos) break;
    ++parts;
    position = found + separator.size();
  }
  return parts;
}

namespace {

Value Split(Args args, size_t count) {
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsString(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload("split", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::string_view separator = args[1].string_value();
  const int64_t limit = count == 3 ? args[2].int_value() : -1;
  // The parts are views of the text, kept alive by what keeps the text alive.
  const Owner& owner = args[0].owner();
  std::vector<Value> parts;
  parts.reserve(static_cast<size_t>(SplitCount(text, separator, limit)));
  if (limit == 0) return Value::List(std::move(parts));
  if (separator.empty()) {
    size_t start = 0;
    for (size_t i = 1; i <= text.size(); ++i) {
      if (i < text.size() && base::IsUtf8ContinuationByte(text[i])) continue;
      // `text[start, i)` is one code point.
      if (limit > 0 && static_cast<int64_t>(parts.size()) == limit - 1) {
        parts.push_back(Value::StringView(text.substr(start), owner));
        return Value::List(std::move(parts));
      }
      parts.push_back(Value::StringView(text.substr(start, i - start), owner));
      start = i;
    }
    return Value::List(std::move(parts));
  }
  size_t position = 0;
  while (limit < 0 || static_cast<int64_t>(parts.size()) < limit - 1) {
    const size_t found = FindBytes(text, separator, position);
    if (found == std::string_view::npos) break;
    parts.push_back(Value::StringView(text.substr(position, found - position), owner));
    position = found + separator.size();
  }
  parts.push_back(Value::StringView(text.substr(position), owner));
  return Value::List(std::move(parts));
}

Value Substring(Args args, size_t count) {
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsInt(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload("substring", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t start = args[1].int_value();
  const int64_t end = count == 3 ? args[2].int_value() : length;
  if (start < 0 || start > length) return IndexOutOfRange(start);
  if (end < 0 || end > length) return IndexOutOfRange(end);
  if (end < start) {
    return Value::Error(absl::OutOfRangeError(
        absl::StrCat("invalid substring range. start: ", start, ", end: ", end)));
  }
  return Value::String(std::string(text.substr(offsets[start], offsets[end] - offsets[start])));
}

// Unicode white space, as Go's unicode.IsSpace.
bool IsUnicodeSpace(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

// The code point of the character at text[start, end); U+FFFD for a malformed one (strings are checked UTF-8 where
// they enter, but a function must be total).
char32_t DecodeAt(std::string_view text, size_t start, size_t end) {
  const unsigned char lead = text[start];
  const size_t length = end - start;
  if (length > 4) return 0xFFFD;
  char32_t c = length == 1 ? lead : (lead & (0xFF >> (length + 1)));
  for (size_t i = start + 1; i < end; ++i) c = (c << 6) | (text[i] & 0x3F);
  return c;
}

Value Trim(Args args, size_t count) {
  if (count != 1 || !IsString(args[0])) return NoMatchingOverload("trim", args, count);
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  size_t first = 0;
  size_t last = offsets.size() - 1;  // exclusive, in code points
  while (first < last && IsUnicodeSpace(DecodeAt(text, offsets[first], offsets[first + 1]))) {
    ++first;
  }
  while (last > first && IsUnicodeSpace(DecodeAt(text, offsets[last - 1], offsets[last]))) --last;
  return Value::String(std::string(text.substr(offsets[first], offsets[last] - offsets[first])));
}

Value Join(Args args, size_t count) {
  if ((count != 1 && count != 2) || args[0].kind() != ValueKind::kList ||
      (count == 2 && !IsString(args[1]))) {
    return NoMatchingOverload("join", args, count);
  }
  const std::string_view separator = count == 2 ? args[1].string_value() : std::string_view();
  const ListValue& list = args[0].list_value();
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    const Value element = list.Get(i);
    if (!IsString(element)) {
      return Value::Error(
          absl::StrCat("join: element ", i, " is a '", AsAbsl(element.TypeName()), "', not a string"));
    }
    if (i > 0) out.append(separator);
    out.append(element.string_value().data(), element.string_value().size());
    if (out.size() > kMaxBuiltBytes) return TooLarge("string", out.size(), kMaxBuiltBytes);
  }
  return Value::String(std::move(out));
}

// `strings.quote(s)`: `s` as a double-quoted CEL string literal.
Value Quote(Args args, size_t count) {
  if (count != 1 || !IsString(args[0])) return NoMatchingOverload("strings.quote", args, count);
  const std::string_view text = args[0].string_value();
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    switch (c) {
      case '\a':
        out.append("\\a");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\v':
        out.append("\\v");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '"':
        out.append("\\\"");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(&out, "\\x%02x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return Value::String(std::move(out));
}

}  // namespace

void AddStringFunctions(FunctionTable& table) {
  table.insert({
      {"contains", Contains},
      {"startsWith", StartsWith},
      {"endsWith", EndsWith},
      {"matches", Matches},
      {"charAt", CharAt},
      {"indexOf", IndexOf<false>},
      {"lastIndexOf", IndexOf<true>},
      {"lowerAscii", AsciiCase<false>},
      {"upperAscii", AsciiCase<true>},
      {"replace", Replace},
      {"split", Split},
      {"substring", Substring},
      {"trim", Trim},
      {"join", Join},
      {"strings.quote", Quote},
  });
}

}  // namespace hdsc::expr::internal
