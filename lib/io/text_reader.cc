#include "lib/io/text_reader.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "lib/base/suggest.h"
#include "lib/io/json_parser.h"

namespace hdsc::io {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::TextFormat;

// Returns the text between `prefix` and the next `"` in `message`, if `message` contains `prefix`.
std::optional<std::string> QuotedAfter(const std::string& message, std::string_view prefix) {
  const size_t start = message.find(prefix.data(), 0, prefix.size());
  if (start == std::string::npos) return std::nullopt;
  const size_t begin = start + prefix.size();
  const size_t end = message.find('"', begin);
  if (end == std::string::npos) return std::nullopt;
  return message.substr(begin, end - begin);
}

// The names of the fields of `type`, for suggestions.
std::vector<std::string> FieldNames(const Descriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->field_count(); ++i) names.push_back(type->field(i)->name());
  return names;
}

// The names of the values of `type`, for suggestions.
std::vector<std::string> ValueNames(const EnumDescriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) names.push_back(type->value(i)->name());
  return names;
}

// The enum type of the first field named `name` among the message types reachable from `root`.
const EnumDescriptor* FindEnumFieldType(const Descriptor* root, const std::string& name) {
  std::vector<const Descriptor*> queue = {root};
  std::set<const Descriptor*> visited = {root};
  for (size_t i = 0; i < queue.size(); ++i) {
    for (int f = 0; f < queue[i]->field_count(); ++f) {
      const FieldDescriptor* field = queue[i]->field(f);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM && field->name() == name) return field->enum_type();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && visited.insert(field->message_type()).second) {
        queue.push_back(field->message_type());
      }
    }
  }
  return nullptr;
}

// Converts the text-format parser's errors into diagnostics. The parser reports an unknown name at the
// token after it; such errors are moved back to the name itself and rewritten with a suggestion.
class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::string_view text, std::string_view file, const Descriptor* root, std::vector<Diagnostic>* diagnostics)
      : text_(text), file_(file), root_(root), diagnostics_(diagnostics) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column, const std::string& message) override {
    // The text's lines are indexed at the first error only: most inputs have none.
    if (!source_.has_value()) source_.emplace(text_);
    size_t offset = source_->OffsetOfTokenizerPosition(line, column);
    std::string explained = message;
    if (auto type_name = QuotedAfter(message, "Message type \"")) {
      if (auto field_name = QuotedAfter(message, "has no field named \"")) {
        explained = absl::StrCat("unknown field '", *field_name, "' in ", *type_name);
        if (const Descriptor* type = root_->file()->pool()->FindMessageTypeByName(*type_name)) {
          if (auto suggestion = base::SuggestName(*field_name, FieldNames(type))) {
            absl::StrAppend(&explained, "; did you mean '", *suggestion, "'?");
          }
        }
        offset = BackUpTo(offset, *field_name);
      }
    } else if (auto value = QuotedAfter(message, "Unknown enumeration value of \"")) {
      if (auto field_name = QuotedAfter(message, "\" for field \"")) {
        explained = absl::StrCat("unknown enum value \"", *value, "\" for field '", *field_name, "'");
        if (const EnumDescriptor* type = FindEnumFieldType(root_, *field_name)) {
          if (auto suggestion = base::SuggestEnumValueName(*value, ValueNames(type))) {
            absl::StrAppend(&explained, "; did you mean \"", *suggestion, "\"?");
          }
        }
        offset = BackUpTo(offset, *value);
      }
    }
    const SourceLocation location = source_->LocationOfOffset(offset);
    diagnostics_->push_back(Diagnostic{std::string(file_), location.line, location.column, "", std::move(explained)});
  }

 private:
  // The offset where `token` starts if it ends, before whitespace, at `offset`; otherwise `offset`.
  size_t BackUpTo(size_t offset, const std::string& token) const {
    size_t end = std::min(offset, text_.size());
    while (end > 0 && (text_[end - 1] == ' ' || text_[end - 1] == '\t' || text_[end - 1] == '\n' ||
                       text_[end - 1] == '\r' || text_[end - 1] == ':')) {
      --end;
    }
    if (end >= token.size() && text_.substr(end - token.size(), token.size()) == token) return end - token.size();
    return offset;
  }

  std::string_view text_;
  std::optional<SourceText> source_;
  std::string_view file_;
  const Descriptor* root_;
  std::vector<Diagnostic>* diagnostics_;
};

// A position as the protobuf tokenizer reports it (0-based line; 0-based column counting bytes, with tabs
// advancing to the next multiple of 8), and the field path found there.
struct TokenizerPosition {
  int line;
  int column;
  std::string path;
};

// Collects the position of every field, element and map entry of `message` found in `tree`.
void CollectPositions(const Message& message, const TextFormat::ParseInfoTree& tree, const std::string& path,
                      std::vector<TokenizerPosition>* positions) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = JoinFieldPath(path, field->name());
    auto record = [&](const std::string& at, int index) {
      const TextFormat::ParseLocation location = tree.GetLocation(field, index);
      if (location.line >= 0) positions->push_back(TokenizerPosition{location.line, location.column, at});
    };
    if (!field->is_repeated()) {
      record(field_path, -1);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (const TextFormat::ParseInfoTree* nested = tree.GetTreeForNested(field, -1)) {
          CollectPositions(reflection->GetMessage(message, field), *nested, field_path, positions);
        }
      }
      continue;
    }
    const int count = reflection->FieldSize(message, field);
    for (int i = 0; i < count; ++i) {
      std::string element_path = absl::StrCat(field_path, "[", i, "]");
      if (field->is_map()) {
        // Map entries are addressed by key, as in the JSON reader.
        const Message& entry = reflection->GetRepeatedMessage(message, field, i);
        const FieldDescriptor* key_field = entry.GetDescriptor()->map_key();
        std::string key;
        TextFormat::PrintFieldValueToString(entry, key_field, -1, &key);
        if (key_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) key = absl::StrCat("\"", key, "\"");
        element_path = absl::StrCat(field_path, "[", key, "]");
      }
      if (i == 0) record(field_path, 0);
      record(element_path, i);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_map()) {
        if (const TextFormat::ParseInfoTree* nested = tree.GetTreeForNested(field, i)) {
          CollectPositions(reflection->GetRepeatedMessage(message, field, i), *nested, element_path, positions);
        }
      }
    }
  }
}

// Converts tokenizer positions to 1-based lines and code-point columns in one pass over `text`, in source
// order, so that the cost is linear in the input whatever the number of fields or the length of lines.
void RecordLocations(std::string_view text, std::vector<TokenizerPosition> positions, SourceMap* source_map) {
  std::sort(positions.begin(), positions.end(), [](const TokenizerPosition& a, const TokenizerPosition& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  size_t pos = 0;
  int line = 0;
  int tokenizer_column = 0;
  int code_points = 0;
  for (TokenizerPosition& position : positions) {
    while (pos < text.size() && (line < position.line || (line == position.line && tokenizer_column < position.column &&
                                                          text[pos] != '\n'))) {
      const unsigned char c = static_cast<unsigned char>(text[pos]);
      if (c == '\n') {
        ++line;
        tokenizer_column = 0;
        code_points = 0;
      } else {
        tokenizer_column = c == '\t' ? tokenizer_column + 8 - tokenizer_column % 8 : tokenizer_column + 1;
        if ((c & 0xC0) != 0x80) ++code_points;
      }
      ++pos;
    }
    source_map->Add(std::move(position.path), SourceLocation{position.line + 1, code_points + 1});
  }
}

// Ignores the tokenizer's complaints while counting: the parser reports them.
class IgnoreErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
};

// Counts the values of `text` without parsing it: each field name followed by ':', '{' or '<' (a scalar or a
// message), and each ',' (a further element of a `[...]` list; as an optional separator between fields it
// counts a field twice at most). Returns the tokenizer's position of the value past `max_values`, if any.
std::optional<TokenizerPosition> FindValuePastLimit(std::string_view text, int64_t max_values) {
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  IgnoreErrors ignore;
  google::protobuf::io::Tokenizer tokenizer(&input, &ignore);
  // As TextFormat's parser tokenizes.
  tokenizer.set_allow_f_after_float(true);
  tokenizer.set_comment_style(google::protobuf::io::Tokenizer::SH_COMMENT_STYLE);
  tokenizer.set_require_space_after_number(false);
  tokenizer.set_allow_multiline_strings(true);
  using Token = google::protobuf::io::Tokenizer::TokenType;
  int64_t values = 0;
  bool after_name = false;
  TokenizerPosition name{0, 0, ""};
  while (tokenizer.Next()) {
    const google::protobuf::io::Tokenizer::Token& token = tokenizer.current();
    const bool symbol = token.type == Token::TYPE_SYMBOL;
    const bool opens_value = symbol && (token.text == ":" || token.text == "{" || token.text == "<");
    if ((after_name && opens_value) || (symbol && token.text == ",")) {
      if (++values > max_values) return after_name && opens_value ? name : TokenizerPosition{token.line, token.column, ""};
    }
    // A field name, or the `]` that closes an extension's or an Any's `[type.name]`.
    after_name = token.type == Token::TYPE_IDENTIFIER || (symbol && token.text == "]");
    if (after_name) name = TokenizerPosition{token.line, token.column, ""};
  }
  return std::nullopt;
}

}  // namespace

bool ReadTextproto(std::string_view text, std::string_view file, const TextReadOptions& options,
                   Message* message, SourceMap* source_map, std::vector<Diagnostic>* diagnostics) {
  message->Clear();
  if (const std::optional<size_t> bad = FindInvalidUtf8(text)) {
    const SourceLocation location = LocationOfOffset(text, *bad);
    diagnostics->push_back(Diagnostic{std::string(file), location.line, location.column, "",
                                      absl::StrFormat("invalid UTF-8 (byte 0x%02X at offset %d)",
                                                      static_cast<unsigned char>(text[*bad]), *bad)});
    return false;
  }
  if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    diagnostics->push_back(Diagnostic{std::string(file), 0, 0, "", "text-format input larger than 2 GiB"});
    return false;
  }
  // Counted before parsing: the parser and its record of locations take hundreds of bytes a value.
  if (const std::optional<TokenizerPosition> past = FindValuePastLimit(text, options.max_values)) {
    const SourceText source(text);
    const SourceLocation location = source.LocationOfOffset(source.OffsetOfTokenizerPosition(past->line, past->column));
    AddDiagnostic(diagnostics, TooManyValues(file, location, options.max_values));
    return false;
  }
  const size_t first_new = diagnostics->size();
  Collector collector(text, file, message->GetDescriptor(), diagnostics);
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  parser.AllowUnknownField(options.allow_unknown_fields);
  parser.SetRecursionLimit(options.max_depth);
  google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  const bool ok = parser.Parse(&input, message);
  if (!ok) {
    if (diagnostics->size() == first_new) {
      diagnostics->push_back(Diagnostic{std::string(file), 0, 0, "", "not a valid text-format message"});
    }
    return false;
  }
  source_map->Add("", SourceLocation{1, 1});
  std::vector<TokenizerPosition> positions;
  CollectPositions(*message, tree, "", &positions);
  RecordLocations(text, std::move(positions), source_map);
  return true;
}

}  // namespace hdsc::io
